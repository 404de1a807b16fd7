//! Version 4: one row per stored message, whoever its recipients. The per-user `inbox`
//! (one row per recipient of each message) gives way to one log position per message
//! (`messages.pos`) and one cursor per user and conversation (`cursors`).
//!
//! Existing rows keep what they meant. Positions follow the order the messages were
//! committed in, which every user's inbox numbering and every conversation's seqs recorded:
//! each of them is a chain in that order, so the positions are an order that keeps all the
//! chains (a topological sort). A user's acknowledged inbox number then becomes the
//! position of the last message it acknowledged, and exactly the messages it had not
//! acknowledged come after it. What a user acknowledged counts as read.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use rusqlite::{params, Transaction};

const TABLES: &str = "
ALTER TABLE messages ADD COLUMN pos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE convs ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE convs ADD COLUMN last_pos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE convs ADD COLUMN last_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users RENAME COLUMN acked_inbox TO acked_pos;
CREATE TABLE log_end(pos INTEGER NOT NULL);
CREATE TABLE cursors(
    user INTEGER NOT NULL,
    conv INTEGER NOT NULL,
    from_seq INTEGER NOT NULL DEFAULT 0,
    until_seq INTEGER,
    read_seq INTEGER NOT NULL DEFAULT 0,
    hidden_seq INTEGER NOT NULL DEFAULT -1,
    pinned INTEGER NOT NULL DEFAULT 0,
    draft TEXT NOT NULL DEFAULT '',
    PRIMARY KEY(user, conv)) WITHOUT ROWID;
";

const INDEXES: &str = "
CREATE INDEX messages_by_pos ON messages(conv, pos);
DROP TABLE inbox;
";

pub(super) fn migrate(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(TABLES)?;
    let pos = positions(tx)?;
    let mut set = tx.prepare("UPDATE messages SET pos = ?3 WHERE conv = ?1 AND seq = ?2")?;
    for (&(conv, seq), &p) in &pos {
        set.execute(params![conv, seq, p])?;
    }
    drop(set);
    tx.execute("INSERT INTO log_end(pos) VALUES (?1)", [pos.len() as i64])?;
    // Cursors first: `acked_pos` still holds the inbox number each user acknowledged.
    tx.execute_batch(
        "INSERT INTO cursors(user, conv, from_seq, until_seq, read_seq)
             SELECT i.user, i.conv, MIN(i.seq) - 1,
                 CASE WHEN g.id IS NULL OR EXISTS(
                     SELECT 1 FROM members mb WHERE mb.grp = g.id AND mb.user = i.user)
                 THEN NULL ELSE MAX(i.seq) END,
                 MAX(MIN(i.seq) - 1,
                     COALESCE(MAX(CASE WHEN i.n <= u.acked_pos THEN i.seq END), 0))
             FROM inbox i JOIN users u ON u.id = i.user LEFT JOIN groups g ON g.conv = i.conv
             GROUP BY i.user, i.conv;
         UPDATE convs SET (last_seq, last_pos, last_time) = (
             SELECT seq, pos, time FROM messages m WHERE m.conv = convs.id
             ORDER BY seq DESC LIMIT 1)
         WHERE EXISTS(SELECT 1 FROM messages m WHERE m.conv = convs.id);
         INSERT OR IGNORE INTO cursors(user, conv, from_seq, read_seq)
             SELECT mb.user, g.conv, c.last_seq, c.last_seq
             FROM members mb JOIN groups g ON g.id = mb.grp JOIN convs c ON c.id = g.conv;
         UPDATE users SET acked_pos = COALESCE((
             SELECT MAX(m.pos) FROM inbox i JOIN messages m ON m.conv = i.conv AND m.seq = i.seq
             WHERE i.user = users.id AND i.n <= users.acked_pos), 0);",
    )?;
    tx.execute_batch(INDEXES)
}

/// Every message's position, 1, 2, 3…: an order that keeps every user's inbox order and
/// every conversation's seq order, ties broken by time, then conversation and seq.
/// A message's tie-break key: `(time, conv, seq)`.
type Key = (i64, i64, i64);

fn positions(tx: &Transaction) -> rusqlite::Result<HashMap<(i64, i64), i64>> {
    let keys: Vec<Key> = tx
        .prepare("SELECT time, conv, seq FROM messages ORDER BY conv, seq")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<(i64, i64), usize> =
        keys.iter().enumerate().map(|(i, &(_, conv, seq))| ((conv, seq), i)).collect();
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
    let mut waits = vec![0usize; keys.len()];
    let mut edge = |from: usize, to: usize| {
        after[from].push(to);
        waits[to] += 1;
    };
    for i in 1..keys.len() {
        if keys[i - 1].1 == keys[i].1 {
            edge(i - 1, i);
        }
    }
    let mut rows = tx.prepare("SELECT user, conv, seq FROM inbox ORDER BY user, n")?;
    let mut rows = rows.query([])?;
    let mut prev: Option<(i64, usize)> = None;
    while let Some(r) = rows.next()? {
        let (user, conv, seq): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let Some(&at) = index.get(&(conv, seq)) else { continue };
        if let Some((u, p)) = prev {
            if u == user && p != at {
                edge(p, at);
            }
        }
        prev = Some((user, at));
    }
    let mut ready: BinaryHeap<Reverse<(Key, usize)>> =
        (0..keys.len()).filter(|&i| waits[i] == 0).map(|i| Reverse((keys[i], i))).collect();
    let mut out = HashMap::with_capacity(keys.len());
    while let Some(Reverse((_, i))) = ready.pop() {
        out.insert((keys[i].1, keys[i].2), out.len() as i64 + 1);
        for &j in &after[i] {
            waits[j] -= 1;
            if waits[j] == 0 {
                ready.push(Reverse((keys[j], j)));
            }
        }
    }
    // A cycle cannot come from one commit order; should a damaged inbox make one, the
    // messages on it still get positions, after the rest.
    for (i, &(_, conv, seq)) in keys.iter().enumerate() {
        if waits[i] > 0 {
            out.insert((conv, seq), out.len() as i64 + 1);
        }
    }
    Ok(out)
}
