//! Message handles: creating, growing, copying, freeing and reading them.

use std::ffi::{c_char, CStr};
use std::ptr;

use hark_proto::Elem;

use crate::error::Code;
use crate::message::Message;

use super::args::{bytes_arg, owned_str_arg, str_arg};
use super::boundary::PANICKED;
use super::c_strings::{CStrings, ElemCStrings, ElemContext, PushCStrings};

/// A message. Handles from `hark_create_*` and `hark_message_clone` are the app's, freed with
/// `hark_message_free`; handles passed to callbacks are valid during the callback only.
pub struct hark_message {
    _private: [u8; 0],
}

const EMPTY: &CStr = c"";

/// What a `hark_message` points at: the message, the app's or borrowed from the library for
/// a callback, and the C copies of its strings that the getters hand out.
pub(crate) struct Handle<'a> {
    message: Held<'a>,
    c: CStrings,
}

// A handle the app owns is boxed whole; a borrowed one lives on the stack for one callback.
#[allow(clippy::large_enum_variant)]
enum Held<'a> {
    Owned(Message),
    Borrowed(&'a Message),
}

impl<'a> Handle<'a> {
    /// A handle for a message the library owns, for the length of a callback.
    pub(crate) fn borrowed(message: &'a Message) -> Handle<'a> {
        Handle { message: Held::Borrowed(message), c: CStrings::default() }
    }

    pub(crate) fn as_ptr(&self) -> *const hark_message {
        ptr::from_ref(self).cast()
    }

    pub(super) fn message(&self) -> &Message {
        match &self.message {
            Held::Owned(message) => message,
            Held::Borrowed(message) => message,
        }
    }

    /// The message, to change it, and the strings read from it so far, to drop once it did
    /// change. Only the app's handles may change.
    pub(super) fn parts_mut(&mut self) -> Option<(&mut Message, &mut CStrings)> {
        match &mut self.message {
            Held::Owned(message) => Some((message, &mut self.c)),
            Held::Borrowed(_) => None,
        }
    }

    pub(super) fn c_msg_id(&self) -> &CStr {
        self.c.msg_id(&self.message().wire().msg_id)
    }

    fn c_sender(&self) -> &CStr {
        self.c.sender(&self.message().wire().sender)
    }

    fn c_user_id(&self) -> &CStr {
        self.c.user_id(self.message().user_id())
    }

    fn c_group_id(&self) -> &CStr {
        self.c.group_id(&self.message().wire().group)
    }

    pub(super) fn c_elem(&self, index: usize) -> Option<&ElemCStrings> {
        let message = self.message();
        let ctx = ElemContext { files: message.files(), media_base: message.media_base() };
        self.c.elem(message.elems(), message.is_uploaded(), &ctx, index)
    }

    pub(super) fn c_push(&self) -> &PushCStrings {
        self.c.push(self.message().push())
    }

    pub(super) fn c_target(&self, index: usize) -> Option<&CStr> {
        self.c.targets(self.message().targets()).get(index).map(|s| s.as_c_str())
    }
}

impl Handle<'static> {
    pub(super) fn owned(message: Message) -> Handle<'static> {
        Handle { message: Held::Owned(message), c: CStrings::default() }
    }
}

fn into_handle(message: Message) -> *mut hark_message {
    Box::into_raw(Box::new(Handle::owned(message))).cast()
}

/// Never NULL, even for no bytes: NULL means "no such elem" to the caller.
pub(super) fn bytes_ptr(data: &[u8]) -> *const u8 {
    if data.is_empty() {
        EMPTY.as_ptr().cast()
    } else {
        data.as_ptr()
    }
}

pub(super) unsafe fn handle_ref<'a>(message: *const hark_message) -> Option<&'a Handle<'a>> {
    message.cast::<Handle<'a>>().as_ref()
}

pub(super) unsafe fn message_ref<'a>(message: *const hark_message) -> Option<&'a Message> {
    handle_ref(message).map(Handle::message)
}

pub(super) unsafe fn handle_mut<'a>(message: *mut hark_message) -> Option<&'a mut Handle<'a>> {
    message.cast::<Handle<'a>>().as_mut()
}

/// Writes a new handle to `*out`. `make` runs only when `out` is usable, so a NULL `out`
/// costs no file checks.
pub(super) unsafe fn create(
    out: *mut *mut hark_message,
    make: impl FnOnce() -> Result<Message, Code>,
) -> i32 {
    if out.is_null() {
        return Code::InvalidParameters as i32;
    }
    match make() {
        Ok(message) => {
            *out = into_handle(message);
            0
        }
        Err(code) => code as i32,
    }
}

