//! Writes, each inside the sequencer's open transaction.

use rusqlite::{params, OptionalExtension, Transaction};

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

/// Returns the user's id and the highest inbox number it acknowledged, creating the user.
pub fn ensure_user(tx: &Transaction, name: &str, now: i64) -> rusqlite::Result<(i64, u64)> {
    tx.execute(
        "INSERT INTO users(name, created) VALUES (?1, ?2) ON CONFLICT(name) DO NOTHING",
        params![name, now],
    )?;
    tx.query_row("SELECT id, acked_inbox FROM users WHERE name = ?1", [name], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
    })
}

pub fn user_id(tx: &Transaction, name: &str) -> rusqlite::Result<Option<i64>> {
    tx.query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0)).optional()
}

pub fn conv_id(tx: &Transaction, key: &str) -> rusqlite::Result<i64> {
    if let Some(id) =
        tx.query_row("SELECT id FROM convs WHERE key = ?1", [key], |r| r.get(0)).optional()?
    {
        return Ok(id);
    }
    tx.execute("INSERT INTO convs(key) VALUES (?1)", [key])?;
    Ok(tx.last_insert_rowid())
}

pub fn last_seq(tx: &Transaction, conv: i64) -> rusqlite::Result<u64> {
    tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conv = ?1", [conv], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n as u64)
}

pub fn last_inbox(tx: &Transaction, user: i64) -> rusqlite::Result<u64> {
    tx.query_row("SELECT COALESCE(MAX(n), 0) FROM inbox WHERE user = ?1", [user], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n as u64)
}

/// The `(seq, time)` a message with this msgID from this sender was stored with, if any.
pub fn find_sent(
    tx: &Transaction,
    sender: i64,
    msg_id: &str,
) -> rusqlite::Result<Option<(u64, i64)>> {
    tx.prepare_cached("SELECT seq, time FROM messages WHERE sender = ?1 AND msg_id = ?2")?
        .query_row(params![sender, msg_id], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))
        .optional()
}

pub struct NewMessage<'a> {
    pub conv: i64,
    pub seq: u64,
    pub sender: i64,
    pub msg_id: &'a str,
    pub time: i64,
    /// A targeted group message: only these members (and the sender) see it.
    pub targets: &'a [i64],
    pub body: &'a str,
}

pub fn insert_message(tx: &Transaction, m: &NewMessage) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO messages(conv, seq, sender, msg_id, time, targeted, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        m.conv,
        m.seq as i64,
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

pub fn insert_inbox(
    tx: &Transaction,
    user: i64,
    n: u64,
    conv: i64,
    seq: u64,
) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO inbox(user, n, conv, seq) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![user, n as i64, conv, seq as i64])?;
    Ok(())
}

pub fn set_acked_inbox(tx: &Transaction, user: i64, n: u64) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE users SET acked_inbox = ?2 WHERE id = ?1 AND acked_inbox < ?2")?
        .execute(params![user, n as i64])?;
    Ok(())
}

pub fn load_group(tx: &Transaction, group_id: &str) -> rusqlite::Result<Option<GroupRow>> {
    let row = tx
        .query_row(
            "SELECT id, type, owner, conv FROM groups WHERE group_id = ?1",
            [group_id],
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

pub struct NewGroup<'a> {
    pub group_id: &'a str,
    pub group_type: &'a str,
    pub name: &'a str,
    pub owner: i64,
    pub now: i64,
}

/// Creates the group, its conversation and the owner's membership; returns the row id and
/// the conversation id.
pub fn insert_group(tx: &Transaction, g: &NewGroup) -> rusqlite::Result<(i64, i64)> {
    tx.execute(
        "INSERT INTO groups(group_id, type, name, owner, conv, created) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
        params![g.group_id, g.group_type, g.name, g.owner, g.now],
    )?;
    let id = tx.last_insert_rowid();
    let conv = conv_id(tx, &crate::store::group_conv_key(id))?;
    tx.execute("UPDATE groups SET conv = ?2 WHERE id = ?1", params![id, conv])?;
    Ok((id, conv))
}

pub fn insert_member(
    tx: &Transaction,
    grp: i64,
    user: i64,
    role: u32,
    now: i64,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO members(grp, user, role, join_time) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![grp, user, role, now])?;
    Ok(())
}

pub fn delete_member(tx: &Transaction, grp: i64, user: i64) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM members WHERE grp = ?1 AND user = ?2", params![grp, user])?;
    Ok(())
}

/// Removes the group and its members; its messages stay under a conversation nobody can
/// reach any more.
pub fn delete_group(tx: &Transaction, grp: i64) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM members WHERE grp = ?1", [grp])?;
    tx.execute("DELETE FROM groups WHERE id = ?1", [grp])?;
    Ok(())
}
