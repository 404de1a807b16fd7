//! Routing: who is online (the hub) and the one thread that orders, stores and fans out
//! every write (the sequencer).

pub mod admission;
pub mod hub;
pub mod queue;
pub mod sequencer;

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::ws::Utf8Bytes;

pub use hub::{Hub, SessionHandle};
pub use queue::{session_queue, Budget, Charge, SessionRx, SessionTx};
pub use sequencer::{Op, Origin, Sequencer};

/// What a session's socket writer is told to send.
#[derive(Debug)]
pub enum Outbound {
    /// A reply or notice, sent as is.
    Frame(String),
    /// A stored message (`inbox` > 0) or an online-only one (`inbox` == 0); `frame` is
    /// shared by every recipient of the message.
    Push { inbox: u64, frame: Arc<PushFrame> },
    /// Send nothing more and close the socket.
    Close,
}

const PUSH_PREFIX: &str = r#"{"t":"msg","inbox":"#;

/// The push frame for one recipient; `body` is the message JSON, serialized once.
pub fn push_frame(inbox: u64, body: &str) -> String {
    let mut f = String::with_capacity(body.len() + 40);
    let _ = write!(f, r#"{PUSH_PREFIX}{inbox},"msg":{body}}}"#);
    f
}

/// A message's push frame, encoded once for all of its recipients (with inbox 0) and held
/// by each of their queues; it counts once against the queues' [`Budget`] while any holds it.
pub struct PushFrame {
    text: Utf8Bytes,
    _charge: Charge,
}

impl PushFrame {
    pub fn new(body: &str, budget: &Arc<Budget>) -> Arc<PushFrame> {
        let text = push_frame(0, body);
        let charge = budget.charge(text.capacity());
        Arc::new(PushFrame { text: text.into(), _charge: charge })
    }

    /// The frame as the recipient numbered `inbox` gets it: for 0 the shared bytes
    /// themselves, else a copy with the number put in.
    pub fn text(&self, inbox: u64) -> Utf8Bytes {
        if inbox == 0 {
            return self.text.clone();
        }
        let mut f = String::with_capacity(self.len_for(inbox));
        let _ = write!(f, "{PUSH_PREFIX}{inbox}");
        f.push_str(&self.text[PUSH_PREFIX.len() + 1..]);
        f.into()
    }

    /// The length of [`PushFrame::text`] for `inbox`.
    pub fn len_for(&self, inbox: u64) -> usize {
        let digits = inbox.checked_ilog10().map_or(1, |d| d as usize + 1);
        self.text.len() - 1 + digits
    }
}

impl std::fmt::Debug for PushFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushFrame").field("len", &self.text.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_push_frame_reads_as_each_recipients_own() {
        let budget = Budget::new(1 << 20);
        let body = r#"{"msg_id":"m","elems":[{"type":"text","text":"é \"x\""}]}"#;
        let shared = PushFrame::new(body, &budget);
        assert!(budget.used() >= body.len());
        for inbox in [0, 1, 9, 10, 99, 12345, u64::MAX] {
            let text = shared.text(inbox);
            assert_eq!(text.as_str(), push_frame(inbox, body));
            assert_eq!(text.len(), shared.len_for(inbox));
        }
        drop(shared);
        assert_eq!(budget.used(), 0, "the frame's charge goes with it");
    }
}
