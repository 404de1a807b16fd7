//! Targeted group messages (V2TIM's CreateTargetedGroupMessage) and their target list.

use std::ffi::{c_char, CStr};
use std::ptr;

use hark_proto::limits::MAX_TARGETS;

use crate::error::Code;
use crate::message::check_targets;

use super::boundary::PANICKED;
use super::group::member_ids_arg;
use super::message::{create, handle_ref, hark_message, message_ref};

/// Creates a copy of `message` (its elems, its files if they are not uploaded yet, and its
/// need_read_receipt) that only `receivers[0..count]` (1 to 50 members of the group; repeats
/// count once) and the sender will see. Send it with `hark_send_message(client, m, NULL, group_id, ...)`: a
/// receiver, or no group, is 6017 then. Returns 0 and writes `*out`, or 6017 (NULL argument,
/// invalid UTF-8, 0 or more than 50 receivers) or 7003 (an invalid user id).
#[no_mangle]
pub unsafe extern "C" fn hark_create_targeted_group_message(
    message: *const hark_message,
    receivers: *const *const c_char,
    count: usize,
    out: *mut *mut hark_message,
) -> i32 {
    ffi_boundary!(PANICKED, {
        create(out, || {
            let message = message_ref(message).ok_or(Code::InvalidParameters)?;
            let targets = check_targets(member_ids_arg(receivers, count, MAX_TARGETS)?)?;
            Ok(message.targeted(targets))
        })
    })
}

/// How many members a group message is for (V2TIM's targetGroupMemberList): the receivers of
/// a targeted message, 1 for a group message sent with a receiver, else 0.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_target_count(message: *const hark_message) -> usize {
    ffi_boundary!(0, { message_ref(message).map_or(0, |m| m.targets().len()) })
}

/// Target `index` of a group message; NULL when there is no such target.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_target(
    message: *const hark_message,
    index: usize,
) -> *const c_char {
    ffi_boundary!(ptr::null(), {
        handle_ref(message).and_then(|h| h.c_target(index)).map_or(ptr::null(), CStr::as_ptr)
    })
}
