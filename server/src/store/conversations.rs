//! A user's conversations as its list shows them, read from its cursors: on the read pool
//! for the list, and inside the sequencer's transaction for what a change pushes.
//!
//! A conversation is on the list unless deleted (`hidden_seq` at or past its last seq)
//! and neither pinned nor drafted since. Its unread count is the messages after the user's
//! read position that count: not its own, not targeted, not sent while it was out of the
//! group.

use hark_proto::conversation::{self, Conversation, PINNED_ORDER};
use hark_proto::Message;
use rusqlite::{params, Connection, OptionalExtension};

/// A user's cursor in one conversation, with the conversation's last message.
struct Cursor {
    conv: i64,
    key: String,
    last_seq: i64,
    last_pos: i64,
    from_seq: i64,
    until_seq: Option<i64>,
    read_seq: i64,
    hidden_seq: i64,
    pinned: bool,
    draft: String,
}

const CURSOR_COLUMNS: &str = "u.conv, v.key, v.last_seq, v.last_pos, u.from_seq, u.until_seq,
    u.read_seq, u.hidden_seq, u.pinned, u.draft";
/// Not deleted (or pinned or drafted since), and not a dismissed group's.
const LISTED: &str = "(v.last_seq > u.hidden_seq OR u.pinned OR u.draft != '')
    AND (v.key NOT LIKE 'g:%' OR EXISTS(
        SELECT 1 FROM groups g WHERE g.id = CAST(substr(v.key, 3) AS INTEGER)))";
/// The list's order key in SQL, as [`Conversation::order_key`] says.
const ORDER_KEY: &str = "(u.pinned * 4611686018427387904 + v.last_pos)";

fn cursor(r: &rusqlite::Row) -> rusqlite::Result<Cursor> {
    Ok(Cursor {
        conv: r.get(0)?,
        key: r.get(1)?,
        last_seq: r.get(2)?,
        last_pos: r.get(3)?,
        from_seq: r.get(4)?,
        until_seq: r.get(5)?,
        read_seq: r.get(6)?,
        hidden_seq: r.get(7)?,
        pinned: r.get(8)?,
        draft: r.get(9)?,
    })
}

/// A page of `user`'s list: pinned first, then newest first, below `next` (0: the top).
pub fn page(
    c: &Connection,
    user: i64,
    next: u64,
    count: u32,
) -> rusqlite::Result<Vec<Conversation>> {
    let next = if next == 0 { i64::MAX } else { next.min(i64::MAX as u64) as i64 };
    let sql = format!(
        "SELECT {CURSOR_COLUMNS} FROM cursors u JOIN convs v ON v.id = u.conv
         WHERE u.user = ?1 AND {LISTED} AND {ORDER_KEY} < ?2
         ORDER BY {ORDER_KEY} DESC LIMIT ?3"
    );
    let cursors: Vec<Cursor> = c
        .prepare_cached(&sql)?
        .query_map(params![user, next, count], cursor)?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(cursors.len());
    for cur in &cursors {
        out.extend(summary(c, user, cur)?);
    }
    Ok(out)
}

