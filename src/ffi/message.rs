//! Message handles: creating, growing, copying, freeing and reading them.

use std::ffi::{c_char, CStr};
use std::ptr;

use hark_proto::Elem;

use crate::error::Code;
use crate::message::{ElemCStrings, Message};

use super::args::{bytes_arg, owned_str_arg, str_arg};
use super::boundary::PANICKED;

/// A message. Handles from `hark_create_*` and `hark_message_clone` are the app's, freed with
/// `hark_message_free`; handles passed to callbacks are valid during the callback only.
pub struct hark_message {
    _private: [u8; 0],
}

const EMPTY: &CStr = c"";

fn into_handle(message: Message) -> *mut hark_message {
    Box::into_raw(Box::new(message)).cast()
}

/// A borrowed handle for a message the library owns, for the length of a callback.
pub(crate) fn borrow_handle(message: &Message) -> *const hark_message {
    ptr::from_ref(message).cast()
}

/// Never NULL, even for no bytes: NULL means "no such elem" to the caller.
pub(super) fn bytes_ptr(data: &[u8]) -> *const u8 {
    if data.is_empty() {
        EMPTY.as_ptr().cast()
    } else {
        data.as_ptr()
    }
}

pub(super) unsafe fn message_ref<'a>(message: *const hark_message) -> Option<&'a Message> {
    message.cast::<Message>().as_ref()
}

pub(super) unsafe fn message_mut<'a>(message: *mut hark_message) -> Option<&'a mut Message> {
    message.cast::<Message>().as_mut()
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
    let Some(message) = message_mut(message) else { return Code::InvalidParameters as i32 };
    match elem.and_then(|elem| message.append(elem)) {
        Ok(()) => 0,
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
            drop(Box::from_raw(message.cast::<Message>()));
        }
    })
}

unsafe fn string_field(
    message: *const hark_message,
    field: impl FnOnce(&Message) -> &CStr,
) -> *const c_char {
    message_ref(message).map_or(EMPTY, field).as_ptr()
}

/// The msgID ("" before the first send).
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_msg_id(message: *const hark_message) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(message, Message::c_msg_id) })
}

/// Server time in seconds since the Unix epoch (0 until sent).
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_timestamp(message: *const hark_message) -> i64 {
    ffi_boundary!(0, { message_ref(message).map_or(0, Message::time) })
}

#[no_mangle]
pub unsafe extern "C" fn hark_message_get_sender(message: *const hark_message) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(message, Message::c_sender) })
}

/// The C2C peer: the receiver when this user sent it, else the sender; "" for groups.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_user_id(message: *const hark_message) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(message, Message::c_user_id) })
}

#[no_mangle]
pub unsafe extern "C" fn hark_message_get_group_id(message: *const hark_message) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(message, Message::c_group_id) })
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
    message_ref(message)
        .and_then(|m| m.c_elem(index))
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
