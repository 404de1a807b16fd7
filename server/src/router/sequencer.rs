//! The sequencer: one thread owns the write connection. It takes every write in arrival
//! order, applies a batch of them in one transaction, and only after the commit acks the
//! senders and fans messages out, in the same order. Seqs and inbox numbers are assigned
//! here, inside the commit, so they have no gaps and no repeats.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use hark_proto::limits::{self, valid_group_id, valid_new_group_id, valid_user_id};
use hark_proto::{Code, Message, Priority, ServerFrame};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use tokio::sync::{mpsc, oneshot};

use self::syncer::Syncer;
use self::unstored::{FirstAck, Unstored};
use super::admission::Admission;
use super::{Hub, Outbound, SessionTx};
use crate::media::elems;
use crate::push::Outbox;
use crate::store::media::{self as media_store, UploadChange};
use crate::store::push::{self as push_store, Settle, TokenChange};
use crate::store::write::{self as w, GroupRow};

mod addressing;
mod members;
mod syncer;
mod unstored;

pub use members::Added;

/// The session a write came from: replies go to its socket writer, in order with pushes.
#[derive(Clone, Debug)]
pub struct Origin {
    pub session: u64,
    /// The app (SDKAppID) the user belongs to: the names a write gives are looked up in it.
    pub app: u32,
    pub user: i64,
    pub name: Arc<str>,
    pub tx: SessionTx,
}

// Sends dominate the queue, so the enum is sized for them.
#[allow(clippy::large_enum_variant)]
pub enum Op {
    /// Creates the user on first login; answers `(user id, inbox position)`: the inbox
    /// number after which the user's catch-up starts. `seen`: the highest inbox number the
    /// client says it has.
    Login {
        app: u32,
        user: String,
        seen: u64,
        reply: oneshot::Sender<Result<(i64, u64), Code>>,
    },
    Send {
        from: Origin,
        req: u64,
        msg: Message,
    },
    /// A send from the REST API, as the administrator or as a user it names; the sender
    /// need not be a member of the group (Tencent's app admin may send anywhere). `admin`:
    /// the administrator's user id, whose uploads the message may name besides the
    /// sender's; None when the message names no media.
    AdminSend {
        from: Origin,
        req: u64,
        msg: Message,
        admin: Option<i64>,
    },
    /// REST add_group_member: the administrator adds accounts to a group.
    GroupAdd {
        app: u32,
        group: String,
        members: Vec<String>,
        reply: oneshot::Sender<Result<Vec<Added>, Code>>,
    },
    RecvAck {
        user: i64,
        inbox: u64,
    },
    GroupCreate {
        from: Origin,
        req: u64,
        group_type: String,
        group: String,
        name: String,
        members: Vec<String>,
    },
    GroupJoin {
        from: Origin,
        req: u64,
        group: String,
    },
    GroupQuit {
        from: Origin,
        req: u64,
        group: String,
    },
    GroupDismiss {
        from: Origin,
        req: u64,
        group: String,
    },
    /// Upload bookkeeping from the media API; answered once committed.
    Upload {
        change: UploadChange,
        reply: oneshot::Sender<Result<(), Code>>,
    },
    /// Registers or clears the session user's push tokens; answered `ok`.
    PushConfig {
        from: Origin,
        req: u64,
        change: TokenChange,
    },
    /// The push worker's deliveries: rows to delete and to reschedule.
    PushSettle {
        settle: Settle,
        reply: oneshot::Sender<Result<(), Code>>,
    },
}

/// The handle sessions post writes to. The thread ends when every handle is dropped.
#[derive(Clone)]
pub struct Sequencer {
    tx: mpsc::UnboundedSender<Op>,
}

