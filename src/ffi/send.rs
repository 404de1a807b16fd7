//! Sending: `hark_send_message` and the four simple sends.

use std::ffi::c_char;
use std::ptr;
use std::sync::Arc;

use hark_proto::{Elem, Priority};

use crate::client::{Client, SendOptions};
use crate::dispatch::Progress;
use crate::error::Code;
use crate::message::validate::check_content;
use crate::message::{check_addressing, Message, Target};

use super::args::{opt_str_arg, write_c_string};
use super::boundary::PANICKED;
use super::c_strings::{to_c_string, CStrings};
use super::callbacks::{hark_send_callback, UserDataPtr};
use super::client::{client_ref, hark_client, submit};
use super::constants::HARK_MSG_ID_SIZE;
use super::message::{custom_elem, handle_mut, hark_message, text_elem, Handle};
use super::push_info::{hark_offline_push_info, read_push_info};

unsafe fn send_args(
    receiver: *const c_char,
    group_id: *const c_char,
    priority: i32,
    online_only: bool,
    push: *const hark_offline_push_info,
) -> Result<SendOptions, Code> {
    Ok(SendOptions {
        target: Target::new(opt_str_arg(receiver)?, opt_str_arg(group_id)?)?,
        priority: Priority::from_v2tim(priority).ok_or(Code::InvalidParameters)?,
        online_only,
        push: read_push_info(push)?,
    })
}

/// Upload progress for the app's `on_progress`, if it has one.
fn send_progress(client: &Client, callback: &hark_send_callback) -> Option<Progress<u32>> {
    let on_progress = callback.on_progress?;
    let user_data = UserDataPtr(callback.user_data);
    // SAFETY: progress is reported on the dispatcher thread and only before the terminal
    // callback, so the user data is still the app's and on_progress may be called with it.
    Some(client.progress(Arc::new(move |percent| unsafe { on_progress(percent, user_data.get()) })))
}

/// Checks what is left, stamps the message (msgID, SENDING, sender, addressing), writes the
/// msgID out and hands a copy to the engine.
unsafe fn start_send(
    client: &Client,
    callback: hark_send_callback,
    progress: Option<Progress<u32>>,
    message: Result<&mut Message, Code>,
    args: Result<SendOptions, Code>,
    msg_id_buf: *mut c_char,
    msg_id_buf_len: usize,
) -> i32 {
    let checked = message.and_then(|message| {
        let args = args?;
        if !msg_id_buf.is_null() && msg_id_buf_len < HARK_MSG_ID_SIZE {
            return Err(Code::InvalidParameters);
        }
        check_addressing(message, &args.target)?;
        check_content(message.wire())?;
        let sender = client.sender()?;
        Ok((message, args, sender))
    });
    submit(client, callback, checked, |(message, args, sender), reply| {
        client.send(message, &sender, args, reply, progress, |message| {
            let msg_id = to_c_string(&message.wire().msg_id);
            write_c_string(msg_id.to_bytes(), msg_id_buf, msg_id_buf_len);
        })
    })
}

/// Sends `message` (V2TIM SendMessage). `receiver` only: C2C; `group_id` only: group;
/// both: a targeted group message for that member. A message from
/// `hark_create_targeted_group_message` takes `group_id` only. `priority` is HARK_PRIORITY_*
/// and applies to groups. `online_user_only`: delivered only to sessions connected now, never
/// stored, no history, no push, no seq. `offline_push_info` may be NULL. `msg_id_buf` may be
/// NULL; otherwise it must hold HARK_MSG_ID_SIZE bytes and receives the msgID before the call
/// returns.
///
/// The message handle gets the msgID, status SENDING, the sender and the addressing, and
/// follows the send (SEND_SUCC with seq and timestamp, or SEND_FAIL). Sending it again after a
/// failure reuses the msgID, and harkd never delivers it twice. A group message the group's
/// rate limit dropped still ends with on_success, as with Tencent, but with seq 0 and
/// `hark_message_is_dropped` true (on that message and on the handle).
///
/// Returns 0, or the error code (then nothing is called, and the message is unchanged): 6017
/// NULL message, no receiver and no group, a targeted message with a receiver or without a
/// group, bad priority, buffer under HARK_MSG_ID_SIZE, invalid UTF-8; 7003 invalid receiver;
/// 10015 invalid group id; 8001 body over 12 KB; 6014 not logged in. Later errors: 9520 no
/// answer in time, 9508 connection lost or client freed, harkd's codes (10007, 10010,
/// 20003, ...).
///
/// A message whose first elem is an image, sound, video or file uploads its files first
/// (resuming after a broken connection), reporting `on_progress` 0..100, then sends. Its
/// later errors add 6008 (upload failed), 7004/7005/7006/6016 (the file changed since the
/// message was created) and harkd's refusals of the upload. A resend of the same handle
/// reuses what was already uploaded.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn hark_send_message(
    client: *mut hark_client,
    message: *mut hark_message,
    receiver: *const c_char,
    group_id: *const c_char,
    priority: i32,
    online_user_only: bool,
    offline_push_info: *const hark_offline_push_info,
    callback: hark_send_callback,
    msg_id_buf: *mut c_char,
    msg_id_buf_len: usize,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        let progress = send_progress(client, &callback);
        let parts = handle_mut(message).and_then(Handle::parts_mut);
        let (message, c) = match parts {
            Some((message, c)) => (Ok(message), Some(c)),
            None => (Err(Code::InvalidParameters), None),
        };
        let args = send_args(receiver, group_id, priority, online_user_only, offline_push_info);
        let rc = start_send(client, callback, progress, message, args, msg_id_buf, msg_id_buf_len);
        // Sent: the handle shows the stamped message, so strings read before are dropped.
        if let (0, Some(c)) = (rc, c) {
            *c = CStrings::default();
        }
        rc
    })
}

