//! What the sequencer knows in memory, so the hot path reads no rows it already knows:
//! users, conversations, the last seq of each conversation, the last log position, groups
//! and their members. All of it is dropped when a batch rolls back, except what is not
//! database state (the rate limits) or drops its own part (unstored msgIDs).
//!
//! Also the log: a login's starting position and the positions messages get.

use std::collections::HashMap;

use hark_proto::Code;

use super::admission::Admission;
use super::unstored::{self, FirstAck, Unstored};
use super::Fail;
use crate::core::now_secs;
use crate::store::write::{GroupRow, Sent};
use crate::store::{self, Batch, Writer};

/// How often expired rows of the `unstored` table are deleted.
const UNSTORED_EXPIRY_SECS: i64 = 60;

/// Values by app and name, looked up by `&str` without allocating a key.
pub(super) struct ByName<T>(HashMap<u32, HashMap<String, T>>);

impl<T> Default for ByName<T> {
    fn default() -> Self {
        ByName(HashMap::new())
    }
}

impl<T> ByName<T> {
    pub fn get(&self, app: u32, name: &str) -> Option<&T> {
        self.0.get(&app)?.get(name)
    }
    pub fn get_mut(&mut self, app: u32, name: &str) -> Option<&mut T> {
        self.0.get_mut(&app)?.get_mut(name)
    }
    pub fn insert(&mut self, app: u32, name: String, value: T) {
        self.0.entry(app).or_default().insert(name, value);
    }
    pub fn remove(&mut self, app: u32, name: &str) {
        if let Some(names) = self.0.get_mut(&app) {
            names.remove(name);
        }
    }
}

#[derive(Default)]
pub(super) struct Caches {
    users: ByName<i64>,
    pub c2c_convs: HashMap<(i64, i64), i64>,
    conv_seq: HashMap<i64, u64>,
    /// The last log position given out, once read; `log_moved`: changed in this batch.
    log_end: Option<u64>,
    log_moved: bool,
    pub groups: ByName<GroupRow>,
    /// Conversations whose last message moved in the open batch, `(seq, pos, time)`, and
    /// the read positions its sends moved: written once per batch (`save_moved`), not once
    /// per message.
    conv_tails: HashMap<i64, (u64, u64, i64)>,
    sender_reads: HashMap<(i64, i64), u64>,
    /// msgIDs stored in the open batch, which the database lookup cannot see yet as one
    /// row per msgID sent twice in one batch.
    pub sent: HashMap<(i64, String), Sent>,
    pub group_counter: u64,
    /// The groups' rate-limit buckets: not database state, so kept across rollbacks.
    pub admission: Admission,
    /// Recent msgIDs of unstored messages: kept across rollbacks (it drops its own part).
    pub unstored: Unstored,
    /// When the expired rows of the `unstored` table are next deleted.
    unstored_expiry: i64,
}

impl Caches {
    /// Starts with the rate limits of each group type and the unstored msgIDs the store
    /// remembers.
    pub fn new(writer: &Writer, group_limits: HashMap<String, u32>) -> Caches {
        let mut caches = Caches { admission: Admission::new(group_limits), ..Caches::default() };
        let since = now_secs() - unstored::WINDOW_SECS;
        match writer.recent_unstored(since, unstored::MAX_REMEMBERED) {
            Ok(rows) => {
                caches.unstored.restore(rows.into_iter().map(|(sender, id, conv, time, d)| {
                    ((sender, id), FirstAck { conv, time, dropped: d })
                }))
            }
            Err(e) => tracing::error!("reading the remembered unstored msgIDs failed: {e}"),
        }
        caches
    }

    /// Deletes the expired rows of the `unstored` table now and then, in the open batch.
    pub fn expire_unstored(&self, tx: &Batch, now: i64) -> store::Result<()> {
        if now >= self.unstored_expiry {
            tx.expire_unstored(now - unstored::WINDOW_SECS)?;
        }
        Ok(())
    }

    /// After a batch: keeps what it learned if it committed, else forgets all of it.
    pub fn end_batch(&mut self, committed: bool, now: i64) {
        self.sent.clear();
        self.log_moved = false;
        self.conv_tails.clear();
        self.sender_reads.clear();
        if committed {
            self.unstored.commit(now);
            if now >= self.unstored_expiry {
                self.unstored_expiry = now + UNSTORED_EXPIRY_SECS;
            }
            return;
        }
        self.unstored.roll_back();
        let admission = std::mem::take(&mut self.admission);
        let unstored = std::mem::take(&mut self.unstored);
        let unstored_expiry = self.unstored_expiry;
        *self = Caches { admission, unstored, unstored_expiry, ..Caches::default() };
    }

