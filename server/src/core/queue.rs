//! A session's outgoing queue: answers, frames and messages wait here for the socket writer. A client
//! that stops reading (or floods requests without reading the answers) would otherwise grow
//! it without end, so two bounds hold:
//!
//! - each session's, on the bytes it has waiting (`[limits] session_queue_bytes`);
//! - one over every session's queue, the [`Budget`] (`[limits] queued_bytes_total`), on the
//!   memory they hold: a message frame shared by many queues counts once. When it is reached,
//!   the sessions with the most waiting go first, and only those holding more than an even
//!   share of it, so a session that keeps up is not dropped because others do not read.
//!
//! A session past either is dropped at once, its socket too (a polite close would wait on
//! the reader it is waiting on already), and what it had queued is freed there and then; a
//! client that comes back catches up on the stored messages it has not acknowledged.
//!
//! Once ended sessions have freed enough, glibc's malloc is told to give the memory back to
//! the system (it keeps freed memory in its arenas otherwise).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use axum::extract::ws::Utf8Bytes;
use hark_proto::frame::spliced;
use tokio::sync::Notify;

use super::request::Outcome;

/// What a queued frame costs beyond its bytes: its slot in the queue, with the queue's
/// growth slack.
pub const ENTRY_BYTES: usize = 64;
/// What an answer costs, queued and encoded: a short frame (a send's ack is the longest).
const ANSWER_BYTES: usize = 192;
/// An emptied queue whose buffer grew past this many slots gives the buffer back.
const SHRINK_SLOTS: usize = 1024;
/// What a session holds besides its queue (its socket's buffers, its tasks).
const SESSION_BYTES: usize = 16 << 10;
/// Memory that ended sessions held at their most, past which the allocator gives back what
/// it keeps; at most once per [`TRIM_DELAY`].
const TRIM_AFTER_BYTES: usize = 8 << 20;
const TRIM_DELAY: std::time::Duration = std::time::Duration::from_secs(1);

/// What a session's socket writer is handed: frames the gateway made, the core's typed
/// answers (the gateway encodes them), and messages, each encoded once for all of its
/// recipients.
#[derive(Debug)]
pub enum Outbound {
    /// A frame made by the session itself, sent as is.
    Frame(String),
    /// The core's answer to the session's request `req`, in commit order with messages.
    Answer { req: u64, outcome: Outcome },
    /// A stored message at log position `pos`, or an unstored one (`pos` 0); `frame` is
    /// shared by every recipient of the message.
    Message { pos: u64, frame: Arc<MessageFrame> },
    /// Send nothing more and close the socket.
    Close,
}

/// A message's `msg` frame, encoded once for all of its recipients and held by each of
/// their queues; it counts once against the queues' [`Budget`] while any holds it.
pub struct MessageFrame {
    text: Utf8Bytes,
    _charge: Charge,
}

impl MessageFrame {
    pub fn new(pos: u64, body: &str, budget: &Arc<Budget>) -> Arc<MessageFrame> {
        let text = spliced::message(pos, body);
        let charge = budget.charge(text.capacity());
        Arc::new(MessageFrame { text: text.into(), _charge: charge })
    }

    /// The frame's bytes, the same for every recipient: handing them out copies nothing.
    pub fn text(&self) -> Utf8Bytes {
        self.text.clone()
    }

    /// The frame's length in bytes.
    pub fn bytes(&self) -> usize {
        self.text.len()
    }
}

impl std::fmt::Debug for MessageFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageFrame").field("len", &self.text.len()).finish()
    }
}

/// The memory held by every session's queue, and its bound.
pub struct Budget {
    used: AtomicUsize,
    limit: usize,
    sessions: Mutex<HashMap<u64, Weak<Bound>>>,
    next: AtomicU64,
    /// What ended sessions held at their most since the allocator last gave memory back.
    freed: AtomicUsize,
    trimming: Arc<AtomicBool>,
}

/// Bytes counted against a [`Budget`] until dropped.
pub struct Charge {
    budget: Arc<Budget>,
    bytes: usize,
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.budget.used.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

impl Budget {
    /// A budget of `limit` bytes over all the queues made with [`Budget::queue`].
    pub fn new(limit: usize) -> Arc<Budget> {
        Arc::new(Budget {
            used: AtomicUsize::new(0),
            limit,
            sessions: Mutex::new(HashMap::new()),
            next: AtomicU64::new(0),
            freed: AtomicUsize::new(0),
            trimming: Arc::default(),
        })
    }

