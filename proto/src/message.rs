//! A message as it travels and is stored: plain data, no behaviour beyond sizes.

use serde::{Deserialize, Serialize};

/// V2TIMMessagePriority, with V2TIM's numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    #[default]
    Default,
    High,
    Normal,
    Low,
}

impl Priority {
    pub fn from_v2tim(n: i32) -> Option<Priority> {
        Some(match n {
            0 => Priority::Default,
            1 => Priority::High,
            2 => Priority::Normal,
            3 => Priority::Low,
            _ => return None,
        })
    }

    pub fn v2tim(self) -> i32 {
        match self {
            Priority::Default => 0,
            Priority::High => 1,
            Priority::Normal => 2,
            Priority::Low => 3,
        }
    }
}

/// One element of a message body (V2TIMElem and its subclasses).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Elem {
    Text {
        text: String,
    },
    Custom {
        #[serde(with = "bytes_b64")]
        data: Vec<u8>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        desc: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        ext: String,
    },
}

impl Elem {
    /// Bytes this elem counts toward the 12 KB body limit: the sum of its fields' lengths.
    pub fn body_len(&self) -> usize {
        match self {
            Elem::Text { text } => text.len(),
            Elem::Custom { data, desc, ext } => data.len() + desc.len() + ext.len(),
        }
    }

    /// V2TIMElemType number.
    pub fn v2tim_type(&self) -> i32 {
        match self {
            Elem::Text { .. } => 1,
            Elem::Custom { .. } => 2,
        }
    }
}

/// V2TIMOfflinePushInfo. Carried and stored with the message; push delivery uses it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfflinePushInfo {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub desc: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ext: String,
    #[serde(skip_serializing_if = "is_false")]
    pub disable_push: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ios_sound: String,
    #[serde(skip_serializing_if = "is_false")]
    pub ignore_ios_badge: bool,
    #[serde(skip_serializing_if = "is_zero")]
    pub ios_push_type: i32,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub android_sound: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub android_oppo_channel_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub android_fcm_channel_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub android_xiaomi_channel_id: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub android_vivo_classification: i32,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub android_huawei_category: String,
}

/// A message on the wire. Clients leave `sender`, `seq` and `time` empty when sending;
/// harkd fills them in (the sender always from the authenticated session).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Message {
    pub msg_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sender: String,
    /// The C2C peer the sender addressed, or the targeted member of a group message.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub receiver: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group: String,
    /// Per-conversation sequence number assigned by harkd in the durable commit.
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub seq: u64,
    /// Server time in seconds since the Unix epoch.
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub time: i64,
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub random: u32,
    pub priority: Priority,
    #[serde(skip_serializing_if = "is_false")]
    pub online_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push: Option<OfflinePushInfo>,
    pub elems: Vec<Elem>,
}

impl Message {
    /// Bytes counted toward the 12 KB body limit.
    pub fn body_len(&self) -> usize {
        self.elems.iter().map(Elem::body_len).sum()
    }

    pub fn is_group(&self) -> bool {
        !self.group.is_empty()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_zero(n: &i32) -> bool {
    *n == 0
}
fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}
fn is_zero_u64(n: &u64) -> bool {
    *n == 0
}
fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

mod bytes_b64 {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        STANDARD.decode(s.as_bytes()).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_bytes_survive_json() {
        let m = Message {
            msg_id: "m1".into(),
            elems: vec![
                Elem::Custom { data: vec![0, 1, 255], desc: "d".into(), ext: String::new() },
                Elem::Text { text: "héllo".into() },
            ],
            ..Default::default()
        };
        let json = serde_json::to_string(&m).unwrap();
        let back: Message = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert_eq!(m.body_len(), 3 + 1 + "héllo".len());
    }
}
