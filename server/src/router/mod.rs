//! Routing: who is online (the hub) and the one thread that orders, stores and fans out
//! every write (the sequencer).

pub mod admission;
pub mod hub;
pub mod queue;
pub mod sequencer;

pub use hub::{Hub, SessionHandle};
pub use queue::{session_queue, SessionRx, SessionTx};
pub use sequencer::{Op, Origin, Sequencer};

/// What a session's socket writer is told to send.
#[derive(Debug)]
pub enum Outbound {
    /// A reply or notice, sent as is.
    Frame(String),
    /// A stored message (`inbox` > 0) or an online-only one (`inbox` == 0).
    Push { inbox: u64, frame: String },
    /// Send nothing more and close the socket.
    Close,
}

/// The push frame for one recipient; `body` is the message JSON, serialized once.
pub fn push_frame(inbox: u64, body: &str) -> String {
    use std::fmt::Write;
    let mut f = String::with_capacity(body.len() + 40);
    let _ = write!(f, r#"{{"t":"msg","inbox":{inbox},"msg":{body}}}"#);
    f
}
