//! Writes, each inside the sequencer's open transaction.

use hark_proto::Conversation;
use rusqlite::{params, OptionalExtension};

use super::Batch;

/// A group as the sequencer caches it.
#[derive(Clone, Debug)]
pub struct GroupRow {
    pub id: i64,
    pub group_type: String,
    pub owner: i64,
    pub conv: i64,
    /// Member user ids, sorted.
    pub members: Vec<i64>,
}

/// What a stored message's sender was acked with, for answering a resend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sent {
    pub conv: i64,
    pub seq: u64,
    pub time: i64,
    /// Its log position.
    pub pos: u64,
}

#[allow(clippy::type_complexity)]
pub(super) fn recent_unstored(
    conn: &rusqlite::Connection,
    since: i64,
    limit: usize,
) -> rusqlite::Result<Vec<(i64, String, i64, i64, bool)>> {
    let mut rows = conn
        .prepare(
            "SELECT sender, msg_id, conv, time, dropped FROM unstored WHERE time > ?1
             ORDER BY time DESC LIMIT ?2",
        )?
        .query_map(params![since, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.reverse();
    Ok(rows)
}

pub struct NewMessage<'a> {
    pub conv: i64,
    pub seq: u64,
    /// Its place in the log of stored messages.
    pub pos: u64,
    pub sender: i64,
    pub msg_id: &'a str,
    pub time: i64,
    /// A targeted group message: only these members (and the sender) see it.
    pub targets: &'a [i64],
    pub body: &'a str,
}

pub struct NewGroup<'a> {
    pub app: u32,
    pub group_id: &'a str,
    pub group_type: &'a str,
    pub name: &'a str,
    pub owner: i64,
    pub now: i64,
}

