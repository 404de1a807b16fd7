//! Creating and freeing a client, and how calls reach the engine.

use std::ffi::{c_char, CStr};
use std::time::Duration;

use crate::client::{Client, Options};
use crate::dispatch::{Completion, Reply};
use crate::error::Code;

use super::args::str_arg;
use super::boundary::PANICKED;
use super::callbacks::{Owned, UserData};

/// A client: one connection to harkd for one logged-in user at a time. Several may live in
/// one process. Create with `hark_client_new`, free with `hark_client_free`.
pub struct hark_client {
    client: Client,
}

/// Options for `hark_client_new`; set defaults with `hark_client_options_init`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_client_options {
    /// Sent at login as its decimal number; a newer login of the same user on the same
    /// platform kicks the older session offline.
    pub platform: u32,
    /// How long a request waits for harkd's answer before it fails with 9520; 0 means the
    /// default, 15000.
    pub request_timeout_ms: u32,
    /// For `wss://` servers: PEM text of one or more CA certificates to trust besides the
    /// built-in public roots (Mozilla's), e.g. a private CA or a self-signed server
    /// certificate. Copied by `hark_client_new`; NULL (the default) trusts the public roots
    /// only.
    pub ca_pem: *const c_char,
    /// After this long without receiving any frame from harkd, or sending any, the client
    /// sends a WebSocket Ping; 0 means the default, 30000.
    pub heartbeat_interval_ms: u32,
    /// If nothing at all arrives within this long of the Ping, the connection counts as
    /// broken and the client reconnects; 0 means the default, 10000.
    pub heartbeat_timeout_ms: u32,
}

const DEFAULT_TIMEOUT_MS: u32 = 15_000;
const DEFAULT_HEARTBEAT_INTERVAL_MS: u32 = 30_000;
const DEFAULT_HEARTBEAT_TIMEOUT_MS: u32 = 10_000;

/// `value` milliseconds, or `default` for 0.
fn millis_or(value: u32, default: u32) -> Duration {
    Duration::from_millis(u64::from(if value == 0 { default } else { value }))
}

impl Default for hark_client_options {
    fn default() -> hark_client_options {
        hark_client_options {
            platform: 0,
            request_timeout_ms: DEFAULT_TIMEOUT_MS,
            ca_pem: std::ptr::null(),
            heartbeat_interval_ms: DEFAULT_HEARTBEAT_INTERVAL_MS,
            heartbeat_timeout_ms: DEFAULT_HEARTBEAT_TIMEOUT_MS,
        }
    }
}

pub(super) unsafe fn client_ref<'a>(client: *const hark_client) -> Option<&'a Client> {
    client.as_ref().map(|c| &c.client)
}

/// Hands a checked request and its callback to the engine, or returns why not. An error found
/// here is only returned: the callback struct is not taken over, so nothing is called, not even
/// `free_user_data` (the header's rule, the same as for a NULL client). Once taken over, the
/// request ends on the dispatcher thread; if the engine is gone, the dropped command's reply
/// answers 9508 there by itself.
pub(super) fn submit<T, C, P>(
    client: &Client,
    callback: C,
    checked: Result<P, Code>,
    call: impl FnOnce(P, Reply<T>),
) -> i32
where
    T: Send + 'static,
    C: UserData + 'static,
    Owned<C>: Completion<T>,
{
    let parts = match checked {
        Ok(parts) => parts,
        Err(code) => return code as i32,
    };
    let reply = client.reply(Box::new(Owned(callback)));
    call(parts, reply);
    0
}

/// Like [`submit`] for requests that need a logged-in user (6014 otherwise).
pub(super) fn submit_request<T, C, P>(
    client: &Client,
    callback: C,
    checked: Result<P, Code>,
    call: impl FnOnce(P, Reply<T>),
) -> i32
where
    T: Send + 'static,
    C: UserData + 'static,
    Owned<C>: Completion<T>,
{
    let checked = checked.and_then(|parts| client.check_logged_in().map(|()| parts));
    submit(client, callback, checked, call)
}

/// Fills `out` with the defaults: platform 0, request timeout 15000 ms, ca_pem NULL,
/// heartbeat interval 30000 ms, heartbeat timeout 10000 ms.
#[no_mangle]
pub unsafe extern "C" fn hark_client_options_init(out: *mut hark_client_options) {
    ffi_boundary!((), {
        if let Some(out) = out.as_mut() {
            *out = hark_client_options::default();
        }
    })
}

/// Starts a client for `server_url`, a base such as "ws://127.0.0.1:7000" (the WebSocket is
/// `<base>/v1/ws`; media go over HTTP to `http://` and the same host, port and path) or
/// "wss://im.example.com" (TLS; media over `https://`). `options` may be NULL for the
/// defaults. On success writes the new client to `*out` and returns 0; else returns 6017
/// (NULL or malformed argument, sdk_app_id 0, a `ca_pem` without a usable certificate) or
/// 6999, and leaves `*out` alone.
#[no_mangle]
pub unsafe extern "C" fn hark_client_new(
    sdk_app_id: u32,
    server_url: *const c_char,
    options: *const hark_client_options,
    out: *mut *mut hark_client,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let Ok(url) = str_arg(server_url) else { return Code::InvalidParameters as i32 };
        let options = options.as_ref().copied().unwrap_or_default();
        let ca_pem = match options.ca_pem.is_null() {
            true => None,
            false => Some(CStr::from_ptr(options.ca_pem).to_bytes()),
        };
        if out.is_null() {
            return Code::InvalidParameters as i32;
        }
        let options = Options {
            platform: options.platform,
            request_timeout: millis_or(options.request_timeout_ms, DEFAULT_TIMEOUT_MS),
            ca_pem,
            heartbeat_interval: millis_or(
                options.heartbeat_interval_ms,
                DEFAULT_HEARTBEAT_INTERVAL_MS,
            ),
            heartbeat_timeout: millis_or(
                options.heartbeat_timeout_ms,
                DEFAULT_HEARTBEAT_TIMEOUT_MS,
            ),
        };
        match Client::new(sdk_app_id, url, options) {
            Ok(client) => {
                *out = Box::into_raw(Box::new(hark_client { client }));
                0
            }
            Err(code) => code as i32,
        }
    })
}

/// Frees a client (NULL does nothing). Every request in flight ends with on_error 9508, every
/// pending free_user_data runs, and the call returns after the client's last callback, except
/// when called from inside one of this client's callbacks: then it returns at once and the
/// remaining callbacks run after the current one returns.
#[no_mangle]
pub unsafe extern "C" fn hark_client_free(client: *mut hark_client) {
    ffi_boundary!((), {
        if !client.is_null() {
            drop(Box::from_raw(client));
        }
    })
}
