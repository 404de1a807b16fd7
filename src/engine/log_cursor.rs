//! How far into harkd's log of stored messages this client has handed messages to the app.
//!
//! harkd gives each stored message a log position, the same for all its recipients, and
//! sends each session its messages in increasing position (with gaps where others' messages
//! are): its replay after a login, then live ones. So the highest position seen says what
//! the client has, and after a reconnect the client skips what it has seen. The highest
//! position is also remembered process-wide when a cursor is left (its session's user logs
//! out or logs in anew, the client is freed), so a new client for the same user and server
//! neither asks for nor delivers anything twice. Only then: the receive path of every client
//! takes no process-wide lock.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

/// Identifies one user on one server.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LogKey {
    pub server: String,
    pub sdk_app_id: u32,
    pub user: String,
}

static SEEN: Mutex<BTreeMap<LogKey, u64>> = Mutex::new(BTreeMap::new());

/// The highest log position this process has seen for `key` (0 if none).
pub fn remembered(key: &LogKey) -> u64 {
    SEEN.lock().unwrap_or_else(PoisonError::into_inner).get(key).copied().unwrap_or(0)
}

fn remember(key: &LogKey, last: u64) {
    let mut seen = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
    let entry = seen.entry(key.clone()).or_default();
    *entry = (*entry).max(last);
}

#[derive(Debug, Default)]
pub struct LogCursor {
    key: Option<LogKey>,
    /// The highest position seen: pushed, or given to one of this session's sends.
    last: u64,
    /// The position last reported to harkd in `recv_ack`.
    acked: u64,
}

impl LogCursor {
    /// Resumes where this process left off for `key`.
    pub fn resume(key: LogKey) -> LogCursor {
        let last = remembered(&key);
        LogCursor { key: Some(key), last, acked: last }
    }

    pub fn last(&self) -> u64 {
        self.last
    }

    /// Whether a pushed message is new. 0 (not stored) always is.
    pub fn accept(&mut self, pos: u64) -> bool {
        if pos == 0 {
            return true;
        }
        if pos <= self.last {
            return false;
        }
        self.last = pos;
        true
    }

    /// The position of a message this session sent. It is never pushed back to this
    /// session, and whatever harkd pushes after its ack comes after it in the log.
    pub fn own_send(&mut self, pos: u64) {
        self.last = self.last.max(pos);
    }

    /// The position to acknowledge, once per advance.
    pub fn take_ack(&mut self) -> Option<u64> {
        if self.last <= self.acked {
            return None;
        }
        self.acked = self.last;
        Some(self.last)
    }
}

impl Drop for LogCursor {
    fn drop(&mut self) {
        if let Some(key) = &self.key {
            remember(key, self.last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(user: &str) -> LogKey {
        LogKey { server: "ws://test-log".into(), sdk_app_id: 1, user: user.into() }
    }

    #[test]
    fn skips_replayed_positions_and_acks_once_per_advance() {
        let mut c = LogCursor::resume(key("cursor-a"));
        assert_eq!(c.take_ack(), None);
        assert!(c.accept(3));
        assert!(c.accept(7));
        assert!(!c.accept(7));
        assert!(!c.accept(5), "passed already");
        assert!(c.accept(0));
        assert!(c.accept(0));
        assert_eq!(c.take_ack(), Some(7));
        assert_eq!(c.take_ack(), None);
        drop(c);
        assert_eq!(remembered(&key("cursor-a")), 7);
        let resumed = LogCursor::resume(key("cursor-a"));
        assert_eq!(resumed.last(), 7);
    }

    #[test]
    fn own_sends_move_the_cursor() {
        let mut c = LogCursor::resume(key("cursor-b"));
        c.own_send(4);
        assert_eq!(c.last(), 4);
        assert!(!c.accept(2), "before an own send already acked");
        assert!(c.accept(9));
        c.own_send(6);
        assert_eq!(c.last(), 9);
        assert_eq!(c.take_ack(), Some(9));
    }
}
