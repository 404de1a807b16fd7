//! Message read receipts: asking for them when sending (needReadReceipt), reporting what
//! was read (SendMessageReadReceipts) and asking how many have (GetMessageReadReceipts).

use std::ffi::{c_char, c_void};

use hark_proto::limits::MAX_RECEIPT_MESSAGES;
use hark_proto::MessageReceipt;

use crate::dispatch::Completion;
use crate::error::{Code, Failure};

use super::boundary::PANICKED;
use super::callbacks::{hark_callback, impl_user_data, report, Owned};
use super::client::{client_ref, hark_client, submit_request};
use super::listeners::{hark_message_receipt, with_receipts, ReceiptRow};
use super::message::{handle_mut, hark_message, message_ref};

/// Ends a request for read receipts.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_message_receipt_callback {
    /// `receipts[0..count]`, valid during the callback; NULL when count is 0.
    pub on_success: Option<
        unsafe extern "C" fn(
            receipts: *const hark_message_receipt,
            count: usize,
            user_data: *mut c_void,
        ),
    >,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

impl_user_data!(hark_message_receipt_callback);

impl Completion<Vec<MessageReceipt>> for Owned<hark_message_receipt_callback> {
    fn complete(self: Box<Self>, result: Result<Vec<MessageReceipt>, Failure>) {
        // SAFETY: a terminal call of the app's callback, once, with its user_data, on the
        // dispatcher thread, as the header promises; the receipts outlive the call.
        unsafe {
            match result {
                Ok(receipts) => {
                    if let Some(f) = self.0.on_success {
                        let ud = self.0.user_data;
                        with_receipts(receipts.iter().map(ReceiptRow::of), |at, n| f(at, n, ud));
                    }
                }
                Err(failure) => report(self.0.on_error, &failure, self.0.user_data),
            }
        }
    }
}

/// V2TIMMessage::needReadReceipt: the message's readers report reading it, and its sender
/// hears how many have (`on_recv_message_read_receipts`). Set it on a message made with
/// `hark_create_*` before its first send. Returns 0; 6017 for NULL, a handle passed to a
/// callback, or a message already sent.
#[no_mangle]
pub unsafe extern "C" fn hark_message_set_need_read_receipt(
    message: *mut hark_message,
    need_read_receipt: bool,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(handle) = handle_mut(message) else { return Code::InvalidParameters as i32 };
        let Some((message, _)) = handle.parts_mut() else {
            return Code::InvalidParameters as i32;
        };
        match message.set_need_read_receipt(need_read_receipt) {
            Ok(()) => 0,
            Err(code) => code as i32,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn hark_message_get_need_read_receipt(message: *const hark_message) -> bool {
    ffi_boundary!(false, { message_ref(message).is_some_and(|m| m.wire().need_read_receipt) })
}

/// The conversation and seqs of `messages[0..count]`: 1..100 stored messages of one
/// conversation, else 6017.
unsafe fn stored_messages(
    messages: *const *const hark_message,
    count: usize,
) -> Result<(String, Vec<u64>), Code> {
    if messages.is_null() || count == 0 || count > MAX_RECEIPT_MESSAGES {
        return Err(Code::InvalidParameters);
    }
    let mut conv: Option<String> = None;
    let mut seqs = Vec::with_capacity(count);
    for &m in std::slice::from_raw_parts(messages, count) {
        let m = message_ref(m).ok_or(Code::InvalidParameters)?;
        let id = m.conversation_id();
        if m.seq() == 0 || conv.as_ref().is_some_and(|c| *c != id) {
            return Err(Code::InvalidParameters);
        }
        conv = Some(id);
        seqs.push(m.seq());
    }
    Ok((conv.unwrap_or_default(), seqs))
}

/// Reports `messages[0..count]` (1..100 received messages of one conversation) read by this
/// user (V2TIM's SendMessageReadReceipts): each sent with need_read_receipt counts this
/// user once, and its sender hears the new counts. 6017 for none, over 100, a message never
/// stored, or messages of different conversations; harkd answers 10007 for a group the user
/// is not in.
#[no_mangle]
pub unsafe extern "C" fn hark_send_message_read_receipts(
    client: *mut hark_client,
    messages: *const *const hark_message,
    count: usize,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        submit_request(client, callback, stored_messages(messages, count), |(conv, seqs), reply| {
            client.send_receipts(conv, seqs, reply)
        })
    })
}

/// How many have read `messages[0..count]` (as for `hark_send_message_read_receipts`), one
/// receipt per message sent with need_read_receipt, in the order asked (V2TIM's
/// GetMessageReadReceipts).
#[no_mangle]
pub unsafe extern "C" fn hark_get_message_read_receipts(
    client: *mut hark_client,
    messages: *const *const hark_message,
    count: usize,
    callback: hark_message_receipt_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        submit_request(client, callback, stored_messages(messages, count), |(conv, seqs), reply| {
            client.receipts(conv, seqs, reply)
        })
    })
}