    /// Creates the user on first login; answers its id and the log position after which
    /// its catch-up starts. `seen`: the highest position the client says it has.
    pub fn login(
        &mut self,
        tx: &Batch,
        app: u32,
        user: &str,
        seen: u64,
        now: i64,
    ) -> store::Result<(i64, u64)> {
        let (id, acked) = tx.ensure_user(app, user, now)?;
        self.users.insert(app, user.to_owned(), id);
        self.skip_seen(tx, id, seen)?;
        // Never past the last position given out, whatever was acked or claimed: a
        // position past it would hide every message up to it.
        let position = acked.max(seen).min(self.log_end(tx)?);
        Ok((id, position))
    }

    /// The position an acknowledgement may move the user to: not past the last one given
    /// out, which would acknowledge what it has not got.
    pub fn ackable(&mut self, tx: &Batch, pos: u64) -> store::Result<u64> {
        Ok(pos.min(self.log_end(tx)?))
    }

    /// App `app`'s user `name`.
    pub fn user_id(&mut self, tx: &Batch, app: u32, name: &str) -> Result<i64, Fail> {
        if let Some(&id) = self.users.get(app, name) {
            return Ok(id);
        }
        let id = tx.user_id(app, name)?.ok_or(Code::MsgInvalidId)?;
        self.users.insert(app, name.to_owned(), id);
        Ok(id)
    }

    /// App `app`'s group `group_id`.
    pub fn group(&mut self, tx: &Batch, app: u32, group_id: &str) -> Result<&mut GroupRow, Fail> {
        if self.groups.get(app, group_id).is_none() {
            let row = tx.load_group(app, group_id)?.ok_or(Code::GroupNotFound)?;
            self.groups.insert(app, group_id.to_owned(), row);
        }
        Ok(self.groups.get_mut(app, group_id).expect("inserted above"))
    }

    /// The conversation's last seq.
    pub fn last_seq(&mut self, tx: &Batch, conv: i64) -> store::Result<u64> {
        match self.conv_seq.get(&conv) {
            Some(&s) => Ok(s),
            None => {
                let s = tx.last_seq(conv)?;
                self.conv_seq.insert(conv, s);
                Ok(s)
            }
        }
    }

    pub fn next_seq(&mut self, tx: &Batch, conv: i64) -> store::Result<u64> {
        let seq = self.last_seq(tx, conv)? + 1;
        self.conv_seq.insert(conv, seq);
        Ok(seq)
    }

    /// Positions the client has seen but the database does not have were sent from batches
    /// a power loss took before their sync (see `syncer.rs`). New messages are placed past
    /// them, or the client would take them for ones it has and skip them. A client can
    /// move the log only so far per login.
    fn skip_seen(&mut self, tx: &Batch, user: i64, seen: u64) -> store::Result<()> {
        const MAX_SKIP: u64 = 1 << 20;
        let last = self.log_end(tx)?;
        if seen > last {
            let to = seen.min(last + MAX_SKIP);
            tracing::warn!(
                user,
                last,
                seen,
                "a client saw log positions the store lacks; skipping them"
            );
            self.log_end = Some(to);
            self.log_moved = true;
        }
        Ok(())
    }

    /// The last log position given out, from the cache when it has it.
    fn log_end(&mut self, tx: &Batch) -> store::Result<u64> {
        match self.log_end {
            Some(n) => Ok(n),
            None => {
                let n = tx.log_end()?;
                self.log_end = Some(n);
                Ok(n)
            }
        }
    }

    pub fn next_pos(&mut self, tx: &Batch) -> store::Result<u64> {
        let n = self.log_end(tx)? + 1;
        self.log_end = Some(n);
        self.log_moved = true;
        Ok(n)
    }

    /// Message `seq` at log position `pos`, from `sender`, is the conversation's last now,
    /// and its sender has read the conversation up to it.
    pub fn sent_in(&mut self, conv: i64, sender: i64, (seq, pos, time): (u64, u64, i64)) {
        self.conv_tails.insert(conv, (seq, pos, time));
        let read = self.sender_reads.entry((sender, conv)).or_default();
        *read = (*read).max(seq);
    }

    /// Writes the conversations' last messages and the senders' reads that moved in the
    /// open batch: at its end, and before anything in it reads them from the database.
    pub fn save_moved(&mut self, tx: &Batch) -> store::Result<()> {
        for (conv, tail) in self.conv_tails.drain() {
            tx.set_conv_tail(conv, tail)?;
        }
        for ((user, conv), seq) in self.sender_reads.drain() {
            tx.set_read(user, conv, seq)?;
        }
        Ok(())
    }

    /// Writes the log's end into the open batch if it moved.
    pub fn save_log_end(&mut self, tx: &Batch) -> store::Result<()> {
        match self.log_end {
            Some(n) if self.log_moved => tx.set_log_end(n),
            _ => Ok(()),
        }
    }
}