impl Sequencer {
    /// `sync_wal`: the WAL file to sync after each commit before acking, when `conn`
    /// commits without syncing but acks must wait for the disk (`store.synchronous =
    /// "full"`, see `syncer.rs`).
    pub fn start(
        conn: Connection,
        hub: Arc<Hub>,
        max_batch: usize,
        outbox: Outbox,
        group_limits: HashMap<String, u32>,
        sync_wal: Option<PathBuf>,
    ) -> (Sequencer, std::thread::JoinHandle<()>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let thread = std::thread::Builder::new()
            .name("harkd-sequencer".into())
            .spawn(move || {
                let syncer = sync_wal.map(|wal| Syncer::start(wal, hub.clone()));
                run(conn, &hub, rx, max_batch, outbox, group_limits, syncer.as_ref());
                if let Some(syncer) = syncer {
                    syncer.stop();
                }
            })
            .expect("spawning the sequencer thread");
        (Sequencer { tx }, thread)
    }

    /// Queues a write; false when the server is shutting down.
    pub fn post(&self, op: Op) -> bool {
        self.tx.send(op).is_ok()
    }
}

/// What to do once a batch has committed.
enum Effect {
    Reply(SessionTx, String),
    Login(oneshot::Sender<Result<(i64, u64), Code>>, Result<(i64, u64), Code>),
    /// Answers upload bookkeeping.
    Done(oneshot::Sender<Result<(), Code>>, Result<(), Code>),
    /// Answers a REST add_group_member.
    Added(oneshot::Sender<Result<Vec<Added>, Code>>, Result<Vec<Added>, Code>),
    /// Hand `body` to each recipient's online sessions except the one it came from.
    Deliver {
        skip_session: u64,
        to: Vec<(i64, u64)>,
        body: String,
    },
}

impl Effect {
    /// The same answer, telling that the batch failed; None for what only a committed
    /// batch does (replies of ops, which `internal_error` answers, and deliveries).
    fn failed(self) -> Option<Effect> {
        match self {
            Effect::Login(r, _) => Some(Effect::Login(r, Err(Code::Internal))),
            Effect::Done(r, _) => Some(Effect::Done(r, Err(Code::Internal))),
            Effect::Added(r, _) => Some(Effect::Added(r, Err(Code::Internal))),
            Effect::Reply(..) | Effect::Deliver { .. } => None,
        }
    }
}

/// Why one write did not apply: refused (the batch goes on) or the database failed (the
/// batch rolls back).
pub(crate) enum Fail {
    Refused(Code),
    Db(rusqlite::Error),
}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Self {
        Fail::Db(e)
    }
}
impl From<Code> for Fail {
    fn from(c: Code) -> Self {
        Fail::Refused(c)
    }
}

/// Values by app and name, looked up by `&str` without allocating a key.
struct ByName<T>(HashMap<u32, HashMap<String, T>>);

impl<T> Default for ByName<T> {
    fn default() -> Self {
        ByName(HashMap::new())
    }
}

impl<T> ByName<T> {
    fn get(&self, app: u32, name: &str) -> Option<&T> {
        self.0.get(&app)?.get(name)
    }
    fn get_mut(&mut self, app: u32, name: &str) -> Option<&mut T> {
        self.0.get_mut(&app)?.get_mut(name)
    }
    fn insert(&mut self, app: u32, name: String, value: T) {
        self.0.entry(app).or_default().insert(name, value);
    }
    fn remove(&mut self, app: u32, name: &str) {
        if let Some(names) = self.0.get_mut(&app) {
            names.remove(name);
        }
    }
}

/// State mirrored from the database so the hot path reads no rows it already knows.
/// Cleared whenever a transaction rolls back.
#[derive(Default)]
struct Caches {
    users: ByName<i64>,
    c2c_convs: HashMap<(i64, i64), i64>,
    conv_seq: HashMap<i64, u64>,
    inbox: HashMap<i64, u64>,
    groups: ByName<GroupRow>,
    /// msgIDs stored in the open batch, which the database lookup cannot see yet as one
    /// row per msgID sent twice in one batch.
    sent: HashMap<(i64, String), w::Sent>,
    group_counter: u64,
    /// The groups' rate-limit buckets: not database state, so kept across rollbacks.
    admission: Admission,
    /// Recent msgIDs of unstored messages: kept across rollbacks (it drops its own part).
    unstored: Unstored,
    /// When the expired rows of the `unstored` table are next deleted.
    unstored_expiry: i64,
}

