//! Login and logout, and who is logged in.

use std::ffi::c_char;

use crate::engine::LoginStatus;
use crate::error::Code;
use crate::message::validate::check_user_id;

use super::args::{str_arg, write_c_string};
use super::boundary::PANICKED;
use super::callbacks::hark_callback;
use super::client::{client_ref, hark_client, submit};

/// Logs in: on_connecting, on_connect_success, then the callback. Returns 0, or the error
/// code (then nothing is called): 6017 NULL or invalid UTF-8, 7003 invalid user id.
/// Logging in while a login or logout is running ends with 6015; logging in as the user
/// already logged in succeeds; logging in as another user ends the current session first.
#[no_mangle]
pub unsafe extern "C" fn hark_login(
    client: *mut hark_client,
    user_id: *const c_char,
    user_sig: *const c_char,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        let checked = (|| {
            let user = str_arg(user_id)?;
            let sig = str_arg(user_sig)?;
            check_user_id(user)?;
            Ok((user.to_owned(), sig.to_owned()))
        })();
        submit(client, callback, checked, |(user, sig), reply| client.login(user, sig, reply))
    })
}

/// Logs out; requests still in flight end with 9508. Logging out when logged out succeeds.
#[no_mangle]
pub unsafe extern "C" fn hark_logout(client: *mut hark_client, callback: hark_callback) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        submit(client, callback, Ok(()), |(), reply| client.logout(reply))
    })
}

/// HARK_LOGIN_STATUS_*; a NULL client is HARK_LOGIN_STATUS_LOGOUT.
#[no_mangle]
pub unsafe extern "C" fn hark_get_login_status(client: *const hark_client) -> i32 {
    ffi_boundary!(LoginStatus::Logout as i32, {
        client_ref(client).map_or(LoginStatus::Logout, |c| c.login_state().status()) as i32
    })
}

/// Writes the logged-in user id, NUL-terminated and cut to fit, into `buf` (which may be NULL
/// when `buf_len` is 0) and returns its full length without the NUL, like snprintf. Writes ""
/// and returns 0 when not logged in or the client is NULL.
#[no_mangle]
pub unsafe extern "C" fn hark_get_login_user(
    client: *const hark_client,
    buf: *mut c_char,
    buf_len: usize,
) -> usize {
    ffi_boundary!(0, {
        let user = client_ref(client).and_then(|c| c.login_state().user());
        write_c_string(user.as_deref().unwrap_or("").as_bytes(), buf, buf_len)
    })
}
