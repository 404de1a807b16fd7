//! What API calls ask of the engine.

use hark_proto::{ClientFrame, GroupMember, MessageReceipt};

use crate::conversation::{ConvChange, ConvPage, Conversation};
use crate::dispatch::{Progress, Reply};
use crate::error::Failure;
use crate::group::NewGroup;
use crate::media::download::Download;
use crate::message::{Message, Outgoing};

pub enum Command {
    Login {
        user: String,
        sig: String,
        reply: Reply<()>,
    },
    Logout(Reply<()>),
    /// Anything that needs a logged-in session.
    Request(Request),
    /// A media download; needs a session to start, not to go on.
    Download(Download),
    /// Whether any conversation listener is registered.
    WatchConversations(bool),
}

pub enum Request {
    /// Boxed: a message is large, and the box travels on into the outbox. Progress is
    /// reported while its files upload.
    Send {
        outgoing: Box<Outgoing>,
        reply: Reply<Message>,
        progress: Option<Progress<u32>>,
    },
    History {
        user: String,
        group: String,
        count: u32,
        before_seq: Option<u64>,
        reply: Reply<Vec<Message>>,
    },
    CreateGroup {
        group: NewGroup,
        reply: Reply<String>,
    },
    JoinGroup {
        group: String,
        note: String,
        reply: Reply<()>,
    },
    QuitGroup {
        group: String,
        reply: Reply<()>,
    },
    DismissGroup {
        group: String,
        reply: Reply<()>,
    },
    GroupMembers {
        group: String,
        reply: Reply<Vec<GroupMember>>,
    },
    /// Answers each user with its V2TIMGroupMemberResult.
    InviteToGroup {
        group: String,
        members: Vec<String>,
        reply: Reply<Vec<(String, u32)>>,
    },
    SetPushConfig {
        config: PushConfig,
        reply: Reply<()>,
    },
    ClearPushConfig(Reply<()>),
    /// A page of the conversation list, after `next` (0: from the top).
    ConvList {
        next: u64,
        count: u32,
        reply: Reply<ConvPage>,
    },
    /// The named conversations, one per id in order (empty ones where the user has none).
    ConvGet {
        ids: Vec<String>,
        reply: Reply<Vec<Conversation>>,
    },
    ConvChange {
        change: ConvChange,
        reply: Reply<()>,
    },
    UnreadTotal(Reply<u64>),
    /// The user has read these messages of conversation `conv` (SendMessageReadReceipts).
    SendReceipts {
        conv: String,
        seqs: Vec<u64>,
        reply: Reply<()>,
    },
    /// How many have read these messages of `conv` (GetMessageReadReceipts).
    GetReceipts {
        conv: String,
        seqs: Vec<u64>,
        reply: Reply<Vec<MessageReceipt>>,
    },
}

/// A device's push registration: the app's push certificate id and the device token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushConfig {
    pub business_id: u32,
    pub token: String,
}

impl PushConfig {
    pub fn frame(&self, req: u64) -> ClientFrame {
        ClientFrame::SetPushConfig { req, business_id: self.business_id, token: self.token.clone() }
    }
}

/// Frames are plain data (strings, numbers, byte vectors as base64), which always serialize.
pub fn encode(frame: &ClientFrame) -> String {
    serde_json::to_string(frame).expect("client frames always serialize")
}

impl Request {
    /// Whether it may wait for a reconnect (see [`Pending::survives_loss`]).
    pub fn waits_for_reconnect(&self) -> bool {
        match self {
            Request::Send { outgoing, .. } => !outgoing.wire.online_only,
            Request::History { .. }
            | Request::GroupMembers { .. }
            | Request::ConvList { .. }
            | Request::ConvGet { .. }
            | Request::UnreadTotal(_)
            | Request::GetReceipts { .. } => true,
            _ => false,
        }
    }

    pub fn fail(self, failure: Failure) {
        match self {
            Request::Send { outgoing, reply, .. } => {
                outgoing.track.failed();
                reply.fail(failure);
            }
            Request::History { reply, .. } => reply.fail(failure),
            Request::CreateGroup { reply, .. } => reply.fail(failure),
            Request::JoinGroup { reply, .. }
            | Request::QuitGroup { reply, .. }
            | Request::DismissGroup { reply, .. }
            | Request::SetPushConfig { reply, .. }
            | Request::ClearPushConfig(reply)
            | Request::ConvChange { reply, .. }
            | Request::SendReceipts { reply, .. } => reply.fail(failure),
            Request::GetReceipts { reply, .. } => reply.fail(failure),
            Request::InviteToGroup { reply, .. } => reply.fail(failure),
            Request::GroupMembers { reply, .. } => reply.fail(failure),
            Request::ConvList { reply, .. } => reply.fail(failure),
            Request::ConvGet { reply, .. } => reply.fail(failure),
            Request::UnreadTotal(reply) => reply.fail(failure),
        }
    }
}