pub(super) unsafe fn append(message: *mut hark_message, elem: Result<Elem, Code>) -> i32 {
    let Some((message, c)) = handle_mut(message).and_then(Handle::parts_mut) else {
        return Code::InvalidParameters as i32;
    };
    match elem.and_then(|elem| message.append(elem)) {
        Ok(()) => {
            *c = CStrings::default();
            0
        }
        Err(code) => code as i32,
    }
}

pub(super) unsafe fn text_elem(text: *const c_char) -> Result<Elem, Code> {
    Ok(Elem::Text { text: str_arg(text)?.to_owned() })
}

pub(super) unsafe fn custom_elem(
    data: *const u8,
    data_len: usize,
    desc: *const c_char,
    extension: *const c_char,
) -> Result<Elem, Code> {
    Ok(Elem::Custom {
        data: bytes_arg(data, data_len)?.to_vec(),
        desc: owned_str_arg(desc)?,
        ext: owned_str_arg(extension)?,
    })
}

/// Creates a text message. Returns 0 and writes `*out`, or 6017 (NULL or invalid UTF-8).
#[no_mangle]
pub unsafe extern "C" fn hark_create_text_message(
    text: *const c_char,
    out: *mut *mut hark_message,
) -> i32 {
    ffi_boundary!(PANICKED, { create(out, || text_elem(text).map(Message::new)) })
}

/// Creates a custom message: `data` (may be NULL when `data_len` is 0) and optional `desc`
/// and `extension` (NULL = empty). Returns 0 and writes `*out`, or 6017.
#[no_mangle]
pub unsafe extern "C" fn hark_create_custom_message(
    data: *const u8,
    data_len: usize,
    desc: *const c_char,
    extension: *const c_char,
    out: *mut *mut hark_message,
) -> i32 {
    ffi_boundary!(PANICKED, {
        create(out, || custom_elem(data, data_len, desc, extension).map(Message::new))
    })
}

/// Appends a text elem. Only messages that were never sent may grow, and after the first elem
/// only text, custom, face and location elems may follow; otherwise 6017 and the message is
/// unchanged. Strings read from the message before are invalidated.
#[no_mangle]
pub unsafe extern "C" fn hark_message_append_text(
    message: *mut hark_message,
    text: *const c_char,
) -> i32 {
    ffi_boundary!(PANICKED, { append(message, text_elem(text)) })
}

/// Appends a custom elem, under the rules of `hark_message_append_text`.
#[no_mangle]
pub unsafe extern "C" fn hark_message_append_custom(
    message: *mut hark_message,
    data: *const u8,
    data_len: usize,
    desc: *const c_char,
    extension: *const c_char,
) -> i32 {
    ffi_boundary!(PANICKED, { append(message, custom_elem(data, data_len, desc, extension)) })
}

/// A copy the caller owns (free with `hark_message_free`); NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn hark_message_clone(message: *const hark_message) -> *mut hark_message {
    ffi_boundary!(ptr::null_mut(), {
        message_ref(message).map_or(ptr::null_mut(), |m| into_handle(m.snapshot()))
    })
}

/// Frees a message from `hark_create_*` or `hark_message_clone`; NULL does nothing.
#[no_mangle]
pub unsafe extern "C" fn hark_message_free(message: *mut hark_message) {
    ffi_boundary!((), {
        if !message.is_null() {
            drop(Box::from_raw(message.cast::<Handle<'static>>()));
        }
    })
}

unsafe fn string_field<'a>(
    message: *const hark_message,
    field: impl FnOnce(&'a Handle<'a>) -> &'a CStr,
) -> *const c_char {
    handle_ref(message).map_or(EMPTY, field).as_ptr()
}

/// The msgID ("" before the first send).
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_msg_id(message: *const hark_message) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(message, Handle::c_msg_id) })
}

/// Server time in seconds since the Unix epoch (0 until sent).
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_timestamp(message: *const hark_message) -> i64 {
    ffi_boundary!(0, { message_ref(message).map_or(0, Message::time) })
}

#[no_mangle]
pub unsafe extern "C" fn hark_message_get_sender(message: *const hark_message) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(message, Handle::c_sender) })
}

/// The C2C peer: the receiver when this user sent it, else the sender; "" for groups.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_user_id(message: *const hark_message) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(message, Handle::c_user_id) })
}

#[no_mangle]
pub unsafe extern "C" fn hark_message_get_group_id(message: *const hark_message) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(message, Handle::c_group_id) })
}