/// How often expired rows of the `unstored` table are deleted.
const UNSTORED_EXPIRY_SECS: i64 = 60;

fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn run(
    mut conn: Connection,
    hub: &Hub,
    mut rx: mpsc::UnboundedReceiver<Op>,
    max_batch: usize,
    outbox: Outbox,
    group_limits: HashMap<String, u32>,
    syncer: Option<&Syncer>,
) {
    let mut caches = Caches { admission: Admission::new(group_limits), ..Caches::default() };
    let since = now_secs() - unstored::WINDOW_SECS;
    match w::recent_unstored(&conn, since, unstored::MAX_REMEMBERED) {
        Ok(rows) => caches.unstored.restore(rows.into_iter().map(|(sender, id, conv, time, d)| {
            ((sender, id), FirstAck { conv, time, dropped: d })
        })),
        Err(e) => tracing::error!("reading the remembered unstored msgIDs failed: {e}"),
    }
    let mut batch = Vec::with_capacity(max_batch);
    while let Some(first) = rx.blocking_recv() {
        batch.push(first);
        while batch.len() < max_batch {
            match rx.try_recv() {
                Ok(op) => batch.push(op),
                Err(_) => break,
            }
        }
        let effects = match apply_batch(&mut conn, &mut caches, &mut batch, &outbox) {
            Ok(effects) => effects,
            Err((e, failed)) => {
                tracing::error!("store write failed, batch rolled back: {e}");
                let admission = std::mem::take(&mut caches.admission);
                let unstored = std::mem::take(&mut caches.unstored);
                let unstored_expiry = caches.unstored_expiry;
                caches = Caches { admission, unstored, unstored_expiry, ..Caches::default() };
                failed
            }
        };
        outbox.after_batch();
        match syncer {
            Some(syncer) => {
                // Pushes go now; acks and answers once the disk has the batch.
                let (pushes, acks) =
                    effects.into_iter().partition(|e| matches!(e, Effect::Deliver { .. }));
                deliver(hub, pushes);
                syncer.after_sync(acks);
            }
            None => deliver(hub, effects),
        }
    }
    tracing::info!("sequencer stopped");
}

/// Applies every op in one transaction. On a database error, returns the error and the
/// effects that tell each waiting session its write failed.
fn apply_batch(
    conn: &mut Connection,
    caches: &mut Caches,
    batch: &mut Vec<Op>,
    outbox: &Outbox,
) -> Result<Vec<Effect>, (rusqlite::Error, Vec<Effect>)> {
    let now = now_secs();
    let mut effects = Vec::with_capacity(batch.len() * 2);
    let mut acks: HashMap<i64, u64> = HashMap::new();
    let result = (|| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for op in batch.iter_mut() {
            apply(&tx, caches, op, now, &mut effects, &mut acks, outbox)?;
        }
        for (user, n) in &acks {
            w::set_acked_inbox(&tx, *user, *n)?;
        }
        if now >= caches.unstored_expiry {
            w::expire_unstored(&tx, now - unstored::WINDOW_SECS)?;
        }
        tx.commit()
    })();
    caches.sent.clear();
    match result {
        Ok(()) => {
            caches.unstored.commit(now);
            if now >= caches.unstored_expiry {
                caches.unstored_expiry = now + UNSTORED_EXPIRY_SECS;
            }
            batch.clear();
            Ok(effects)
        }
        Err(e) => {
            caches.unstored.roll_back();
            // An op applied before the failure has moved its answer into `effects`; one not
            // reached yet still holds it. Each is answered once, with the failure.
            let mut failed: Vec<Effect> = effects.into_iter().filter_map(Effect::failed).collect();
            failed.extend(batch.drain(..).filter_map(internal_error));
            Err((e, failed))
        }
    }
}

