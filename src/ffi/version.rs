//! The library's version.

use std::ffi::c_char;

use super::errors::UNKNOWN;

const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The library's version, "MAJOR.MINOR.PATCH"; compare with the HARK_VERSION_* macros of the
/// header the app was built with. Static; never free it.
#[no_mangle]
pub extern "C" fn hark_version() -> *const c_char {
    ffi_boundary!(UNKNOWN.as_ptr(), { VERSION.as_ptr().cast() })
}
