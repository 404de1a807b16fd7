//! Connection and message listeners. Registering and removing them are posted to the
//! dispatcher, so they take effect in order with the callbacks around them.

use std::ffi::{c_char, c_void};

use std::ffi::CString;

use hark_proto::{ConvId, MessageReceipt};

use crate::client::Client;
use crate::conversation::Receipt;
use crate::dispatch::{ConnListener, MsgListener};
use crate::error::{Code, Failure};
use crate::message::Message;

use super::boundary::PANICKED;
use super::c_strings::to_c_string;
use super::callbacks::{impl_user_data, Owned};
use super::client::{client_ref, hark_client};
use super::message::Handle;

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

/// A read receipt (V2TIMMessageReceipt). Strings are valid during the callback.
/// - A C2C read receipt (`on_recv_c2c_read_receipt`) says that `user_id` has read every
///   message of its conversation with this user up to `read_seq`, at `timestamp`: msg_id
///   and group_id are "", is_peer_read is true, read_count and unread_count are 0.
/// - A message read receipt (`on_recv_message_read_receipts`,
///   `hark_get_message_read_receipts`) counts the readers of message `msg_id` (seq
///   `read_seq`), sent with need_read_receipt: `read_count` have read it, `unread_count` not
///   yet. In a group `group_id` is set; in C2C `user_id` is the peer and is_peer_read says
///   whether it read the message. `timestamp` is 0.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_message_receipt {
    pub msg_id: *const c_char,
    pub user_id: *const c_char,
    pub group_id: *const c_char,
    pub is_peer_read: bool,
    /// Seconds since the Unix epoch.
    pub timestamp: i64,
    pub read_count: u64,
    pub unread_count: u64,
    /// The conversation's seq the reader has read up to.
    pub read_seq: u64,
}

/// V2TIMAdvancedMsgListener: OnRecvNewMessage and OnRecvC2CReadReceipt. Initialise it with
/// designated initializers (or zero it): it gains members as the listener does.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_msg_listener {
    /// `message` is valid during the callback; `hark_message_clone` keeps a copy.
    pub on_recv_new_message: Option<
        unsafe extern "C" fn(message: *const super::message::hark_message, user_data: *mut c_void),
    >,
    /// `receipts[0..count]`, valid during the callback.
    pub on_recv_c2c_read_receipt: Option<
        unsafe extern "C" fn(
            receipts: *const hark_message_receipt,
            count: usize,
            user_data: *mut c_void,
        ),
    >,
    /// More readers have read this user's messages sent with need_read_receipt (V2TIM's
    /// OnRecvMessageReadReceipts); `receipts[0..count]`, valid during the callback.
    pub on_recv_message_read_receipts: Option<
        unsafe extern "C" fn(
            receipts: *const hark_message_receipt,
            count: usize,
            user_data: *mut c_void,
        ),
    >,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

impl_user_data!(hark_conn_listener, hark_msg_listener);

impl Owned<hark_conn_listener> {
    /// Calls the event `pick` chooses from the app's listener, if the app set it.
    fn notify(&self, pick: fn(&hark_conn_listener) -> Option<unsafe extern "C" fn(*mut c_void)>) {
        if let Some(f) = pick(&self.0) {
            // SAFETY: the listener is the app's (copied by `hark_set_conn_listener`), and the
            // header lets the library call each of its functions with its user_data on the
            // dispatcher thread, where listeners run, until free_user_data (`Owned`'s drop).
            unsafe { f(self.0.user_data) }
        }
    }
}

impl ConnListener for Owned<hark_conn_listener> {
    fn connecting(&mut self) {
        self.notify(|l| l.on_connecting);
    }

    fn connect_success(&mut self) {
        self.notify(|l| l.on_connect_success);
    }

    fn connect_failed(&mut self, failure: &Failure) {
        if let Some(f) = self.0.on_connect_failed {
            let desc = to_c_string(&failure.desc);
            // SAFETY: as in `notify`; `desc` is NUL-terminated and outlives the call.
            unsafe { f(failure.code, desc.as_ptr(), self.0.user_data) }
        }
    }