fn internal_error(op: Op) -> Option<Effect> {
    let reply = |from: Origin, req| {
        Some(Effect::Reply(from.tx, frame(&ServerFrame::error(req, Code::Internal))))
    };
    match op {
        Op::Login { reply: r, .. } => Some(Effect::Login(r, Err(Code::Internal))),
        Op::Upload { reply: r, .. } | Op::PushSettle { reply: r, .. } => {
            Some(Effect::Done(r, Err(Code::Internal)))
        }
        Op::GroupAdd { reply: r, .. } => Some(Effect::Added(r, Err(Code::Internal))),
        Op::RecvAck { .. } => None,
        Op::Send { from, req, .. }
        | Op::AdminSend { from, req, .. }
        | Op::GroupCreate { from, req, .. }
        | Op::GroupJoin { from, req, .. }
        | Op::GroupQuit { from, req, .. }
        | Op::GroupDismiss { from, req, .. }
        | Op::PushConfig { from, req, .. } => reply(from, req),
    }
}

fn frame(f: &ServerFrame) -> String {
    serde_json::to_string(f).expect("server frames always serialize")
}

/// Applies one op. A refusal becomes an error reply; only database errors escape.
#[allow(clippy::too_many_arguments)]
fn apply(
    tx: &Transaction,
    caches: &mut Caches,
    op: &mut Op,
    now: i64,
    effects: &mut Vec<Effect>,
    acks: &mut HashMap<i64, u64>,
    outbox: &Outbox,
) -> rusqlite::Result<()> {
    let (origin, req, outcome) = match op {
        Op::Login { app, user, seen, reply } => {
            let (id, acked) = w::ensure_user(tx, *app, user, now)?;
            caches.users.insert(*app, user.clone(), id);
            skip_seen_inbox(tx, caches, id, *seen)?;
            // Never past the last number given out, whatever was acked or claimed: a
            // position past it would hide every message up to it.
            let position = acked.max(*seen).min(last_inbox(tx, caches, id)?);
            let (done, _) = oneshot::channel();
            effects.push(Effect::Login(std::mem::replace(reply, done), Ok((id, position))));
            return Ok(());
        }
        Op::RecvAck { user, inbox } => {
            // An ack past the user's last inbox number acknowledges what it has not got.
            let inbox = (*inbox).min(last_inbox(tx, caches, *user)?);
            let e = acks.entry(*user).or_default();
            *e = (*e).max(inbox);
            return Ok(());
        }
        Op::Upload { change, reply } => {
            media_store::apply(tx, change, now)?;
            let (done, _) = oneshot::channel();
            effects.push(Effect::Done(std::mem::replace(reply, done), Ok(())));
            return Ok(());
        }
        Op::PushSettle { settle, reply } => {
            push_store::settle(tx, settle)?;
            let (done, _) = oneshot::channel();
            effects.push(Effect::Done(std::mem::replace(reply, done), Ok(())));
            return Ok(());
        }
        Op::PushConfig { from, req, change } => {
            push_store::change_token(tx, from.app, from.user, change, now)?;
            (from, *req, Ok(ServerFrame::Ok { req: *req }))
        }
        Op::Send { from, req, msg } => {
            let owners = [from.user];
            let r = send(tx, caches, from, *req, msg, now, effects, outbox, false, &owners);
            (from, *req, r)
        }
        Op::AdminSend { from, req, msg, admin } => {
            let owners: Vec<i64> = std::iter::once(from.user).chain(*admin).collect();
            let r = send(tx, caches, from, *req, msg, now, effects, outbox, true, &owners);
            (from, *req, r)
        }
        Op::GroupAdd { app, group, members, reply } => {
            let result = match members::group_add(tx, caches, *app, group, members, now) {
                Ok(added) => Ok(added),
                Err(Fail::Refused(code)) => Err(code),
                Err(Fail::Db(e)) => return Err(e),
            };
            let (done, _) = oneshot::channel();
            effects.push(Effect::Added(std::mem::replace(reply, done), result));
            return Ok(());
        }
        Op::GroupCreate { from, req, group_type, group, name, members } => {
            let r = group_create(tx, caches, from, group_type, group, name, members, now)
                .map(|g| ServerFrame::GroupCreated { req: *req, group: g });
            (from, *req, r)
        }
        Op::GroupJoin { from, req, group } => {
            let r =
                group_join(tx, caches, from, group, now).map(|()| ServerFrame::Ok { req: *req });
            (from, *req, r)
        }
        Op::GroupQuit { from, req, group } => {
            let r = group_quit(tx, caches, from, group).map(|()| ServerFrame::Ok { req: *req });
            (from, *req, r)
        }
        Op::GroupDismiss { from, req, group } => {
            let r = group_dismiss(tx, caches, from, group).map(|()| ServerFrame::Ok { req: *req });
            (from, *req, r)
        }
    };
    match outcome {
        Ok(reply) => effects.push(Effect::Reply(origin.tx.clone(), frame(&reply))),
        Err(Fail::Refused(code)) => {
            effects.push(Effect::Reply(origin.tx.clone(), frame(&ServerFrame::error(req, code))))
        }
        Err(Fail::Db(e)) => return Err(e),
    }
    Ok(())
}

