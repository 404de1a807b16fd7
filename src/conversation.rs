//! Conversations as the app sees them (V2TIMConversation): harkd's summary, with its last
//! message as a client-side message.

use std::sync::Arc;

use hark_proto::conversation::{self as wire_conv, ConvId};

use crate::message::Message;

#[derive(Debug)]
pub struct Conversation {
    /// harkd's summary; its `last` is moved out into [`Conversation::last`].
    pub wire: wire_conv::Conversation,
    pub last: Option<Message>,
}

impl Conversation {
    /// A conversation from harkd for user `me`.
    pub fn received(mut wire: wire_conv::Conversation, me: &str, base: &Arc<str>) -> Conversation {
        let (read_seq, peer_read_seq) = (wire.read_seq, wire.peer_read_seq);
        let last = wire
            .last
            .take()
            .map(|m| Message::received(m, me, base).with_read_marks(read_seq, peer_read_seq));
        Conversation { wire, last }
    }

    /// The conversation `id` names when the user has none there yet (V2TIM's GetConversation
    /// of a peer or group it never talked with): no messages, nothing unread.
    pub fn empty(id: &str) -> Option<Conversation> {
        let mut wire = wire_conv::Conversation { id: id.to_owned(), ..Default::default() };
        match ConvId::parse(id)? {
            ConvId::C2c(user) => {
                wire.conv_type = wire_conv::C2C;
                wire.user = user.to_owned();
                wire.name = user.to_owned();
            }
            ConvId::Group(group) => {
                wire.conv_type = wire_conv::GROUP;
                wire.group = group.to_owned();
                wire.name = group.to_owned();
            }
        }
        Some(Conversation { wire, last: None })
    }

    pub fn id(&self) -> &str {
        &self.wire.id
    }

    pub fn unread(&self) -> u64 {
        self.wire.unread
    }

    /// A copy the app owns.
    pub fn snapshot(&self) -> Conversation {
        Conversation { wire: self.wire.clone(), last: self.last.as_ref().map(Message::snapshot) }
    }
}

/// A page of the conversation list (V2TIMConversationResult).
#[derive(Debug)]
pub struct ConvPage {
    pub convs: Vec<Conversation>,
    /// Asks for the page after this one.
    pub next_seq: u64,
    pub finished: bool,
}

/// A C2C read receipt (V2TIMMessageReceipt): `user` read this user's messages to it up to
/// `read_seq`, at `time`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub user: String,
    pub read_seq: u64,
    pub time: i64,
}

/// A change to one conversation of the user's list.
pub enum ConvChange {
    /// Everything up to its newest message is read; `None`: every conversation.
    Read(Option<String>),
    Pin(String, bool),
    Delete(String),
    /// Empty clears the draft.
    Draft(String, String),
}
