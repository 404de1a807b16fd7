//! Conversation handles (V2TIMConversation): reading them, copying and freeing them.

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use crate::conversation::Conversation;

use super::c_strings::to_c_string;
use super::message::{hark_message, Handle};

/// A conversation. Handles passed to callbacks are valid during the callback only;
/// `hark_conversation_clone` makes one the app owns, freed with `hark_conversation_free`.
pub struct hark_conversation {
    _private: [u8; 0],
}

/// What a `hark_conversation` points at: the conversation, its strings as C strings, and its
/// last message as a message handle.
pub(super) struct ConvHandle {
    conv: Conversation,
    id: CString,
    user: CString,
    group: CString,
    group_type: CString,
    name: CString,
    draft: CString,
    last: Option<Handle<'static>>,
}

impl ConvHandle {
    pub(super) fn new(mut conv: Conversation) -> ConvHandle {
        let w = &conv.wire;
        let (id, user, group) = (to_c_string(&w.id), to_c_string(&w.user), to_c_string(&w.group));
        let (group_type, name) = (to_c_string(&w.group_type), to_c_string(&w.name));
        let draft = to_c_string(&w.draft);
        let last = conv.last.take().map(Handle::owned);
        ConvHandle { conv, id, user, group, group_type, name, draft, last }
    }

    pub(super) fn as_ptr(&self) -> *const hark_conversation {
        ptr::from_ref(self).cast()
    }

    fn snapshot(&self) -> Conversation {
        let last = self.last.as_ref().map(|h| h.message().snapshot());
        Conversation { wire: self.conv.wire.clone(), last }
    }
}

/// Handles for `convs`, and the array of their pointers a callback passes; both live as long
/// as the callback runs.
pub(super) struct ConvArray {
    handles: Vec<ConvHandle>,
}

impl ConvArray {
    pub(super) fn new(convs: impl IntoIterator<Item = Conversation>) -> ConvArray {
        ConvArray { handles: convs.into_iter().map(ConvHandle::new).collect() }
    }

    /// The pointers, NULL-safe: an empty list passes NULL.
    pub(super) fn pointers(&self) -> Vec<*const hark_conversation> {
        self.handles.iter().map(ConvHandle::as_ptr).collect()
    }
}

unsafe fn conv_ref<'a>(conv: *const hark_conversation) -> Option<&'a ConvHandle> {
    conv.cast::<ConvHandle>().as_ref()
}

const EMPTY: &CStr = c"";

unsafe fn string_field(
    conv: *const hark_conversation,
    field: impl FnOnce(&ConvHandle) -> &CString,
) -> *const c_char {
    conv_ref(conv).map_or(EMPTY.as_ptr(), |c| field(c).as_ptr())
}

/// A copy the caller owns (free with `hark_conversation_free`); NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_clone(
    conv: *const hark_conversation,
) -> *mut hark_conversation {
    ffi_boundary!(ptr::null_mut(), {
        match conv_ref(conv) {
            Some(c) => Box::into_raw(Box::new(ConvHandle::new(c.snapshot()))).cast(),
            None => ptr::null_mut(),
        }
    })
}

/// Frees a conversation from `hark_conversation_clone`; NULL does nothing.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_free(conv: *mut hark_conversation) {
    ffi_boundary!((), {
        if !conv.is_null() {
            drop(Box::from_raw(conv.cast::<ConvHandle>()));
        }
    })
}

/// `c2c_<userID>` or `group_<groupID>`.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_get_conversation_id(
    conv: *const hark_conversation,
) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(conv, |c| &c.id) })
}

/// HARK_CONVERSATION_TYPE_C2C or HARK_CONVERSATION_TYPE_GROUP; 0 for NULL.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_get_type(conv: *const hark_conversation) -> i32 {
    ffi_boundary!(0, { conv_ref(conv).map_or(0, |c| c.conv.wire.conv_type as i32) })
}

/// The peer of a C2C conversation; "" for a group's.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_get_user_id(
    conv: *const hark_conversation,
) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(conv, |c| &c.user) })
}

/// The group of a group conversation; "" for a C2C one.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_get_group_id(
    conv: *const hark_conversation,
) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(conv, |c| &c.group) })
}

/// "Work", "Public", "Meeting" or "Community"; "" for a C2C conversation.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_get_group_type(
    conv: *const hark_conversation,
) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(conv, |c| &c.group_type) })
}

/// The group's name, or the peer's user id.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_get_show_name(
    conv: *const hark_conversation,
) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(conv, |c| &c.name) })
}

/// Messages not read yet: the same on every device of the user; never its own messages,
/// targeted ones or online-only ones.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_get_unread_count(conv: *const hark_conversation) -> u64 {
    ffi_boundary!(0, { conv_ref(conv).map_or(0, |c| c.conv.wire.unread) })
}

/// The newest message the user sees there, valid as long as the conversation handle; NULL
/// when there is none.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_get_last_message(
    conv: *const hark_conversation,
) -> *const hark_message {
    ffi_boundary!(ptr::null(), {
        conv_ref(conv).and_then(|c| c.last.as_ref()).map_or(ptr::null(), Handle::as_ptr)
    })
}

/// The list's order: a larger key comes first; pinned conversations have the largest.
/// Pass the last one of a page as `next_seq` for the page after it.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_get_order_key(conv: *const hark_conversation) -> u64 {
    ffi_boundary!(0, { conv_ref(conv).map_or(0, |c| c.conv.wire.order_key) })
}

#[no_mangle]
pub unsafe extern "C" fn hark_conversation_is_pinned(conv: *const hark_conversation) -> bool {
    ffi_boundary!(false, { conv_ref(conv).is_some_and(|c| c.conv.wire.pinned) })
}

/// The draft set with `hark_set_conversation_draft`; "" for none.
#[no_mangle]
pub unsafe extern "C" fn hark_conversation_get_draft_text(
    conv: *const hark_conversation,
) -> *const c_char {
    ffi_boundary!(EMPTY.as_ptr(), { string_field(conv, |c| &c.draft) })
}