    fn kicked_offline(&mut self) {
        self.notify(|l| l.on_kicked_offline);
    }

    fn user_sig_expired(&mut self) {
        self.notify(|l| l.on_user_sig_expired);
    }
}

impl MsgListener for Owned<hark_msg_listener> {
    fn new_message(&mut self, message: &Message) {
        if let Some(f) = self.0.on_recv_new_message {
            let handle = Handle::borrowed(message);
            // SAFETY: the listener is the app's, called with its user_data on the dispatcher
            // thread as for the connection listener; the handle borrows `message`, both
            // outlive the call, and the header tells the app not to keep it.
            unsafe { f(handle.as_ptr(), self.0.user_data) }
        }
    }

    fn c2c_read_receipts(&mut self, receipts: &[Receipt]) {
        let Some(f) = self.0.on_recv_c2c_read_receipt else { return };
        let rows = receipts.iter().map(|r| ReceiptRow {
            user: to_c_string(&r.user),
            peer_read: true,
            time: r.time,
            seq: r.read_seq,
            ..ReceiptRow::default()
        });
        // SAFETY: the listener is the app's, called with its user_data on the dispatcher
        // thread as for `new_message`.
        unsafe { with_receipts(rows, |at, n| f(at, n, self.0.user_data)) }
    }

    fn message_read_receipts(&mut self, receipts: &[MessageReceipt]) {
        let Some(f) = self.0.on_recv_message_read_receipts else { return };
        // SAFETY: as for `c2c_read_receipts`.
        unsafe {
            with_receipts(receipts.iter().map(ReceiptRow::of), |at, n| f(at, n, self.0.user_data))
        }
    }
}

/// The C strings and numbers of one `hark_message_receipt`.
#[derive(Default)]
pub(super) struct ReceiptRow {
    msg_id: CString,
    user: CString,
    group: CString,
    peer_read: bool,
    time: i64,
    read: u64,
    unread: u64,
    seq: u64,
}

impl ReceiptRow {
    /// A message read receipt as harkd counts it.
    pub(super) fn of(r: &MessageReceipt) -> ReceiptRow {
        let (user, group) = match ConvId::parse(&r.conv) {
            Some(ConvId::C2c(user)) => (user, ""),
            Some(ConvId::Group(group)) => ("", group),
            None => ("", ""),
        };
        ReceiptRow {
            msg_id: to_c_string(&r.msg_id),
            user: to_c_string(user),
            group: to_c_string(group),
            peer_read: !user.is_empty() && r.read_count > 0,
            time: 0,
            read: r.read_count,
            unread: r.unread_count,
            seq: r.seq,
        }
    }
}

/// Calls `f` with the receipts as a C array (NULL when there are none); the array and the
/// strings it points to live until `f` returns.
pub(super) fn with_receipts(
    rows: impl Iterator<Item = ReceiptRow>,
    f: impl FnOnce(*const hark_message_receipt, usize),
) {
    let rows: Vec<ReceiptRow> = rows.collect();
    let list: Vec<hark_message_receipt> = rows
        .iter()
        .map(|r| hark_message_receipt {
            msg_id: r.msg_id.as_ptr(),
            user_id: r.user.as_ptr(),
            group_id: r.group.as_ptr(),
            is_peer_read: r.peer_read,
            timestamp: r.time,
            read_count: r.read,
            unread_count: r.unread,
            read_seq: r.seq,
        })
        .collect();
    let at = if list.is_empty() { std::ptr::null() } else { list.as_ptr() };
    f(at, list.len())
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
        client.set_conn_listener(listener);
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
        client.add_msg_listener(Box::new(Owned(listener)))
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
    ffi_boundary!(PANICKED, { remove_listener(client, id, Client::remove_msg_listener) })
}

/// Removes listener `id` with `remove`: 6013 for a NULL client, 6017 for id 0.
pub(super) unsafe fn remove_listener(
    client: *mut hark_client,
    id: u64,
    remove: fn(&Client, u64),
) -> i32 {
    let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
    if id == 0 {
        return Code::InvalidParameters as i32;
    }
    remove(client, id);
    0
}
