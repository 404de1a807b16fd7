//! Reading arguments from C: NULL and UTF-8 checks, and writing strings back.

use std::ffi::{c_char, CStr};

use crate::error::Code;

/// A required string: NULL or invalid UTF-8 is 6017.
pub unsafe fn str_arg<'a>(p: *const c_char) -> Result<&'a str, Code> {
    if p.is_null() {
        return Err(Code::InvalidParameters);
    }
    CStr::from_ptr(p).to_str().map_err(|_| Code::InvalidParameters)
}

/// An optional string: NULL is `None`; invalid UTF-8 is 6017.
pub unsafe fn opt_str_arg<'a>(p: *const c_char) -> Result<Option<&'a str>, Code> {
    if p.is_null() {
        Ok(None)
    } else {
        str_arg(p).map(Some)
    }
}

/// An optional string where NULL means empty.
pub unsafe fn owned_str_arg(p: *const c_char) -> Result<String, Code> {
    opt_str_arg(p).map(|s| s.unwrap_or_default().to_owned())
}

/// A byte buffer: NULL is allowed only with length 0. No buffer is over `isize::MAX` bytes:
/// such a length (SIZE_MAX, a negative number cast) is refused before anything is read.
pub unsafe fn bytes_arg<'a>(p: *const u8, len: usize) -> Result<&'a [u8], Code> {
    if len == 0 {
        Ok(&[])
    } else if p.is_null() || len > isize::MAX as usize {
        Err(Code::InvalidParameters)
    } else {
        Ok(std::slice::from_raw_parts(p, len))
    }
}

/// snprintf-like: writes as much of `s` as fits plus a NUL, and returns `s`'s full length.
pub unsafe fn write_c_string(s: &[u8], buf: *mut c_char, buf_len: usize) -> usize {
    if !buf.is_null() && buf_len > 0 {
        let n = s.len().min(buf_len - 1);
        std::ptr::copy_nonoverlapping(s.as_ptr(), buf.cast::<u8>(), n);
        *buf.add(n) = 0;
    }
    s.len()
}