/// App `app`'s user `name`.
fn user_id(tx: &Transaction, caches: &mut Caches, app: u32, name: &str) -> Result<i64, Fail> {
    if let Some(&id) = caches.users.get(app, name) {
        return Ok(id);
    }
    let id = w::user_id(tx, app, name)?.ok_or(Code::MsgInvalidId)?;
    caches.users.insert(app, name.to_owned(), id);
    Ok(id)
}

/// App `app`'s group `group_id`.
fn group<'c>(
    tx: &Transaction,
    caches: &'c mut Caches,
    app: u32,
    group_id: &str,
) -> Result<&'c mut GroupRow, Fail> {
    if caches.groups.get(app, group_id).is_none() {
        let row = w::load_group(tx, app, group_id)?.ok_or(Code::GroupNotFound)?;
        caches.groups.insert(app, group_id.to_owned(), row);
    }
    Ok(caches.groups.get_mut(app, group_id).expect("inserted above"))
}

fn next_seq(tx: &Transaction, caches: &mut Caches, conv: i64) -> rusqlite::Result<u64> {
    let seq = match caches.conv_seq.get(&conv) {
        Some(&s) => s + 1,
        None => w::last_seq(tx, conv)? + 1,
    };
    caches.conv_seq.insert(conv, seq);
    Ok(seq)
}

/// Inbox numbers the client has seen but the database does not have were pushed from
/// batches a power loss took before their sync (see `syncer.rs`). New messages are numbered
/// past them, or the client would take them for ones it has and skip them. A client can
/// move its own numbering only so far per login.
fn skip_seen_inbox(
    tx: &Transaction,
    caches: &mut Caches,
    user: i64,
    seen: u64,
) -> rusqlite::Result<()> {
    const MAX_SKIP: u64 = 1 << 20;
    let last = last_inbox(tx, caches, user)?;
    if seen > last {
        let to = seen.min(last + MAX_SKIP);
        tracing::warn!(
            user,
            last,
            seen,
            "a client saw inbox numbers the store lacks; skipping them"
        );
        caches.inbox.insert(user, to);
    }
    Ok(())
}

/// The user's last inbox number, from the cache when it has it.
fn last_inbox(tx: &Transaction, caches: &Caches, user: i64) -> rusqlite::Result<u64> {
    match caches.inbox.get(&user) {
        Some(&n) => Ok(n),
        None => w::last_inbox(tx, user),
    }
}

fn next_inbox(tx: &Transaction, caches: &mut Caches, user: i64) -> rusqlite::Result<u64> {
    let n = last_inbox(tx, caches, user)? + 1;
    caches.inbox.insert(user, n);
    Ok(n)
}

