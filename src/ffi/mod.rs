//! The C ABI: every `extern "C"` function, and every `unsafe` of the crate but the fuzz
//! entry point's (`crate::fuzzing`, which calls these functions as C does).
//!
//! Each function body runs inside `ffi_boundary!`, checks its pointers and strings (NULL and
//! invalid UTF-8 are error codes, never crashes), converts them to Rust values and calls the
//! client API (`crate::client`), or reads a message through its handle, which keeps the C
//! copies of the message's strings (`c_strings`). `include/hark.h` is generated from this
//! module by cbindgen.

// The C names (`hark_client`, `hark_callback`, ...) are the API.
#![allow(non_camel_case_types)]
// Each function's contract is stated in the C header, which is generated from these docs.
#![allow(clippy::missing_safety_doc)]

// The modules below come in the header's reading order: cbindgen writes the functions in
// source order (cbindgen.toml, `[fn] sort_by = "None"`) and each type before the first
// function that uses it, so this list is the table of contents of include/hark.h. One
// module a paragraph, so that rustfmt keeps the order.
#[macro_use]
mod boundary;
mod args;
mod c_strings;
mod callbacks;
mod constants;

// Client: options, new and free; version.
mod client;

mod version;

// Login.
mod login;

// Messages: create, read, elems; targeted group messages.
mod message;

mod targeted;

// Send; the offline push a message carries, and the device's registration for it.
mod send;

mod push_info;

mod push_config;

// Listeners.
mod listeners;

// History.
mod history;

// Groups.
mod group;

// Conversations: the list, one conversation, changes, the unread total, mark as read.
mod conversation;

mod conversation_manager;

// Message read receipts.
mod receipts;

// Media: image, sound, video and file messages (and location and face, whose getters share
// the media elems' shape); downloads; elem getters.
mod media_create;

mod download;

mod media_elems;

// Errors.
mod errors;

pub use callbacks::{
    hark_callback, hark_group_member, hark_group_member_operation_result, hark_history_callback,
    hark_member_list_callback, hark_member_result_callback, hark_send_callback,
    hark_string_callback,
};
pub use client::*;
pub use constants::*;
pub use conversation::*;
pub use conversation_manager::*;
pub use download::*;
pub use errors::*;
pub use group::*;
pub use history::*;
pub use listeners::*;
pub use login::*;
pub use media_create::*;
pub use media_elems::*;
pub use message::*;
pub use push_config::*;
pub use push_info::*;
pub use receipts::*;
pub use send::*;
pub use targeted::*;
pub use version::*;
