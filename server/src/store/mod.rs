//! Durable storage on SQLite (WAL). One connection writes (the sequencer's); a small pool
//! of connections reads.
//!
//! Keys are integers: users and conversations get row ids, messages are keyed by
//! `(conv, seq)` and each user's inbox by `(user, n)`, so every insert appends to an index.
//!
//! Media: `uploads` holds each upload's declared kind and size (its bytes so far are the
//! partial file's length on disk); `media` each stored file, an image's large and thumbnail
//! versions pointing at their `original`; `media_refs` who may download a file because a
//! message named it: `grp` 0 with `target` the C2C peer, or a group's row id with `target`
//! 0 (every member) or, one row each, the members a targeted message is for.
//!
//! A targeted group message is flagged `targeted` and lists its members in
//! `message_targets(conv, seq, user)`; plain messages never touch that table.
//!
//! Offline push (`push.rs`): `push_tokens` the devices users registered, `push_outbox` the
//! notifications not yet handed to the push provider, written in the message's transaction.

pub mod media;
pub mod push;
pub mod read;
pub mod write;

use std::path::Path;

use rusqlite::Connection;

pub use read::ReadPool;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    acked_inbox INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS convs(
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS groups(
    id INTEGER PRIMARY KEY,
    group_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    owner INTEGER NOT NULL,
    conv INTEGER NOT NULL,
    created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS members(
    grp INTEGER NOT NULL,
    user INTEGER NOT NULL,
    role INTEGER NOT NULL,
    join_time INTEGER NOT NULL,
    PRIMARY KEY(grp, user)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS messages(
    conv INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    sender INTEGER NOT NULL,
    msg_id TEXT NOT NULL,
    time INTEGER NOT NULL,
    targeted INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL,
    PRIMARY KEY(conv, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS message_targets(
    conv INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    user INTEGER NOT NULL,
    PRIMARY KEY(conv, seq, user)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS messages_by_sender_msg_id ON messages(sender, msg_id);
CREATE TABLE IF NOT EXISTS inbox(
    user INTEGER NOT NULL,
    n INTEGER NOT NULL,
    conv INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY(user, n)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS uploads(
    id TEXT NOT NULL PRIMARY KEY,
    owner INTEGER NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    name TEXT NOT NULL,
    created INTEGER NOT NULL,
    media TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS media(
    uuid TEXT NOT NULL PRIMARY KEY,
    owner INTEGER NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    name TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    original TEXT,
    large TEXT,
    thumb TEXT,
    created INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS media_refs(
    uuid TEXT NOT NULL,
    grp INTEGER NOT NULL,
    target INTEGER NOT NULL,
    PRIMARY KEY(uuid, grp, target)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS push_tokens(
    token TEXT NOT NULL PRIMARY KEY,
    user INTEGER NOT NULL,
    business_id INTEGER NOT NULL,
    updated INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS push_tokens_by_user ON push_tokens(user);
CREATE TABLE IF NOT EXISTS push_outbox(
    id INTEGER PRIMARY KEY,
    due INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS push_outbox_by_due ON push_outbox(due, id);
";

/// Conversation key of a one-to-one conversation: the same whichever side sends.
pub fn c2c_conv_key(a: i64, b: i64) -> String {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    format!("c:{lo}:{hi}")
}

/// Conversation key of a group, by the group's row id, so a dismissed group's id can be
/// reused without exposing the old history.
pub fn group_conv_key(group_row: i64) -> String {
    format!("g:{group_row}")
}

/// Opens (creating if needed) the database file for writing and applies the schema.
pub fn open_writer(path: &Path, synchronous: &str) -> Result<Connection, String> {
    let conn = Connection::open(path).map_err(|e| e.to_string())?;
    check_schema_version(&conn)?;
    conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| e.to_string())?;
    conn.pragma_update(None, "synchronous", synchronous).map_err(|e| e.to_string())?;
    conn.pragma_update(None, "foreign_keys", "OFF").map_err(|e| e.to_string())?;
    conn.execute_batch(SCHEMA).map_err(|e| e.to_string())?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(|e| e.to_string())?;
    Ok(conn)
}

/// Bumped whenever SCHEMA changes shape; a database of another version is refused with a
/// clear message rather than failing on its first write.
const SCHEMA_VERSION: i64 = 1;

fn check_schema_version(conn: &Connection) -> Result<(), String> {
    let version: i64 =
        conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| e.to_string())?;
    let tables: i64 = conn
        .query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version == SCHEMA_VERSION || (version == 0 && tables == 0) {
        return Ok(());
    }
    Err(format!(
        "the database has schema version {version}; this harkd reads version {SCHEMA_VERSION} \
         and has no migration from it"
    ))
}

/// Opens a read-only connection to an existing database.
pub fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "query_only", "ON")?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_databases_of_another_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("fresh.db");
        open_writer(&fresh, "normal").unwrap();
        open_writer(&fresh, "normal").expect("reopening the same version");

        let newer = dir.path().join("newer.db");
        Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
        assert!(open_writer(&newer, "normal").unwrap_err().contains("version 99"));

        let unversioned = dir.path().join("old.db");
        Connection::open(&unversioned).unwrap().execute_batch("CREATE TABLE t(x)").unwrap();
        assert!(open_writer(&unversioned, "normal").unwrap_err().contains("version 0"));
    }
}
