//! The outcome of one send, shared by the app's message handle and the engine.
//!
//! V2TIM updates the message object the app passed to `SendMessage`; the engine cannot touch
//! that handle, so it reports status, seq, time and the drop flag through this small set of
//! atomics instead, and the elems completed by an upload through a write-once cell.

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicU64, Ordering};
use std::sync::OnceLock;

use hark_proto::Elem;

use super::Status;

/// What harkd's `send_ack` says about a message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ack {
    pub seq: u64,
    pub time: i64,
    /// The group's rate limit dropped the message: success, but nobody got it.
    pub dropped: bool,
}

#[derive(Debug)]
pub struct SendTrack {
    status: AtomicI32,
    seq: AtomicU64,
    time: AtomicI64,
    dropped: AtomicBool,
    uploaded: OnceLock<Vec<Elem>>,
}

impl SendTrack {
    pub fn new() -> SendTrack {
        SendTrack {
            status: AtomicI32::new(Status::Sending as i32),
            seq: AtomicU64::new(0),
            time: AtomicI64::new(0),
            dropped: AtomicBool::new(false),
            uploaded: OnceLock::new(),
        }
    }

    /// The message's elems once its files are uploaded: the ids, sizes and image versions
    /// harkd stored.
    pub fn set_uploaded(&self, elems: Vec<Elem>) {
        let _ = self.uploaded.set(elems);
    }

    pub fn uploaded(&self) -> Option<&[Elem]> {
        self.uploaded.get().map(Vec::as_slice)
    }

    pub fn succeeded(&self, ack: Ack) {
        self.seq.store(ack.seq, Ordering::Relaxed);
        self.time.store(ack.time, Ordering::Relaxed);
        self.dropped.store(ack.dropped, Ordering::Relaxed);
        // Release: a reader that sees SEND_SUCC also sees the ack's fields.
        self.status.store(Status::SendSucc as i32, Ordering::Release);
    }

    pub fn failed(&self) {
        self.status.store(Status::SendFail as i32, Ordering::Release);
    }

    pub fn status(&self) -> Status {
        Status::from_i32(self.status.load(Ordering::Acquire))
    }

    /// The ack once the send succeeded, else `None`.
    pub fn acked(&self) -> Option<Ack> {
        (self.status() == Status::SendSucc).then(|| Ack {
            seq: self.seq.load(Ordering::Relaxed),
            time: self.time.load(Ordering::Relaxed),
            dropped: self.dropped.load(Ordering::Relaxed),
        })
    }
}
