//! Reads on a small pool of read-only connections; WAL lets them run beside the writer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hark_proto::{Code, ConvId, Conversation, GroupMember, MessageReceipt};
use rusqlite::{params, Connection, OptionalExtension};

pub struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// Which conversation a history request of user `me` of app `app` reads.
pub enum HistoryOf<'a> {
    C2c {
        app: u32,
        me: i64,
        peer: &'a str,
    },
    /// `before_join`: whether members of a type see what was sent before they joined.
    Group {
        app: u32,
        me: i64,
        group_id: &'a str,
        before_join: &'a HashMap<String, bool>,
    },
}

/// A page of history: the stored bodies, newest first, and how far the conversation is read
/// by the user and (C2C) by its peer.
#[derive(Default)]
pub struct HistoryPage {
    pub bodies: Vec<String>,
    pub read_seq: u64,
    pub peer_read_seq: u64,
}

impl ReadPool {
    pub fn new(path: &Path) -> ReadPool {
        ReadPool { path: path.to_owned(), idle: Mutex::new(Vec::new()) }
    }

    /// Runs `f` on an idle connection (opening one when none is idle), then returns it.
    pub(super) fn with<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, Code> {
        let taken = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match taken {
            Some(c) => c,
            None => super::open_reader(&self.path).map_err(internal)?,
        };
        let out = f(&conn).map_err(internal);
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).push(conn);
        out
    }

    /// Stored message bodies (JSON) newest first, older than `before_seq` when given.
    pub fn history(
        &self,
        of: HistoryOf,
        count: u32,
        before_seq: Option<u64>,
    ) -> Result<HistoryPage, Code> {
        self.with(|c| {
            let (conv, me, from_seq, peer) = match of {
                HistoryOf::C2c { app, me, peer } => {
                    let Some(peer) = user_id(c, app, peer)? else {
                        return Ok(Err(Code::MsgInvalidId));
                    };
                    let key = super::c2c_conv_key(me, peer);
                    (conv_by_key(c, &key)?, me, 0, Some(peer))
                }
                HistoryOf::Group { app, me, group_id, before_join } => {
                    let Some((grp, conv)) = group(c, app, group_id)? else {
                        return Ok(Err(Code::GroupNotFound));
                    };
                    if !is_member(c, grp, me)? {
                        return Ok(Err(Code::GroupPermissionDeny));
                    }
                    let (group_type, from_seq) = c
                        .prepare_cached(
                            "SELECT g.type, COALESCE(u.from_seq, 0) FROM groups g
                             LEFT JOIN cursors u ON u.user = ?2 AND u.conv = g.conv
                             WHERE g.id = ?1",
                        )?
                        .query_row(params![grp, me], |r| {
                            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                        })?;
                    let sees_all = before_join.get(&group_type).copied().unwrap_or(true);
                    (Some(conv), me, if sees_all { 0 } else { from_seq }, None)
                }
            };
            let Some(conv) = conv else { return Ok(Ok(HistoryPage::default())) };
            let before = before_seq.map_or(i64::MAX, |s| s.min(i64::MAX as u64) as i64);
            // Targeted messages only for their members and their sender.
            let mut stmt = c.prepare_cached(
                "SELECT body FROM messages m
                 WHERE conv = ?1 AND seq < ?2 AND seq > ?5 AND (targeted = 0 OR sender = ?3 OR
                     EXISTS(SELECT 1 FROM message_targets t
                         WHERE t.conv = m.conv AND t.seq = m.seq AND t.user = ?3))
                 ORDER BY seq DESC LIMIT ?4",
            )?;
            let rows = stmt.query_map(params![conv, before, me, count, from_seq], |r| r.get(0))?;
            let bodies = rows.collect::<rusqlite::Result<Vec<String>>>()?;
            let mine = super::conversations::read_seq(c, me, conv)?;
            let peers = match peer {
                Some(peer) => super::conversations::read_seq(c, peer, conv)?,
                None => 0,
            };
            Ok(Ok(HistoryPage { bodies, read_seq: mine, peer_read_seq: peers }))
        })?
    }

    /// The user's messages placed in the log after `after` and up to `to`, in log order:
    /// `(pos, message body)`. Those of its conversations it sees: from when it joined, up to
    /// when it left; a targeted message only if it is a target or the sender.
    pub fn log_after(
        &self,
        user: i64,
        after: u64,
        to: u64,
        limit: u32,
    ) -> Result<Vec<(u64, String)>, Code> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT m.pos, m.body FROM cursors u
                 JOIN convs v ON v.id = u.conv AND v.last_pos > ?2
                 JOIN messages m ON m.conv = u.conv AND m.pos > ?2 AND m.pos <= ?3
                 WHERE u.user = ?1 AND m.seq > u.from_seq
                     AND (u.until_seq IS NULL OR m.seq <= u.until_seq)
                     AND (m.targeted = 0 OR m.sender = ?1 OR EXISTS(
                         SELECT 1 FROM message_targets t
                         WHERE t.conv = m.conv AND t.seq = m.seq AND t.user = ?1))
                 ORDER BY m.pos LIMIT ?4",
            )?;
            let rows = stmt.query_map(params![user, after as i64, to as i64, limit], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
            })?;
            rows.collect()
        })
    }

    /// The last log position given out.
    pub fn log_end(&self) -> Result<u64, Code> {
        self.with(|c| {
            c.prepare_cached("SELECT COALESCE(MAX(pos), 0) FROM log_end")?
                .query_row([], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
        })
    }

    /// A page of the user's conversation list.
    pub fn conversations(
        &self,
        user: i64,
        next: u64,
        count: u32,
    ) -> Result<Vec<Conversation>, Code> {
        self.with(|c| super::conversations::page(c, user, next, count))
    }

    /// The named conversations that are on the user's list; other ids are left out.
    pub fn conversations_named(
        &self,
        app: u32,
        user: i64,
        ids: &[String],
    ) -> Result<Vec<Conversation>, Code> {
        self.with(|c| {
            let mut convs = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(conv) = conv_of(c, app, user, id)? {
                    if !convs.contains(&conv) {
                        convs.push(conv);
                    }
                }
            }
            super::conversations::some(c, user, &convs)
        })
    }

    /// How many have read the messages `seqs` of conversation `id` that want receipts; only
    /// for a user with the conversation (else 6017 for C2C, 10007 for a group).
    pub fn receipts(
        &self,
        app: u32,
        user: i64,
        id: &str,
        seqs: &[u64],
    ) -> Result<Vec<MessageReceipt>, Code> {
        self.with(|c| {
            let missing = match ConvId::parse(id) {
                Some(ConvId::Group(_)) => Code::GroupPermissionDeny,
                _ => Code::InvalidParameters,
            };
            let conv = match conv_of(c, app, user, id)? {
                Some(conv) if has_cursor(c, user, conv)? => conv,
                _ => return Ok(Err(missing)),
            };
            let mut out = Vec::with_capacity(seqs.len());
            for &seq in seqs {
                if let Some((msg_id, readers, read)) = super::receipts::receipt(c, conv, seq)? {
                    out.push(MessageReceipt {
                        msg_id,
                        conv: id.to_owned(),
                        seq,
                        read_count: read,
                        unread_count: readers.saturating_sub(read),
                    });
                }
            }
            Ok(Ok(out))
        })?
    }

    pub fn unread_total(&self, user: i64) -> Result<u64, Code> {
        self.with(|c| super::conversations::unread_total(c, user))
    }

    pub fn members(&self, app: u32, me: i64, group_id: &str) -> Result<Vec<GroupMember>, Code> {
        self.with(|c| {
            let Some((grp, _)) = group(c, app, group_id)? else {
                return Ok(Err(Code::GroupNotFound));
            };
            if !is_member(c, grp, me)? {
                return Ok(Err(Code::GroupPermissionDeny));
            }
            let mut stmt = c.prepare_cached(
                "SELECT u.name, m.role, m.join_time FROM members m JOIN users u ON u.id = m.user
                 WHERE m.grp = ?1 ORDER BY m.join_time, u.name",
            )?;
            let rows = stmt.query_map([grp], |r| {
                Ok(GroupMember { user: r.get(0)?, role: r.get(1)?, join_time: r.get(2)? })
            })?;
            Ok(Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?))
        })?
    }
}

