//! The outcome of one send, shared by the app's message handle and the engine.
//!
//! V2TIM updates the message object the app passed to `SendMessage`; the engine cannot touch
//! that handle, so it reports status, seq and time through this small set of atomics instead,
//! and the elems completed by an upload through a write-once cell.

use std::sync::atomic::{AtomicI32, AtomicI64, AtomicU64, Ordering};
use std::sync::OnceLock;

use hark_proto::Elem;

use super::Status;

#[derive(Debug)]
pub struct SendTrack {
    status: AtomicI32,
    seq: AtomicU64,
    time: AtomicI64,
    uploaded: OnceLock<Vec<Elem>>,
}

impl SendTrack {
    pub fn new() -> SendTrack {
        SendTrack {
            status: AtomicI32::new(Status::Sending as i32),
            seq: AtomicU64::new(0),
            time: AtomicI64::new(0),
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

    pub fn succeeded(&self, seq: u64, time: i64) {
        self.seq.store(seq, Ordering::Relaxed);
        self.time.store(time, Ordering::Relaxed);
        // Release: a reader that sees SEND_SUCC also sees seq and time.
        self.status.store(Status::SendSucc as i32, Ordering::Release);
    }

    pub fn failed(&self) {
        self.status.store(Status::SendFail as i32, Ordering::Release);
    }

    pub fn status(&self) -> Status {
        Status::from_i32(self.status.load(Ordering::Acquire))
    }

    /// Seq and time once the send succeeded, else `None`.
    pub fn acked(&self) -> Option<(u64, i64)> {
        (self.status() == Status::SendSucc)
            .then(|| (self.seq.load(Ordering::Relaxed), self.time.load(Ordering::Relaxed)))
    }
}
