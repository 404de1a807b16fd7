//! Requests sent to harkd and not answered yet, keyed by their `req` number, with the deadline
//! after which each one fails with 9520; and how each request becomes its frame.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use hark_proto::{ClientFrame, GroupMember, MessageReceipt};
use tokio::time::Instant;

use crate::conversation::{ConvChange, ConvPage, Conversation};
use crate::dispatch::{ConvEvent, Event, Reply};
use crate::error::Failure;
use crate::message::{Message, Outgoing};

use super::command::{encode, PushConfig, Request};

/// What waits for an answer, by the kind of answer it expects.
pub enum Pending {
    /// `None`: a login the engine makes by itself to reconnect.
    Login(Option<Reply<()>>),
    Logout(Reply<()>),
    /// Keeps the message so the success callback can hand back the final one.
    Send {
        outgoing: Box<Outgoing>,
        reply: Reply<Message>,
    },
    /// Reads keep their frame: they are asked again after a reconnect.
    Read {
        frame: String,
        reply: ReadReply,
    },
    /// Answered by a plain `ok`.
    Done(Reply<()>),
    GroupCreated(Reply<String>),
    /// An invitation of `members`, answered per user.
    Invited {
        members: Vec<String>,
        reply: Reply<Vec<(String, u32)>>,
    },
    /// A conversation change, answered by `ok`; the conversation it changed (`None`: all
    /// of them) is read again for the conversation listeners.
    ConvChanged {
        conv: Option<String>,
        reply: Reply<()>,
    },
    /// A page of the list the engine reads for the conversation listeners after a login;
    /// failing, it tells them the sync failed.
    SyncPage(SyncFailed),
    /// Conversations the engine reads again for the conversation listeners.
    ConvRefresh(Vec<String>),
    /// A push registration (`Some`) or its removal (`None`), answered by `ok`; no reply when
    /// the engine registers again by itself after a login.
    PushConfig {
        config: Option<PushConfig>,
        reply: Option<Reply<()>>,
    },
}

/// What waits for the answer to a read.
pub enum ReadReply {
    History(Reply<Vec<Message>>),
    Members(Reply<Vec<GroupMember>>),
    ConvPage(Reply<ConvPage>),
    /// One conversation per id asked, in order.
    Convs {
        ids: Vec<String>,
        reply: Reply<Vec<Conversation>>,
    },
    UnreadTotal(Reply<u64>),
    Receipts(Reply<Vec<MessageReceipt>>),
}

impl ReadReply {
    pub fn fail(self, failure: Failure) {
        match self {
            ReadReply::History(reply) => reply.fail(failure),
            ReadReply::Members(reply) => reply.fail(failure),
            ReadReply::ConvPage(reply) => reply.fail(failure),
            ReadReply::Convs { reply, .. } => reply.fail(failure),
            ReadReply::UnreadTotal(reply) => reply.fail(failure),
            ReadReply::Receipts(reply) => reply.fail(failure),
        }
    }
}

/// Tells the conversation listeners that a sync failed, when the page it waits for does.
pub struct SyncFailed(pub std::sync::mpsc::Sender<Event>);

impl Pending {
    pub fn fail(self, failure: Failure) {
        match self {
            Pending::Login(reply) => {
                if let Some(reply) = reply {
                    reply.fail(failure);
                }
            }
            Pending::Logout(reply) | Pending::Done(reply) => reply.fail(failure),
            Pending::Send { outgoing, reply } => {
                outgoing.track.failed();
                reply.fail(failure);
            }
            Pending::Read { reply, .. } => reply.fail(failure),
            Pending::GroupCreated(reply) => reply.fail(failure),
            Pending::ConvChanged { reply, .. } => reply.fail(failure),
            Pending::Invited { reply, .. } => reply.fail(failure),
            Pending::SyncPage(SyncFailed(events)) => {
                let _ = events.send(Event::Conv(ConvEvent::SyncFailed));
            }
            Pending::ConvRefresh(_) => {}
            Pending::PushConfig { reply, .. } => {
                if let Some(reply) = reply {
                    reply.fail(failure);
                }
            }
        }
    }

