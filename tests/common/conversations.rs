//! Conversation probes: snapshots of `hark_conversation` read through the C getters, the
//! callbacks of the conversation calls and the conversation listener, all recording into a
//! probe's channel like the others.

use std::ffi::{c_char, c_void};
use std::ptr;

use hark::ffi::*;

use super::{cstr, new_probe, on_error, on_free, probe, snap, string, Client, Ev, Rx, Snap};

/// Every field of a conversation, read through the C getters.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvSnap {
    pub id: String,
    pub conv_type: i32,
    pub user: String,
    pub group: String,
    pub group_type: String,
    pub name: String,
    pub unread: u64,
    pub last: Option<Snap>,
    pub order_key: u64,
    pub pinned: bool,
    pub draft: String,
}

pub unsafe fn conv_snap(c: *const hark_conversation) -> ConvSnap {
    assert!(!c.is_null());
    let last = hark_conversation_get_last_message(c);
    let got = ConvSnap {
        id: string(hark_conversation_get_conversation_id(c)),
        conv_type: hark_conversation_get_type(c),
        user: string(hark_conversation_get_user_id(c)),
        group: string(hark_conversation_get_group_id(c)),
        group_type: string(hark_conversation_get_group_type(c)),
        name: string(hark_conversation_get_show_name(c)),
        unread: hark_conversation_get_unread_count(c),
        last: (!last.is_null()).then(|| snap(last)),
        order_key: hark_conversation_get_order_key(c),
        pinned: hark_conversation_is_pinned(c),
        draft: string(hark_conversation_get_draft_text(c)),
    };
    // A copy the test owns reads the same, and outlives the callback's handle.
    let copy = hark_conversation_clone(c);
    assert!(!copy.is_null());
    let copy_last = hark_conversation_get_last_message(copy);
    assert_eq!(string(hark_conversation_get_conversation_id(copy)), got.id);
    assert_eq!(hark_conversation_get_order_key(copy), got.order_key);
    assert_eq!((!copy_last.is_null()).then(|| snap(copy_last)), got.last);
    hark_conversation_free(copy);
    got
}

unsafe fn conv_list(convs: *const *const hark_conversation, n: usize) -> Vec<ConvSnap> {
    if n == 0 {
        assert!(convs.is_null());
        return Vec::new();
    }
    std::slice::from_raw_parts(convs, n).iter().map(|&c| conv_snap(c)).collect()
}

unsafe extern "C" fn on_page(
    convs: *const *const hark_conversation,
    n: usize,
    next: u64,
    finished: bool,
    ud: *mut c_void,
) {
    probe(ud).record(Ev::Convs(conv_list(convs, n), next, finished))
}
unsafe extern "C" fn on_conv(c: *const hark_conversation, ud: *mut c_void) {
    probe(ud).record(Ev::Conv(conv_snap(c)))
}
unsafe extern "C" fn on_count(n: u64, ud: *mut c_void) {
    probe(ud).record(Ev::Count(n))
}
unsafe extern "C" fn on_sync_start(ud: *mut c_void) {
    probe(ud).record(Ev::SyncStart)
}
unsafe extern "C" fn on_sync_finish(ud: *mut c_void) {
    probe(ud).record(Ev::SyncFinish)
}
unsafe extern "C" fn on_sync_failed(ud: *mut c_void) {
    probe(ud).record(Ev::SyncFailed)
}
unsafe extern "C" fn on_new(convs: *const *const hark_conversation, n: usize, ud: *mut c_void) {
    probe(ud).record(Ev::NewConvs(conv_list(convs, n)))
}
unsafe extern "C" fn on_changed(convs: *const *const hark_conversation, n: usize, ud: *mut c_void) {
    probe(ud).record(Ev::ChangedConvs(conv_list(convs, n)))
}
unsafe extern "C" fn on_total(total: u64, ud: *mut c_void) {
    probe(ud).record(Ev::TotalUnread(total))
}
pub(super) unsafe extern "C" fn on_receipts(
    rs: *const hark_message_receipt,
    n: usize,
    ud: *mut c_void,
) {
    assert!(n > 0 && !rs.is_null());
    let list = std::slice::from_raw_parts(rs, n)
        .iter()
        .map(|r| {
            assert!(r.is_peer_read);
            assert_eq!((string(r.msg_id), string(r.group_id)), (String::new(), String::new()));
            assert_eq!((r.read_count, r.unread_count), (0, 0));
            (string(r.user_id), r.read_seq, r.timestamp)
        })
        .collect();
    probe(ud).record(Ev::Receipts(list))
}

/// A message read receipt, read from its C struct.
#[derive(Clone, Debug, PartialEq)]
pub struct ReceiptSnap {
    pub msg_id: String,
    pub user: String,
    pub group: String,
    pub peer_read: bool,
    pub read: u64,
    pub unread: u64,
    pub seq: u64,
}

unsafe fn receipt_list(rs: *const hark_message_receipt, n: usize) -> Vec<ReceiptSnap> {
    if n == 0 {
        assert!(rs.is_null());
        return Vec::new();
    }
    std::slice::from_raw_parts(rs, n)
        .iter()
        .map(|r| ReceiptSnap {
            msg_id: string(r.msg_id),
            user: string(r.user_id),
            group: string(r.group_id),
            peer_read: r.is_peer_read,
            read: r.read_count,
            unread: r.unread_count,
            seq: r.read_seq,
        })
        .collect()
}

pub(super) unsafe extern "C" fn on_msg_receipts(
    rs: *const hark_message_receipt,
    n: usize,
    ud: *mut c_void,
) {
    assert!(n > 0);
    probe(ud).record(Ev::MsgReceipts(receipt_list(rs, n)))
}

