//! The sequencer: one thread owns the write connection. It takes every write in arrival
//! order, applies a batch of them in one transaction, and only after the commit answers
//! the requests and fans messages out, in the same order. Seqs and log positions are
//! assigned here, inside the commit, so they have no gaps and no repeats.
//!
//! What it decides is split by subject: `sends.rs` (with `addressing.rs`, `media_elem.rs`
//! and `unstored.rs`), `groups.rs`, and the log and logins in `state.rs`, which also keeps
//! what the sequencer knows in memory.

mod addressing;
mod admission;
mod conversations;
mod groups;
mod media_elem;
mod receipts;
mod sends;
mod state;
mod syncer;
mod unstored;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use hark_proto::Code;
use tokio::sync::{mpsc, oneshot};

use self::state::Caches;
use self::syncer::Syncer;
use super::hub::Hub;
use super::notifications::Notifications;
use super::now_secs;
use super::queue::flush::Flush;
use super::queue::{Outbound, SessionTx};
use super::request::{Answer, Op, Outcome};
use crate::config::GroupsConfig;
use crate::store::{self, Batch, Writer};

/// Where a request's answer goes.
#[derive(Debug)]
pub enum ReplyTo {
    /// Into a session's queue, in commit order with the messages it is sent, for its
    /// request numbered `req`.
    Session { tx: SessionTx, req: u64 },
    /// To a caller waiting for it (the REST API, the media API, a login, the push worker).
    Waiting(oneshot::Sender<Outcome>),
    /// Nobody asks.
    Nobody,
}

impl ReplyTo {
    pub fn send(self, outcome: Outcome) {
        match self {
            ReplyTo::Session { tx, req } => tx.send(Outbound::Answer { req, outcome }),
            other => other.send_flushed(outcome, &mut Flush::default()),
        }
    }

    /// Sends `outcome`; a session's answer joins `flush` when a flusher may write it.
    fn send_flushed(self, outcome: Outcome, flush: &mut Flush) {
        match self {
            ReplyTo::Session { tx, req } => {
                tx.send_flushed(Outbound::Answer { req, outcome }, flush)
            }
            ReplyTo::Waiting(w) => {
                let _ = w.send(outcome);
            }
            ReplyTo::Nobody => {}
        }
    }
}

/// A write and where its answer goes.
struct Request {
    op: Op,
    reply: ReplyTo,
}

/// The handle the front doors post writes to. The thread ends when every handle is dropped.
#[derive(Clone)]
pub struct Sequencer {
    tx: mpsc::UnboundedSender<Request>,
}

impl Sequencer {
    /// `sync_wal`: the WAL file to sync after each commit before answering, when the
    /// writer commits without syncing but answers must wait for the disk
    /// (`store.synchronous = "full"`, see `syncer.rs`).
    pub fn start(
        writer: Writer,
        hub: Arc<Hub>,
        max_batch: usize,
        notifications: Notifications,
        groups: &GroupsConfig,
        sync_wal: Option<PathBuf>,
    ) -> (Sequencer, std::thread::JoinHandle<()>) {
        let (group_limits, max_members) =
            (groups.rate_limit.by_type(), groups.max_members.by_type());
        let (tx, rx) = mpsc::unbounded_channel();
        let thread = std::thread::Builder::new()
            .name("harkd-sequencer".into())
            .spawn(move || {
                let syncer = sync_wal.map(|wal| Syncer::start(wal, hub.clone()));
                let caches = Caches::new(&writer, group_limits);
                let mut run =
                    Run { writer, caches, hub: &hub, notifications, syncer: &syncer, max_members };
                run.serve(rx, max_batch);
                if let Some(syncer) = syncer {
                    syncer.stop();
                }
            })
            .expect("spawning the sequencer thread");
        (Sequencer { tx }, thread)
    }

    /// Queues a write whose answer goes to `reply`; false when the server is shutting down.
    pub fn post(&self, op: Op, reply: ReplyTo) -> bool {
        self.tx.send(Request { op, reply }).is_ok()
    }

    /// Queues a write and waits for its answer.
    pub async fn ask(&self, op: Op) -> Outcome {
        let (reply, answer) = oneshot::channel();
        if !self.post(op, ReplyTo::Waiting(reply)) {
            return Err(Code::Internal);
        }
        answer.await.unwrap_or(Err(Code::Internal))
    }
}