/// The per-conversation sequence number harkd assigned (0 until sent).
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_seq(message: *const hark_message) -> u64 {
    ffi_boundary!(0, { message_ref(message).map_or(0, Message::seq) })
}

#[no_mangle]
pub unsafe extern "C" fn hark_message_get_random(message: *const hark_message) -> u32 {
    ffi_boundary!(0, { message_ref(message).map_or(0, |m| m.wire().random) })
}

/// HARK_MSG_STATUS_*. A handle passed to `hark_send_message` follows its send: SENDING, then
/// SEND_SUCC (with seq and timestamp) or SEND_FAIL. 0 for NULL.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_status(message: *const hark_message) -> i32 {
    ffi_boundary!(0, { message_ref(message).map_or(0, |m| m.status() as i32) })
}

#[no_mangle]
pub unsafe extern "C" fn hark_message_is_self(message: *const hark_message) -> bool {
    ffi_boundary!(false, { message_ref(message).is_some_and(Message::is_self) })
}

/// V2TIMMessage::IsRead: true for the user's own messages, and for others' messages the
/// user had read (on any device) when this copy came from harkd (history, a conversation's
/// last message); false for a message that has just arrived.
#[no_mangle]
pub unsafe extern "C" fn hark_message_is_read(message: *const hark_message) -> bool {
    ffi_boundary!(false, { message_ref(message).is_some_and(Message::is_read) })
}

/// V2TIMMessage::IsPeerRead: true for the user's own C2C message that the peer had read when
/// this copy came from harkd (history, a conversation's last message). Read receipts say
/// when that changes (`on_recv_c2c_read_receipt`).
#[no_mangle]
pub unsafe extern "C" fn hark_message_is_peer_read(message: *const hark_message) -> bool {
    ffi_boundary!(false, { message_ref(message).is_some_and(Message::is_peer_read) })
}

/// True when the group's send rate limit dropped this message of the sender: its send still
/// succeeded (as with Tencent), but nobody received it, it is not stored and its seq is 0.
/// Set on the message on_success gets and on the handle that was sent; false otherwise.
#[no_mangle]
pub unsafe extern "C" fn hark_message_is_dropped(message: *const hark_message) -> bool {
    ffi_boundary!(false, { message_ref(message).is_some_and(Message::is_dropped) })
}

/// HARK_PRIORITY_*.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_priority(message: *const hark_message) -> i32 {
    ffi_boundary!(0, { message_ref(message).map_or(0, |m| m.wire().priority.v2tim()) })
}

#[no_mangle]
pub unsafe extern "C" fn hark_message_get_elem_count(message: *const hark_message) -> usize {
    ffi_boundary!(0, { message_ref(message).map_or(0, |m| m.elems().len()) })
}

/// HARK_ELEM_TYPE_* of elem `index`; HARK_ELEM_TYPE_NONE when there is no such elem.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_elem_type(
    message: *const hark_message,
    index: usize,
) -> i32 {
    ffi_boundary!(0, {
        message_ref(message).and_then(|m| m.elems().get(index)).map_or(0, Elem::v2tim_type)
    })
}

unsafe fn elem_field(
    message: *const hark_message,
    index: usize,
    field: impl FnOnce(&ElemCStrings) -> Option<&CStr>,
) -> *const c_char {
    handle_ref(message)
        .and_then(|h| h.c_elem(index))
        .and_then(field)
        .map_or(ptr::null(), CStr::as_ptr)
}

/// The text of elem `index`; NULL when it is not a text elem.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_text(
    message: *const hark_message,
    index: usize,
) -> *const c_char {
    ffi_boundary!(ptr::null(), {
        elem_field(message, index, |elem| match elem {
            ElemCStrings::Text(text) => Some(text),
            _ => None,
        })
    })
}

/// The data of custom elem `index`, its length in `*len_out` (may be NULL). NULL and length 0
/// when it is not a custom elem; an empty custom elem gives a non-NULL pointer and length 0.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_custom_data(
    message: *const hark_message,
    index: usize,
    len_out: *mut usize,
) -> *const u8 {
    ffi_boundary!(ptr::null(), {
        let data = match message_ref(message).and_then(|m| m.elems().get(index)) {
            Some(Elem::Custom { data, .. }) => Some(data.as_slice()),
            _ => None,
        };
        if let Some(len_out) = len_out.as_mut() {
            *len_out = data.map_or(0, <[u8]>::len);
        }
        data.map_or(ptr::null(), bytes_ptr)
    })
}

