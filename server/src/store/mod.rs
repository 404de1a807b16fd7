//! Durable storage on SQLite (WAL). One connection writes (the sequencer's); a small pool
//! of connections reads.
//!
//! Keys are integers: users and conversations get row ids, and messages are keyed by
//! `(conv, seq)`, so every insert appends to an index.
//!
//! A stored message is one row, whoever its recipients: a group message to 10,000 members
//! writes what a C2C one does. Besides its conversation's `seq` it has a `pos`, its place in
//! harkd's log of stored messages (`log_end.pos` is the last one given out): a user's
//! catch-up is its conversations' messages after the `pos` it acknowledged
//! (`users.acked_pos`), in `pos` order. What a user has per conversation is one `cursors`
//! row: which of its messages the user sees (after `from_seq`, up to `until_seq` once it
//! left a group), how far it has read (`read_seq`), and how it shows the conversation
//! (pinned, draft, and `hidden_seq`: deleted up to there). `convs` keeps each conversation's
//! last seq, pos and time, for the conversation list.
//!
//! Media: `uploads` holds each upload's declared kind and size (its bytes so far are the
//! partial file's length on disk); `media` each stored file and the type it is served as, an
//! image's large and thumbnail versions pointing at their `original`; `media_refs` who may download a file because a
//! message named it: `grp` 0 with `target` the C2C peer, or a group's row id with `target`
//! 0 (every member) or, one row each, the members a targeted message is for.
//!
//! A targeted group message is flagged `targeted` and lists its members in
//! `message_targets(conv, seq, user)`; plain messages never touch that table.
//!
//! Offline push (`push.rs`): `push_tokens` the devices users registered, `push_outbox` the
//! notifications not yet handed to the push provider, written in the message's transaction.
//!
//! The schema grows by migrations (`MIGRATIONS`): `PRAGMA user_version` says how many of
//! them a database has had, and `open_writer` applies the rest in order, each in its own
//! transaction together with its version bump.

pub mod conversations;
pub mod files;
pub mod push;
pub mod read;
pub mod receipts;
mod to_v4;
pub mod write;

use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use read::ReadPool;

/// A storage failure. What engine is behind it stays in this module.
#[derive(Debug)]
pub struct Error(rusqlite::Error);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error(e)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// The one connection that writes (the sequencer's).
pub struct Writer {
    conn: Connection,
}

/// One open write transaction: every write of a sequencer batch runs on it, and nothing is
/// kept unless [`Batch::commit`] succeeds.
pub struct Batch<'c> {
    tx: Transaction<'c>,
}

impl Writer {
    /// Opens (creating if needed) the database file for writing and brings its schema up to
    /// `SCHEMA_VERSION`. A database of a newer version, or one that is not harkd's, is
    /// refused before anything is written to it.
    pub fn open(path: &Path, synchronous: &str) -> std::result::Result<Writer, String> {
        open_writer(path, synchronous).map(|conn| Writer { conn })
    }

    /// Starts a batch; it takes the write lock at once, so it never waits inside.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Ok(Batch { tx: self.conn.transaction_with_behavior(TransactionBehavior::Immediate)? })
    }

    /// Rows made before apps were kept apart (schema version 3) and not yet given to an app.
    pub fn unowned_rows(&self) -> Result<i64> {
        Ok(unowned_rows(&self.conn)?)
    }

    /// Gives every unowned row to `app`, in one transaction.
    pub fn claim_unowned(&mut self, app: u32) -> Result<()> {
        Ok(claim_unowned(&mut self.conn, app)?)
    }

    /// The newest `limit` unstored msgIDs remembered after `since`, oldest first:
    /// `(sender, msg_id, conv, time, dropped)`.
    #[allow(clippy::type_complexity)]
    pub fn recent_unstored(
        &self,
        since: i64,
        limit: usize,
    ) -> Result<Vec<(i64, String, i64, i64, bool)>> {
        Ok(write::recent_unstored(&self.conn, since, limit)?)
    }
}

impl Batch<'_> {
    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

/// Version 1: the schema as it first shipped. An empty file starts here.
const SCHEMA_V1: &str = "
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

/// The schema's steps, in order: step `i` takes a database from version `i` to `i + 1`.
/// Steps are only appended; one that shipped is never edited, since databases out there
/// already have it.
const MIGRATIONS: &[Step] = &[
    Step::Sql(SCHEMA_V1),
    Step::Sql(SCHEMA_V2),
    Step::Sql(SCHEMA_V3),
    Step::Code(to_v4::migrate),
    Step::Sql(SCHEMA_V5),
];