    /// Bytes held now.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// Counts `bytes` of memory that queues share (a message frame) until the charge is dropped.
    pub fn charge(self: &Arc<Self>, bytes: usize) -> Charge {
        self.used.fetch_add(bytes, Ordering::Relaxed);
        Charge { budget: self.clone(), bytes }
    }

    /// A session's queue, holding at most `limit` bytes of frames itself and sharing this
    /// budget with the others.
    pub fn queue(self: &Arc<Self>, limit: usize) -> (SessionTx, SessionRx) {
        let key = self.next.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = new_queue(limit, Some((self.clone(), key)));
        self.lock().insert(key, Arc::downgrade(&tx.bound));
        (tx, rx)
    }

    /// Past the limit: drops the sessions with the most waiting, largest first, while the
    /// limit is passed and the largest holds more than an even share of it.
    fn relieve(&self) {
        let sessions = self.lock();
        while self.used() > self.limit {
            let (mut live, mut largest) = (0, None::<Arc<Bound>>);
            for b in sessions.values().filter_map(Weak::upgrade) {
                if b.overflowed.load(Ordering::Relaxed) {
                    continue;
                }
                live += 1;
                if largest.as_ref().is_none_or(|l| b.queued() > l.queued()) {
                    largest = Some(b);
                }
            }
            match largest {
                Some(b) if b.queued() > self.limit / live => b.drop_queue(
                    "the sessions' queues together reached queued_bytes_total; dropping the \
                     session with the most waiting",
                ),
                _ => return,
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Weak<Bound>>> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A session ended whose queue held `peak` bytes at its most. Once those add up past
    /// [`TRIM_AFTER_BYTES`], the allocator gives back the free memory it keeps, a moment
    /// later (when the session's socket and tasks are gone too).
    fn ended(&self, peak: usize) {
        let freed = self.freed.fetch_add(peak + SESSION_BYTES, Ordering::Relaxed);
        if freed + peak + SESSION_BYTES < TRIM_AFTER_BYTES
            || self.trimming.swap(true, Ordering::Relaxed)
        {
            return;
        }
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            self.trimming.store(false, Ordering::Relaxed);
            return;
        };
        self.freed.store(0, Ordering::Relaxed);
        let trimming = self.trimming.clone();
        rt.spawn(async move {
            tokio::time::sleep(TRIM_DELAY).await;
            let _ = tokio::task::spawn_blocking(give_back_memory).await;
            trimming.store(false, Ordering::Relaxed);
        });
    }
}

/// Returns the free memory glibc's malloc keeps in its arenas to the system.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists, under its locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

struct Bound {
    frames: Mutex<VecDeque<Outbound>>,
    /// Wakes the writer: a frame was queued, the queue was dropped, or the senders are gone.
    ready: Notify,
    /// Bytes waiting, as counted against `limit`; changed only with `frames` locked.
    queued: AtomicUsize,
    /// The most `queued` has been.
    peak: AtomicUsize,
    limit: usize,
    overflowed: AtomicBool,
    overflow: Notify,
    /// Receiver gone: nothing more is queued.
    closed: AtomicBool,
    senders: AtomicUsize,
    /// The budget this queue shares, and its key there.
    budget: Option<(Arc<Budget>, u64)>,
}

pub struct SessionTx {
    bound: Arc<Bound>,
}

pub struct SessionRx {
    bound: Arc<Bound>,
}

impl std::fmt::Debug for SessionTx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionTx")
            .field("queued", &self.bound.queued.load(Ordering::Relaxed))
            .finish()
    }
}

/// A queue that holds at most `limit` bytes of frames, outside any budget (one answer
/// awaited in-process).
pub fn session_queue(limit: usize) -> (SessionTx, SessionRx) {
    new_queue(limit, None)
}

fn new_queue(limit: usize, budget: Option<(Arc<Budget>, u64)>) -> (SessionTx, SessionRx) {
    let bound = Arc::new(Bound {
        frames: Mutex::new(VecDeque::new()),
        ready: Notify::new(),
        queued: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
        limit,
        overflowed: AtomicBool::new(false),
        overflow: Notify::new(),
        closed: AtomicBool::new(false),
        senders: AtomicUsize::new(1),
        budget,
    });
    (SessionTx { bound: bound.clone() }, SessionRx { bound })
}

/// What a frame counts against its session's bound: the bytes it will write.
fn size(out: &Outbound) -> usize {
    ENTRY_BYTES
        + match out {
            Outbound::Frame(f) => f.len(),
            Outbound::Answer { .. } => ANSWER_BYTES,
            Outbound::Message { frame, .. } => frame.bytes(),
            Outbound::Close => 0,
        }
}

/// What a frame counts against the budget: the memory the queue holds for it alone (a
/// message frame's bytes are shared, and charged where it is made).
fn held(out: &Outbound) -> usize {
    ENTRY_BYTES
        + match out {
            Outbound::Frame(f) => f.capacity(),
            Outbound::Answer { .. } => ANSWER_BYTES,
            Outbound::Message { .. } | Outbound::Close => 0,
        }
}

impl Bound {
    fn lock(&self) -> MutexGuard<'_, VecDeque<Outbound>> {
        self.frames.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes a frame off the queue; the caller holds the lock.
    fn taken(&self, frames: &mut VecDeque<Outbound>) -> Option<Outbound> {
        let out = frames.pop_front()?;
        self.queued.fetch_sub(size(&out), Ordering::Relaxed);
        self.release(held(&out));
        if frames.is_empty() && frames.capacity() > SHRINK_SLOTS {
            *frames = VecDeque::new();
        }
        Some(out)
    }