fn internal(e: rusqlite::Error) -> Code {
    tracing::error!("store read failed: {e}");
    Code::Internal
}

pub(super) fn user_id(c: &Connection, app: u32, name: &str) -> rusqlite::Result<Option<i64>> {
    c.prepare_cached("SELECT id FROM users WHERE app = ?1 AND name = ?2")?
        .query_row(params![app, name], |r| r.get(0))
        .optional()
}

/// The conversation a V2TIM conversation id names for user `me`, if it exists.
fn conv_of(c: &Connection, app: u32, me: i64, id: &str) -> rusqlite::Result<Option<i64>> {
    match ConvId::parse(id) {
        Some(ConvId::C2c(peer)) => match user_id(c, app, peer)? {
            Some(peer) => conv_by_key(c, &super::c2c_conv_key(me, peer)),
            None => Ok(None),
        },
        Some(ConvId::Group(group_id)) => Ok(group(c, app, group_id)?.map(|(_, conv)| conv)),
        None => Ok(None),
    }
}

fn conv_by_key(c: &Connection, key: &str) -> rusqlite::Result<Option<i64>> {
    c.prepare_cached("SELECT id FROM convs WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

fn group(c: &Connection, app: u32, group_id: &str) -> rusqlite::Result<Option<(i64, i64)>> {
    c.prepare_cached("SELECT id, conv FROM groups WHERE app = ?1 AND group_id = ?2")?
        .query_row(params![app, group_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

fn has_cursor(c: &Connection, user: i64, conv: i64) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM cursors WHERE user = ?1 AND conv = ?2")?
        .query_row(params![user, conv], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}

fn is_member(c: &Connection, grp: i64, user: i64) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM members WHERE grp = ?1 AND user = ?2")?
        .query_row(params![grp, user], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}
