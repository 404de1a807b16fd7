//! The callback structs an app passes by value, and how the dispatcher calls them.

use std::ffi::{c_char, c_void, CString};
use std::ptr;

use hark_proto::GroupMember;

use crate::dispatch::Completion;
use crate::error::Failure;
use crate::message::Message;

use super::c_strings::to_c_string;
use super::message::{hark_message, Handle};

/// Ends a request that has no result value.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_callback {
    pub on_success: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

/// Ends a request whose result is a string (a group id).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_string_callback {
    /// `value` is valid during the callback.
    pub on_success: Option<unsafe extern "C" fn(value: *const c_char, user_data: *mut c_void)>,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

/// Ends a send. `on_progress` reports a media message's upload: 0..100, rising, each value
/// once, 100 when every file is stored, all before the terminal callback. Messages without
/// files (text, custom, face, location) never report progress.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_send_callback {
    /// `message` (status SEND_SUCC, with seq and timestamp) is valid during the callback;
    /// `hark_message_clone` keeps a copy.
    pub on_success:
        Option<unsafe extern "C" fn(message: *const hark_message, user_data: *mut c_void)>,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub on_progress: Option<unsafe extern "C" fn(progress: u32, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

/// Ends a history request.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_history_callback {
    /// `messages[0..count]`, newest first, valid during the callback; NULL when count is 0.
    pub on_success: Option<
        unsafe extern "C" fn(
            messages: *const *const hark_message,
            count: usize,
            user_data: *mut c_void,
        ),
    >,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

/// One member of a group; `user_id` is valid during the callback.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_group_member {
    pub user_id: *const c_char,
    /// HARK_GROUP_MEMBER_ROLE_*.
    pub role: u32,
    /// Seconds since the Unix epoch.
    pub join_time: i64,
}

/// Ends a member list request.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_member_list_callback {
    /// `members[0..count]`, valid during the callback; NULL when count is 0.
    pub on_success: Option<
        unsafe extern "C" fn(
            members: *const hark_group_member,
            count: usize,
            user_data: *mut c_void,
        ),
    >,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

/// What an invitation did to one user; `user_id` is valid during the callback.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_group_member_operation_result {
    pub user_id: *const c_char,
    /// HARK_GROUP_MEMBER_RESULT_*.
    pub result: i32,
}

/// Ends an invitation.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_member_result_callback {
    /// `results[0..count]`, one per user asked, in order; valid during the callback.
    pub on_success: Option<
        unsafe extern "C" fn(
            results: *const hark_group_member_operation_result,
            count: usize,
            user_data: *mut c_void,
        ),
    >,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

/// The user data part of every callback and listener struct; each file declaring one
/// implements it with `impl_user_data!`.
pub trait UserData {
    fn user_data(&self) -> *mut c_void;
    fn free_user_data(&self) -> Option<unsafe extern "C" fn(*mut c_void)>;
}

macro_rules! impl_user_data {
    ($($t:ty),*) => {$(
        impl super::callbacks::UserData for $t {
            fn user_data(&self) -> *mut std::ffi::c_void {
                self.user_data
            }
            fn free_user_data(&self) -> Option<unsafe extern "C" fn(*mut std::ffi::c_void)> {
                self.free_user_data
            }
        }
    )*};
}
pub(super) use impl_user_data;

impl_user_data!(
    hark_callback,
    hark_string_callback,
    hark_send_callback,
    hark_history_callback,
    hark_member_list_callback,
    hark_member_result_callback
);

/// The app's user data, for progress callbacks that run on the dispatcher thread before the
/// request's terminal callback (after which `Owned` frees it).
#[derive(Clone, Copy)]
pub struct UserDataPtr(pub *mut c_void);

// SAFETY: like `Owned`: the header tells the app that its user data is used on the
// dispatcher thread, so moving the pointer there is part of the contract.
unsafe impl Send for UserDataPtr {}
// SAFETY: the pointer is only copied out (`get`) and passed to the app's own progress
// callback; the library never reads or writes through it.
unsafe impl Sync for UserDataPtr {}

impl UserDataPtr {
    /// A method, not the field, so closures capture the whole (Send) wrapper.
    pub fn get(self) -> *mut c_void {
        self.0
    }
}

/// A callback or listener struct the library now owns. Dropping it runs `free_user_data`
/// exactly once; the dispatcher is the one that drops it.
pub struct Owned<T: UserData>(pub T);

// SAFETY: the header tells the app that its callbacks and user data are used on the
// dispatcher thread, so moving them there is part of the contract.
unsafe impl<T: UserData> Send for Owned<T> {}

impl<T: UserData> Drop for Owned<T> {
    fn drop(&mut self) {
        if let Some(free) = self.0.free_user_data() {
            // SAFETY: `free_user_data` is the app's release function for this user_data; an
            // `Owned` is dropped once, so it runs once, as the header promises, and nothing
            // uses the user data after it.
            unsafe { free(self.0.user_data()) }
        }
    }
}

impl<T: UserData> Owned<T> {
    fn ud(&self) -> *mut c_void {
        self.0.user_data()
    }
}

