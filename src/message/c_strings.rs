//! NUL-terminated copies of a message's strings, made the first time C asks for them.
//!
//! Received messages are only converted when the app reads a field, so the receive path does
//! not pay for strings nobody looks at. `OnceLock` keeps concurrent readers of one `const`
//! handle safe; any mutation of the message starts a fresh cache.

use std::ffi::{CStr, CString};
use std::sync::OnceLock;

use hark_proto::{Elem, OfflinePushInfo};

/// A C copy of `s`, cut at the first NUL: what C would see of it anyway, and never a panic.
pub fn to_c_string(s: &str) -> CString {
    let end = s.find('\0').unwrap_or(s.len());
    CString::new(&s.as_bytes()[..end]).unwrap_or_default()
}

/// The C strings of one elem.
#[derive(Clone, Debug)]
pub enum ElemCStrings {
    Text(CString),
    Custom { desc: CString, ext: CString },
}

impl ElemCStrings {
    fn of(elem: &Elem) -> ElemCStrings {
        match elem {
            Elem::Text { text } => ElemCStrings::Text(to_c_string(text)),
            Elem::Custom { desc, ext, .. } => {
                ElemCStrings::Custom { desc: to_c_string(desc), ext: to_c_string(ext) }
            }
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
    push: OnceLock<PushCStrings>,
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

    pub fn elem(&self, elems: &[Elem], index: usize) -> Option<&ElemCStrings> {
        self.elems.get_or_init(|| elems.iter().map(ElemCStrings::of).collect()).get(index)
    }

    pub fn push(&self, push: &OfflinePushInfo) -> &PushCStrings {
        self.push.get_or_init(|| PushCStrings::of(push))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interior_nul_cuts_instead_of_failing() {
        assert_eq!(to_c_string("ab\0cd").to_bytes(), b"ab");
        assert_eq!(to_c_string("").to_bytes(), b"");
        assert_eq!(to_c_string("héllo").to_bytes(), "héllo".as_bytes());
    }

    #[test]
    fn elem_strings_are_cached_per_index() {
        let cache = CStrings::default();
        let elems = vec![
            Elem::Text { text: "hi".into() },
            Elem::Custom { data: vec![1], desc: "d".into(), ext: "e\0x".into() },
        ];
        match cache.elem(&elems, 1) {
            Some(ElemCStrings::Custom { desc, ext }) => {
                assert_eq!(desc.to_bytes(), b"d");
                assert_eq!(ext.to_bytes(), b"e");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(
            matches!(cache.elem(&elems, 0), Some(ElemCStrings::Text(t)) if t.to_bytes() == b"hi")
        );
        assert!(cache.elem(&elems, 2).is_none());
    }
}
