//! The panic boundary around every `extern "C"` body: a panic must never unwind into C.

/// Runs `$body` and returns its value, or `$on_panic` if it panicked.
macro_rules! ffi_boundary {
    ($on_panic:expr, $body:block) => {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| $body)) {
            Ok(value) => value,
            Err(_) => $on_panic,
        }
    };
}

/// What an `int32_t`-returning call answers when it panicked.
pub const PANICKED: i32 = crate::error::Code::Internal as i32;
