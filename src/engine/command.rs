//! What API calls ask of the engine, and how each request becomes a frame.

use hark_proto::{ClientFrame, GroupMember};

use crate::dispatch::{Progress, Reply};
use crate::error::Failure;
use crate::group::NewGroup;
use crate::media::download::Download;
use crate::message::{Message, Outgoing};

use super::outbox::Pending;
use super::push_config::PushConfig;

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
    SetPushConfig {
        config: PushConfig,
        reply: Reply<()>,
    },
    ClearPushConfig(Reply<()>),
}

/// Frames are plain data (strings, numbers, byte vectors as base64), which always serialize.
pub fn encode(frame: &ClientFrame) -> String {
    serde_json::to_string(frame).expect("client frames always serialize")
}

impl Request {
    /// The frame to write and what waits for its answer.
    pub fn encode(self, req: u64) -> (String, Pending) {
        match self {
            Request::Send { mut outgoing, reply, .. } => {
                let frame = ClientFrame::Send { req, msg: std::mem::take(&mut outgoing.wire) };
                let text = encode(&frame);
                let ClientFrame::Send { msg, .. } = frame else { unreachable!("built just above") };
                outgoing.wire = msg;
                (text, Pending::Send { outgoing, reply })
            }
            Request::History { user, group, count, before_seq, reply } => {
                let frame = encode(&ClientFrame::History { req, user, group, count, before_seq });
                (frame.clone(), Pending::History { frame, reply })
            }
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
                let frame = encode(&ClientFrame::GroupMembers { req, group });
                (frame.clone(), Pending::Members { frame, reply })
            }
            Request::SetPushConfig { config, reply } => (
                encode(&config.frame(req)),
                Pending::PushConfig { config: Some(config), reply: Some(reply) },
            ),
            Request::ClearPushConfig(reply) => (
                encode(&ClientFrame::ClearPushConfig { req }),
                Pending::PushConfig { config: None, reply: Some(reply) },
            ),
        }
    }

    /// Whether it may wait for a reconnect (see [`Pending::survives_loss`]).
    pub fn waits_for_reconnect(&self) -> bool {
        match self {
            Request::Send { outgoing, .. } => !outgoing.wire.online_only,
            Request::History { .. } | Request::GroupMembers { .. } => true,
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
            | Request::ClearPushConfig(reply) => reply.fail(failure),
            Request::GroupMembers { reply, .. } => reply.fail(failure),
        }
    }
}
