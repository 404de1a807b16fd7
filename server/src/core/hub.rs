//! The sessions online right now, by user, and the memory budget their queues share.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::queue::flush::{Flush, Flushers};
use super::queue::MessageFrame;
use super::queue::{Budget, SessionRx, SessionTx};
use crate::config::LimitsConfig;

#[derive(Clone, Debug)]
pub struct SessionHandle {
    pub id: u64,
    pub platform: String,
    pub tx: SessionTx,
}

pub struct Hub {
    online: Mutex<HashMap<i64, Vec<SessionHandle>>>,
    budget: Arc<Budget>,
    session_queue_bytes: usize,
    sessions_per_user: usize,
    flushers: Flushers,
}

impl Hub {
    pub fn new(limits: &LimitsConfig) -> Hub {
        Hub {
            online: Mutex::default(),
            budget: Budget::new(limits.queued_bytes_total),
            session_queue_bytes: limits.session_queue_bytes,
            sessions_per_user: limits.sessions_per_user.max(1),
            flushers: Flushers::start(),
        }
    }

    /// A new session's queue, bounded by `session_queue_bytes` and the shared budget.
    pub fn session_queue(&self) -> (SessionTx, SessionRx) {
        self.budget.queue(self.session_queue_bytes)
    }

    /// A message's frame for all of its recipients' queues.
    pub fn message_frame(&self, pos: u64, body: &str) -> Arc<MessageFrame> {
        MessageFrame::new(pos, body, &self.budget)
    }

    /// Adds a session. Returns the sessions it replaces: Tencent's default multi-login
    /// rule lets one session per platform live, so an older one on the same platform goes;
    /// and past `sessions_per_user` (platforms are the client's to name, or to leave
    /// empty) the oldest go.
    pub fn register(&self, user: i64, session: SessionHandle) -> Vec<SessionHandle> {
        let mut online = self.lock();
        let list = online.entry(user).or_default();
        let mut kicked = Vec::new();
        if !session.platform.is_empty() {
            list.retain(|s| {
                let same = s.platform == session.platform;
                if same {
                    kicked.push(s.clone());
                }
                !same
            });
        }
        let over = (list.len() + 1).saturating_sub(self.sessions_per_user);
        kicked.extend(list.drain(..over));
        list.push(session);
        kicked
    }

    pub fn unregister(&self, user: i64, session_id: u64) {
        let mut online = self.lock();
        if let Some(list) = online.get_mut(&user) {
            list.retain(|s| s.id != session_id);
            if list.is_empty() {
                online.remove(&user);
            }
        }
    }

    /// Runs `f` with the online map locked: one lock for a whole batch of deliveries.
    pub fn with_online<T>(&self, f: impl FnOnce(&HashMap<i64, Vec<SessionHandle>>) -> T) -> T {
        f(&self.lock())
    }

    /// Writes what a batch queued for sessions whose writers wait, on the flusher threads.
    pub fn flush(&self, flush: Flush) {
        self.flushers.run(flush);
    }

    pub fn online_sessions(&self) -> usize {
        self.lock().values().map(Vec::len).sum()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Vec<SessionHandle>>> {
        self.online.lock().unwrap_or_else(|p| p.into_inner())
    }
}
