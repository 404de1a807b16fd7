//! Offline push registration (V2TIM's V2TIMOfflinePushManager::SetOfflinePushConfig).

use std::ffi::c_char;

use crate::error::Code;

use super::args::str_arg;
use super::boundary::PANICKED;
use super::callbacks::hark_callback;
use super::client::{client_ref, hark_client, submit_request};

/// Registers this device for offline push for the logged-in user: `business_id` is the push
/// certificate id the app's console assigned, `token` the device token from the vendor's push
/// service. harkd then hands offline users' messages to its push gateway with this token.
/// The client re-registers by itself after every new login of the same user, until
/// `hark_clear_offline_push_config`. Returns 0, or the error code (then nothing is called):
/// 6017 NULL, empty or invalid UTF-8 token; 6014 not logged in.
#[no_mangle]
pub unsafe extern "C" fn hark_set_offline_push_config(
    client: *mut hark_client,
    business_id: u32,
    token: *const c_char,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        let checked = str_arg(token).and_then(|token| match token {
            "" => Err(Code::InvalidParameters),
            token => Ok(token.to_owned()),
        });
        submit_request(client, callback, checked, |token, reply| {
            client.set_push_config(business_id, token, reply)
        })
    })
}

/// Stops offline push to the logged-in user's devices and forgets the registration, so later
/// logins do not register again. Returns 0, or 6014 (then nothing is called).
#[no_mangle]
pub unsafe extern "C" fn hark_clear_offline_push_config(
    client: *mut hark_client,
    callback: hark_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
        submit_request(client, callback, Ok(()), |(), reply| client.clear_push_config(reply))
    })
}