/// Checks a message's shape; the sender's SDK checks the same, so this only refuses
/// clients that skipped it.
fn check_message(msg: &Message) -> Result<(), Code> {
    if msg.msg_id.is_empty() || msg.msg_id.len() > limits::MAX_MSG_ID_BYTES {
        return Err(Code::InvalidParameters);
    }
    // libhark's own rules, from the one function both sides use: the append rule, each
    // elem's fields (a location on Earth), the 12 KB body (answered as the server's 80002).
    msg.check_content().map_err(|c| match c {
        Code::MsgBodySizeLimit => Code::ServerBodySizeLimit,
        other => other,
    })?;
    if msg.group.is_empty() && msg.receiver.is_empty() {
        return Err(Code::InvalidParameters);
    }
    if !msg.group.is_empty() && !valid_group_id(&msg.group) {
        return Err(Code::GroupInvalidGroupId);
    }
    if !msg.receiver.is_empty() && !valid_user_id(&msg.receiver) {
        return Err(Code::MsgInvalidId);
    }
    Ok(())
}

/// Stores and fans out a message. `admin`: a REST send, whose sender need not be a member.
/// `owners`: whose uploads the message may name.
#[allow(clippy::too_many_arguments)]
fn send(
    tx: &Transaction,
    caches: &mut Caches,
    from: &Origin,
    req: u64,
    msg: &mut Message,
    now: i64,
    effects: &mut Vec<Effect>,
    outbox: &Outbox,
    admin: bool,
    owners: &[i64],
) -> Result<ServerFrame, Fail> {
    check_message(msg)?;
    msg.sender = from.name.to_string();
    msg.time = now;
    msg.seq = 0;
    let mut route = addressing::route(tx, caches, from.app, from.user, msg, admin)?;
    // Only the first elem may carry media; text sends find none and touch no table.
    let media = elems::fill(tx, owners, &mut msg.elems[0])?;
    // A REST send as a user may name the administrator's uploads: the sender, whom the
    // message reaches too, may then download them (a group's, while a member).
    if owners.len() > 1 && !route.ref_users.contains(&0) && !route.ref_users.contains(&from.user) {
        route.ref_users.push(from.user);
    }
    let stored = route.stored && !msg.online_only;

    if !stored {
        return send_unstored(tx, caches, from, req, msg, now, effects, route, &media);
    }

    // A resend of a stored message gets the original ack and is not stored or sent again;
    // a msgID names one message, so one already used for another is refused.
    let dedupe_key = (from.user, std::mem::take(&mut msg.msg_id));
    let original = sent_before(tx, caches, &dedupe_key)?;
    let unstored_before = caches.unstored.get(&dedupe_key).is_some();
    msg.msg_id = dedupe_key.1.clone();
    if let Some(sent) = original {
        if sent.conv != route.conv {
            return Err(Code::InvalidParameters.into());
        }
        return Ok(send_ack(req, msg, sent.seq, sent.time, sent.inbox, false));
    }
    if unstored_before {
        return Err(Code::InvalidParameters.into());
    }
    if !admitted(caches, &route, msg.priority) {
        return Ok(send_ack(req, msg, 0, now, 0, true));
    }
    add_media_refs(tx, &media, &route)?;

    msg.seq = next_seq(tx, caches, route.conv)?;
    let body = serde_json::to_string(&*msg).expect("messages always serialize");
    w::insert_message(
        tx,
        &w::NewMessage {
            conv: route.conv,
            seq: msg.seq,
            sender: from.user,
            msg_id: &msg.msg_id,
            time: now,
            targets: &route.targets,
            body: &body,
        },
    )?;
    let mut to = Vec::with_capacity(route.recipients.len());
    let mut own_inbox = 0;
    for user in route.recipients {
        let n = next_inbox(tx, caches, user)?;
        w::insert_inbox(tx, user, n, route.conv, msg.seq)?;
        if user == from.user {
            own_inbox = n;
        }
        to.push((user, n));
    }
    let sent = w::Sent { conv: route.conv, seq: msg.seq, time: now, inbox: own_inbox };
    caches.sent.insert(dedupe_key, sent);
    outbox.enqueue(tx, msg, from.user, &to)?;
    effects.push(Effect::Deliver { skip_session: from.session, to, body });
    Ok(send_ack(req, msg, msg.seq, now, own_inbox, false))
}

