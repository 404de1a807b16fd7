//! Frames: one JSON object per WebSocket text message, tagged by `t`.
//!
//! Requests carry a client-chosen `req` number; the reply to a request carries the same
//! number. Pushes (`msg`, `kicked`, `sig_expired`) carry none.

use serde::{Deserialize, Serialize};

use crate::conversation::Conversation;
use crate::message::{Message, MessageReceipt};

/// Which conversation a history request reads: exactly one of `user` and `group` is set.
// Frames live briefly, one at a time; boxing the message would cost an allocation per frame.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ClientFrame {
    /// First frame of every session.
    Login {
        req: u64,
        ver: u32,
        sdkappid: u32,
        user: String,
        sig: String,
        /// Tencent's rule: a new login on the same platform kicks the older session.
        #[serde(default)]
        platform: String,
        /// The highest log position this process already has (0 for a new process).
        #[serde(default)]
        pos: u64,
    },
    Logout {
        req: u64,
    },
    Send {
        req: u64,
        msg: Message,
    },
    /// Newest first; `before_seq` (exclusive) pages toward older messages.
    History {
        req: u64,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        user: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        group: String,
        count: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before_seq: Option<u64>,
    },
    /// Every message of this user up to this log position has reached the app; harkd will
    /// not replay it.
    RecvAck {
        pos: u64,
    },
    /// Registers this device for offline push (V2TIM's SetOfflinePushConfig).
    SetPushConfig {
        req: u64,
        business_id: u32,
        token: String,
    },
    /// Stops offline push to this user's registered device(s).
    ClearPushConfig {
        req: u64,
    },
    GroupCreate {
        req: u64,
        group_type: String,
        /// Empty: harkd assigns one.
        #[serde(default)]
        group: String,
        #[serde(default)]
        name: String,
        #[serde(default)]
        members: Vec<String>,
    },
    GroupJoin {
        req: u64,
        group: String,
        #[serde(default)]
        note: String,
    },
    GroupQuit {
        req: u64,
        group: String,
    },
    GroupDismiss {
        req: u64,
        group: String,
    },
    GroupMembers {
        req: u64,
        group: String,
    },
    /// Adds these users to the group (V2TIM's InviteUserToGroup): in a Work group any
    /// member may, in a Community its owner; other types take no invitations.
    GroupInvite {
        req: u64,
        group: String,
        members: Vec<String>,
    },
    /// A page of the user's conversations, pinned first, then newest first (V2TIM's
    /// GetConversationList): those whose `order_key` is below `next` (0: from the top).
    ConvList {
        req: u64,
        #[serde(default)]
        next: u64,
        count: u32,
    },
    /// The named conversations the user has (GetConversation, GetConversationListByIDs).
    ConvGet {
        req: u64,
        ids: Vec<String>,
    },
    /// Marks the conversation read up to its newest message (MarkC2CMessageAsRead,
    /// MarkGroupMessageAsRead); with no `conv`, every conversation (MarkAllMessageAsRead).
    ConvRead {
        req: u64,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        conv: String,
    },
    ConvPin {
        req: u64,
        conv: String,
        pinned: bool,
    },
    /// Takes the conversation off the list, read, until its next message.
    ConvDelete {
        req: u64,
        conv: String,
    },
    /// Sets (or, empty, clears) the conversation's draft.
    ConvDraft {
        req: u64,
        conv: String,
        #[serde(default)]
        draft: String,
    },
    /// The unread messages of every conversation together (GetTotalUnreadMessageCount).
    UnreadTotal {
        req: u64,
    },
    /// The user has read these messages of conversation `conv` (SendMessageReadReceipts):
    /// those sent with `need_read_receipt` count it, and their senders hear it.
    ReadReceipts {
        req: u64,
        conv: String,
        seqs: Vec<u64>,
    },
    /// How many have read these messages of `conv` (GetMessageReadReceipts).
    GetReceipts {
        req: u64,
        conv: String,
        seqs: Vec<u64>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupMember {
    pub user: String,
    /// V2TIMGroupMemberRole: 200 member, 300 admin, 400 owner.
    pub role: u32,
    pub join_time: i64,
}

#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ServerFrame {
    LoginOk {
        req: u64,
        user: String,
        server_time: i64,
        /// When the UserSig expires (seconds since the epoch); harkd sends `sig_expired` then.
        sig_expire_at: i64,
    },
    /// A request failed; `code` is a Tencent error number.
    Error {
        req: u64,
        code: i32,
        desc: String,
    },
    /// A request without a result value succeeded.
    Ok {
        req: u64,
    },
    /// The message is durably stored (or, online-only, handed to the online sessions).
    SendAck {
        req: u64,
        msg_id: String,
        seq: u64,
        time: i64,
        /// The message's log position (0 when it is not stored).
        #[serde(default)]
        pos: u64,
        /// The group's rate limit dropped the message: it was neither stored nor delivered.
        /// Senders still get success, as with Tencent; this flag tells them.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        dropped: bool,
    },
    History {
        req: u64,
        msgs: Vec<Message>,
        /// How far the user has read the conversation (V2TIMMessage::IsRead).
        #[serde(default, skip_serializing_if = "crate::message::is_zero_u64")]
        read_seq: u64,
        /// C2C: how far the peer has read it (IsPeerRead of the user's own messages).
        #[serde(default, skip_serializing_if = "crate::message::is_zero_u64")]
        peer_read_seq: u64,
    },
    GroupCreated {
        req: u64,
        group: String,
    },
    GroupMembers {
        req: u64,
        members: Vec<GroupMember>,
    },
    /// Answers `group_invite`: per user asked, in order, V2TIMGroupMemberResult (0 failed:
    /// no such user, 1 added, 2 a member already).
    MemberResults {
        req: u64,
        results: Vec<u32>,
    },
    /// A new message for this user. `pos`: its position in harkd's log of stored messages,
    /// the same for every recipient; each session gets its messages in increasing `pos`,
    /// with gaps where others' messages are. 0: not stored (online-only, AVChatRoom), never
    /// replayed.
    Msg {
        #[serde(default)]
        pos: u64,
        msg: Message,
    },
    /// A page of conversations; `next` asks for the one after, unless `finished`.
    ConvList {
        req: u64,
        convs: Vec<Conversation>,
        next: u64,
        finished: bool,
    },
    /// Answers `unread_total`.
    UnreadTotal {
        req: u64,
        count: u64,
    },
    /// Answers `get_receipts`: one per message asked that was sent with
    /// `need_read_receipt`.
    Receipts {
        req: u64,
        receipts: Vec<MessageReceipt>,
    },
    /// To a sender: more readers have read its messages (OnRecvMessageReadReceipts).
    ReceiptsChanged {
        receipts: Vec<MessageReceipt>,
    },
    /// The user's conversations as they are after a change made on one of its sessions
    /// (read, pinned, deleted, draft): pushed to its other sessions.
    ConvChanged {
        convs: Vec<Conversation>,
    },
    /// Conversations a change on another of the user's sessions took off its list
    /// (`conv_delete`).
    ConvDeleted {
        ids: Vec<String>,
    },
    /// C2C read receipt (V2TIM's OnRecvC2CReadReceipt): `user` has read this user's
    /// conversation with it up to `read_seq`, at `time`.
    C2cRead {
        user: String,
        read_seq: u64,
        time: i64,
    },
    /// Another login of the same user on the same platform replaced this session.
    Kicked {},
    /// The session's UserSig expired; the session ends.
    SigExpired {},
}

