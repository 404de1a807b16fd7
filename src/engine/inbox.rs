//! Which inbox numbers this client has already handed to the app.
//!
//! harkd numbers each user's stored messages 1, 2, 3…; after a reconnect it replays what the
//! client has not acknowledged, so the client skips numbers it has seen. The highest number is
//! also remembered process-wide, so a new client for the same user and server (after the old
//! one was freed) neither asks for nor delivers anything twice.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

/// Identifies one user on one server.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InboxKey {
    pub server: String,
    pub sdk_app_id: u32,
    pub user: String,
}

static SEEN: Mutex<BTreeMap<InboxKey, u64>> = Mutex::new(BTreeMap::new());

/// The highest inbox number this process has seen for `key` (0 if none).
pub fn remembered(key: &InboxKey) -> u64 {
    SEEN.lock().unwrap_or_else(PoisonError::into_inner).get(key).copied().unwrap_or(0)
}

fn remember(key: &InboxKey, last: u64) {
    let mut seen = SEEN.lock().unwrap_or_else(PoisonError::into_inner);
    let entry = seen.entry(key.clone()).or_default();
    *entry = (*entry).max(last);
}

#[derive(Debug, Default)]
pub struct InboxCursor {
    key: Option<InboxKey>,
    /// Every number up to this one has been seen.
    last: u64,
    /// Numbers above `last` that harkd gave this session's own sends; they are never pushed
    /// back to it, so they count as seen once the numbers below them arrive.
    own: BTreeSet<u64>,
    /// The number last reported to harkd in `recv_ack`.
    acked: u64,
}

impl InboxCursor {
    /// Resumes where this process left off for `key`.
    pub fn resume(key: InboxKey) -> InboxCursor {
        let last = remembered(&key);
        InboxCursor { key: Some(key), last, own: BTreeSet::new(), acked: last }
    }

    pub fn last(&self) -> u64 {
        self.last
    }

    /// Whether a pushed message is new. 0 (online-only) always is.
    pub fn accept(&mut self, inbox: u64) -> bool {
        if inbox == 0 {
            return true;
        }
        if inbox <= self.last || self.own.contains(&inbox) {
            return false;
        }
        self.last = inbox;
        self.absorb_own();
        true
    }

    /// The inbox number of a message this session sent.
    pub fn own_send(&mut self, inbox: u64) {
        if inbox > self.last {
            self.own.insert(inbox);
            self.absorb_own();
        }
    }

    fn absorb_own(&mut self) {
        self.own.retain(|&n| n > self.last);
        while self.own.first() == Some(&(self.last + 1)) {
            self.own.pop_first();
            self.last += 1;
        }
    }

    /// The number to acknowledge, once per advance; also remembers it process-wide.
    pub fn take_ack(&mut self) -> Option<u64> {
        if self.last <= self.acked {
            return None;
        }
        self.acked = self.last;
        if let Some(key) = &self.key {
            remember(key, self.last);
        }
        Some(self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(user: &str) -> InboxKey {
        InboxKey { server: "ws://test-inbox".into(), sdk_app_id: 1, user: user.into() }
    }

    #[test]
    fn skips_replayed_numbers_and_acks_once_per_advance() {
        let mut c = InboxCursor::resume(key("cursor-a"));
        assert_eq!(c.take_ack(), None);
        assert!(c.accept(1));
        assert!(c.accept(2));
        assert!(!c.accept(2));
        assert!(!c.accept(1));
        assert!(c.accept(0));
        assert!(c.accept(0));
        assert_eq!(c.take_ack(), Some(2));
        assert_eq!(c.take_ack(), None);
        assert_eq!(remembered(&key("cursor-a")), 2);
        let resumed = InboxCursor::resume(key("cursor-a"));
        assert_eq!(resumed.last(), 2);
    }

    #[test]
    fn own_sends_fill_gaps() {
        let mut c = InboxCursor::resume(key("cursor-b"));
        c.own_send(2);
        assert_eq!(c.last(), 0);
        assert!(c.accept(1));
        assert_eq!(c.last(), 2);
        c.own_send(3);
        assert_eq!(c.last(), 3);
        c.own_send(5);
        assert!(!c.accept(5));
        assert!(c.accept(4));
        assert_eq!(c.last(), 5);
        assert_eq!(c.take_ack(), Some(5));
    }
}