/// Fans out an online-only or AVChatRoom message to whoever is online. Nothing is stored,
/// so its msgID is remembered for a while instead: a resend gets the first ack and reaches
/// nobody again.
#[allow(clippy::too_many_arguments)]
fn send_unstored(
    tx: &Transaction,
    caches: &mut Caches,
    from: &Origin,
    req: u64,
    msg: &Message,
    now: i64,
    effects: &mut Vec<Effect>,
    route: addressing::Route,
    media: &[String],
) -> Result<ServerFrame, Fail> {
    let key = (from.user, msg.msg_id.clone());
    if let Some(first) = caches.unstored.get(&key) {
        if first.conv != route.conv {
            return Err(Code::InvalidParameters.into());
        }
        return Ok(send_ack(req, msg, 0, first.time, 0, first.dropped));
    }
    if sent_before(tx, caches, &key)?.is_some() {
        return Err(Code::InvalidParameters.into());
    }
    let dropped = !admitted(caches, &route, msg.priority);
    // Remembered in the batch's own transaction, so a restart remembers it too.
    w::insert_unstored(tx, from.user, &msg.msg_id, route.conv, now, dropped)?;
    caches.unstored.stage(key, FirstAck { conv: route.conv, time: now, dropped });
    if !dropped {
        add_media_refs(tx, media, &route)?;
        let body = serde_json::to_string(msg).expect("messages always serialize");
        let to = route.recipients.into_iter().map(|u| (u, 0)).collect();
        effects.push(Effect::Deliver { skip_session: from.session, to, body });
    }
    Ok(send_ack(req, msg, 0, now, 0, dropped))
}

/// How the sender's message with this msgID was stored, if it was: in the open batch or
/// before.
fn sent_before(
    tx: &Transaction,
    caches: &Caches,
    key: &(i64, String),
) -> rusqlite::Result<Option<w::Sent>> {
    match caches.sent.get(key) {
        Some(&hit) => Ok(Some(hit)),
        None => w::find_sent(tx, key.0, &key.1),
    }
}

/// Lets the message's audience download the media it names.
fn add_media_refs(
    tx: &Transaction,
    media: &[String],
    route: &addressing::Route,
) -> Result<(), Fail> {
    for uuid in media {
        for &user in &route.ref_users {
            media_store::insert_ref(tx, uuid, route.ref_group, user)?;
        }
    }
    Ok(())
}

/// Whether the group's rate limit lets the message through. Tencent reports success for a
/// message its rate limit dropped; so do we (with `dropped` set).
fn admitted(caches: &mut Caches, route: &addressing::Route, priority: Priority) -> bool {
    match &route.limited {
        Some((grp, group_type)) => {
            caches.admission.admit(*grp, group_type, priority, Instant::now())
        }
        None => true,
    }
}

fn send_ack(
    req: u64,
    msg: &Message,
    seq: u64,
    time: i64,
    inbox: u64,
    dropped: bool,
) -> ServerFrame {
    ServerFrame::SendAck { req, msg_id: msg.msg_id.clone(), seq, time, inbox, dropped }
}