/// A simple send: a new one-elem message with default options.
#[allow(clippy::too_many_arguments)]
unsafe fn simple_send(
    client: *mut hark_client,
    elem: Result<Elem, Code>,
    receiver: *const c_char,
    group_id: *const c_char,
    priority: i32,
    callback: hark_send_callback,
    msg_id_buf: *mut c_char,
    msg_id_buf_len: usize,
) -> i32 {
    let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
    let mut message = elem.map(Message::new);
    let args = send_args(receiver, group_id, priority, false, ptr::null());
    // Text and custom messages have no files, so no progress.
    start_send(
        client,
        callback,
        None,
        message.as_mut().map_err(|code| *code),
        args,
        msg_id_buf,
        msg_id_buf_len,
    )
}

/// Sends a text message to `user_id` (V2TIM SendC2CTextMessage), under the rules of
/// `hark_send_message`.
#[no_mangle]
pub unsafe extern "C" fn hark_send_c2c_text_message(
    client: *mut hark_client,
    text: *const c_char,
    user_id: *const c_char,
    callback: hark_send_callback,
    msg_id_buf: *mut c_char,
    msg_id_buf_len: usize,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let elem = text_elem(text);
        simple_send(client, elem, user_id, ptr::null(), 0, callback, msg_id_buf, msg_id_buf_len)
    })
}

/// Sends custom data (`data` may be NULL when `data_len` is 0) to `user_id` (V2TIM
/// SendC2CCustomMessage), under the rules of `hark_send_message`.
#[no_mangle]
pub unsafe extern "C" fn hark_send_c2c_custom_message(
    client: *mut hark_client,
    data: *const u8,
    data_len: usize,
    user_id: *const c_char,
    callback: hark_send_callback,
    msg_id_buf: *mut c_char,
    msg_id_buf_len: usize,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let elem = custom_elem(data, data_len, ptr::null(), ptr::null());
        simple_send(client, elem, user_id, ptr::null(), 0, callback, msg_id_buf, msg_id_buf_len)
    })
}

/// Sends a text message to a group (V2TIM SendGroupTextMessage), under the rules of
/// `hark_send_message`.
#[no_mangle]
pub unsafe extern "C" fn hark_send_group_text_message(
    client: *mut hark_client,
    text: *const c_char,
    group_id: *const c_char,
    priority: i32,
    callback: hark_send_callback,
    msg_id_buf: *mut c_char,
    msg_id_buf_len: usize,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let elem = text_elem(text);
        simple_send(
            client,
            elem,
            ptr::null(),
            group_id,
            priority,
            callback,
            msg_id_buf,
            msg_id_buf_len,
        )
    })
}

/// Sends custom data to a group (V2TIM SendGroupCustomMessage), under the rules of
/// `hark_send_message`.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn hark_send_group_custom_message(
    client: *mut hark_client,
    data: *const u8,
    data_len: usize,
    group_id: *const c_char,
    priority: i32,
    callback: hark_send_callback,
    msg_id_buf: *mut c_char,
    msg_id_buf_len: usize,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let elem = custom_elem(data, data_len, ptr::null(), ptr::null());
        simple_send(
            client,
            elem,
            ptr::null(),
            group_id,
            priority,
            callback,
            msg_id_buf,
            msg_id_buf_len,
        )
    })
}
