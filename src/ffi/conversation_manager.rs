//! V2TIMConversationManager: the conversation list, its changes, the total unread count and
//! the conversation listener; and the message manager's mark-as-read calls.

use std::ffi::{c_char, c_void};
use std::ptr;

use hark_proto::conversation::{self as conv_ids, MAX_DRAFT_BYTES, MAX_PAGE};
use hark_proto::ConvId;

use crate::client::Client;
use crate::conversation::{ConvChange, ConvPage, Conversation};
use crate::dispatch::{Completion, ConvListener};
use crate::error::{Code, Failure};
use crate::message::validate::{check_group_id, check_user_id};

use super::args::{owned_str_arg, str_arg};
use super::boundary::PANICKED;
use super::callbacks::{hark_callback, impl_user_data, report, Owned};
use super::client::{client_ref, hark_client, submit_request};
use super::conversation::{hark_conversation, ConvArray, ConvHandle};
use super::group::member_ids_arg;
use super::listeners::remove_listener;

/// Ends a conversation list request (V2TIMConversationResult).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_conversation_list_callback {
    /// `convs[0..count]`, valid during the callback; NULL when count is 0. `next_seq` asks
    /// for the page after this one; `is_finished` when there is none. (By ids: next_seq 0,
    /// is_finished true.)
    pub on_success: Option<
        unsafe extern "C" fn(
            convs: *const *const hark_conversation,
            count: usize,
            next_seq: u64,
            is_finished: bool,
            user_data: *mut c_void,
        ),
    >,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

/// Ends a request for one conversation.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_conversation_callback {
    /// `conv` is valid during the callback; `hark_conversation_clone` keeps a copy.
    pub on_success:
        Option<unsafe extern "C" fn(conv: *const hark_conversation, user_data: *mut c_void)>,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

/// Ends a request whose result is a count.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_uint64_callback {
    pub on_success: Option<unsafe extern "C" fn(value: u64, user_data: *mut c_void)>,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