impl ServerFrame {
    pub fn error(req: u64, code: crate::Code) -> ServerFrame {
        ServerFrame::Error { req, code: code as i32, desc: code.description().to_owned() }
    }

    /// The request this frame answers; None for a push.
    pub fn req(&self) -> Option<u64> {
        match self {
            ServerFrame::LoginOk { req, .. }
            | ServerFrame::Error { req, .. }
            | ServerFrame::Ok { req }
            | ServerFrame::SendAck { req, .. }
            | ServerFrame::History { req, .. }
            | ServerFrame::GroupCreated { req, .. }
            | ServerFrame::GroupMembers { req, .. }
            | ServerFrame::MemberResults { req, .. }
            | ServerFrame::ConvList { req, .. }
            | ServerFrame::UnreadTotal { req, .. }
            | ServerFrame::Receipts { req, .. } => Some(*req),
            ServerFrame::Msg { .. }
            | ServerFrame::ConvChanged { .. }
            | ServerFrame::ConvDeleted { .. }
            | ServerFrame::ReceiptsChanged { .. }
            | ServerFrame::C2cRead { .. }
            | ServerFrame::Kicked {}
            | ServerFrame::SigExpired {} => None,
        }
    }
}

/// Frames built around stored message JSON, which is spliced in rather than parsed and
/// encoded again: harkd stores a message's body as the JSON it sends. Each equals what
/// serde makes of the matching [`ServerFrame`].
pub mod spliced {
    use std::fmt::Write;

