//! libhark: the client half of Hark, behind a C ABI (`include/hark.h`).
//!
//! An API call (`ffi`) checks and converts its C arguments and calls the typed client API
//! (`client`), which posts a command to the engine thread (`engine`); the engine owns the
//! connection and all client state. Results travel as events to the dispatcher thread
//! (`dispatch`), the only thread that calls the application back.

// Every `unsafe` block and `unsafe impl` says why it is sound, in a `// SAFETY:` comment.
#![deny(clippy::undocumented_unsafe_blocks)]

mod client;
mod conversation;
mod dispatch;
mod engine;
mod error;
pub mod ffi;
#[doc(hidden)]
pub mod fuzzing;
mod group;
mod media;
mod message;
mod transport;