type OnError = Option<unsafe extern "C" fn(i32, *const c_char, *mut c_void)>;

pub(super) unsafe fn report(on_error: OnError, failure: &Failure, user_data: *mut c_void) {
    if let Some(on_error) = on_error {
        let desc = to_c_string(&failure.desc);
        on_error(failure.code, desc.as_ptr(), user_data);
    }
}

impl Completion<()> for Owned<hark_callback> {
    fn complete(self: Box<Self>, result: Result<(), Failure>) {
        // SAFETY: the callback struct is the app's, and the header lets the library call one
        // of its terminal functions once, with its user_data, on the dispatcher thread
        // (where `complete` runs) before free_user_data; `complete` takes the box, so once.
        unsafe {
            match result {
                Ok(()) => {
                    if let Some(f) = self.0.on_success {
                        f(self.ud());
                    }
                }
                Err(failure) => report(self.0.on_error, &failure, self.ud()),
            }
        }
    }
}

impl Completion<String> for Owned<hark_string_callback> {
    fn complete(self: Box<Self>, result: Result<String, Failure>) {
        // SAFETY: a terminal call of the app's callback, once, as for `hark_callback`; the
        // value's C string outlives the call.
        unsafe {
            match result {
                Ok(value) => {
                    if let Some(f) = self.0.on_success {
                        f(to_c_string(&value).as_ptr(), self.ud());
                    }
                }
                Err(failure) => report(self.0.on_error, &failure, self.ud()),
            }
        }
    }
}

impl Completion<Message> for Owned<hark_send_callback> {
    fn complete(self: Box<Self>, result: Result<Message, Failure>) {
        // SAFETY: a terminal call of the app's callback, once, as for `hark_callback`; the
        // handle borrows `message`, which outlives the call.
        unsafe {
            match result {
                Ok(message) => {
                    if let Some(f) = self.0.on_success {
                        f(Handle::borrowed(&message).as_ptr(), self.ud());
                    }
                }
                Err(failure) => report(self.0.on_error, &failure, self.ud()),
            }
        }
    }
}

impl Completion<Vec<Message>> for Owned<hark_history_callback> {
    fn complete(self: Box<Self>, result: Result<Vec<Message>, Failure>) {
        // SAFETY: a terminal call of the app's callback, once, as for `hark_callback`; the
        // array and the messages its handles borrow outlive the call, and `array_ptr`
        // passes NULL for none.
        unsafe {
            match result {
                Ok(messages) => {
                    if let Some(f) = self.0.on_success {
                        let handles: Vec<Handle<'_>> =
                            messages.iter().map(Handle::borrowed).collect();
                        let handles: Vec<*const hark_message> =
                            handles.iter().map(Handle::as_ptr).collect();
                        f(array_ptr(&handles), handles.len(), self.ud());
                    }
                }
                Err(failure) => report(self.0.on_error, &failure, self.ud()),
            }
        }
    }
}

impl Completion<Vec<GroupMember>> for Owned<hark_member_list_callback> {
    fn complete(self: Box<Self>, result: Result<Vec<GroupMember>, Failure>) {
        // SAFETY: a terminal call of the app's callback, once, as for `hark_callback`; the
        // array and the C strings its user ids point into outlive the call, and `array_ptr`
        // passes NULL for none.
        unsafe {
            match result {
                Ok(members) => {
                    if let Some(f) = self.0.on_success {
                        let ids: Vec<CString> =
                            members.iter().map(|m| to_c_string(&m.user)).collect();
                        let list: Vec<hark_group_member> = members
                            .iter()
                            .zip(&ids)
                            .map(|(m, id)| hark_group_member {
                                user_id: id.as_ptr(),
                                role: m.role,
                                join_time: m.join_time,
                            })
                            .collect();
                        f(array_ptr(&list), list.len(), self.ud());
                    }
                }
                Err(failure) => report(self.0.on_error, &failure, self.ud()),
            }
        }
    }
}

impl Completion<Vec<(String, u32)>> for Owned<hark_member_result_callback> {
    fn complete(self: Box<Self>, result: Result<Vec<(String, u32)>, Failure>) {
        // SAFETY: a terminal call of the app's callback, once, as for `hark_callback`; the
        // array and the C strings its user ids point into outlive the call.
        unsafe {
            match result {
                Ok(results) => {
                    if let Some(f) = self.0.on_success {
                        let ids: Vec<CString> =
                            results.iter().map(|(user, _)| to_c_string(user)).collect();
                        let list: Vec<hark_group_member_operation_result> = results
                            .iter()
                            .zip(&ids)
                            .map(|((_, r), id)| hark_group_member_operation_result {
                                user_id: id.as_ptr(),
                                result: *r as i32,
                            })
                            .collect();
                        f(array_ptr(&list), list.len(), self.ud());
                    }
                }
                Err(failure) => report(self.0.on_error, &failure, self.ud()),
            }
        }
    }
}

/// NULL for an empty array, so C never sees a dangling pointer.
fn array_ptr<T>(items: &[T]) -> *const T {
    if items.is_empty() {
        ptr::null()
    } else {
        items.as_ptr()
    }
}