    /// The `msg` frame of the message whose JSON is `body`, at log position `pos`: the same
    /// bytes for every recipient.
    pub fn message(pos: u64, body: &str) -> String {
        let mut f = String::with_capacity(body.len() + 40);
        let _ = write!(f, r#"{{"t":"msg","pos":{pos},"msg":{body}}}"#);
        f
    }

    /// The `history` frame answering request `req` with the messages whose JSON is `bodies`
    /// and the read positions `(read_seq, peer_read_seq)`.
    pub fn history(req: u64, bodies: &[String], (read_seq, peer_read_seq): (u64, u64)) -> String {
        let mut f = String::with_capacity(80 + bodies.iter().map(|b| b.len() + 1).sum::<usize>());
        let _ = write!(f, r#"{{"t":"history","req":{req},"msgs":["#);
        for (i, b) in bodies.iter().enumerate() {
            if i > 0 {
                f.push(',');
            }
            f.push_str(b);
        }
        f.push(']');
        if read_seq > 0 {
            let _ = write!(f, r#","read_seq":{read_seq}"#);
        }
        if peer_read_seq > 0 {
            let _ = write!(f, r#","peer_read_seq":{peer_read_seq}"#);
        }
        f.push('}');
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_stable() {
        let f = ClientFrame::RecvAck { pos: 3 };
        assert_eq!(serde_json::to_string(&f).unwrap(), r#"{"t":"recv_ack","pos":3}"#);
        let s = ServerFrame::Kicked {};
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"t":"kicked"}"#);
        let back: ServerFrame = serde_json::from_str(r#"{"t":"kicked"}"#).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn spliced_frames_are_what_serde_makes() {
        let msg = crate::Message {
            msg_id: "m".into(),
            elems: vec![crate::Elem::Text { text: "é \"x\"".into() }],
            ..crate::Message::default()
        };
        let body = serde_json::to_string(&msg).unwrap();
        for pos in [0, 1, 9, 10, 99, 12345, u64::MAX] {
            let want = serde_json::to_string(&ServerFrame::Msg { pos, msg: msg.clone() }).unwrap();
            assert_eq!(spliced::message(pos, &body), want);
        }
        for bodies in [vec![], vec![body.clone()], vec![body.clone(), body.clone()]] {
            for (read_seq, peer_read_seq) in [(0, 0), (3, 0), (0, 4), (12, 11)] {
                let msgs = bodies.iter().map(|_| msg.clone()).collect();
                let frame = ServerFrame::History { req: 7, msgs, read_seq, peer_read_seq };
                let want = serde_json::to_string(&frame).unwrap();
                assert_eq!(spliced::history(7, &bodies, (read_seq, peer_read_seq)), want);
            }
        }
    }
}