/// What to do once a batch has committed.
enum Effect {
    Answer(ReplyTo, Outcome),
    /// Hand the message whose JSON is `body`, at log position `pos` (0: not stored), to
    /// each recipient's online sessions except the one it came from.
    Deliver {
        skip_session: u64,
        to: Vec<i64>,
        pos: u64,
        body: String,
    },
    /// Hand the frame `text` to the user's online sessions except `skip_session`.
    ToUser {
        user: i64,
        skip_session: u64,
        text: String,
    },
}

/// Why one write did not apply: refused (the batch goes on) or the store failed (the
/// batch rolls back).
enum Fail {
    Refused(Code),
    Store(store::Error),
}

impl From<store::Error> for Fail {
    fn from(e: store::Error) -> Self {
        Fail::Store(e)
    }
}
impl From<Code> for Fail {
    fn from(c: Code) -> Self {
        Fail::Refused(c)
    }
}

/// The sequencer thread's state.
struct Run<'a> {
    writer: Writer,
    caches: Caches,
    hub: &'a Hub,
    notifications: Notifications,
    syncer: &'a Option<Syncer>,
    /// The most members a group of each type may have; 0: no limit.
    max_members: HashMap<String, u32>,
}

impl Run<'_> {
    fn serve(&mut self, mut rx: mpsc::UnboundedReceiver<Request>, max_batch: usize) {
        let mut batch = Vec::with_capacity(max_batch);
        while let Some(first) = rx.blocking_recv() {
            batch.push(first);
            while batch.len() < max_batch {
                match rx.try_recv() {
                    Ok(request) => batch.push(request),
                    Err(_) => break,
                }
            }
            let effects = self.apply_batch(&mut batch);
            self.notifications.after_batch();
            match self.syncer {
                Some(syncer) => {
                    // Messages go now; answers once the disk has the batch.
                    let (messages, answers) =
                        effects.into_iter().partition(|e| !matches!(e, Effect::Answer(..)));
                    deliver(self.hub, messages);
                    syncer.after_sync(answers);
                }
                None => deliver(self.hub, effects),
            }
        }
        tracing::info!("sequencer stopped");
    }

    /// Applies every request in one transaction. When the store fails, the batch rolls
    /// back and every request of it is answered with the failure.
    fn apply_batch(&mut self, batch: &mut Vec<Request>) -> Vec<Effect> {
        let now = now_secs();
        let mut effects = Vec::with_capacity(batch.len() * 2);
        let Run { writer, caches, notifications, max_members, .. } = self;
        let result = (|| {
            let tx = writer.batch()?;
            let mut acks: HashMap<i64, u64> = HashMap::new();
            for request in batch.iter_mut() {
                let reply = std::mem::replace(&mut request.reply, ReplyTo::Nobody);
                let mut cx = Apply {
                    tx: &tx,
                    caches,
                    now,
                    effects: &mut effects,
                    notifications,
                    max_members,
                };
                match cx.apply(&mut request.op, &mut acks) {
                    Ok(Some(answer)) => effects.push(Effect::Answer(reply, Ok(answer))),
                    Ok(None) => {}
                    Err(Fail::Refused(code)) => effects.push(Effect::Answer(reply, Err(code))),
                    Err(Fail::Store(e)) => {
                        request.reply = reply;
                        return Err(e);
                    }
                }
            }
            for (user, pos) in &acks {
                tx.set_acked_pos(*user, *pos)?;
            }
            caches.save_moved(&tx)?;
            caches.save_log_end(&tx)?;
            caches.expire_unstored(&tx, now)?;
            tx.commit()
        })();
        caches.end_batch(result.is_ok(), now);
        match result {
            Ok(()) => {
                batch.clear();
                effects
            }
            Err(e) => {
                tracing::error!("store write failed, batch rolled back: {e}");
                // Each request is answered once: those applied before the failure from
                // `effects`, the rest from the batch.
                let mut failed: Vec<Effect> = effects
                    .into_iter()
                    .filter_map(|e| match e {
                        Effect::Answer(reply, _) => {
                            Some(Effect::Answer(reply, Err(Code::Internal)))
                        }
                        Effect::Deliver { .. } | Effect::ToUser { .. } => None,
                    })
                    .collect();
                failed
                    .extend(batch.drain(..).map(|r| Effect::Answer(r.reply, Err(Code::Internal))));
                failed
            }
        }
    }
}

