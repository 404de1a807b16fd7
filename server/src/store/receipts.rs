//! Message read receipts: the messages sent with `need_read_receipt` (one `receipt_msgs` row
//! each, with how many could read it) and who reported reading them (one `receipts` row per
//! reader). Other messages cost nothing here.

use rusqlite::{params, Connection, OptionalExtension};

use super::Batch;

/// A receipt message as a reader may report it.
pub struct Readable {
    pub sender: i64,
    pub msg_id: String,
    pub readers: u64,
}

impl Batch<'_> {
    /// Message `seq` of `conv`, from `sender`, wants receipts from its `readers`.
    pub fn want_receipts(
        &self,
        conv: i64,
        seq: u64,
        sender: i64,
        readers: u64,
    ) -> super::Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO receipt_msgs(conv, seq, sender, readers)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![conv, seq as i64, sender, readers as i64])?;
        Ok(())
    }

    /// Message `seq` of `conv` if it wants receipts and `user` is one of its readers: not
    /// its sender, in the conversation when it was sent, a target if it is targeted.
    pub fn readable(&self, conv: i64, seq: u64, user: i64) -> super::Result<Option<Readable>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT r.sender, m.msg_id, r.readers FROM receipt_msgs r
                 JOIN messages m ON m.conv = r.conv AND m.seq = r.seq
                 JOIN cursors u ON u.user = ?3 AND u.conv = r.conv
                 WHERE r.conv = ?1 AND r.seq = ?2 AND r.sender != ?3 AND m.seq > u.from_seq
                     AND (u.until_seq IS NULL OR m.seq <= u.until_seq)
                     AND (m.targeted = 0 OR EXISTS(SELECT 1 FROM message_targets t
                         WHERE t.conv = m.conv AND t.seq = m.seq AND t.user = ?3))",
            )?
            .query_row(params![conv, seq as i64, user], |r| {
                Ok(Readable {
                    sender: r.get(0)?,
                    msg_id: r.get(1)?,
                    readers: r.get::<_, i64>(2)?.max(0) as u64,
                })
            })
            .optional()?)
    }

    /// `user` has read message `seq` of `conv`; answers whether that is news.
    pub fn add_receipt(&self, conv: i64, seq: u64, user: i64) -> super::Result<bool> {
        let added = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO receipts(conv, seq, user) VALUES (?1, ?2, ?3)")?
            .execute(params![conv, seq as i64, user])?;
        Ok(added > 0)
    }

    pub fn read_count(&self, conv: i64, seq: u64) -> super::Result<u64> {
        Ok(read_count(&self.tx, conv, seq)?)
    }
}

fn read_count(c: &Connection, conv: i64, seq: u64) -> rusqlite::Result<u64> {
    c.prepare_cached("SELECT COUNT(*) FROM receipts WHERE conv = ?1 AND seq = ?2")?
        .query_row(params![conv, seq as i64], |r| r.get::<_, i64>(0))
        .map(|n| n.max(0) as u64)
}

/// Message `seq` of `conv`'s msgID, readers and how many of them read it, if it wants
/// receipts.
pub fn receipt(
    c: &Connection,
    conv: i64,
    seq: u64,
) -> rusqlite::Result<Option<(String, u64, u64)>> {
    let found = c
        .prepare_cached(
            "SELECT m.msg_id, r.readers FROM receipt_msgs r
             JOIN messages m ON m.conv = r.conv AND m.seq = r.seq
             WHERE r.conv = ?1 AND r.seq = ?2",
        )?
        .query_row(params![conv, seq as i64], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64))
        })
        .optional()?;
    match found {
        Some((msg_id, readers)) => Ok(Some((msg_id, readers, read_count(c, conv, seq)?))),
        None => Ok(None),
    }
}