/// One schema step: SQL, or code for what SQL cannot say.
enum Step {
    Sql(&'static str),
    Code(fn(&Transaction) -> rusqlite::Result<()>),
}

impl Step {
    fn run(&self, tx: &Transaction) -> rusqlite::Result<()> {
        match self {
            Step::Sql(sql) => tx.execute_batch(sql),
            Step::Code(f) => f(tx),
        }
    }
}

/// Version 2: the type each stored file is served as (NULL for files stored before), and
/// the unfinished uploads by age, for the sweep of abandoned ones.
const SCHEMA_V2: &str = "
ALTER TABLE media ADD COLUMN content_type TEXT;
CREATE INDEX uploads_unfinished ON uploads(created) WHERE media IS NULL;
";

/// Version 3: every SDKAppID is its own tenant. Users, groups and push tokens carry their
/// app, and names are unique within it; everything else is keyed by their row ids, so it
/// is kept apart with them. Rows from before carry app 0 ("not yet claimed") until
/// `claim_unowned` gives them to the one app they were made with. `unstored` remembers the
/// msgIDs of messages that are not stored (online-only, AVChatRoom) across restarts.
const SCHEMA_V3: &str = "
CREATE TABLE users_v3(
    id INTEGER PRIMARY KEY,
    app INTEGER NOT NULL,
    name TEXT NOT NULL,
    acked_inbox INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL,
    UNIQUE(app, name));
INSERT INTO users_v3(id, app, name, acked_inbox, created)
    SELECT id, 0, name, acked_inbox, created FROM users;
DROP TABLE users;
ALTER TABLE users_v3 RENAME TO users;
CREATE TABLE groups_v3(
    id INTEGER PRIMARY KEY,
    app INTEGER NOT NULL,
    group_id TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    owner INTEGER NOT NULL,
    conv INTEGER NOT NULL,
    created INTEGER NOT NULL,
    UNIQUE(app, group_id));
INSERT INTO groups_v3(id, app, group_id, type, name, owner, conv, created)
    SELECT id, 0, group_id, type, name, owner, conv, created FROM groups;
DROP TABLE groups;
ALTER TABLE groups_v3 RENAME TO groups;
CREATE TABLE push_tokens_v3(
    app INTEGER NOT NULL,
    token TEXT NOT NULL,
    user INTEGER NOT NULL,
    business_id INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    PRIMARY KEY(app, token)) WITHOUT ROWID;
INSERT INTO push_tokens_v3(app, token, user, business_id, updated)
    SELECT 0, token, user, business_id, updated FROM push_tokens;
DROP TABLE push_tokens;
ALTER TABLE push_tokens_v3 RENAME TO push_tokens;
CREATE INDEX push_tokens_by_user ON push_tokens(user);
CREATE TABLE unstored(
    sender INTEGER NOT NULL,
    msg_id TEXT NOT NULL,
    conv INTEGER NOT NULL,
    time INTEGER NOT NULL,
    dropped INTEGER NOT NULL,
    PRIMARY KEY(sender, msg_id)) WITHOUT ROWID;
CREATE INDEX unstored_by_time ON unstored(time);
";

/// Version 5: message read receipts. A message sent with `need_read_receipt` has a
/// `receipt_msgs` row with how many could read it when it was sent; each reader that
/// reports it read adds a `receipts` row. Nothing is written for other messages.
const SCHEMA_V5: &str = "
CREATE TABLE receipt_msgs(
    conv INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    sender INTEGER NOT NULL,
    readers INTEGER NOT NULL,
    PRIMARY KEY(conv, seq)) WITHOUT ROWID;
CREATE TABLE receipts(
    conv INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    user INTEGER NOT NULL,
    PRIMARY KEY(conv, seq, user)) WITHOUT ROWID;
";

/// The tables whose rows belong to an app (the `app` column).
const TENANT_TABLES: [&str; 3] = ["users", "groups", "push_tokens"];

fn unowned_rows(conn: &Connection) -> rusqlite::Result<i64> {
    let mut n = 0;
    for table in TENANT_TABLES {
        n += conn.query_row(&format!("SELECT COUNT(*) FROM {table} WHERE app = 0"), [], |r| {
            r.get::<_, i64>(0)
        })?;
    }
    Ok(n)
}

fn claim_unowned(conn: &mut Connection, app: u32) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for table in TENANT_TABLES {
        tx.execute(&format!("UPDATE {table} SET app = ?1 WHERE app = 0"), [app])?;
    }
    tx.commit()
}

/// SQLite's write-ahead log beside the database file `db`.
pub fn wal_path(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

/// The schema version this harkd writes: the number of steps.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn open_writer(path: &Path, synchronous: &str) -> std::result::Result<Connection, String> {
    let mut conn = Connection::open(path).map_err(|e| e.to_string())?;
    check_schema_version(&conn, SCHEMA_VERSION)?;
    conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| e.to_string())?;
    conn.pragma_update(None, "synchronous", synchronous).map_err(|e| e.to_string())?;
    conn.pragma_update(None, "foreign_keys", "OFF").map_err(|e| e.to_string())?;
    migrate(&mut conn, MIGRATIONS)?;
    Ok(conn)
}

fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Whether harkd can bring a database of this version to `latest`: an empty file, or any
/// version up to `latest`. A version 0 file with tables is no harkd database.
fn check_schema_version(conn: &Connection, latest: i64) -> std::result::Result<(), String> {
    let version = schema_version(conn).map_err(|e| e.to_string())?;
    let tables: i64 = conn
        .query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version > latest {
        return Err(format!(
            "the database has schema version {version}, newer than this harkd knows \
             (version {latest}): it was written by a newer harkd; run that one, or restore \
             a backup made before the upgrade"
        ));
    }
    if version < 0 || (version == 0 && tables > 0) {
        return Err(format!(
            "the database has schema version {version} and tables: not a harkd database, \
             and harkd has no migration from it"
        ));
    }
    Ok(())
}

/// Applies the steps the database has not had yet, each in one transaction with its new
/// `user_version`: a step that fails leaves the database at the version before it.
fn migrate(conn: &mut Connection, steps: &[Step]) -> std::result::Result<(), String> {
    let latest = steps.len() as i64;
    let fresh = schema_version(conn).map_err(|e| e.to_string())? == 0;
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| e.to_string())?;
        // Read inside the transaction: another process may have migrated meanwhile.
        let version = schema_version(&tx).map_err(|e| e.to_string())?;
        check_schema_version(&tx, latest)?;
        if version == latest {
            return Ok(());
        }
        let to = version + 1;
        steps[version as usize]
            .run(&tx)
            .and_then(|()| tx.pragma_update(None, "user_version", to))
            .and_then(|()| tx.commit())
            .map_err(|e| format!("migrating the database to schema version {to}: {e}"))?;
        if !fresh {
            tracing::info!("database migrated to schema version {to}");
        }
    }
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

    /// A database harkd wrote at schema version 1 (`server/tests/data/v1/`).
    const V1_FIXTURE: &str = include_str!("../../tests/data/v1/hark.sql");

    fn version_of(path: &Path) -> i64 {
        schema_version(&Connection::open(path).unwrap()).unwrap()
    }

    #[test]
    fn creates_the_latest_schema_and_refuses_newer_or_foreign_databases() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("fresh.db");
        open_writer(&fresh, "normal").unwrap();
        assert_eq!(version_of(&fresh), SCHEMA_VERSION);
        open_writer(&fresh, "normal").expect("reopening the same version");

        let newer = dir.path().join("newer.db");
        Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
        let e = open_writer(&newer, "normal").unwrap_err();
        assert!(e.contains("version 99, newer than this harkd"), "{e}");
        assert_eq!(version_of(&newer), 99, "left as it was");

        let unversioned = dir.path().join("old.db");
        Connection::open(&unversioned).unwrap().execute_batch("CREATE TABLE t(x)").unwrap();
        assert!(open_writer(&unversioned, "normal").unwrap_err().contains("version 0"));
    }

    #[test]
    fn a_version_1_database_is_migrated_in_place_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        Connection::open(&path).unwrap().execute_batch(V1_FIXTURE).unwrap();
        assert_eq!(version_of(&path), 1);
        let conn = open_writer(&path, "normal").unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
        };
        assert_eq!((count("users"), count("messages"), count("cursors")), (3, 5, 4));
        assert_eq!((count("uploads"), count("media"), count("media_refs")), (3, 2, 2));
        assert_eq!(count("media WHERE content_type IS NULL"), 2, "version 2: not recorded");
        drop(conn);
        open_writer(&path, "normal").expect("reopening after the migration");
    }

    #[test]
    fn a_failed_step_leaves_the_version_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let mut conn = Connection::open(&path).unwrap();
        let broken = Step::Sql("CREATE TABLE extra(x); INSERT INTO nowhere VALUES (1);");
        let e = migrate(&mut conn, &[Step::Sql(SCHEMA_V1), broken]).unwrap_err();
        assert!(e.contains("schema version 2"), "{e}");
        assert_eq!(schema_version(&conn).unwrap(), 1);
        let extra: i64 = conn
            .query_row("SELECT COUNT(*) FROM sqlite_master WHERE name = 'extra'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(extra, 0, "the failed step was rolled back whole");

        let steps = [Step::Sql(SCHEMA_V1), Step::Sql("CREATE TABLE extra(x);")];
        migrate(&mut conn, &steps).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), 2);
        migrate(&mut conn, &steps).expect("nothing left to do");
    }
}