impl Batch<'_> {
    /// Returns the id of app `app`'s user `name` and the log position up to which it
    /// acknowledged its messages, creating the user.
    pub fn ensure_user(&self, app: u32, name: &str, now: i64) -> super::Result<(i64, u64)> {
        let tx = &self.tx;
        tx.execute(
            "INSERT INTO users(app, name, created) VALUES (?1, ?2, ?3)
         ON CONFLICT(app, name) DO NOTHING",
            params![app, name, now],
        )?;
        Ok(tx.query_row(
            "SELECT id, acked_pos FROM users WHERE app = ?1 AND name = ?2",
            params![app, name],
            |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)),
        )?)
    }

    pub fn user_id(&self, app: u32, name: &str) -> super::Result<Option<i64>> {
        let tx = &self.tx;
        Ok(tx
            .prepare_cached("SELECT id FROM users WHERE app = ?1 AND name = ?2")?
            .query_row(params![app, name], |r| r.get(0))
            .optional()?)
    }

    pub fn conv_id(&self, key: &str) -> super::Result<i64> {
        let tx = &self.tx;
        if let Some(id) =
            tx.query_row("SELECT id FROM convs WHERE key = ?1", [key], |r| r.get(0)).optional()?
        {
            return Ok(id);
        }
        tx.execute("INSERT INTO convs(key) VALUES (?1)", [key])?;
        Ok(tx.last_insert_rowid())
    }

    pub fn last_seq(&self, conv: i64) -> super::Result<u64> {
        let tx = &self.tx;
        let n: i64 = tx
            .prepare_cached("SELECT last_seq FROM convs WHERE id = ?1")?
            .query_row([conv], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        Ok(n as u64)
    }

    /// The last log position given out.
    pub fn log_end(&self) -> super::Result<u64> {
        let tx = &self.tx;
        let n: Option<i64> =
            tx.query_row("SELECT MAX(pos) FROM log_end", [], |r| r.get(0)).optional()?.flatten();
        Ok(n.unwrap_or(0) as u64)
    }

    pub fn set_log_end(&self, pos: u64) -> super::Result<()> {
        let tx = &self.tx;
        if tx.prepare_cached("UPDATE log_end SET pos = ?1")?.execute([pos as i64])? == 0 {
            tx.execute("INSERT INTO log_end(pos) VALUES (?1)", [pos as i64])?;
        }
        Ok(())
    }

    /// How a message with this msgID from this sender was stored, if it was.
    pub fn find_sent(&self, sender: i64, msg_id: &str) -> super::Result<Option<Sent>> {
        let tx = &self.tx;
        Ok(tx
            .prepare_cached(
                "SELECT conv, seq, time, pos FROM messages WHERE sender = ?1 AND msg_id = ?2",
            )?
            .query_row(params![sender, msg_id], |r| {
                Ok(Sent {
                    conv: r.get(0)?,
                    seq: r.get::<_, i64>(1)? as u64,
                    time: r.get(2)?,
                    pos: r.get::<_, i64>(3)? as u64,
                })
            })
            .optional()?)
    }

    /// Remembers an unstored message's msgID (`core/sequencer/unstored.rs`).
    pub fn insert_unstored(
        &self,
        sender: i64,
        msg_id: &str,
        conv: i64,
        time: i64,
        dropped: bool,
    ) -> super::Result<()> {
        let tx = &self.tx;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO unstored(sender, msg_id, conv, time, dropped)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![sender, msg_id, conv, time, dropped])?;
        Ok(())
    }

    /// Forgets unstored msgIDs remembered at or before `time`.
    pub fn expire_unstored(&self, time: i64) -> super::Result<()> {
        let tx = &self.tx;
        tx.prepare_cached("DELETE FROM unstored WHERE time <= ?1")?.execute([time])?;
        Ok(())
    }

    /// The conversation's last message: its seq, log position and time.
    pub fn set_conv_tail(&self, conv: i64, (seq, pos, time): (u64, u64, i64)) -> super::Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE convs SET last_seq = ?2, last_pos = ?3, last_time = ?4 WHERE id = ?1",
            )?
            .execute(params![conv, seq as i64, pos as i64, time])?;
        Ok(())
    }

    /// Stores a message; its conversation's last message is set apart
    /// ([`Batch::set_conv_tail`]), once per batch.
    pub fn insert_message(&self, m: &NewMessage) -> super::Result<()> {
        let tx = &self.tx;
        tx.prepare_cached(
            "INSERT INTO messages(conv, seq, pos, sender, msg_id, time, targeted, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            m.conv,
            m.seq as i64,
            m.pos as i64,
            m.sender,
            m.msg_id,
            m.time,
            !m.targets.is_empty(),
            m.body
        ])?;
        if !m.targets.is_empty() {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO message_targets(conv, seq, user) VALUES (?1, ?2, ?3)",
            )?;
            for user in m.targets {
                insert.execute(params![m.conv, m.seq as i64, user])?;
            }
        }
        Ok(())
    }

    pub fn set_acked_pos(&self, user: i64, pos: u64) -> super::Result<()> {
        let tx = &self.tx;
        tx.prepare_cached("UPDATE users SET acked_pos = ?2 WHERE id = ?1 AND acked_pos < ?2")?
            .execute(params![user, pos as i64])?;
        Ok(())
    }

    /// Gives `user` a cursor in `conv` if it has none: it sees the messages after
    /// `from_seq`, and has read them up to there.
    pub fn ensure_cursor(&self, user: i64, conv: i64, from_seq: u64) -> super::Result<()> {
        let tx = &self.tx;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO cursors(user, conv, from_seq, read_seq) VALUES (?1, ?2, ?3, ?3)",
        )?
        .execute(params![user, conv, from_seq as i64])?;
        Ok(())
    }

    /// A member joins (again): it sees the messages after `from_seq` and nothing it missed
    /// while away.
    pub fn join_cursor(&self, user: i64, conv: i64, from_seq: u64) -> super::Result<()> {
        let tx = &self.tx;
        tx.prepare_cached(
            "INSERT INTO cursors(user, conv, from_seq, read_seq) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT(user, conv) DO UPDATE SET from_seq = ?3, until_seq = NULL,
                 read_seq = MAX(read_seq, ?3)",
        )?
        .execute(params![user, conv, from_seq as i64])?;
        Ok(())
    }

    /// The user left the conversation after `seq`: it sees nothing after.
    pub fn leave_cursor(&self, user: i64, conv: i64, seq: u64) -> super::Result<()> {
        let tx = &self.tx;
        tx.prepare_cached("UPDATE cursors SET until_seq = ?3 WHERE user = ?1 AND conv = ?2")?
            .execute(params![user, conv, seq as i64])?;
        Ok(())
    }

    /// The conversation with this key, if it exists.
    pub fn find_conv(&self, key: &str) -> super::Result<Option<i64>> {
        let tx = &self.tx;
        Ok(tx
            .prepare_cached("SELECT id FROM convs WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    pub fn has_cursor(&self, user: i64, conv: i64) -> super::Result<bool> {
        let tx = &self.tx;
        Ok(tx
            .prepare_cached("SELECT 1 FROM cursors WHERE user = ?1 AND conv = ?2")?
            .query_row(params![user, conv], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub fn set_pinned(&self, user: i64, conv: i64, pinned: bool) -> super::Result<()> {
        let tx = &self.tx;
        tx.execute(
            "UPDATE cursors SET pinned = ?3 WHERE user = ?1 AND conv = ?2",
            params![user, conv, pinned],
        )?;
        Ok(())
    }

    pub fn set_draft(&self, user: i64, conv: i64, draft: &str) -> super::Result<()> {
        let tx = &self.tx;
        tx.execute(
            "UPDATE cursors SET draft = ?3 WHERE user = ?1 AND conv = ?2",
            params![user, conv, draft],
        )?;
        Ok(())
    }

    /// Takes the conversation off the user's list up to `seq`, read, unpinned, undrafted.
    pub fn hide(&self, user: i64, conv: i64, seq: u64) -> super::Result<()> {
        let tx = &self.tx;
        tx.execute(
            "UPDATE cursors SET hidden_seq = ?3, read_seq = MAX(read_seq, ?3), pinned = 0,
                 draft = '' WHERE user = ?1 AND conv = ?2",
            params![user, conv, seq as i64],
        )?;
        Ok(())
    }

    /// Marks every conversation of the user read; answers those that had unread messages.
    pub fn read_all(&self, user: i64) -> super::Result<Vec<i64>> {
        let tx = &self.tx;
        let convs = super::conversations::with_unread(tx, user)?;
        tx.execute(
            "UPDATE cursors SET read_seq = (SELECT last_seq FROM convs WHERE id = cursors.conv)
             WHERE user = ?1 AND read_seq < (SELECT last_seq FROM convs WHERE id = cursors.conv)",
            [user],
        )?;
        Ok(convs)
    }

    /// The user's conversations among `convs` as its list shows them.
    pub fn conversations(&self, user: i64, convs: &[i64]) -> super::Result<Vec<Conversation>> {
        Ok(super::conversations::some(&self.tx, user, convs)?)
    }

    /// The user has read the conversation up to `seq`.
    /// Answers whether the read position moved.
    pub fn set_read(&self, user: i64, conv: i64, seq: u64) -> super::Result<bool> {
        let tx = &self.tx;
        let moved = tx
            .prepare_cached(
                "UPDATE cursors SET read_seq = ?3 WHERE user = ?1 AND conv = ?2 AND read_seq < ?3",
            )?
            .execute(params![user, conv, seq as i64])?;
        Ok(moved > 0)
    }

    pub fn load_group(&self, app: u32, group_id: &str) -> super::Result<Option<GroupRow>> {
        let tx = &self.tx;
        let row = tx
            .query_row(
                "SELECT id, type, owner, conv FROM groups WHERE app = ?1 AND group_id = ?2",
                params![app, group_id],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((id, group_type, owner, conv)) = row else { return Ok(None) };
        let members = tx
            .prepare_cached("SELECT user FROM members WHERE grp = ?1 ORDER BY user")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(Some(GroupRow { id, group_type, owner, conv, members }))
    }

    /// Creates the group, its conversation and the owner's membership; returns the row id and
    /// the conversation id.
    pub fn insert_group(&self, g: &NewGroup) -> super::Result<(i64, i64)> {
        let tx = &self.tx;
        tx.execute(
            "INSERT INTO groups(app, group_id, type, name, owner, conv, created)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)",
            params![g.app, g.group_id, g.group_type, g.name, g.owner, g.now],
        )?;
        let id = tx.last_insert_rowid();
        let conv = self.conv_id(&super::group_conv_key(id))?;
        tx.execute("UPDATE groups SET conv = ?2 WHERE id = ?1", params![id, conv])?;
        Ok((id, conv))
    }

    pub fn insert_member(&self, grp: i64, user: i64, role: u32, now: i64) -> super::Result<()> {
        let tx = &self.tx;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO members(grp, user, role, join_time) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![grp, user, role, now])?;
        Ok(())
    }

    pub fn delete_member(&self, grp: i64, user: i64) -> super::Result<()> {
        let tx = &self.tx;
        tx.execute("DELETE FROM members WHERE grp = ?1 AND user = ?2", params![grp, user])?;
        Ok(())
    }

    /// Removes the group and its members; its messages stay under a conversation nobody can
    /// reach any more.
    pub fn delete_group(&self, grp: i64) -> super::Result<()> {
        let tx = &self.tx;
        tx.execute("DELETE FROM members WHERE grp = ?1", [grp])?;
        tx.execute("DELETE FROM groups WHERE id = ?1", [grp])?;
        Ok(())
    }
}