/// The description of custom elem `index`; NULL when it is not a custom elem.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_custom_desc(
    message: *const hark_message,
    index: usize,
) -> *const c_char {
    ffi_boundary!(ptr::null(), {
        elem_field(message, index, |elem| match elem {
            ElemCStrings::Custom { desc, .. } => Some(desc),
            _ => None,
        })
    })
}

/// The extension of custom elem `index`; NULL when it is not a custom elem.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_custom_extension(
    message: *const hark_message,
    index: usize,
) -> *const c_char {
    ffi_boundary!(ptr::null(), {
        elem_field(message, index, |elem| match elem {
            ElemCStrings::Custom { ext, .. } => Some(ext),
            _ => None,
        })
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;
    use std::ptr;
    use std::sync::Arc;

    use hark_proto::media::MediaKind;
    use hark_proto::{Elem, Priority};

    use crate::message::{LocalFile, Message, Target};

    use super::{append, hark_message, CStrings, ElemCStrings, Handle};

    fn text(s: &str) -> Elem {
        Elem::Text { text: s.into() }
    }

    fn base() -> Arc<str> {
        "http://harkd:7000".into()
    }

    #[test]
    fn a_created_message_has_no_msg_id_yet() {
        let h = Handle::owned(Message::new(text("hi")));
        assert_eq!(h.c_msg_id().to_bytes(), b"");
    }

    #[test]
    fn append_resets_strings() {
        let custom = |d: &[u8]| Elem::Custom { data: d.to_vec(), desc: "".into(), ext: "".into() };
        let mut h = Handle::owned(Message::new(custom(b"x")));
        assert!(h.c_elem(1).is_none());
        let handle = ptr::from_mut(&mut h).cast::<hark_message>();
        // SAFETY: `handle` points at `h`, which lives through both calls and is not borrowed
        // otherwise meanwhile.
        unsafe {
            assert_eq!(append(handle, Ok(text("t"))), 0);
            assert_eq!(append(handle, Ok(custom(b"y"))), 0);
        }
        assert!(matches!(h.c_elem(1), Some(ElemCStrings::Text(t)) if t.to_bytes() == b"t"));
    }

    #[test]
    fn strings_show_the_sender_and_the_group() {
        let mut h = Handle::owned(Message::new(text("a")));
        let (m, c) = h.parts_mut().unwrap();
        let to_bob = Target::new(Some("bob"), None).unwrap();
        m.prepare_send("me", to_bob, Priority::High, true, None, &base());
        *c = CStrings::default();
        assert_eq!(h.c_sender().to_bytes(), b"me");

        let wire =
            hark_proto::Message { sender: "bob".into(), group: "g".into(), ..Default::default() };
        let group = Message::received(wire, "me", &base());
        assert_eq!(Handle::borrowed(&group).c_group_id().to_bytes(), b"g");
    }

    #[test]
    fn a_handle_shows_its_upload_and_keeps_what_was_read_before() {
        let files = vec![LocalFile { path: "/tmp/s.mp3".into(), kind: MediaKind::Sound }];
        let sound = Elem::Sound { uuid: String::new(), size: 5, duration: 2 };
        let mut h = Handle::owned(Message::with_files((sound, files)));
        let (m, _) = h.parts_mut().unwrap();
        let target = Target::new(Some("bob"), None).unwrap();
        let first = m.prepare_send("me", target, Priority::Default, false, None, &base());
        let Some(ElemCStrings::Sound { sound: before, .. }) = h.c_elem(0) else { panic!("sound") };
        first.track.set_uploaded(vec![Elem::Sound { uuid: "u9".into(), size: 5, duration: 2 }]);
        first.track.failed();
        let Some(ElemCStrings::Sound { path, sound }) = h.c_elem(0) else { panic!("sound") };
        assert_eq!(sound.url.to_bytes(), b"http://harkd:7000/v1/media/u9");
        assert_eq!(path.to_bytes(), b"/tmp/s.mp3");
        // Strings read before the upload finished stay valid, in their own cache.
        assert_eq!(before.uuid.to_bytes(), b"");
    }

    #[test]
    fn a_targeted_copy_lists_its_targets() {
        let original = Message::new(text("hi"));
        let copy = original.targeted(vec!["bob".into(), "carol".into()]);
        let h = Handle::borrowed(&copy);
        assert_eq!(h.c_target(1).map(CStr::to_bytes), Some(&b"carol"[..]));
        assert_eq!(h.c_target(2), None);
    }
}
