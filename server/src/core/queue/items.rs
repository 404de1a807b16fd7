//! What a session's queue holds, and the bytes each item is sent as.

use std::sync::Arc;

use bytes::Bytes;
use hark_proto::frame::spliced;

use super::{Budget, Charge};
use crate::core::request::Outcome;
use crate::core::wire::{answer, text_frame, MAX_HEADER_BYTES};

/// What a session's socket writer is handed: frames the gateway made, the core's typed
/// answers, and messages, each encoded once for all of its recipients.
#[derive(Debug)]
pub enum Outbound {
    /// A frame made by the session itself, sent as is.
    Frame(String),
    /// The core's answer to the session's request `req`, in commit order with messages.
    Answer { req: u64, outcome: Outcome },
    /// A stored message at log position `pos`, or an unstored one (`pos` 0); `frame` is
    /// shared by every recipient of the message.
    Message { pos: u64, frame: Arc<MessageFrame> },
    /// Bytes for the socket as they are: the rest of a frame a write left half sent, or a
    /// control frame (a pong) the WebSocket reader made.
    Raw(Bytes),
    /// Send nothing more and close the socket.
    Close,
}

impl Outbound {
    /// Appends what this is sent as to `buf` (nothing for [`Outbound::Close`]).
    pub fn encode(self, buf: &mut Vec<u8>) {
        match self {
            Outbound::Frame(text) => text_frame(text.as_bytes(), buf),
            Outbound::Answer { req, outcome } => text_frame(answer(req, outcome).as_bytes(), buf),
            Outbound::Message { frame, .. } => buf.extend_from_slice(&frame.wire),
            Outbound::Raw(bytes) => buf.extend_from_slice(&bytes),
            Outbound::Close => {}
        }
    }
}

/// A message's `msg` frame, encoded once for all of its recipients and held by each of
/// their queues; it counts once against the queues' [`Budget`] while any holds it.
pub struct MessageFrame {
    /// The whole WebSocket frame, header included.
    wire: Bytes,
    _charge: Charge,
}

impl MessageFrame {
    pub fn new(pos: u64, body: &str, budget: &Arc<Budget>) -> Arc<MessageFrame> {
        let text = spliced::message(pos, body);
        let mut wire = Vec::with_capacity(text.len() + MAX_HEADER_BYTES);
        text_frame(text.as_bytes(), &mut wire);
        let charge = budget.charge(wire.capacity());
        Arc::new(MessageFrame { wire: wire.into(), _charge: charge })
    }

    /// The frame's bytes, the same for every recipient: handing them out copies nothing.
    pub fn wire(&self) -> Bytes {
        self.wire.clone()
    }

    /// The frame's length in bytes.
    pub fn bytes(&self) -> usize {
        self.wire.len()
    }
}

impl std::fmt::Debug for MessageFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageFrame").field("len", &self.wire.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use tokio_tungstenite::tungstenite::protocol::frame::FrameHeader;

    use super::*;

    #[test]
    fn a_shared_message_frame_hands_every_recipient_the_same_bytes() {
        let budget = Budget::new(1 << 20);
        let body = r#"{"msg_id":"m","elems":[{"type":"text","text":"é \"x\""}]}"#;
        let shared = MessageFrame::new(12345, body, &budget);
        assert!(budget.used() >= body.len());
        let (a, b) = (shared.wire(), shared.wire());
        let mut cursor = Cursor::new(&a[..]);
        let (_, len) = FrameHeader::parse(&mut cursor).unwrap().unwrap();
        let text = &a[cursor.position() as usize..];
        assert_eq!(text.len() as u64, len);
        assert_eq!(text, spliced::message(12345, body).as_bytes());
        assert_eq!(a.as_ptr(), b.as_ptr(), "shared, not copied");
        assert_eq!(a.len(), shared.bytes());
        drop(shared);
        assert_eq!(budget.used(), 0, "the frame's charge goes with it");
    }
}
