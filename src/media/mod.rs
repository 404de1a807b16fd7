//! The files behind image, sound, video and file elems: checking them, uploading them to
//! harkd before their message is sent, and downloading them. Transfers run as tasks on the
//! engine's runtime, so the engine keeps serving other requests meanwhile.

pub mod download;
pub mod http;
pub mod local;
pub mod probe;
pub mod upload;
