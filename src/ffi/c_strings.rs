//! NUL-terminated copies of a message's strings, made the first time C asks for them.
//!
//! Received messages are only converted when the app reads a field, so the receive path does
//! not pay for strings nobody looks at. `OnceLock` keeps concurrent readers of one `const`
//! handle safe; any mutation of the message through its handle starts a fresh cache.

use std::ffi::{CStr, CString};
use std::sync::OnceLock;

use hark_proto::{Elem, OfflinePushInfo};

use crate::message::LocalFile;

/// A C copy of `s`, cut at the first NUL: what C would see of it anyway, and never a panic.
pub fn to_c_string(s: &str) -> CString {
    let end = s.find('\0').unwrap_or(s.len());
    CString::new(&s.as_bytes()[..end]).unwrap_or_default()
}

/// A stored file's id and its download URL (`""` until it has an id and the server is known).
#[derive(Clone, Debug)]
pub struct MediaCStrings {
    pub uuid: CString,
    pub url: CString,
}

impl MediaCStrings {
    fn of(uuid: &str, ctx: &ElemContext<'_>) -> MediaCStrings {
        let url = match ctx.media_base {
            Some(base) if !uuid.is_empty() => to_c_string(&media_url(base, uuid)),
            _ => CString::default(),
        };
        MediaCStrings { uuid: to_c_string(uuid), url }
    }
}

/// Where harkd serves a stored file.
fn media_url(base: &str, uuid: &str) -> String {
    format!("{base}{}/{uuid}", hark_proto::media::MEDIA_PATH)
}

/// What elem strings depend on besides the elem.
pub struct ElemContext<'a> {
    /// The sender's files behind the first elem; empty on others' messages.
    pub files: &'a [LocalFile],
    /// The server's HTTP base, once known.
    pub media_base: Option<&'a str>,
}

impl ElemContext<'_> {
    fn path(&self, index: usize) -> CString {
        self.files.get(index).map_or_else(CString::default, |f| to_c_string(&f.path))
    }
}

/// The C strings of one elem.
#[derive(Clone, Debug)]
pub enum ElemCStrings {
    Text(CString),
    Custom {
        desc: CString,
        ext: CString,
    },
    /// The images in the elem's order.
    Image {
        path: CString,
        images: Vec<MediaCStrings>,
    },
    Sound {
        path: CString,
        sound: MediaCStrings,
    },
    Video {
        video_path: CString,
        snapshot_path: CString,
        video_type: CString,
        video: MediaCStrings,
        snapshot: MediaCStrings,
    },
    File {
        path: CString,
        name: CString,
        file: MediaCStrings,
    },
    Location {
        desc: CString,
    },
    /// Face data is bytes, read from the elem itself.
    Face,
}

impl ElemCStrings {
    /// `ctx.files` belong to the first elem only; the caller passes none for the others.
    fn of(elem: &Elem, ctx: &ElemContext<'_>) -> ElemCStrings {
        match elem {
            Elem::Text { text } => ElemCStrings::Text(to_c_string(text)),
            Elem::Custom { desc, ext, .. } => {
                ElemCStrings::Custom { desc: to_c_string(desc), ext: to_c_string(ext) }
            }
            Elem::Image { images } => ElemCStrings::Image {
                path: ctx.path(0),
                images: images.iter().map(|i| MediaCStrings::of(&i.uuid, ctx)).collect(),
            },
            Elem::Sound { uuid, .. } => {
                ElemCStrings::Sound { path: ctx.path(0), sound: MediaCStrings::of(uuid, ctx) }
            }
            Elem::Video { uuid, video_type, snapshot_uuid, .. } => ElemCStrings::Video {
                video_path: ctx.path(0),
                snapshot_path: ctx.path(1),
                video_type: to_c_string(video_type),
                video: MediaCStrings::of(uuid, ctx),
                snapshot: MediaCStrings::of(snapshot_uuid, ctx),
            },
            Elem::File { uuid, name, .. } => ElemCStrings::File {
                path: ctx.path(0),
                name: to_c_string(name),
                file: MediaCStrings::of(uuid, ctx),
            },
            Elem::Location { desc, .. } => ElemCStrings::Location { desc: to_c_string(desc) },
            Elem::Face { .. } => ElemCStrings::Face,
        }
    }
}

/// The string fields of V2TIMOfflinePushInfo, as C strings.
#[derive(Clone, Debug)]
pub struct PushCStrings {
    pub title: CString,
    pub desc: CString,
    pub ext: CString,
    pub ios_sound: CString,
    pub android_sound: CString,
    pub android_oppo_channel_id: CString,
    pub android_fcm_channel_id: CString,
    pub android_xiaomi_channel_id: CString,
    pub android_huawei_category: CString,
}