    /// Whether it waits through a reconnect and goes out again: sends (harkd answers a resent
    /// msgID with the original ack and delivers it once, online-only ones included) and
    /// reads. Group changes are not idempotent: those fail instead.
    pub fn survives_loss(&self) -> bool {
        matches!(self, Pending::Send { .. } | Pending::Read { .. })
    }

    /// The frame that asks again under the same `req`, for one that survives a loss.
    fn frame(&self, req: u64) -> Option<String> {
        match self {
            Pending::Send { outgoing, .. } => {
                Some(encode(&ClientFrame::Send { req, msg: outgoing.wire.clone() }))
            }
            Pending::Read { frame, .. } => Some(frame.clone()),
            _ => None,
        }
    }
}

impl Pending {
    /// The frame that asks `request` under `req`, and what waits for its answer.
    pub fn request(request: Request, req: u64) -> (String, Pending) {
        match request {
            Request::Send { mut outgoing, reply, .. } => {
                let frame = ClientFrame::Send { req, msg: std::mem::take(&mut outgoing.wire) };
                let text = encode(&frame);
                let ClientFrame::Send { msg, .. } = frame else { unreachable!("built just above") };
                outgoing.wire = msg;
                (text, Pending::Send { outgoing, reply })
            }
            Request::History { user, group, count, before_seq, reply } => Pending::read(
                ClientFrame::History { req, user, group, count, before_seq },
                ReadReply::History(reply),
            ),
            Request::CreateGroup { group, reply } => (
                encode(&ClientFrame::GroupCreate {
                    req,
                    group_type: group.group_type,
                    group: group.group_id,
                    name: group.name,
                    members: group.members,
                }),
                Pending::GroupCreated(reply),
            ),
            Request::JoinGroup { group, note, reply } => {
                (encode(&ClientFrame::GroupJoin { req, group, note }), Pending::Done(reply))
            }
            Request::QuitGroup { group, reply } => {
                (encode(&ClientFrame::GroupQuit { req, group }), Pending::Done(reply))
            }
            Request::DismissGroup { group, reply } => {
                (encode(&ClientFrame::GroupDismiss { req, group }), Pending::Done(reply))
            }
            Request::GroupMembers { group, reply } => {
                Pending::read(ClientFrame::GroupMembers { req, group }, ReadReply::Members(reply))
            }
            Request::SetPushConfig { config, reply } => (
                encode(&config.frame(req)),
                Pending::PushConfig { config: Some(config), reply: Some(reply) },
            ),
            Request::ClearPushConfig(reply) => (
                encode(&ClientFrame::ClearPushConfig { req }),
                Pending::PushConfig { config: None, reply: Some(reply) },
            ),
            Request::ConvList { next, count, reply } => Pending::read(
                ClientFrame::ConvList { req, next, count },
                ReadReply::ConvPage(reply),
            ),
            Request::ConvGet { ids, reply } => Pending::read(
                ClientFrame::ConvGet { req, ids: ids.clone() },
                ReadReply::Convs { ids, reply },
            ),
            Request::UnreadTotal(reply) => {
                Pending::read(ClientFrame::UnreadTotal { req }, ReadReply::UnreadTotal(reply))
            }
            Request::InviteToGroup { group, members, reply } => (
                encode(&ClientFrame::GroupInvite { req, group, members: members.clone() }),
                Pending::Invited { members, reply },
            ),
            Request::SendReceipts { conv, seqs, reply } => {
                (encode(&ClientFrame::ReadReceipts { req, conv, seqs }), Pending::Done(reply))
            }
            Request::GetReceipts { conv, seqs, reply } => Pending::read(
                ClientFrame::GetReceipts { req, conv, seqs },
                ReadReply::Receipts(reply),
            ),
            Request::ConvChange { change, reply } => {
                let (frame, conv) = change_frame(req, change);
                (encode(&frame), Pending::ConvChanged { conv, reply })
            }
        }
    }

    fn read(frame: ClientFrame, reply: ReadReply) -> (String, Pending) {
        let frame = encode(&frame);
        (frame.clone(), Pending::Read { frame, reply })
    }
}

