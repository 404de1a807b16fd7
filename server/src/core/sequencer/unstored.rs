//! Deduplication of the messages harkd does not store (online-only, AVChatRoom): the
//! database cannot answer "was this msgID sent already", so the sequencer remembers each
//! one for a while. A client resends what was in flight at a broken connection; within the
//! window the resend gets the original ack and reaches nobody again. Each one is also a row
//! of the `unstored` table, written in its batch's transaction, so the window survives a
//! restart: `restore` reloads it at start.

use std::collections::{HashMap, VecDeque};

/// How long a msgID is remembered: longer than any client's request timeout, so every
/// automatic resend falls inside it.
pub const WINDOW_SECS: i64 = 600;
/// At most this many are remembered (about 100 bytes each); under a heavier flow the oldest
/// go first and the window shrinks.
pub const MAX_REMEMBERED: usize = 200_000;

/// (sender, msgID).
pub type Key = (i64, String);

/// The ack a first send got, for answering its resends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FirstAck {
    /// The conversation it went to: the same msgID for another one is refused.
    pub conv: i64,
    pub time: i64,
    pub dropped: bool,
}

#[derive(Default)]
pub struct Unstored {
    acks: HashMap<Key, FirstAck>,
    /// Keys in the order they were remembered, for expiry.
    order: VecDeque<(i64, Key)>,
    /// Sends of the open batch: remembered only once it commits, since a rollback undoes
    /// their delivery too.
    staged: Vec<(Key, FirstAck)>,
}

impl Unstored {
    pub fn get(&self, key: &Key) -> Option<FirstAck> {
        self.acks
            .get(key)
            .copied()
            .or_else(|| self.staged.iter().find(|(k, _)| k == key).map(|&(_, ack)| ack))
    }

    pub fn stage(&mut self, key: Key, ack: FirstAck) {
        self.staged.push((key, ack));
    }

    /// The batch committed: its sends are remembered; old ones are forgotten.
    pub fn commit(&mut self, now: i64) {
        for (key, ack) in self.staged.drain(..) {
            self.order.push_back((ack.time, key.clone()));
            self.acks.insert(key, ack);
        }
        while let Some((time, _)) = self.order.front() {
            if *time > now - WINDOW_SECS && self.order.len() <= MAX_REMEMBERED {
                break;
            }
            let (time, key) = self.order.pop_front().expect("front was just seen");
            // A key sent again after it expired is in `order` twice; keep the newer one.
            if self.acks.get(&key).is_some_and(|ack| ack.time == time) {
                self.acks.remove(&key);
            }
        }
    }

    /// Remembers what an earlier run of harkd remembered (oldest first).
    pub fn restore(&mut self, remembered: impl IntoIterator<Item = (Key, FirstAck)>) {
        for (key, ack) in remembered {
            self.order.push_back((ack.time, key.clone()));
            self.acks.insert(key, ack);
        }
    }

    /// The batch rolled back: nothing it sent was delivered.
    pub fn roll_back(&mut self) {
        self.staged.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACK: FirstAck = FirstAck { conv: 1, time: 1_000, dropped: false };

    fn key(msg_id: &str) -> Key {
        (1, msg_id.to_owned())
    }

    #[test]
    fn remembered_after_commit_forgotten_after_rollback() {
        let mut u = Unstored::default();
        u.stage(key("a"), ACK);
        assert_eq!(u.get(&key("a")), Some(ACK), "seen within its own batch");
        u.roll_back();
        assert_eq!(u.get(&key("a")), None);
        u.stage(key("a"), ACK);
        u.commit(1_000);
        assert_eq!(u.get(&key("a")), Some(ACK));
        assert_eq!(u.get(&(2, "a".to_owned())), None, "per sender");
    }

    #[test]
    fn expires_after_the_window() {
        let mut u = Unstored::default();
        u.stage(key("a"), ACK);
        u.commit(1_000);
        u.commit(1_000 + WINDOW_SECS - 1);
        assert!(u.get(&key("a")).is_some());
        u.commit(1_000 + WINDOW_SECS);
        assert!(u.get(&key("a")).is_none());
        assert!(u.order.is_empty());
    }

    #[test]
    fn a_key_sent_again_after_expiry_keeps_its_newer_ack() {
        let mut u = Unstored::default();
        u.stage(key("a"), ACK);
        u.commit(1_000);
        let later = FirstAck { conv: 1, time: 1_000 + WINDOW_SECS - 10, dropped: true };
        u.stage(key("a"), later);
        u.commit(later.time);
        u.commit(1_000 + WINDOW_SECS);
        assert_eq!(u.get(&key("a")), Some(later));
    }

    #[test]
    fn bounded() {
        let mut u = Unstored::default();
        for i in 0..MAX_REMEMBERED + 10 {
            u.stage(key(&i.to_string()), ACK);
        }
        u.commit(1_000);
        assert_eq!(u.acks.len(), MAX_REMEMBERED);
        assert!(u.get(&key("0")).is_none() && u.get(&key("10")).is_some());
    }
}