    fn queued(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    fn release(&self, bytes: usize) {
        if let Some((budget, _)) = &self.budget {
            budget.used.fetch_sub(bytes, Ordering::Relaxed);
        }
    }

    /// Frees everything queued; the frames go after the lock is released.
    fn clear(&self) -> VecDeque<Outbound> {
        let mut frames = self.lock();
        let gone = std::mem::take(&mut *frames);
        self.queued.store(0, Ordering::Relaxed);
        self.release(gone.iter().map(held).sum());
        gone
    }

    /// Drops the session: frees its queue, queues nothing more, and wakes
    /// [`SessionTx::overflow`] and the writer.
    fn drop_queue(&self, why: &str) {
        if self.overflowed.swap(true, Ordering::Relaxed) {
            return;
        }
        let queued = self.queued.load(Ordering::Relaxed);
        drop(self.clear());
        tracing::warn!(queued, "{why}");
        self.overflow.notify_one();
        self.ready.notify_one();
    }
}

impl Clone for SessionTx {
    fn clone(&self) -> Self {
        self.bound.senders.fetch_add(1, Ordering::Relaxed);
        SessionTx { bound: self.bound.clone() }
    }
}

impl Drop for SessionTx {
    fn drop(&mut self) {
        if self.bound.senders.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.bound.ready.notify_one();
        }
    }
}

impl SessionTx {
    /// Queues `out`. Past the session's bound, drops the session: its queue and everything
    /// after, and wakes [`SessionTx::overflow`]. Past the budget, drops the sessions with
    /// the most waiting (this one, if it is among them).
    pub fn send(&self, out: Outbound) {
        let b = &*self.bound;
        let (n, held) = (size(&out), held(&out));
        {
            let mut frames = b.lock();
            if b.overflowed.load(Ordering::Relaxed) || b.closed.load(Ordering::Relaxed) {
                return;
            }
            let queued = b.queued.load(Ordering::Relaxed) + n;
            if queued > b.limit {
                drop(frames);
                drop(out);
                b.drop_queue("a session is not reading its frames; dropping it");
                return;
            }
            b.queued.store(queued, Ordering::Relaxed);
            b.peak.fetch_max(queued, Ordering::Relaxed);
            if let Some((budget, _)) = &b.budget {
                budget.used.fetch_add(held, Ordering::Relaxed);
            }
            frames.push_back(out);
        }
        b.ready.notify_one();
        if let Some((budget, _)) = &b.budget {
            if budget.used() > budget.limit {
                budget.relieve();
            }
        }
    }

    /// Resolves once the session was dropped for its queue (at once if it already was).
    pub async fn overflow(&self) {
        self.bound.overflow.notified().await;
    }

    pub fn overflowed(&self) -> bool {
        self.bound.overflowed.load(Ordering::Relaxed)
    }
}

impl SessionRx {
    /// The next frame; None once the session was dropped for its queue or every sender is
    /// gone and the queue is empty.
    pub async fn recv(&mut self) -> Option<Outbound> {
        loop {
            if let Some(out) = self.try_recv() {
                return Some(out);
            }
            let b = &self.bound;
            if b.overflowed.load(Ordering::Relaxed) || b.senders.load(Ordering::Acquire) == 0 {
                // A frame queued by the last sender before it went is still taken.
                return self.try_recv();
            }
            b.ready.notified().await;
        }
    }

