//! Groups: create, join, quit, dismiss, members.

use std::ffi::c_char;

use hark_proto::limits::MAX_INITIAL_MEMBERS;

use crate::error::Code;
use crate::group::NewGroup;
use crate::message::validate::check_group_id;

use super::args::{opt_str_arg, owned_str_arg, str_arg};
use super::boundary::PANICKED;
use super::callbacks::{
    hark_callback, hark_member_list_callback, hark_member_result_callback, hark_string_callback,
};
use super::client::{client_ref, hark_client, submit_request};

/// `count` user ids; over `max` is refused before the array is read, so a huge count never
/// reads past the caller's array.
pub(super) unsafe fn member_ids_arg(
    ids: *const *const c_char,
    count: usize,
    max: usize,
) -> Result<Vec<String>, Code> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if ids.is_null() || count > max {
        return Err(Code::InvalidParameters);
    }
    std::slice::from_raw_parts(ids, count)
        .iter()
        .map(|&id| str_arg(id).map(str::to_owned))
        .collect()
}

/// Creates a group of `group_type` ("Work", "Public", "Meeting", "AVChatRoom", "Community")
/// with the caller as owner and `member_ids` (may be NULL when `member_count` is 0) as
/// members. `group_id` NULL or "": harkd assigns one. The callback's value is the group id.
/// Returns 0, or the error code (then nothing is called): 6017 unknown type, NULL name, name
/// over 100 bytes, over 500 members; 10015 invalid group id; 7003 invalid member id; 6014.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn hark_create_group(
    client: *mut hark_client,
    group_type: *const c_char,
    group_id: *const c_char,
    group_name: *const c_char,
    member_ids: *const *const c_char,
    member_count: usize,
    callback: hark_string_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        let checked = (|| {
            let group_type = str_arg(group_type)?;
            let group_id = opt_str_arg(group_id)?;
            let name = str_arg(group_name)?;
            NewGroup::new(
                group_type,
                group_id,
                name,
                member_ids_arg(member_ids, member_count, MAX_INITIAL_MEMBERS)?,
            )
        })();
        submit_request(client, callback, checked, |group, reply| client.create_group(group, reply))
    })
}

/// A group id argument: 6017 for NULL or invalid UTF-8, 10015 when invalid.
unsafe fn group_id_arg(group_id: *const c_char) -> Result<String, Code> {
    let id = str_arg(group_id)?;
    check_group_id(id)?;
    Ok(id.to_owned())
}

/// Joins a group; `message` (may be NULL) goes with the request. 10015 invalid group id;
/// harkd answers 10010 for no such group, 10013 for a member already.
#[no_mangle]
pub unsafe extern "C" fn hark_join_group(
    client: *mut hark_client,
    group_id: *const c_char,
    message: *const c_char,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        let checked = (|| Ok((group_id_arg(group_id)?, owned_str_arg(message)?)))();
        submit_request(client, callback, checked, |(group, note), reply| {
            client.join_group(group, note, reply)
        })
    })
}

/// Leaves a group. harkd answers 10009 for the owner (dismiss instead).
#[no_mangle]
pub unsafe extern "C" fn hark_quit_group(
    client: *mut hark_client,
    group_id: *const c_char,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        submit_request(client, callback, group_id_arg(group_id), |group, reply| {
            client.quit_group(group, reply)
        })
    })
}

/// Dismisses a group; only its owner may (10007 otherwise).
#[no_mangle]
pub unsafe extern "C" fn hark_dismiss_group(
    client: *mut hark_client,
    group_id: *const c_char,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        submit_request(client, callback, group_id_arg(group_id), |group, reply| {
            client.dismiss_group(group, reply)
        })
    })
}

/// Lists a group's members; only members may (10007 otherwise).
#[no_mangle]
pub unsafe extern "C" fn hark_get_group_member_list(
    client: *mut hark_client,
    group_id: *const c_char,
    callback: hark_member_list_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        submit_request(client, callback, group_id_arg(group_id), |group, reply| {
            client.group_members(group, reply)
        })
    })
}

/// Invites `user_ids[0..count]` (1..500) to a group (V2TIM's InviteUserToGroup): in a Work
/// group any member may, in a Community its owner; Public, Meeting and AVChatRoom groups take
/// no invitations (harkd answers 10007). The callback gets one result per user, in order:
/// HARK_GROUP_MEMBER_RESULT_SUCC (added), _INVALID (a member already), _FAIL (no such user).
/// Adds none when the group would grow past its type's cap (10014). 6017 for none, over
/// 500 or a NULL array; 10015 invalid group id.
#[no_mangle]
pub unsafe extern "C" fn hark_invite_user_to_group(
    client: *mut hark_client,
    group_id: *const c_char,
    user_ids: *const *const c_char,
    count: usize,
    callback: hark_member_result_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        let checked = (|| {
            let group = group_id_arg(group_id)?;
            let members = member_ids_arg(user_ids, count, MAX_INITIAL_MEMBERS)?;
            if members.is_empty() {
                return Err(Code::InvalidParameters);
            }
            Ok((group, members))
        })();
        submit_request(client, callback, checked, |(group, members), reply| {
            client.invite_to_group(group, members, reply)
        })
    })
}
