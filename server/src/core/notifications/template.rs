//! The notification JSON: who it is for, the title and text, and V2TIM's platform fields.

use hark_proto::{Elem, Message, OfflinePushInfo};
use serde::Serialize;

/// Default push text of a text message: its first characters.
const TEXT_DESC_CHARS: usize = 100;

/// What every notification of one message shares; `render` adds the device.
pub struct Template<'m> {
    msg: &'m Message,
    /// The message's push info with the defaults filled in.
    info: OfflinePushInfo,
}

#[derive(Serialize)]
struct Notification<'a> {
    /// The app the receiver belongs to: a gateway serving several apps picks its
    /// credentials by it.
    sdkappid: u32,
    token: &'a str,
    business_id: u32,
    receiver: &'a str,
    sender: &'a str,
    group: &'a str,
    msg_id: &'a str,
    seq: u64,
    time: i64,
    title: &'a str,
    desc: &'a str,
    ext: &'a str,
    ios: Ios<'a>,
    android: Android<'a>,
}

#[derive(Serialize)]
struct Ios<'a> {
    sound: &'a str,
    ignore_badge: bool,
    push_type: i32,
}

#[derive(Serialize)]
struct Android<'a> {
    sound: &'a str,
    oppo_channel_id: &'a str,
    fcm_channel_id: &'a str,
    xiaomi_channel_id: &'a str,
    vivo_classification: i32,
    huawei_category: &'a str,
}

impl<'m> Template<'m> {
    /// None when the message does not push: online-only, push disabled, or a custom
    /// message without a desc (V2TIM pushes custom messages only with one).
    pub fn new(msg: &'m Message) -> Option<Template<'m>> {
        let mut info = msg.push.clone().unwrap_or_default();
        if msg.online_only || info.disable_push {
            return None;
        }
        let first = msg.elems.first()?;
        if info.desc.is_empty() {
            info.desc = default_desc(first);
        }
        if let Elem::Custom { ext, .. } = first {
            if info.desc.is_empty() {
                return None;
            }
            if info.ext.is_empty() {
                info.ext.clone_from(ext);
            }
        }
        if info.title.is_empty() {
            info.title.clone_from(if msg.is_group() { &msg.group } else { &msg.sender });
        }
        Some(Template { msg, info })
    }

    pub fn render(&self, sdkappid: u32, receiver: &str, business_id: u32, token: &str) -> String {
        let (m, i) = (self.msg, &self.info);
        let n = Notification {
            sdkappid,
            token,
            business_id,
            receiver,
            sender: &m.sender,
            group: &m.group,
            msg_id: &m.msg_id,
            seq: m.seq,
            time: m.time,
            title: &i.title,
            desc: &i.desc,
            ext: &i.ext,
            ios: Ios {
                sound: &i.ios_sound,
                ignore_badge: i.ignore_ios_badge,
                push_type: i.ios_push_type,
            },
            android: Android {
                sound: &i.android_sound,
                oppo_channel_id: &i.android_oppo_channel_id,
                fcm_channel_id: &i.android_fcm_channel_id,
                xiaomi_channel_id: &i.android_xiaomi_channel_id,
                vivo_classification: i.android_vivo_classification,
                huawei_category: &i.android_huawei_category,
            },
        };
        serde_json::to_string(&n).expect("notifications always serialize")
    }
}

/// Tencent's offline push text for a message without `desc`, from its first elem.
fn default_desc(first: &Elem) -> String {
    match first {
        Elem::Text { text } => text.chars().take(TEXT_DESC_CHARS).collect(),
        Elem::Custom { desc, .. } => desc.clone(),
        Elem::Image { .. } => "[Image]".into(),
        Elem::Sound { .. } => "[Voice]".into(),
        Elem::Video { .. } => "[Video]".into(),
        Elem::File { .. } => "[File]".into(),
        Elem::Location { .. } => "[Location]".into(),
        Elem::Face { .. } => "[Face]".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(elems: Vec<Elem>, push: Option<OfflinePushInfo>) -> Message {
        Message { msg_id: "m".into(), sender: "alice".into(), elems, push, ..Default::default() }
    }

    fn desc(m: &Message) -> Option<String> {
        Template::new(m).map(|t| t.info.desc)
    }

    #[test]
    fn default_text_is_tencents() {
        let long = "é".repeat(150);
        let cut = desc(&msg(vec![Elem::Text { text: long }], None)).unwrap();
        assert_eq!(cut.chars().count(), 100);
        let loc = Elem::Location { desc: "x".into(), longitude: 1.0, latitude: 2.0 };
        assert_eq!(desc(&msg(vec![loc], None)).unwrap(), "[Location]");
        let face = Elem::Face { index: 1, data: vec![] };
        assert_eq!(desc(&msg(vec![face], None)).unwrap(), "[Face]");
        let file = Elem::File { uuid: "u".into(), name: "n".into(), size: 1 };
        assert_eq!(desc(&msg(vec![file], None)).unwrap(), "[File]");
    }

    #[test]
    fn custom_pushes_only_with_a_desc() {
        let custom = |desc: &str| Elem::Custom { data: vec![1], desc: desc.into(), ext: "".into() };
        assert!(desc(&msg(vec![custom("")], None)).is_none());
        assert_eq!(desc(&msg(vec![custom("elem")], None)).unwrap(), "elem");
        let info = OfflinePushInfo { desc: "info".into(), ..Default::default() };
        assert_eq!(desc(&msg(vec![custom("")], Some(info))).unwrap(), "info");
    }

    #[test]
    fn disabled_and_online_only_never_push() {
        let text = || vec![Elem::Text { text: "t".into() }];
        let off = OfflinePushInfo { disable_push: true, ..Default::default() };
        assert!(Template::new(&msg(text(), Some(off))).is_none());
        let mut m = msg(text(), None);
        m.online_only = true;
        assert!(Template::new(&m).is_none());
    }

    #[test]
    fn title_defaults_to_the_sender_or_group() {
        let mut m = msg(vec![Elem::Text { text: "t".into() }], None);
        assert_eq!(Template::new(&m).unwrap().info.title, "alice");
        m.group = "g1".into();
        assert_eq!(Template::new(&m).unwrap().info.title, "g1");
    }
}