/// The frame that asks for `change`, and the conversation it changes (`None`: every one).
fn change_frame(req: u64, change: ConvChange) -> (ClientFrame, Option<String>) {
    match change {
        ConvChange::Read(None) => (ClientFrame::ConvRead { req, conv: String::new() }, None),
        ConvChange::Read(Some(conv)) => {
            (ClientFrame::ConvRead { req, conv: conv.clone() }, Some(conv))
        }
        ConvChange::Pin(conv, pinned) => {
            (ClientFrame::ConvPin { req, conv: conv.clone(), pinned }, Some(conv))
        }
        ConvChange::Delete(conv) => {
            (ClientFrame::ConvDelete { req, conv: conv.clone() }, Some(conv))
        }
        ConvChange::Draft(conv, draft) => {
            (ClientFrame::ConvDraft { req, conv: conv.clone(), draft }, Some(conv))
        }
    }
}

pub struct Outbox {
    waiting: HashMap<u64, Pending>,
    /// Every request has the same timeout, so deadlines are in request order; answered
    /// requests are dropped from the front lazily.
    deadlines: VecDeque<(Instant, u64)>,
    next_req: u64,
    timeout: Duration,
}

impl Outbox {
    pub fn new(timeout: Duration) -> Outbox {
        Outbox { waiting: HashMap::new(), deadlines: VecDeque::new(), next_req: 1, timeout }
    }

    pub fn next_req(&mut self) -> u64 {
        let req = self.next_req;
        self.next_req += 1;
        req
    }

    pub fn insert(&mut self, req: u64, pending: Pending) {
        self.waiting.insert(req, pending);
        self.deadlines.push_back((Instant::now() + self.timeout, req));
    }

    pub fn is_waiting(&self, req: u64) -> bool {
        self.waiting.contains_key(&req)
    }

    pub fn take(&mut self, req: u64) -> Option<Pending> {
        self.waiting.remove(&req)
    }

    /// When the oldest unanswered request times out.
    pub fn next_deadline(&mut self) -> Option<Instant> {
        while let Some(&(deadline, req)) = self.deadlines.front() {
            if self.waiting.contains_key(&req) {
                return Some(deadline);
            }
            self.deadlines.pop_front();
        }
        None
    }

    /// Removes and returns every request whose deadline has passed, oldest first.
    pub fn take_expired(&mut self, now: Instant) -> Vec<Pending> {
        let mut expired = Vec::new();
        while let Some(&(deadline, req)) = self.deadlines.front() {
            if deadline > now {
                break;
            }
            self.deadlines.pop_front();
            expired.extend(self.waiting.remove(&req));
        }
        expired
    }

    /// The connection was lost: removes and returns, oldest first, what does not survive it.
    pub fn take_lost(&mut self) -> Vec<Pending> {
        let mut lost: Vec<u64> =
            self.waiting.iter().filter(|(_, p)| !p.survives_loss()).map(|(&req, _)| req).collect();
        lost.sort_unstable();
        lost.into_iter().filter_map(|req| self.waiting.remove(&req)).collect()
    }

    /// The msgIDs of the sends waiting for an answer.
    pub fn send_ids(&self) -> impl Iterator<Item = &str> {
        self.waiting.values().filter_map(|p| match p {
            Pending::Send { outgoing, .. } => Some(outgoing.wire.msg_id.as_str()),
            _ => None,
        })
    }

    /// The frames of everything waiting, oldest first, to write on a new connection: what was
    /// in flight when the last one broke and what was asked while there was none.
    pub fn resend_frames(&self) -> Vec<String> {
        let mut reqs: Vec<u64> = self.waiting.keys().copied().collect();
        reqs.sort_unstable();
        reqs.into_iter().filter_map(|req| self.waiting[&req].frame(req)).collect()
    }

    /// Removes and returns everything, oldest first.
    pub fn take_all(&mut self) -> Vec<Pending> {
        self.deadlines.clear();
        let mut all: Vec<(u64, Pending)> = self.waiting.drain().collect();
        all.sort_unstable_by_key(|(req, _)| *req);
        all.into_iter().map(|(_, pending)| pending).collect()
    }
}
