//! Error descriptions; the codes themselves are the HARK_ERR_* macros build.rs writes.

use std::collections::HashMap;
use std::ffi::{c_char, CStr, CString};
use std::sync::LazyLock;

use crate::error::Code;

pub(super) const UNKNOWN: &CStr = c"unknown error code";

static DESCRIPTIONS: LazyLock<HashMap<i32, CString>> = LazyLock::new(|| {
    Code::ALL
        .iter()
        .map(|&code| (code as i32, super::c_strings::to_c_string(code.description())))
        .collect()
});

/// A readable description of an error code; "unknown error code" for a number this library
/// does not know. Static; never free it.
#[no_mangle]
pub extern "C" fn hark_error_description(code: i32) -> *const c_char {
    ffi_boundary!(UNKNOWN.as_ptr(), {
        DESCRIPTIONS.get(&code).map_or(UNKNOWN, CString::as_c_str).as_ptr()
    })
}
