//! Tencent's REST message fields: `MsgBody` elems and `OfflinePushInfo`, turned into
//! Hark's. Media elems (TIMImageElem, TIMSoundElem, TIMFileElem, TIMVideoFileElem) name a
//! file uploaded to harkd by its `UUID` (harkd fetches no URL); their URL and size fields
//! are ignored: the sequencer checks the uploads and fills sizes and dimensions in, as for
//! a session's send (`media::elems::fill`). Only the first elem may be one.

use hark_proto::{Elem, ImageInfo, ImageKind, OfflinePushInfo};
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

/// TIMImageElem: `ImageFormat` and `ImageInfoArray` are ignored; harkd lists the versions.
#[derive(Deserialize)]
struct Image {
    #[serde(rename = "UUID")]
    uuid: String,
}

#[derive(Deserialize)]
struct Sound {
    #[serde(rename = "UUID")]
    uuid: String,
    #[serde(rename = "Second", default)]
    second: u32,
}

#[derive(Deserialize)]
struct File {
    #[serde(rename = "UUID")]
    uuid: String,
    #[serde(rename = "FileName", default)]
    file_name: String,
}

#[derive(Deserialize)]
struct Video {
    #[serde(rename = "VideoUUID")]
    uuid: String,
    #[serde(rename = "VideoSecond", default)]
    second: u32,
    #[serde(rename = "VideoFormat", default)]
    format: String,
    #[serde(rename = "ThumbUUID")]
    thumb_uuid: String,
}

/// The elems of a MsgBody; None when it is empty, holds an elem harkd does not take, or
/// has a media elem past the first.
pub fn elems(body: Vec<RestElem>) -> Option<Vec<Elem>> {
    if body.is_empty() {
        return None;
    }
    let elems: Vec<Elem> = body.into_iter().map(elem).collect::<Option<_>>()?;
    elems[1..].iter().all(Elem::may_follow).then_some(elems)
}

/// A uuid as given, refused when empty.
fn uuid(u: String) -> Option<String> {
    (!u.is_empty()).then_some(u)
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
        "TIMImageElem" => {
            let x: Image = serde_json::from_value(c).ok()?;
            let uuid = uuid(x.uuid)?;
            let origin = ImageInfo { kind: ImageKind::Origin, uuid, size: 0, width: 0, height: 0 };
            Elem::Image { images: vec![origin] }
        }
        "TIMSoundElem" => {
            let x: Sound = serde_json::from_value(c).ok()?;
            Elem::Sound { uuid: uuid(x.uuid)?, size: 0, duration: x.second }
        }
        "TIMFileElem" => {
            let x: File = serde_json::from_value(c).ok()?;
            Elem::File { uuid: uuid(x.uuid)?, name: x.file_name, size: 0 }
        }
        "TIMVideoFileElem" => {
            let x: Video = serde_json::from_value(c).ok()?;
            Elem::Video {
                uuid: uuid(x.uuid)?,
                size: 0,
                video_type: x.format,
                duration: x.second,
                snapshot_uuid: uuid(x.thumb_uuid)?,
                snapshot_size: 0,
                snapshot_width: 0,
                snapshot_height: 0,
            }
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
    fn media_elems_name_uploads_by_uuid_and_ignore_urls_and_sizes() {
        let got = parse(
            r#"[{"MsgType":"TIMImageElem","MsgContent":{"UUID":"i","ImageFormat":1,
                 "ImageInfoArray":[{"Type":1,"Size":9,"Width":9,"Height":9,"URL":"http://x/i"}]}},
                {"MsgType":"TIMTextElem","MsgContent":{"Text":"caption"}}]"#,
        )
        .unwrap();
        let origin =
            ImageInfo { kind: ImageKind::Origin, uuid: "i".into(), size: 0, width: 0, height: 0 };
        assert_eq!(
            got,
            vec![Elem::Image { images: vec![origin] }, Elem::Text { text: "caption".into() }]
        );
        let one = |json: &str| parse(json).unwrap().remove(0);
        assert_eq!(
            one(
                r#"[{"MsgType":"TIMSoundElem","MsgContent":{"UUID":"s","Second":3,"Size":9,"Url":"u"}}]"#
            ),
            Elem::Sound { uuid: "s".into(), size: 0, duration: 3 }
        );
        assert_eq!(
            one(
                r#"[{"MsgType":"TIMFileElem","MsgContent":{"UUID":"f","FileName":"a.pdf","FileSize":9}}]"#
            ),
            Elem::File { uuid: "f".into(), name: "a.pdf".into(), size: 0 }
        );
        assert_eq!(
            one(r#"[{"MsgType":"TIMVideoFileElem","MsgContent":{"VideoUUID":"v","VideoSecond":5,
                     "VideoFormat":"mp4","VideoSize":9,"ThumbUUID":"t","ThumbWidth":9}}]"#),
            Elem::Video {
                uuid: "v".into(),
                size: 0,
                video_type: "mp4".into(),
                duration: 5,
                snapshot_uuid: "t".into(),
                snapshot_size: 0,
                snapshot_width: 0,
                snapshot_height: 0,
            }
        );
    }

    #[test]
    fn unknown_malformed_and_misplaced_elems_are_refused() {
        assert!(parse("[]").is_none());
        assert!(parse(r#"[{"MsgType":"TIMImageElem","MsgContent":{"UUID":""}}]"#).is_none());
        assert!(parse(r#"[{"MsgType":"TIMImageElem","MsgContent":{"URL":"http://x"}}]"#).is_none());
        assert!(
            parse(r#"[{"MsgType":"TIMVideoFileElem","MsgContent":{"VideoUUID":"v"}}]"#).is_none()
        );
        assert!(parse(
            r#"[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}},
                {"MsgType":"TIMFileElem","MsgContent":{"UUID":"f"}}]"#
        )
        .is_none());
        assert!(parse(r#"[{"MsgType":"TIMVideoElem","MsgContent":{}}]"#).is_none());
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
