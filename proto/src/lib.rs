//! Wire types shared by libhark and harkd.
//!
//! Frames are JSON text over one WebSocket per session; `docs/protocol.md` describes each one.

pub mod code;
pub mod conversation;
pub mod frame;
pub mod limits;
pub mod media;
pub mod message;

pub use code::Code;
pub use conversation::{ConvId, Conversation};
pub use frame::{ClientFrame, GroupMember, ServerFrame};
pub use message::{Elem, ImageInfo, ImageKind, Message, MessageReceipt, OfflinePushInfo, Priority};

/// Version carried in the login frame; harkd refuses versions it does not speak.
pub const PROTOCOL_VERSION: u32 = 1;
