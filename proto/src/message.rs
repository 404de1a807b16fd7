//! A message as it travels and is stored: plain data, its sizes, and the content rules
//! that libhark and harkd both apply through [`Message::check_content`].

use serde::{Deserialize, Serialize};

use crate::{limits, Code};

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
    /// The original first, then the large and thumbnail versions harkd made.
    Image {
        images: Vec<ImageInfo>,
    },
    /// `duration` in seconds.
    Sound {
        uuid: String,
        size: u64,
        duration: u32,
    },
    /// `video_type` is the container's extension ("mp4"); `duration` in seconds.
    Video {
        uuid: String,
        size: u64,
        video_type: String,
        duration: u32,
        snapshot_uuid: String,
        snapshot_size: u64,
        snapshot_width: u32,
        snapshot_height: u32,
    },
    File {
        uuid: String,
        name: String,
        size: u64,
    },
    Location {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        desc: String,
        longitude: f64,
        latitude: f64,
    },
    /// Passed through unchanged (V2TIMFaceElem).
    Face {
        index: u32,
        #[serde(default, with = "bytes_b64")]
        data: Vec<u8>,
    },
}

/// V2TIMImageType, with V2TIM's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageKind {
    Origin,
    Thumb,
    Large,
}

impl ImageKind {
    pub fn v2tim(self) -> i32 {
        match self {
            ImageKind::Origin => 0x01,
            ImageKind::Thumb => 0x02,
            ImageKind::Large => 0x04,
        }
    }
}

/// One stored version of an image.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageInfo {
    pub kind: ImageKind,
    pub uuid: String,
    pub size: u64,
    pub width: u32,
    pub height: u32,
}

impl Elem {
    /// Bytes this elem counts toward the 12 KB body limit: the sum of its fields' lengths.
    /// Numbers count 8 bytes each; media count their ids and names, not the files.
    pub fn body_len(&self) -> usize {
        match self {
            Elem::Text { text } => text.len(),
            Elem::Custom { data, desc, ext } => data.len() + desc.len() + ext.len(),
            Elem::Image { images } => images.iter().map(|i| i.uuid.len() + 8 * 4).sum(),
            Elem::Sound { uuid, .. } => uuid.len() + 16,
            Elem::Video { uuid, video_type, snapshot_uuid, .. } => {
                uuid.len() + video_type.len() + snapshot_uuid.len() + 8 * 5
            }
            Elem::File { uuid, name, .. } => uuid.len() + name.len() + 8,
            Elem::Location { desc, .. } => desc.len() + 16,
            Elem::Face { data, .. } => data.len() + 8,
        }
    }

    /// V2TIMElemType number.
    pub fn v2tim_type(&self) -> i32 {
        match self {
            Elem::Text { .. } => 1,
            Elem::Custom { .. } => 2,
            Elem::Image { .. } => 3,
            Elem::Sound { .. } => 4,
            Elem::Video { .. } => 5,
            Elem::File { .. } => 6,
            Elem::Location { .. } => 7,
            Elem::Face { .. } => 8,
        }
    }

    /// V2TIM's append rule: after the first elem, only these may follow.
    pub fn may_follow(&self) -> bool {
        matches!(
            self,
            Elem::Text { .. } | Elem::Custom { .. } | Elem::Location { .. } | Elem::Face { .. }
        )
    }

    /// V2TIM's rules for the elem's own fields: a location's longitude is in -180..=180 and
    /// its latitude in -90..=90 degrees (NaN is in neither), else 6017. libhark checks an
    /// elem with this when it is made, harkd when a message arrives.
    pub fn check(&self) -> Result<(), Code> {
        match self {
            Elem::Location { longitude, latitude, .. }
                if !(-180.0..=180.0).contains(longitude) || !(-90.0..=90.0).contains(latitude) =>
            {
                Err(Code::InvalidParameters)
            }
            _ => Ok(()),
        }
    }

