//! Tencent's REST message fields: `MsgBody` elems and `OfflinePushInfo`, turned into
//! Hark's. Media elems (TIMImageElem, TIMSoundElem, TIMFileElem, TIMVideoFileElem) name
//! files by URL, which harkd does not fetch; they are refused.

use hark_proto::{Elem, OfflinePushInfo};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct RestElem {
    #[serde(rename = "MsgType")]
    kind: String,
    #[serde(rename = "MsgContent", default)]
    content: serde_json::Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Text {
    text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", default)]
#[derive(Default)]
struct Custom {
    data: String,
    desc: String,
    ext: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Location {
    #[serde(default)]
    desc: String,
    latitude: f64,
    longitude: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Face {
    index: u32,
    #[serde(default)]
    data: String,
}

/// The elems of a MsgBody; None when it is empty or holds an elem harkd does not take.
pub fn elems(body: Vec<RestElem>) -> Option<Vec<Elem>> {
    if body.is_empty() {
        return None;
    }
    body.into_iter().map(elem).collect()
}

fn elem(e: RestElem) -> Option<Elem> {
    let c = e.content;
    Some(match e.kind.as_str() {
        "TIMTextElem" => Elem::Text { text: serde_json::from_value::<Text>(c).ok()?.text },
        "TIMCustomElem" => {
            let x: Custom = serde_json::from_value(c).ok()?;
            Elem::Custom { data: x.data.into_bytes(), desc: x.desc, ext: x.ext }
        }
        "TIMLocationElem" => {
            let x: Location = serde_json::from_value(c).ok()?;
            Elem::Location { desc: x.desc, longitude: x.longitude, latitude: x.latitude }
        }
        "TIMFaceElem" => {
            let x: Face = serde_json::from_value(c).ok()?;
            Elem::Face { index: x.index, data: x.data.into_bytes() }
        }
        _ => return None,
    })
}

/// Tencent's `OfflinePushInfo`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RestPush {
    /// 0 push, 1 no push.
    push_flag: i32,
    title: String,
    desc: String,
    ext: String,
    apns_info: Apns,
    android_info: Android,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct Apns {
    sound: String,
    /// 1: the push does not count toward the app's badge.
    badge_mode: i32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Android {
    #[serde(rename = "Sound")]
    sound: String,
    #[serde(rename = "OPPOChannelID")]
    oppo_channel_id: String,
    #[serde(rename = "GoogleChannelID")]
    fcm_channel_id: String,
    #[serde(rename = "XiaoMiChannelID")]
    xiaomi_channel_id: String,
    #[serde(rename = "VIVOClassification")]
    vivo_classification: i32,
    #[serde(rename = "HuaWeiCategory")]
    huawei_category: String,
}

impl RestPush {
    pub fn into_push(self) -> OfflinePushInfo {
        OfflinePushInfo {
            title: self.title,
            desc: self.desc,
            ext: self.ext,
            disable_push: self.push_flag == 1,
            ios_sound: self.apns_info.sound,
            ignore_ios_badge: self.apns_info.badge_mode == 1,
            ios_push_type: 0,
            android_sound: self.android_info.sound,
            android_oppo_channel_id: self.android_info.oppo_channel_id,
            android_fcm_channel_id: self.android_info.fcm_channel_id,
            android_xiaomi_channel_id: self.android_info.xiaomi_channel_id,
            android_vivo_classification: self.android_info.vivo_classification,
            android_huawei_category: self.android_info.huawei_category,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Option<Vec<Elem>> {
        elems(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn tencent_elems_become_harks() {
        let got = parse(
            r#"[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}},
                {"MsgType":"TIMCustomElem","MsgContent":{"Data":"d","Desc":"s","Ext":"e","Sound":"x"}},
                {"MsgType":"TIMLocationElem","MsgContent":{"Desc":"here","Latitude":1.5,"Longitude":2.5}},
                {"MsgType":"TIMFaceElem","MsgContent":{"Index":3,"Data":"f"}}]"#,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                Elem::Text { text: "hi".into() },
                Elem::Custom { data: b"d".to_vec(), desc: "s".into(), ext: "e".into() },
                Elem::Location { desc: "here".into(), longitude: 2.5, latitude: 1.5 },
                Elem::Face { index: 3, data: b"f".to_vec() },
            ]
        );
    }

    #[test]
    fn media_unknown_and_malformed_elems_are_refused() {
        assert!(parse("[]").is_none());
        assert!(parse(r#"[{"MsgType":"TIMImageElem","MsgContent":{"UUID":"x"}}]"#).is_none());
        assert!(parse(r#"[{"MsgType":"TIMTextElem","MsgContent":{"Txt":"x"}}]"#).is_none());
        assert!(parse(r#"[{"MsgType":"TIMFaceElem","MsgContent":{"Index":-1}}]"#).is_none());
    }

    #[test]
    fn push_info_maps_tencents_fields() {
        let p: RestPush = serde_json::from_str(
            r#"{"PushFlag":1,"Title":"t","Desc":"d","Ext":"e","ApnsInfo":{"Sound":"a.caf","BadgeMode":1},
                "AndroidInfo":{"Sound":"b","OPPOChannelID":"o","GoogleChannelID":"g"}}"#,
        )
        .unwrap();
        let p = p.into_push();
        assert!(p.disable_push && p.ignore_ios_badge);
        assert_eq!((p.title.as_str(), p.ios_sound.as_str()), ("t", "a.caf"));
        assert_eq!((p.android_sound.as_str(), p.android_fcm_channel_id.as_str()), ("b", "g"));
    }
}