impl PushCStrings {
    fn of(push: &OfflinePushInfo) -> PushCStrings {
        PushCStrings {
            title: to_c_string(&push.title),
            desc: to_c_string(&push.desc),
            ext: to_c_string(&push.ext),
            ios_sound: to_c_string(&push.ios_sound),
            android_sound: to_c_string(&push.android_sound),
            android_oppo_channel_id: to_c_string(&push.android_oppo_channel_id),
            android_fcm_channel_id: to_c_string(&push.android_fcm_channel_id),
            android_xiaomi_channel_id: to_c_string(&push.android_xiaomi_channel_id),
            android_huawei_category: to_c_string(&push.android_huawei_category),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct CStrings {
    msg_id: OnceLock<CString>,
    sender: OnceLock<CString>,
    user_id: OnceLock<CString>,
    group_id: OnceLock<CString>,
    elems: OnceLock<Vec<ElemCStrings>>,
    /// The elems as completed after their upload (see `SendTrack`), cached apart so strings
    /// read before the upload stay valid.
    uploaded: OnceLock<Vec<ElemCStrings>>,
    push: OnceLock<PushCStrings>,
    targets: OnceLock<Vec<CString>>,
}

impl CStrings {
    pub fn msg_id(&self, s: &str) -> &CStr {
        self.msg_id.get_or_init(|| to_c_string(s))
    }

    pub fn sender(&self, s: &str) -> &CStr {
        self.sender.get_or_init(|| to_c_string(s))
    }

    pub fn user_id(&self, s: &str) -> &CStr {
        self.user_id.get_or_init(|| to_c_string(s))
    }

    pub fn group_id(&self, s: &str) -> &CStr {
        self.group_id.get_or_init(|| to_c_string(s))
    }

    pub fn elem(
        &self,
        elems: &[Elem],
        uploaded: bool,
        ctx: &ElemContext<'_>,
        index: usize,
    ) -> Option<&ElemCStrings> {
        let cache = if uploaded { &self.uploaded } else { &self.elems };
        cache
            .get_or_init(|| {
                let rest = ElemContext { files: &[], media_base: ctx.media_base };
                let ctx_of = |i: usize| if i == 0 { ctx } else { &rest };
                elems.iter().enumerate().map(|(i, e)| ElemCStrings::of(e, ctx_of(i))).collect()
            })
            .get(index)
    }

    pub fn push(&self, push: &OfflinePushInfo) -> &PushCStrings {
        self.push.get_or_init(|| PushCStrings::of(push))
    }

    pub fn targets(&self, targets: &[String]) -> &[CString] {
        self.targets.get_or_init(|| targets.iter().map(|t| to_c_string(t)).collect())
    }
}

#[cfg(test)]
mod tests {
    use hark_proto::media::MediaKind;
    use hark_proto::Elem;

    use crate::message::LocalFile;

    use super::{to_c_string, CStrings, ElemCStrings, ElemContext};

    #[test]
    fn interior_nul_cuts_instead_of_failing() {
        assert_eq!(to_c_string("ab\0cd").to_bytes(), b"ab");
        assert_eq!(to_c_string("").to_bytes(), b"");
        assert_eq!(to_c_string("héllo").to_bytes(), "héllo".as_bytes());
    }

    const NO_CONTEXT: ElemContext<'static> = ElemContext { files: &[], media_base: None };

    #[test]
    fn elem_strings_are_cached_per_index() {
        let cache = CStrings::default();
        let elems = vec![
            Elem::Text { text: "hi".into() },
            Elem::Custom { data: vec![1], desc: "d".into(), ext: "e\0x".into() },
        ];
        match cache.elem(&elems, false, &NO_CONTEXT, 1) {
            Some(ElemCStrings::Custom { desc, ext }) => {
                assert_eq!(desc.to_bytes(), b"d");
                assert_eq!(ext.to_bytes(), b"e");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            cache.elem(&elems, false, &NO_CONTEXT, 0),
            Some(ElemCStrings::Text(t)) if t.to_bytes() == b"hi"
        ));
        assert!(cache.elem(&elems, false, &NO_CONTEXT, 2).is_none());
    }

    #[test]
    fn media_strings_have_paths_on_the_first_elem_and_urls_once_stored() {
        let cache = CStrings::default();
        let files = [LocalFile { path: "/tmp/a.mp3".into(), kind: MediaKind::Sound }];
        let ctx = ElemContext { files: &files, media_base: Some("http://h:1") };
        let elems = vec![
            Elem::Sound { uuid: "u1".into(), size: 3, duration: 1 },
            Elem::File { uuid: String::new(), name: "n".into(), size: 1 },
        ];
        let Some(ElemCStrings::Sound { path, sound }) = cache.elem(&elems, false, &ctx, 0) else {
            panic!("a sound elem")
        };
        assert_eq!(path.to_bytes(), b"/tmp/a.mp3");
        assert_eq!(sound.url.to_bytes(), b"http://h:1/v1/media/u1");
        let Some(ElemCStrings::File { path, file, .. }) = cache.elem(&elems, false, &ctx, 1) else {
            panic!("a file elem")
        };
        assert_eq!((path.to_bytes(), file.url.to_bytes()), (&b""[..], &b""[..]));
    }
}