/// V2TIMConversationListener. Every pointer may be NULL. After each login (and when the
/// first listener is added while logged in) the listeners hear on_sync_server_start, the
/// whole list as new or changed conversations, then on_sync_server_finish (or _failed) and
/// the total unread count; from then on each conversation a message, a send or a change
/// (on any device of the user) touches, and the total whenever it moves.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_conversation_listener {
    pub on_sync_server_start: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
    pub on_sync_server_finish: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
    pub on_sync_server_failed: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
    /// Conversations the listeners have not been told about since the first of them was
    /// added, for the user logged in (after the last one is removed, a new first one hears
    /// the whole list as new; so does another user logged in on the same client);
    /// `convs[0..count]` is valid during the callback.
    pub on_new_conversation: Option<
        unsafe extern "C" fn(
            convs: *const *const hark_conversation,
            count: usize,
            user_data: *mut c_void,
        ),
    >,
    pub on_conversation_changed: Option<
        unsafe extern "C" fn(
            convs: *const *const hark_conversation,
            count: usize,
            user_data: *mut c_void,
        ),
    >,
    pub on_total_unread_message_count_changed:
        Option<unsafe extern "C" fn(total: u64, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

impl_user_data!(
    hark_conversation_list_callback,
    hark_conversation_callback,
    hark_uint64_callback,
    hark_conversation_listener
);

type ConvArrayFn = unsafe extern "C" fn(*const *const hark_conversation, usize, *mut c_void);

/// Calls `f` with handles for `convs`, NULL for none.
unsafe fn with_array(
    convs: impl IntoIterator<Item = Conversation>,
    f: impl FnOnce(*const *const hark_conversation, usize),
) {
    let array = ConvArray::new(convs);
    let pointers = array.pointers();
    let at = if pointers.is_empty() { ptr::null() } else { pointers.as_ptr() };
    f(at, pointers.len());
}

impl Completion<ConvPage> for Owned<hark_conversation_list_callback> {
    fn complete(self: Box<Self>, result: Result<ConvPage, Failure>) {
        // SAFETY: a terminal call of the app's callback, once, with its user_data, on the
        // dispatcher thread, as the header promises; the array and the handles it points to
        // outlive the call, and an empty page passes NULL.
        unsafe {
            match result {
                Ok(ConvPage { convs, next_seq, finished }) => {
                    if let Some(f) = self.0.on_success {
                        let ud = self.0.user_data;
                        with_array(convs, |at, n| f(at, n, next_seq, finished, ud));
                    }
                }
                Err(failure) => report(self.0.on_error, &failure, self.0.user_data),
            }
        }
    }
}

impl Completion<Vec<Conversation>> for Owned<hark_conversation_list_callback> {
    fn complete(self: Box<Self>, result: Result<Vec<Conversation>, Failure>) {
        let page = result.map(|convs| ConvPage { convs, next_seq: 0, finished: true });
        Completion::<ConvPage>::complete(self, page);
    }
}

impl Completion<Vec<Conversation>> for Owned<hark_conversation_callback> {
    fn complete(self: Box<Self>, result: Result<Vec<Conversation>, Failure>) {
        // SAFETY: a terminal call of the app's callback, once, as above; the handle outlives
        // the call. A request for one id always answers one conversation.
        unsafe {
            match result.map(|convs| convs.into_iter().next()) {
                Ok(Some(conv)) => {
                    if let Some(f) = self.0.on_success {
                        f(ConvHandle::new(conv).as_ptr(), self.0.user_data);
                    }
                }
                Ok(None) => {
                    let failure = Failure::with_detail(Code::Internal, "no conversation");
                    report(self.0.on_error, &failure, self.0.user_data)
                }
                Err(failure) => report(self.0.on_error, &failure, self.0.user_data),
            }
        }
    }
}

impl Completion<u64> for Owned<hark_uint64_callback> {
    fn complete(self: Box<Self>, result: Result<u64, Failure>) {
        // SAFETY: a terminal call of the app's callback, once, as above.
        unsafe {
            match result {
                Ok(value) => {
                    if let Some(f) = self.0.on_success {
                        f(value, self.0.user_data);
                    }
                }
                Err(failure) => report(self.0.on_error, &failure, self.0.user_data),
            }
        }
    }
}

impl Owned<hark_conversation_listener> {
    fn notify(
        &self,
        pick: fn(&hark_conversation_listener) -> Option<unsafe extern "C" fn(*mut c_void)>,
    ) {
        if let Some(f) = pick(&self.0) {
            // SAFETY: the listener is the app's (copied by `hark_add_conversation_listener`),
            // called with its user_data on the dispatcher thread until free_user_data.
            unsafe { f(self.0.user_data) }
        }
    }

    fn convs(&self, f: Option<ConvArrayFn>, convs: &[Conversation]) {
        if let Some(f) = f {
            let ud = self.0.user_data;
            // SAFETY: as in `notify`; the array and its handles outlive the call.
            unsafe { with_array(convs.iter().map(Conversation::snapshot), |at, n| f(at, n, ud)) }
        }
    }
}

impl ConvListener for Owned<hark_conversation_listener> {
    fn sync_server_start(&mut self) {
        self.notify(|l| l.on_sync_server_start);
    }

    fn sync_server_finish(&mut self) {
        self.notify(|l| l.on_sync_server_finish);
    }

    fn sync_server_failed(&mut self) {
        self.notify(|l| l.on_sync_server_failed);
    }

    fn new_conversations(&mut self, convs: &[Conversation]) {
        self.convs(self.0.on_new_conversation, convs);
    }

    fn conversations_changed(&mut self, convs: &[Conversation]) {
        self.convs(self.0.on_conversation_changed, convs);
    }

    fn total_unread_changed(&mut self, total: u64) {
        if let Some(f) = self.0.on_total_unread_message_count_changed {
            // SAFETY: as in `notify`.
            unsafe { f(total, self.0.user_data) }
        }
    }
}

/// Adds a conversation listener; returns its id (> 0), or 0 for a NULL client (then nothing
/// is taken over).
#[no_mangle]
pub unsafe extern "C" fn hark_add_conversation_listener(
    client: *mut hark_client,
    listener: hark_conversation_listener,
) -> u64 {
    ffi_boundary!(0, {
        let Some(client) = client_ref(client) else { return 0 };
        client.add_conv_listener(Box::new(Owned(listener)))
    })
}

/// Removes a conversation listener; its `free_user_data` runs on the dispatcher thread after
/// any callback already queued for it. Returns 0 (also for an id that is not registered),
/// 6013 for a NULL client, 6017 for id 0.
#[no_mangle]
pub unsafe extern "C" fn hark_remove_conversation_listener(
    client: *mut hark_client,
    id: u64,
) -> i32 {
    ffi_boundary!(PANICKED, { remove_listener(client, id, Client::remove_conv_listener) })
}

/// A conversation id argument: 6017 for NULL, invalid UTF-8 or an id that is neither
/// `c2c_<userID>` nor `group_<groupID>` of a valid id.
unsafe fn conv_id_arg(id: *const c_char) -> Result<String, Code> {
    let id = str_arg(id)?;
    ConvId::parse(id).ok_or(Code::InvalidParameters)?;
    Ok(id.to_owned())
}

/// Reads a page of up to `count` (1..100; more is clamped) conversations, pinned first, then
/// by their last message, newest first: those after `next_seq` (0: from the top; else the
/// `next_seq` the previous page gave). Returns 0, or the error code (then nothing is
/// called): 6017 count 0; 6014 not logged in.
#[no_mangle]
pub unsafe extern "C" fn hark_get_conversation_list(
    client: *mut hark_client,
    next_seq: u64,
    count: u32,
    callback: hark_conversation_list_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        let checked = if count == 0 { Err(Code::InvalidParameters) } else { Ok(()) };
        submit_request(client, callback, checked, |(), reply| {
            client.conversation_list(next_seq, count.min(MAX_PAGE), reply)
        })
    })
}

