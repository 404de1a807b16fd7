//! Connection and message listeners. Registering and removing them are posted to the
//! dispatcher, so they take effect in order with the callbacks around them.

use std::ffi::{c_char, c_void};

use crate::dispatch::{ConnListener, Event, MsgListener};
use crate::error::{Code, Failure};
use crate::message::{to_c_string, Message};

use super::boundary::PANICKED;
use super::callbacks::Owned;
use super::client::{client_ref, hark_client};
use super::message::borrow_handle;

/// V2TIMSDKListener's connection events. Every pointer may be NULL.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_conn_listener {
    pub on_connecting: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
    pub on_connect_success: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
    pub on_connect_failed:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub on_kicked_offline: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
    pub on_user_sig_expired: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

/// V2TIMAdvancedMsgListener's OnRecvNewMessage.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_msg_listener {
    /// `message` is valid during the callback; `hark_message_clone` keeps a copy.
    pub on_recv_new_message: Option<
        unsafe extern "C" fn(message: *const super::message::hark_message, user_data: *mut c_void),
    >,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

unsafe fn notify(f: Option<unsafe extern "C" fn(*mut c_void)>, user_data: *mut c_void) {
    if let Some(f) = f {
        f(user_data);
    }
}

impl ConnListener for Owned<hark_conn_listener> {
    fn connecting(&mut self) {
        unsafe { notify(self.0.on_connecting, self.0.user_data) }
    }

    fn connect_success(&mut self) {
        unsafe { notify(self.0.on_connect_success, self.0.user_data) }
    }

    fn connect_failed(&mut self, failure: &Failure) {
        if let Some(f) = self.0.on_connect_failed {
            let desc = to_c_string(&failure.desc);
            unsafe { f(failure.code, desc.as_ptr(), self.0.user_data) }
        }
    }

    fn kicked_offline(&mut self) {
        unsafe { notify(self.0.on_kicked_offline, self.0.user_data) }
    }

    fn user_sig_expired(&mut self) {
        unsafe { notify(self.0.on_user_sig_expired, self.0.user_data) }
    }
}

impl MsgListener for Owned<hark_msg_listener> {
    fn new_message(&mut self, message: &Message) {
        if let Some(f) = self.0.on_recv_new_message {
            unsafe { f(borrow_handle(message), self.0.user_data) }
        }
    }
}

/// Sets the connection listener (NULL removes it). The listener struct is copied; a listener
/// it replaces gets its `free_user_data` on the dispatcher thread. Returns 0, or 6013 for a
/// NULL client (then nothing is taken over).
#[no_mangle]
pub unsafe extern "C" fn hark_set_conn_listener(
    client: *mut hark_client,
    listener: *const hark_conn_listener,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        let listener = listener.as_ref().map(|l| Box::new(Owned(*l)) as Box<dyn ConnListener>);
        client.post(Event::SetConnListener(listener));
        0
    })
}

/// Adds a message listener; returns its id (> 0), or 0 for a NULL client (then nothing is
/// taken over). Every listener sees every new message, in the order they were added.
#[no_mangle]
pub unsafe extern "C" fn hark_add_advanced_msg_listener(
    client: *mut hark_client,
    listener: hark_msg_listener,
) -> u64 {
    ffi_boundary!(0, {
        let Some(client) = client_ref(client) else { return 0 };
        let id = client.new_listener_id();
        client.post(Event::AddMsgListener(id, Box::new(Owned(listener))));
        id
    })
}

/// Removes a message listener; its `free_user_data` runs on the dispatcher thread after any
/// callback already queued for it. Returns 0 (also for an id that is not registered), 6013 for
/// a NULL client, 6017 for id 0.
#[no_mangle]
pub unsafe extern "C" fn hark_remove_advanced_msg_listener(
    client: *mut hark_client,
    id: u64,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        if id == 0 {
            return Code::InvalidParameters as i32;
        }
        client.post(Event::RemoveMsgListener(id));
        0
    })
}