#[allow(clippy::too_many_arguments)]
fn group_create(
    tx: &Transaction,
    caches: &mut Caches,
    from: &Origin,
    group_type: &str,
    group_id: &str,
    name: &str,
    members: &[String],
    now: i64,
) -> Result<String, Fail> {
    if !limits::GROUP_TYPES.contains(&group_type)
        || name.len() > limits::MAX_GROUP_NAME_BYTES
        || members.len() > limits::MAX_INITIAL_MEMBERS
    {
        return Err(Code::GroupInvalidParameters.into());
    }
    let group_id = if group_id.is_empty() {
        loop {
            caches.group_counter += 1;
            let candidate =
                format!("{}{:x}{:x}", limits::ASSIGNED_GROUP_PREFIX, now, caches.group_counter);
            if w::load_group(tx, from.app, &candidate)?.is_none() {
                break candidate;
            }
        }
    } else {
        if !valid_new_group_id(group_id) {
            return Err(Code::GroupInvalidGroupId.into());
        }
        if caches.groups.get(from.app, group_id).is_some()
            || w::load_group(tx, from.app, group_id)?.is_some()
        {
            return Err(Code::GroupIdInUse.into());
        }
        group_id.to_owned()
    };
    let mut ids = vec![from.user];
    for m in members {
        if !valid_user_id(m) {
            return Err(Code::MsgInvalidId.into());
        }
        ids.push(user_id(tx, caches, from.app, m)?);
    }
    let name = if name.is_empty() { group_id.as_str() } else { name };
    let new =
        w::NewGroup { app: from.app, group_id: &group_id, group_type, name, owner: from.user, now };
    let (id, conv) = w::insert_group(tx, &new)?;
    w::insert_member(tx, id, from.user, ROLE_OWNER, now)?;
    for &m in &ids[1..] {
        w::insert_member(tx, id, m, ROLE_MEMBER, now)?;
    }
    ids.sort_unstable();
    ids.dedup();
    let row =
        GroupRow { id, group_type: group_type.to_owned(), owner: from.user, conv, members: ids };
    caches.groups.insert(from.app, group_id.clone(), row);
    Ok(group_id)
}

const ROLE_MEMBER: u32 = 200;
const ROLE_OWNER: u32 = 400;

fn group_join(
    tx: &Transaction,
    caches: &mut Caches,
    from: &Origin,
    group_id: &str,
    now: i64,
) -> Result<(), Fail> {
    let user = from.user;
    let g = group(tx, caches, from.app, group_id)?;
    if g.group_type == "Work" {
        // Work groups take members by invitation only.
        return Err(Code::GroupPermissionDeny.into());
    }
    let Err(at) = g.members.binary_search(&user) else {
        return Err(Code::GroupAlreadyMember.into());
    };
    w::insert_member(tx, g.id, user, ROLE_MEMBER, now)?;
    g.members.insert(at, user);
    Ok(())
}

fn group_quit(
    tx: &Transaction,
    caches: &mut Caches,
    from: &Origin,
    group_id: &str,
) -> Result<(), Fail> {
    let user = from.user;
    let g = group(tx, caches, from.app, group_id)?;
    let Ok(at) = g.members.binary_search(&user) else {
        return Err(Code::GroupPermissionDeny.into());
    };
    if g.owner == user {
        return Err(Code::GroupOwnerCannotQuit.into());
    }
    w::delete_member(tx, g.id, user)?;
    g.members.remove(at);
    Ok(())
}

fn group_dismiss(
    tx: &Transaction,
    caches: &mut Caches,
    from: &Origin,
    group_id: &str,
) -> Result<(), Fail> {
    let g = group(tx, caches, from.app, group_id)?;
    if g.owner != from.user {
        return Err(Code::GroupPermissionDeny.into());
    }
    let id = g.id;
    w::delete_group(tx, id)?;
    caches.admission.forget(id);
    caches.groups.remove(from.app, group_id);
    Ok(())
}

/// Runs a committed batch's effects in order: replies and pushes reach each session's
/// queue in commit order.
fn deliver(hub: &Hub, effects: Vec<Effect>) {
    if effects.is_empty() {
        return;
    }
    hub.with_online(|online| {
        for effect in effects {
            match effect {
                Effect::Reply(tx, f) => tx.send(Outbound::Frame(f)),
                Effect::Login(reply, result) => {
                    let _ = reply.send(result);
                }
                Effect::Done(reply, result) => {
                    let _ = reply.send(result);
                }
                Effect::Added(reply, result) => {
                    let _ = reply.send(result);
                }
                Effect::Deliver { skip_session, to, body } => {
                    // One frame for all the recipients, made once one of them is online.
                    let mut shared = None;
                    for (user, inbox) in to {
                        let Some(sessions) = online.get(&user) else { continue };
                        for s in sessions.iter().filter(|s| s.id != skip_session) {
                            let frame = shared.get_or_insert_with(|| hub.push_frame(&body));
                            s.tx.send(Outbound::Push { inbox, frame: frame.clone() });
                        }
                    }
                }
            }
        }
    });
}
