//! The C ABI: every `extern "C"` function and every `unsafe` of the crate.
//!
//! Each function body runs inside `ffi_boundary!`, checks its pointers and strings (NULL and
//! invalid UTF-8 are error codes, never crashes), copies what it needs and hands over to the
//! engine or reads a message. `include/hark.h` is generated from this module by cbindgen.

// The C names (`hark_client`, `hark_callback`, ...) are the API.
#![allow(non_camel_case_types)]
// Each function's contract is stated in the C header, which is generated from these docs.
#![allow(clippy::missing_safety_doc)]

#[macro_use]
mod boundary;
mod args;
mod callbacks;
mod client;
mod constants;
mod download;
mod group;
mod history;
mod listeners;
mod media_create;
mod media_elems;
mod message;
mod push_config;
mod push_info;
mod send;
mod targeted;
mod version;

pub use callbacks::{
    hark_callback, hark_group_member, hark_history_callback, hark_member_list_callback,
    hark_send_callback, hark_string_callback,
};
pub use client::*;
pub use constants::*;
pub use download::*;
pub use group::*;
pub use history::*;
pub use listeners::*;
pub use media_create::*;
pub use media_elems::*;
pub use message::*;
pub use push_config::*;
pub use push_info::*;
pub use send::*;
pub use targeted::*;
pub use version::*;