/// One write being applied, inside the batch's transaction.
struct Apply<'a, 't> {
    tx: &'a Batch<'t>,
    caches: &'a mut Caches,
    now: i64,
    effects: &'a mut Vec<Effect>,
    notifications: &'a Notifications,
    max_members: &'a HashMap<String, u32>,
}

impl Apply<'_, '_> {
    /// Applies one write; answers None for a write nobody waits on.
    fn apply(&mut self, op: &mut Op, acks: &mut HashMap<i64, u64>) -> Result<Option<Answer>, Fail> {
        let (tx, now) = (self.tx, self.now);
        let answer = match op {
            Op::Login { app, user, seen } => {
                let (user, position) = self.caches.login(tx, *app, user, *seen, now)?;
                Answer::LoggedIn { user, position }
            }
            Op::RecvAck { user, pos } => {
                let pos = self.caches.ackable(tx, *pos)?;
                let e = acks.entry(*user).or_default();
                *e = (*e).max(pos);
                return Ok(None);
            }
            Op::Upload { change } => {
                tx.apply_upload(change, now)?;
                Answer::Done
            }
            Op::PushSettle { settle } => {
                tx.settle(settle)?;
                Answer::Done
            }
            Op::PushConfig { from, change } => {
                tx.change_token(from.app, from.user, change, now)?;
                Answer::Done
            }
            Op::Send { from, msg } => {
                let owners = [from.user];
                self.send(from, msg, false, &owners)?
            }
            Op::AdminSend { from, msg, admin } => {
                let owners: Vec<i64> = std::iter::once(from.user).chain(*admin).collect();
                self.send(from, msg, true, &owners)?
            }
            Op::Conv { from, conv, change } => self.conv(from, conv, change)?,
            Op::Receipts { from, conv, seqs } => self.receipts(from, conv, seqs)?,
            Op::ImportUsers { app, names } => {
                for name in names.iter() {
                    tx.ensure_user(*app, name, now)?;
                }
                Answer::Done
            }
            Op::GroupAdd { app, group, members } => {
                let caps = self.max_members;
                Answer::Added(groups::add(tx, self.caches, caps, *app, group, members, now)?)
            }
            Op::GroupInvite { from, group, members } => {
                let caps = self.max_members;
                Answer::Added(groups::invite(tx, self.caches, caps, from, group, members, now)?)
            }
            Op::GroupCreate { from, group_type, group, name, members } => {
                let spec = groups::Spec { group_type, group_id: group, name, members };
                let group = groups::create(tx, self.caches, self.max_members, from, &spec, now)?;
                Answer::GroupCreated { group }
            }
            Op::GroupJoin { from, group } => {
                groups::join(tx, self.caches, self.max_members, from, group, now)?;
                Answer::Done
            }
            Op::GroupQuit { from, group } => {
                groups::quit(tx, self.caches, from, group)?;
                Answer::Done
            }
            Op::GroupDismiss { from, group } => {
                groups::dismiss(tx, self.caches, from, group)?;
                Answer::Done
            }
        };
        Ok(Some(answer))
    }
}

/// Runs a committed batch's effects in order: answers and messages reach each session's
/// queue in commit order.
fn deliver(hub: &Hub, effects: Vec<Effect>) {
    if effects.is_empty() {
        return;
    }
    let mut flush = Flush::default();
    hub.with_online(|online| {
        for effect in effects {
            match effect {
                Effect::Answer(reply, outcome) => reply.send_flushed(outcome, &mut flush),
                Effect::Deliver { skip_session, to, pos, body } => {
                    // One frame for all the recipients, made once one of them is online.
                    let mut shared = None;
                    for user in to {
                        let Some(sessions) = online.get(&user) else { continue };
                        for s in sessions.iter().filter(|s| s.id != skip_session) {
                            let frame = shared.get_or_insert_with(|| hub.message_frame(pos, &body));
                            let out = Outbound::Message { pos, frame: frame.clone() };
                            s.tx.send_flushed(out, &mut flush);
                        }
                    }
                }
                Effect::ToUser { user, skip_session, text } => {
                    let Some(sessions) = online.get(&user) else { continue };
                    for s in sessions.iter().filter(|s| s.id != skip_session) {
                        s.tx.send_flushed(Outbound::Frame(text.clone()), &mut flush);
                    }
                }
            }
        }
    });
    hub.flush(flush);
}