/// Reads one conversation by its id. A peer or group the user has no messages with yet
/// gives an empty conversation of that id (no last message, nothing unread). 6017 for a bad
/// id.
#[no_mangle]
pub unsafe extern "C" fn hark_get_conversation(
    client: *mut hark_client,
    conversation_id: *const c_char,
    callback: hark_conversation_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        submit_request(client, callback, conv_id_arg(conversation_id), |id, reply| {
            client.conversations(vec![id], reply)
        })
    })
}

/// Reads the conversations `ids[0..count]` (1..100) names, one per id in that order, as
/// `hark_get_conversation` does. 6017 for none, over 100, a NULL array or a bad id.
#[no_mangle]
pub unsafe extern "C" fn hark_get_conversation_list_by_ids(
    client: *mut hark_client,
    ids: *const *const c_char,
    count: usize,
    callback: hark_conversation_list_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        let checked = (|| {
            let ids = member_ids_arg(ids, count, MAX_PAGE as usize)?;
            if ids.is_empty() || ids.iter().any(|id| ConvId::parse(id).is_none()) {
                return Err(Code::InvalidParameters);
            }
            Ok(ids)
        })();
        submit_request(client, callback, checked, |ids, reply| client.conversations(ids, reply))
    })
}

unsafe fn change(
    client: *mut hark_client,
    change: Result<ConvChange, Code>,
    callback: hark_callback,
) -> i32 {
    let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
    submit_request(client, callback, change, |change, reply| {
        client.change_conversation(change, reply)
    })
}

/// Takes the conversation off the list, marking it read, until its next message; its
/// history stays. harkd answers 6017 for a C2C peer the user has no messages with (20003 for
/// no such user), 10007 for a group it was never in (10010 for no such group); the same
/// for pin and draft.
#[no_mangle]
pub unsafe extern "C" fn hark_delete_conversation(
    client: *mut hark_client,
    conversation_id: *const c_char,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        change(client, conv_id_arg(conversation_id).map(ConvChange::Delete), callback)
    })
}

/// Pins the conversation to the top of the list (or, `is_pinned` false, unpins it), on
/// every device of the user.
#[no_mangle]
pub unsafe extern "C" fn hark_pin_conversation(
    client: *mut hark_client,
    conversation_id: *const c_char,
    is_pinned: bool,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let pin = conv_id_arg(conversation_id).map(|id| ConvChange::Pin(id, is_pinned));
        change(client, pin, callback)
    })
}

/// Sets the conversation's draft (`draft_text` NULL or "" clears it), kept by harkd for
/// every device of the user. 6017 for a draft over 8 KB.
#[no_mangle]
pub unsafe extern "C" fn hark_set_conversation_draft(
    client: *mut hark_client,
    conversation_id: *const c_char,
    draft_text: *const c_char,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let draft = (|| {
            let id = conv_id_arg(conversation_id)?;
            let draft = owned_str_arg(draft_text)?;
            if draft.len() > MAX_DRAFT_BYTES {
                return Err(Code::InvalidParameters);
            }
            Ok(ConvChange::Draft(id, draft))
        })();
        change(client, draft, callback)
    })
}

/// The unread messages of all the user's conversations together.
#[no_mangle]
pub unsafe extern "C" fn hark_get_total_unread_message_count(
    client: *mut hark_client,
    callback: hark_uint64_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        submit_request(client, callback, Ok(()), |(), reply| client.total_unread(reply))
    })
}

/// A mark-as-read of the conversation `id` names, once `check` accepts it.
unsafe fn mark_read(
    client: *mut hark_client,
    id: *const c_char,
    check: fn(&str) -> Result<(), Code>,
    conv_id: fn(&str) -> String,
    callback: hark_callback,
) -> i32 {
    let read = str_arg(id).and_then(|id| {
        check(id)?;
        Ok(ConvChange::Read(Some(conv_id(id))))
    });
    change(client, read, callback)
}

/// Marks the C2C conversation with `user_id` read up to its newest message, on every device
/// of the user; the peer gets a C2C read receipt. 7003 invalid user id; harkd answers 6017
/// when there are no messages with that user, 20003 when there is no such user.
#[no_mangle]
pub unsafe extern "C" fn hark_mark_c2c_message_as_read(
    client: *mut hark_client,
    user_id: *const c_char,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        mark_read(client, user_id, check_user_id, conv_ids::c2c_id, callback)
    })
}

/// Marks the group's conversation read up to its newest message, on every device of the
/// user. 10015 invalid group id; harkd answers 10007 for a group the user was never in,
/// 10010 for no such group.
#[no_mangle]
pub unsafe extern "C" fn hark_mark_group_message_as_read(
    client: *mut hark_client,
    group_id: *const c_char,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        mark_read(client, group_id, check_group_id, conv_ids::group_id, callback)
    })
}

/// Marks every conversation of the user read.
#[no_mangle]
pub unsafe extern "C" fn hark_mark_all_message_as_read(
    client: *mut hark_client,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, { change(client, Ok(ConvChange::Read(None)), callback) })
}
