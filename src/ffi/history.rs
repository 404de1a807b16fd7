//! History pages, newest first.

use std::ffi::c_char;

use crate::client::Peer;
use crate::error::Code;
use crate::message::validate::{check_group_id, check_user_id, history_count};

use super::args::str_arg;
use super::boundary::PANICKED;
use super::callbacks::hark_history_callback;
use super::client::{client_ref, hark_client, submit_request};
use super::message::{hark_message, message_ref};

/// Which conversation a page reads.
enum Conversation {
    User,
    Group,
}

unsafe fn history(
    client: *mut hark_client,
    conversation: Conversation,
    id: *const c_char,
    count: u32,
    last_msg: *const hark_message,
    callback: hark_history_callback,
) -> i32 {
    let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
    let checked = (|| {
        let id = str_arg(id)?;
        match conversation {
            Conversation::User => check_user_id(id)?,
            Conversation::Group => check_group_id(id)?,
        }
        let count = history_count(count)?;
        let before_seq = match message_ref(last_msg) {
            None => None,
            // A message that was never stored has no place in the history to page from.
            Some(last) if last.seq() == 0 => return Err(Code::InvalidParameters),
            Some(last) => Some(last.seq()),
        };
        Ok((id.to_owned(), count, before_seq))
    })();
    submit_request(client, callback, checked, |(id, count, before_seq), reply| {
        let peer = match conversation {
            Conversation::User => Peer::User(id),
            Conversation::Group => Peer::Group(id),
        };
        client.history(peer, count, before_seq, reply)
    })
}

/// Reads up to `count` (1..100; more is clamped) messages of the C2C conversation with
/// `user_id`, newest first, older than `last_msg` (NULL: from the newest). Returns 0, or the
/// error code (then nothing is called): 6017 count 0, NULL, or a `last_msg` never sent; 7003
/// invalid user id; 6014 not logged in.
#[no_mangle]
pub unsafe extern "C" fn hark_get_c2c_history_message_list(
    client: *mut hark_client,
    user_id: *const c_char,
    count: u32,
    last_msg: *const hark_message,
    callback: hark_history_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        history(client, Conversation::User, user_id, count, last_msg, callback)
    })
}

/// Like `hark_get_c2c_history_message_list` for a group (10015 invalid group id; only members
/// may read, else 10007).
#[no_mangle]
pub unsafe extern "C" fn hark_get_group_history_message_list(
    client: *mut hark_client,
    group_id: *const c_char,
    count: u32,
    last_msg: *const hark_message,
    callback: hark_history_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        history(client, Conversation::Group, group_id, count, last_msg, callback)
    })
}