    pub fn try_recv(&mut self) -> Option<Outbound> {
        let b = &self.bound;
        b.taken(&mut b.lock())
    }
}

impl Drop for SessionRx {
    fn drop(&mut self) {
        let b = &self.bound;
        b.closed.store(true, Ordering::Relaxed);
        drop(b.clear());
        if let Some((budget, key)) = &b.budget {
            budget.lock().remove(key);
            budget.ended(b.peak.load(Ordering::Relaxed));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(n: usize) -> Outbound {
        Outbound::Frame("x".repeat(n))
    }

    fn len(out: Option<Outbound>) -> Option<usize> {
        match out? {
            Outbound::Frame(f) => Some(f.len()),
            other => panic!("expected a frame, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn holds_up_to_its_bound_then_drops_everything_and_says_so() {
        let (tx, mut rx) = session_queue(100 + 2 * ENTRY_BYTES);
        tx.send(frame(60));
        tx.send(frame(40));
        assert_eq!(len(rx.recv().await), Some(60));
        tx.send(frame(60));
        assert_eq!(len(rx.try_recv()), Some(40));
        assert_eq!(len(rx.try_recv()), Some(60));
        assert!(rx.try_recv().is_none());
        assert!(!tx.overflowed());
        // 60 + 60 > 100: the second is refused, what was queued is freed, and nothing
        // after is queued.
        tx.send(frame(60));
        tx.send(frame(60));
        tx.send(frame(1));
        assert!(tx.overflowed());
        tokio::time::timeout(std::time::Duration::from_secs(1), tx.overflow()).await.unwrap();
        assert!(rx.recv().await.is_none(), "the queue went with the session");
    }

    #[tokio::test]
    async fn recv_ends_once_every_sender_is_gone() {
        let (tx, mut rx) = session_queue(1 << 20);
        let other = tx.clone();
        tx.send(frame(5));
        drop(tx);
        assert_eq!(len(rx.recv().await), Some(5));
        other.send(frame(6));
        drop(other);
        assert_eq!(len(rx.recv().await), Some(6));
        assert!(rx.recv().await.is_none());
    }

    #[test]
    fn a_full_budget_drops_the_largest_queue_and_spares_the_small_ones() {
        let budget = Budget::new(10_000);
        let (big, _big_rx) = budget.queue(1 << 20);
        let (small, mut small_rx) = budget.queue(1 << 20);
        let (other, _other_rx) = budget.queue(1 << 20);
        for _ in 0..4 {
            big.send(frame(1000));
        }
        other.send(frame(3000));
        small.send(frame(100));
        assert!(budget.used() < 10_000);
        // Past the limit: the largest queue goes, and that is enough.
        big.send(frame(3000));
        assert!(big.overflowed());
        assert!(!other.overflowed() && !small.overflowed());
        assert!(budget.used() < 4000, "the dropped queue's memory is freed: {}", budget.used());
        // Over the limit with memory no queue holds alone (a frame being written): no
        // queue holds more than an even share, so none is dropped.
        let elsewhere = budget.charge(20_000);
        small.send(frame(100));
        assert!(!other.overflowed() && !small.overflowed());
        assert_eq!((len(small_rx.try_recv()), len(small_rx.try_recv())), (Some(100), Some(100)));
        drop(elsewhere);
        drop((big, _big_rx, other, _other_rx, small, small_rx));
        assert_eq!(budget.used(), 0);
    }

    #[test]
    fn a_message_frame_shared_by_many_queues_counts_once() {
        let budget = Budget::new(1 << 20);
        let queues: Vec<_> = (0..100).map(|_| budget.queue(1 << 20)).collect();
        let shared = MessageFrame::new(7, &"x".repeat(100_000), &budget);
        for (tx, _) in &queues {
            tx.send(Outbound::Message { pos: 7, frame: shared.clone() });
        }
        drop(shared);
        let used = budget.used();
        assert!(used < 100_000 + 100 * 2 * ENTRY_BYTES + 100, "counted once: {used}");
        assert!(queues.iter().all(|(tx, _)| !tx.overflowed()));
        drop(queues);
        assert_eq!(budget.used(), 0);
    }

    #[test]
    fn a_shared_message_frame_hands_every_recipient_the_same_bytes() {
        let budget = Budget::new(1 << 20);
        let body = r#"{"msg_id":"m","elems":[{"type":"text","text":"é \"x\""}]}"#;
        let shared = MessageFrame::new(12345, body, &budget);
        assert!(budget.used() >= body.len());
        let (a, b) = (shared.text(), shared.text());
        assert_eq!(a.as_str(), spliced::message(12345, body));
        assert_eq!(a.as_str().as_ptr(), b.as_str().as_ptr(), "shared, not copied");
        assert_eq!(a.len(), shared.bytes());
        drop(shared);
        assert_eq!(budget.used(), 0, "the frame's charge goes with it");
    }
}
