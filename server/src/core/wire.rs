//! The bytes a session's socket is sent: WebSocket text frames, made here rather than by
//! the WebSocket library so that a message's frame is made once for all of its recipients
//! and written to each socket as it is (a server's frames are not masked, so they are the
//! same bytes for everyone), and the JSON of the frames in them.

use hark_proto::ServerFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::FrameHeader;

use super::request::{Answer, Outcome};

/// The longest header of an unmasked frame.
pub const MAX_HEADER_BYTES: usize = 10;

/// Appends `payload` as one final, unmasked text frame.
pub fn text_frame(payload: &[u8], buf: &mut Vec<u8>) {
    let header = FrameHeader { opcode: OpCode::Data(Data::Text), ..FrameHeader::default() };
    header.format(payload.len() as u64, buf).expect("writing to a Vec cannot fail");
    buf.extend_from_slice(payload);
}

/// Appends a close frame without a status: the end of what the server sends.
pub fn close_frame(buf: &mut Vec<u8>) {
    tokio_tungstenite::tungstenite::protocol::frame::Frame::close(None)
        .format(buf)
        .expect("writing to a Vec cannot fail");
}

/// The frame's JSON text.
pub fn json(f: &ServerFrame) -> String {
    serde_json::to_string(f).expect("server frames always serialize")
}

/// The frame a core answer to request `req` is sent as.
pub fn answer(req: u64, outcome: Outcome) -> String {
    let f = match outcome {
        Ok(Answer::Sent { msg_id, seq, time, pos, dropped }) => {
            ServerFrame::SendAck { req, msg_id, seq, time, pos, dropped }
        }
        Ok(Answer::GroupCreated { group }) => ServerFrame::GroupCreated { req, group },
        Ok(Answer::Added(added)) => ServerFrame::MemberResults {
            req,
            results: added.into_iter().map(|a| a as u32).collect(),
        },
        Ok(Answer::Done | Answer::LoggedIn { .. }) => ServerFrame::Ok { req },
        Err(code) => ServerFrame::error(req, code),
    };
    json(&f)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    /// Reads back one frame: its header and payload.
    fn parse(wire: &[u8]) -> (FrameHeader, Vec<u8>) {
        let mut cursor = Cursor::new(wire);
        let (header, len) = FrameHeader::parse(&mut cursor).unwrap().expect("a whole header");
        let start = cursor.position() as usize;
        assert_eq!(start + len as usize, wire.len(), "one frame, nothing after it");
        (header, wire[start..].to_vec())
    }

    #[test]
    fn text_frames_read_back_at_every_length_format() {
        for len in [0, 1, 125, 126, 65_535, 65_536, 1 << 20] {
            let payload = vec![b'a'; len];
            let mut wire = Vec::new();
            text_frame(&payload, &mut wire);
            let (header, read) = parse(&wire);
            assert!(header.is_final && header.mask.is_none());
            assert_eq!(header.opcode, OpCode::Data(Data::Text));
            assert_eq!(read, payload, "length {len}");
        }
        let mut wire = Vec::new();
        close_frame(&mut wire);
        let (header, payload) = parse(&wire);
        assert!(matches!(header.opcode, OpCode::Control(_)) && payload.is_empty());
    }
}
