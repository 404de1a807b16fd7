//! What the front doors ask of the core, and what it answers: typed values, one answer
//! path. Each front door encodes answers its own way (a frame, a REST body, HTTP).

use std::sync::Arc;

use crate::store::files::UploadChange;
use crate::store::push::{Settle, TokenChange};
use hark_proto::{Code, Message};

/// Who a write comes from.
#[derive(Clone, Debug)]
pub struct Origin {
    /// The session, whose other sessions get the message but not itself; 0 for none (a
    /// REST send: every session of the user gets it).
    pub session: u64,
    /// The app (SDKAppID) the user belongs to: the names a write gives are looked up in it.
    pub app: u32,
    pub user: i64,
    pub name: Arc<str>,
}

// Sends dominate the queue, so the enum is sized for them.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Op {
    /// Creates the user on first login; answers [`Answer::LoggedIn`]. `seen`: the highest
    /// log position the client says it has.
    Login {
        app: u32,
        user: String,
        seen: u64,
    },
    /// Answers [`Answer::Sent`].
    Send {
        from: Origin,
        msg: Message,
    },
    /// A send from the REST API, as the administrator or as a user it names; the sender
    /// need not be a member of the group (Tencent's app admin may send anywhere). `admin`:
    /// the administrator's user id, whose uploads the message may name besides the
    /// sender's; None when the message names no media.
    AdminSend {
        from: Origin,
        msg: Message,
        admin: Option<i64>,
    },
    /// A change to one of the user's conversations (`conv`, a V2TIM conversation id; empty
    /// with [`ConvChange::Read`]: all of them); answers [`Answer::Done`] and shows the
    /// conversations as they are now to the user's other sessions.
    Conv {
        from: Origin,
        conv: String,
        change: ConvChange,
    },
    /// The user has read these messages of conversation `conv` (a V2TIM conversation id);
    /// those that want receipts count it and their senders hear it. Answers
    /// [`Answer::Done`].
    Receipts {
        from: Origin,
        conv: String,
        seqs: Vec<u64>,
    },
    /// REST account import: makes the accounts that do not exist yet, as their first
    /// login would; answers [`Answer::Done`].
    ImportUsers {
        app: u32,
        names: Vec<String>,
    },
    /// REST add_group_member: the administrator adds accounts to a group; answers
    /// [`Answer::Added`].
    GroupAdd {
        app: u32,
        group: String,
        members: Vec<String>,
    },
    /// A member invites users to the group (V2TIM's InviteUserToGroup); answers
    /// [`Answer::Added`].
    GroupInvite {
        from: Origin,
        group: String,
        members: Vec<String>,
    },
    /// Answers nothing.
    RecvAck {
        user: i64,
        pos: u64,
    },
    /// Answers [`Answer::GroupCreated`].
    GroupCreate {
        from: Origin,
        group_type: String,
        group: String,
        name: String,
        members: Vec<String>,
    },
    GroupJoin {
        from: Origin,
        group: String,
    },
    GroupQuit {
        from: Origin,
        group: String,
    },
    GroupDismiss {
        from: Origin,
        group: String,
    },
    /// Upload bookkeeping from the media API.
    Upload {
        change: UploadChange,
    },
    /// Registers or clears the user's push tokens.
    PushConfig {
        from: Origin,
        change: TokenChange,
    },
    /// The push worker's deliveries: rows to delete and to reschedule.
    PushSettle {
        settle: Settle,
    },
}

/// What adding one account did, with the numbers of Tencent's `MemberList[].Result`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    /// An unknown account.
    Failed = 0,
    Added = 1,
    AlreadyMember = 2,
}

/// A request's result, once its batch is committed (and, with `store.synchronous =
/// "full"`, on disk).
/// What [`Op::Conv`] changes.
#[derive(Debug)]
pub enum ConvChange {
    Read,
    Pin(bool),
    Delete,
    Draft(String),
}

#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    /// The user's id, and the log position after which its catch-up starts.
    LoggedIn {
        user: i64,
        position: u64,
    },
    /// The message is stored (or, unstored, handed to the online sessions). `pos`: its log
    /// position, 0 when it is not stored; `dropped`: the group's rate
    /// limit dropped it (the sender still gets success, as with Tencent).
    Sent {
        msg_id: String,
        seq: u64,
        time: i64,
        pos: u64,
        dropped: bool,
    },
    GroupCreated {
        group: String,
    },
    /// One result per account asked for, in order.
    Added(Vec<Added>),
    /// Done, with nothing to tell.
    Done,
}

pub type Outcome = Result<Answer, Code>;