/// `user`'s conversations among `convs` that are on its list.
pub fn some(c: &Connection, user: i64, convs: &[i64]) -> rusqlite::Result<Vec<Conversation>> {
    let sql = format!(
        "SELECT {CURSOR_COLUMNS} FROM cursors u JOIN convs v ON v.id = u.conv
         WHERE u.user = ?1 AND u.conv = ?2 AND {LISTED}"
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut out = Vec::with_capacity(convs.len());
    for &conv in convs {
        if let Some(cur) = stmt.query_row(params![user, conv], cursor).optional()? {
            out.extend(summary(c, user, &cur)?);
        }
    }
    Ok(out)
}

/// The unread messages of every conversation on `user`'s list.
pub fn unread_total(c: &Connection, user: i64) -> rusqlite::Result<u64> {
    let sql = format!(
        "SELECT {CURSOR_COLUMNS} FROM cursors u JOIN convs v ON v.id = u.conv
         WHERE u.user = ?1 AND {LISTED} AND v.last_seq > u.read_seq"
    );
    let cursors: Vec<Cursor> =
        c.prepare_cached(&sql)?.query_map([user], cursor)?.collect::<rusqlite::Result<_>>()?;
    let mut total = 0;
    for cur in &cursors {
        total += unread(c, user, cur)?;
    }
    Ok(total)
}

/// `user`'s conversations whose unread count is above 0.
pub fn with_unread(c: &Connection, user: i64) -> rusqlite::Result<Vec<i64>> {
    c.prepare_cached(
        "SELECT u.conv FROM cursors u JOIN convs v ON v.id = u.conv
         WHERE u.user = ?1 AND v.last_seq > u.read_seq",
    )?
    .query_map([user], |r| r.get(0))?
    .collect()
}

/// The last seq the user sees in the conversation.
fn visible_end(cur: &Cursor) -> i64 {
    cur.until_seq.map_or(cur.last_seq, |u| u.min(cur.last_seq))
}

fn unread(c: &Connection, user: i64, cur: &Cursor) -> rusqlite::Result<u64> {
    let after = cur.read_seq.max(cur.from_seq).max(cur.hidden_seq);
    let end = visible_end(cur);
    if end <= after {
        return Ok(0);
    }
    c.prepare_cached(
        "SELECT COUNT(*) FROM messages
         WHERE conv = ?1 AND seq > ?2 AND seq <= ?3 AND targeted = 0 AND sender != ?4",
    )?
    .query_row(params![cur.conv, after, end, user], |r| r.get::<_, i64>(0))
    .map(|n| n as u64)
}

/// The conversation as `user`'s list shows it; None for a dismissed group's.
fn summary(c: &Connection, user: i64, cur: &Cursor) -> rusqlite::Result<Option<Conversation>> {
    let mut conv = match named(c, user, &cur.key)? {
        Some(named) => named,
        None => return Ok(None),
    };
    if let Some(peer) = c2c_peer(&cur.key, user) {
        conv.peer_read_seq = read_seq(c, peer, cur.conv)?;
    }
    conv.unread = unread(c, user, cur)?;
    conv.last = last_message(c, user, cur)?;
    conv.order_key = cur.last_pos as u64 + if cur.pinned { PINNED_ORDER } else { 0 };
    conv.pinned = cur.pinned;
    conv.draft = cur.draft.clone();
    conv.read_seq = cur.read_seq.max(0) as u64;
    Ok(Some(conv))
}

/// How far `user` has read `conv` (0 without a cursor).
pub fn read_seq(c: &Connection, user: i64, conv: i64) -> rusqlite::Result<u64> {
    c.prepare_cached("SELECT read_seq FROM cursors WHERE user = ?1 AND conv = ?2")?
        .query_row(params![user, conv], |r| r.get::<_, i64>(0))
        .optional()
        .map(|s| s.map_or(0, |s| s.max(0) as u64))
}

/// `user`'s peer in the C2C conversation with this key (`store::c2c_conv_key`).
pub fn c2c_peer(key: &str, user: i64) -> Option<i64> {
    let mut ids = key.strip_prefix("c:")?.split(':').filter_map(|s| s.parse::<i64>().ok());
    let (lo, hi) = (ids.next()?, ids.next()?);
    Some(if lo == user { hi } else { lo })
}

/// The conversation's id, type and name, from its key (`store::c2c_conv_key`,
/// `store::group_conv_key`).
fn named(c: &Connection, user: i64, key: &str) -> rusqlite::Result<Option<Conversation>> {
    if let Some(peer) = c2c_peer(key, user) {
        let name: Option<String> = c
            .prepare_cached("SELECT name FROM users WHERE id = ?1")?
            .query_row([peer], |r| r.get(0))
            .optional()?;
        return Ok(name.map(|name| Conversation {
            id: conversation::c2c_id(&name),
            conv_type: conversation::C2C,
            user: name.clone(),
            name,
            ..Conversation::default()
        }));
    }
    let Some(row) = key.strip_prefix("g:").and_then(|r| r.parse::<i64>().ok()) else {
        return Ok(None);
    };
    let group: Option<(String, String, String)> = c
        .prepare_cached("SELECT group_id, type, name FROM groups WHERE id = ?1")?
        .query_row([row], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(group.map(|(group, group_type, name)| Conversation {
        id: conversation::group_id(&group),
        conv_type: conversation::GROUP,
        group,
        group_type,
        name,
        ..Conversation::default()
    }))
}

/// The newest message the user sees in the conversation.
fn last_message(c: &Connection, user: i64, cur: &Cursor) -> rusqlite::Result<Option<Message>> {
    let body: Option<String> = c
        .prepare_cached(
            "SELECT body FROM messages m
             WHERE conv = ?1 AND seq > ?2 AND seq <= ?3 AND (targeted = 0 OR sender = ?4 OR
                 EXISTS(SELECT 1 FROM message_targets t
                        WHERE t.conv = m.conv AND t.seq = m.seq AND t.user = ?4))
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![cur.conv, cur.from_seq, visible_end(cur), user], |r| r.get(0))
        .optional()?;
    Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
}
