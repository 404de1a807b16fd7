//! Conversations as a user's list shows them (V2TIMConversation), and their ids.

use serde::{Deserialize, Serialize};

use crate::message::Message;

/// V2TIMConversationType: one-to-one.
pub const C2C: u32 = 1;
/// V2TIMConversationType: a group.
pub const GROUP: u32 = 2;

/// The most conversations one `conv_list` page holds (V2TIM pages by 100).
pub const MAX_PAGE: u32 = 100;
/// The longest draft harkd keeps, in bytes.
pub const MAX_DRAFT_BYTES: usize = 8 << 10;
/// `order_key`'s bit for a pinned conversation: pinned ones come first.
pub const PINNED_ORDER: u64 = 1 << 62;

/// One conversation of the user's list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Conversation {
    /// `c2c_<userID>` or `group_<groupID>`.
    pub id: String,
    /// [`C2C`] or [`GROUP`].
    #[serde(rename = "type")]
    pub conv_type: u32,
    /// The peer of a C2C conversation.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group_type: String,
    /// The group's name, or the peer's id.
    pub name: String,
    /// Messages after the user's read position that count: not the user's own, not
    /// targeted, not sent while it was out of the group.
    pub unread: u64,
    /// The newest message the user sees, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<Message>,
    /// The list's order, newest first: the last message's log position, with
    /// [`PINNED_ORDER`] added for a pinned conversation.
    pub order_key: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub draft: String,
    /// The user has read up to this seq.
    pub read_seq: u64,
    /// C2C: the peer has read up to this seq (V2TIMMessage::IsPeerRead of the user's own
    /// messages up to it).
    #[serde(skip_serializing_if = "is_zero")]
    pub peer_read_seq: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A conversation id, parsed: `c2c_<userID>` or `group_<groupID>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConvId<'a> {
    C2c(&'a str),
    Group(&'a str),
}

impl<'a> ConvId<'a> {
    pub fn parse(id: &'a str) -> Option<ConvId<'a>> {
        if let Some(user) = id.strip_prefix("c2c_") {
            return crate::limits::valid_user_id(user).then_some(ConvId::C2c(user));
        }
        let group = id.strip_prefix("group_")?;
        crate::limits::valid_group_id(group).then_some(ConvId::Group(group))
    }
}

pub fn c2c_id(user: &str) -> String {
    format!("c2c_{user}")
}

pub fn group_id(group: &str) -> String {
    format!("group_{group}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_as_v2tim_writes_them() {
        assert_eq!(ConvId::parse("c2c_bob"), Some(ConvId::C2c("bob")));
        assert_eq!(ConvId::parse("group_@TGS#1x"), Some(ConvId::Group("@TGS#1x")));
        assert_eq!(ConvId::parse(&c2c_id("a_b")), Some(ConvId::C2c("a_b")));
        for bad in ["", "bob", "c2c_", "group_", "C2C_bob", "user_bob"] {
            assert_eq!(ConvId::parse(bad), None, "{bad}");
        }
    }
}