pub fn receipts_callback() -> (hark_message_receipt_callback, Rx) {
    let rx = new_probe(None);
    let cb = hark_message_receipt_callback {
        on_success: Some(on_msg_receipts_answer),
        on_error: Some(on_error),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

unsafe extern "C" fn on_msg_receipts_answer(
    rs: *const hark_message_receipt,
    n: usize,
    ud: *mut c_void,
) {
    probe(ud).record(Ev::MsgReceipts(receipt_list(rs, n)))
}

pub fn list_callback() -> (hark_conversation_list_callback, Rx) {
    let rx = new_probe(None);
    let cb = hark_conversation_list_callback {
        on_success: Some(on_page),
        on_error: Some(on_error),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

pub fn conv_callback() -> (hark_conversation_callback, Rx) {
    let rx = new_probe(None);
    let cb = hark_conversation_callback {
        on_success: Some(on_conv),
        on_error: Some(on_error),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

pub fn count_callback() -> (hark_uint64_callback, Rx) {
    let rx = new_probe(None);
    let cb = hark_uint64_callback {
        on_success: Some(on_count),
        on_error: Some(on_error),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

pub fn conv_listener() -> (hark_conversation_listener, Rx) {
    let rx = new_probe(None);
    let l = hark_conversation_listener {
        on_sync_server_start: Some(on_sync_start),
        on_sync_server_finish: Some(on_sync_finish),
        on_sync_server_failed: Some(on_sync_failed),
        on_new_conversation: Some(on_new),
        on_conversation_changed: Some(on_changed),
        on_total_unread_message_count_changed: Some(on_total),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (l, rx)
}

impl Rx {
    /// A conversation page: (conversations, next_seq, is_finished).
    pub fn page(&self) -> (Vec<ConvSnap>, u64, bool) {
        match self.terminal() {
            Ev::Convs(convs, next, finished) => (convs, next, finished),
            other => panic!("expected conversations, got {other:?}"),
        }
    }

    pub fn conversation(&self) -> ConvSnap {
        match self.terminal() {
            Ev::Conv(c) => c,
            other => panic!("expected a conversation, got {other:?}"),
        }
    }

    pub fn count(&self) -> u64 {
        match self.terminal() {
            Ev::Count(n) => n,
            other => panic!("expected a count, got {other:?}"),
        }
    }

    /// Listener events until `pick` takes one, skipping the others (messages among them).
    pub fn until<T>(&self, mut pick: impl FnMut(Ev) -> Option<T>) -> T {
        loop {
            if let Some(found) = pick(self.event()) {
                return found;
            }
        }
    }

    /// The next conversations the listener reports changed (new or changed).
    pub fn conv_update(&self) -> Vec<ConvSnap> {
        self.until(|ev| match ev {
            Ev::NewConvs(c) | Ev::ChangedConvs(c) => Some(c),
            _ => None,
        })
    }

    pub fn total(&self) -> u64 {
        self.until(|ev| match ev {
            Ev::TotalUnread(n) => Some(n),
            _ => None,
        })
    }
}

impl Client {
    pub fn conv_listen(&self) -> (u64, Rx) {
        let (l, rx) = conv_listener();
        let id = unsafe { hark_add_conversation_listener(self.ptr, l) };
        assert!(id > 0);
        (id, rx)
    }

    /// The first page of up to `count` conversations.
    pub fn conversations(&self, next: u64, count: u32) -> (Vec<ConvSnap>, u64, bool) {
        let (cb, rx) = list_callback();
        assert_eq!(unsafe { hark_get_conversation_list(self.ptr, next, count, cb) }, 0);
        rx.page()
    }

    /// The whole list as (id, unread), in order.
    pub fn unread(&self) -> Vec<(String, u64)> {
        let (convs, _, finished) = self.conversations(0, 100);
        assert!(finished);
        convs.into_iter().map(|c| (c.id, c.unread)).collect()
    }

    pub fn conversation(&self, id: &str) -> ConvSnap {
        let (cb, rx) = conv_callback();
        let id = cstr(id);
        assert_eq!(unsafe { hark_get_conversation(self.ptr, id.as_ptr(), cb) }, 0);
        rx.conversation()
    }

    pub fn total_unread(&self) -> u64 {
        let (cb, rx) = count_callback();
        assert_eq!(unsafe { hark_get_total_unread_message_count(self.ptr, cb) }, 0);
        rx.count()
    }

    /// Runs a change taking (client, id, callback) and waits for its success.
    pub fn change(&self, call: ConvCall, id: &str) {
        let (cb, rx) = super::callback();
        let id = cstr(id);
        assert_eq!(unsafe { call(self.ptr, id.as_ptr(), cb) }, 0);
        rx.ok();
    }

    pub fn pin(&self, id: &str, pinned: bool) {
        let (cb, rx) = super::callback();
        let id = cstr(id);
        assert_eq!(unsafe { hark_pin_conversation(self.ptr, id.as_ptr(), pinned, cb) }, 0);
        rx.ok();
    }

    pub fn draft(&self, id: &str, draft: Option<&str>) {
        let (cb, rx) = super::callback();
        let (id, draft) = (cstr(id), draft.map(cstr));
        let draft = draft.as_ref().map_or(ptr::null(), |d| d.as_ptr());
        assert_eq!(unsafe { hark_set_conversation_draft(self.ptr, id.as_ptr(), draft, cb) }, 0);
        rx.ok();
    }

    pub fn mark_all_read(&self) {
        let (cb, rx) = super::callback();
        assert_eq!(unsafe { hark_mark_all_message_as_read(self.ptr, cb) }, 0);
        rx.ok();
    }
}

/// A conversation call of the (client, id, callback) shape.
pub type ConvCall = unsafe extern "C" fn(*mut hark_client, *const c_char, hark_callback) -> i32;