    /// The uploaded files this elem refers to.
    pub fn media_uuids(&self) -> Vec<&str> {
        match self {
            Elem::Image { images } => images.iter().map(|i| i.uuid.as_str()).collect(),
            Elem::Sound { uuid, .. } | Elem::File { uuid, .. } => vec![uuid],
            Elem::Video { uuid, snapshot_uuid, .. } => vec![uuid, snapshot_uuid],
            _ => Vec::new(),
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
    /// The C2C peer the sender addressed, or the one targeted member of a group message.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub receiver: String,
    /// The members a targeted group message is for (V2TIM's CreateTargetedGroupMessage, at
    /// most 50); only they and the sender see it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
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
    /// V2TIMMessage::needReadReceipt: its readers report when they read it, and its sender
    /// hears how many have (V2TIM's message read receipts).
    #[serde(skip_serializing_if = "is_false")]
    pub need_read_receipt: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push: Option<OfflinePushInfo>,
    pub elems: Vec<Elem>,
}

/// How many of a message's readers have read it (V2TIMMessageReceipt of a message sent with
/// `need_read_receipt`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageReceipt {
    pub msg_id: String,
    /// The conversation: `c2c_<peer>` or `group_<groupID>`, as the sender sees it.
    pub conv: String,
    pub seq: u64,
    pub read_count: u64,
    pub unread_count: u64,
}

impl Message {
    /// Bytes counted toward the 12 KB body limit.
    pub fn body_len(&self) -> usize {
        self.elems.iter().map(Elem::body_len).sum()
    }

    pub fn is_group(&self) -> bool {
        !self.group.is_empty()
    }

    /// The content rules of a message being sent, the same in libhark (before it sends)
    /// and in harkd (for every send, a session's or a REST call's), so the two cannot
    /// drift: at least one elem and only text, custom, location and face elems after the
    /// first (V2TIM's append rule; else 6016), each elem valid ([`Elem::check`]), and the
    /// body at most 12 KB (8001, which harkd answers as 80002).
    pub fn check_content(&self) -> Result<(), Code> {
        let Some((_, rest)) = self.elems.split_first() else {
            return Err(Code::InvalidMsgElem);
        };
        if !rest.iter().all(Elem::may_follow) {
            return Err(Code::InvalidMsgElem);
        }
        self.elems.iter().try_for_each(Elem::check)?;
        if self.body_len() > limits::MAX_BODY_BYTES {
            return Err(Code::MsgBodySizeLimit);
        }
        Ok(())
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
pub(crate) fn is_zero_u64(n: &u64) -> bool {
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

    fn location(longitude: f64, latitude: f64) -> Elem {
        Elem::Location { desc: String::new(), longitude, latitude }
    }

    #[test]
    fn locations_must_be_on_earth() {
        for (lon, lat) in [(180.0, -90.0), (-180.0, 90.0), (0.0, 0.0)] {
            assert_eq!(location(lon, lat).check(), Ok(()), "{lon} {lat}");
        }
        let off = [
            (180.1, 0.0),
            (-200.0, 0.0),
            (0.0, 90.5),
            (0.0, 1e308),
            (f64::NAN, 0.0),
            (0.0, f64::NAN),
            (0.0, f64::INFINITY),
            (f64::NEG_INFINITY, 0.0),
        ];
        for (lon, lat) in off {
            assert_eq!(location(lon, lat).check(), Err(Code::InvalidParameters), "{lon} {lat}");
        }
        assert_eq!(Elem::Text { text: String::new() }.check(), Ok(()));
    }

    #[test]
    fn content_rules() {
        let msg = |elems: Vec<Elem>| Message { elems, ..Default::default() };
        let text = |n: usize| Elem::Text { text: "x".repeat(n) };
        let image = || Elem::Image { images: Vec::new() };
        assert_eq!(msg(vec![]).check_content(), Err(Code::InvalidMsgElem));
        assert_eq!(msg(vec![image(), text(1), location(1.0, 2.0)]).check_content(), Ok(()));
        assert_eq!(msg(vec![text(1), image()]).check_content(), Err(Code::InvalidMsgElem));
        assert_eq!(
            msg(vec![text(1), location(0.0, 1e308)]).check_content(),
            Err(Code::InvalidParameters)
        );
        assert_eq!(msg(vec![text(limits::MAX_BODY_BYTES)]).check_content(), Ok(()));
        assert_eq!(
            msg(vec![text(limits::MAX_BODY_BYTES), text(1)]).check_content(),
            Err(Code::MsgBodySizeLimit)
        );
    }
}
