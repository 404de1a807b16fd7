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
//!
//! Who writes the socket: the session's writer task, or, while that task waits for frames
//! and the session is on plain TCP, a flusher thread ([`flush`]), which the sequencer hands
//! the sessions a batch queued frames for. Either takes what is queued with the queue
//! locked, so frames leave in the order they were queued.

mod budget;
pub mod flush;
mod items;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use tokio::net::TcpStream;
use tokio::sync::Notify;

pub use budget::{Budget, Charge};
use flush::Flush;
pub use items::{MessageFrame, Outbound};

/// What a queued frame costs beyond its bytes: its slot in the queue, with the queue's
/// growth slack.
pub const ENTRY_BYTES: usize = 64;
/// What an answer costs, queued and encoded: a short frame (a send's ack is the longest).
const ANSWER_BYTES: usize = 192;
/// An emptied queue whose buffer grew past this many slots gives the buffer back.
const SHRINK_SLOTS: usize = 1024;

struct Bound {
    state: Mutex<State>,
    /// Wakes the writer: a frame was queued, the queue was dropped, or the senders are gone.
    ready: Notify,
    /// Bytes waiting, as counted against `limit`; changed only with `state` locked.
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
    /// The session's socket, when frames may be written to it from outside its writer.
    direct: OnceLock<Arc<TcpStream>>,
}

struct State {
    frames: VecDeque<Outbound>,
    /// The writer waits for frames (it has sent all it took): whoever holds the lock may
    /// write the socket.
    writer_idle: bool,
    /// In a [`Flush`] that has not run yet.
    listed: bool,
    /// The last log position sent: a message the login replay sent already is skipped.
    sent: u64,
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
        state: Mutex::new(State {
            frames: VecDeque::new(),
            writer_idle: false,
            listed: false,
            sent: 0,
        }),
        ready: Notify::new(),
        queued: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
        limit,
        overflowed: AtomicBool::new(false),
        overflow: Notify::new(),
        closed: AtomicBool::new(false),
        senders: AtomicUsize::new(1),
        budget,
        direct: OnceLock::new(),
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
            Outbound::Raw(bytes) => bytes.len(),
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
            Outbound::Raw(bytes) => bytes.len(),
            Outbound::Message { .. } | Outbound::Close => 0,
        }
}

impl Bound {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes the next frame to send off the queue, skipping messages sent already; the
    /// caller holds the lock.
    fn take(&self, state: &mut State) -> Option<Outbound> {
        loop {
            let out = state.frames.pop_front()?;
            self.queued.fetch_sub(size(&out), Ordering::Relaxed);
            self.release(held(&out));
            if state.frames.is_empty() && state.frames.capacity() > SHRINK_SLOTS {
                state.frames = VecDeque::new();
            }
            if let Outbound::Message { pos, .. } = out {
                if pos != 0 && pos <= state.sent {
                    continue;
                }
                state.sent = state.sent.max(pos);
            }
            return Some(out);
        }
    }

    /// Puts back, first, what a write could not send; it was counted when first queued.
    fn put_back(&self, state: &mut State, out: Outbound) {
        self.queued.fetch_add(size(&out), Ordering::Relaxed);
        if let Some((budget, _)) = &self.budget {
            budget.used.fetch_add(held(&out), Ordering::Relaxed);
        }
        state.frames.push_front(out);
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
        let mut state = self.lock();
        let gone = std::mem::take(&mut state.frames);
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

    /// Queues `out` within the bounds; the queue stays locked for the caller when it was.
    fn push(&self, out: Outbound) -> Option<MutexGuard<'_, State>> {
        let (n, held) = (size(&out), held(&out));
        let mut state = self.lock();
        if self.overflowed.load(Ordering::Relaxed) || self.closed.load(Ordering::Relaxed) {
            return None;
        }
        let queued = self.queued.load(Ordering::Relaxed) + n;
        if queued > self.limit {
            drop(state);
            drop(out);
            self.drop_queue("a session is not reading its frames; dropping it");
            return None;
        }
        self.queued.store(queued, Ordering::Relaxed);
        self.peak.fetch_max(queued, Ordering::Relaxed);
        if let Some((budget, _)) = &self.budget {
            budget.used.fetch_add(held, Ordering::Relaxed);
        }
        state.frames.push_back(out);
        Some(state)
    }

    /// Past the budget: drops the sessions with the most waiting.
    fn check_budget(&self) {
        if let Some((budget, _)) = &self.budget {
            if budget.used() > budget.limit {
                budget.relieve();
            }
        }
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
    /// Queues `out` for the writer. Past the session's bound, drops the session: its queue
    /// and everything after, and wakes [`SessionTx::overflow`]. Past the budget, drops the
    /// sessions with the most waiting (this one, if it is among them).
    pub fn send(&self, out: Outbound) {
        if let Some(state) = self.bound.push(out) {
            drop(state);
            self.bound.ready.notify_one();
        }
        self.bound.check_budget();
    }

    /// Queues `out` as [`SessionTx::send`] does; when a flusher may write it (the writer
    /// waits and the socket is plain TCP) the session joins `flush` instead of its writer
    /// being woken.
    pub fn send_flushed(&self, out: Outbound, flush: &mut Flush) {
        if let Some(mut state) = self.bound.push(out) {
            if state.writer_idle && self.bound.direct.get().is_some() {
                if !state.listed {
                    state.listed = true;
                    flush.add(self.bound.clone());
                }
            } else {
                drop(state);
                self.bound.ready.notify_one();
            }
        }
        self.bound.check_budget();
    }

    /// Lets flushers write this session's frames to `socket` while its writer waits.
    pub fn write_directly_to(&self, socket: Arc<TcpStream>) {
        let _ = self.bound.direct.set(socket);
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
    /// Notes that the messages up to log position `pos` were sent (by the login replay).
    pub fn sent_up_to(&mut self, pos: u64) {
        let mut state = self.bound.lock();
        state.sent = state.sent.max(pos);
    }

    /// Moves what is queued to `into`, the first frames up to about `bytes` (at least one),
    /// waiting while nothing is; false once the session was dropped for its queue or every
    /// sender is gone and the queue is empty. While it waits, flushers may write the socket.
    /// The rest stays queued, shared: a writer that copied all of a client's backlog would
    /// hold it twice.
    pub async fn recv_batch(&mut self, into: &mut Vec<Outbound>, bytes: usize) -> bool {
        let b = &*self.bound;
        loop {
            {
                let mut state = b.lock();
                if b.overflowed.load(Ordering::Relaxed) {
                    return false;
                }
                if !state.frames.is_empty() {
                    state.writer_idle = false;
                    let mut taken = 0;
                    while taken < bytes {
                        let Some(out) = b.take(&mut state) else { break };
                        taken += size(&out);
                        into.push(out);
                    }
                    return true;
                }
                if b.senders.load(Ordering::Acquire) == 0 {
                    return false;
                }
                state.writer_idle = true;
            }
            b.ready.notified().await;
        }
    }
}

impl Drop for SessionRx {
    fn drop(&mut self) {
        let b = &self.bound;
        b.closed.store(true, Ordering::Relaxed);
        b.lock().writer_idle = false;
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

    /// The lengths of the frames `recv_batch` takes; None once it ends.
    async fn lens(rx: &mut SessionRx) -> Option<Vec<usize>> {
        let mut got = Vec::new();
        if !rx.recv_batch(&mut got, usize::MAX).await {
            return None;
        }
        let len = |out: Outbound| match out {
            Outbound::Frame(f) => f.len(),
            other => panic!("expected a frame, got {other:?}"),
        };
        Some(got.into_iter().map(len).collect())
    }

    #[tokio::test]
    async fn holds_up_to_its_bound_then_drops_everything_and_says_so() {
        let (tx, mut rx) = session_queue(100 + 2 * ENTRY_BYTES);
        tx.send(frame(60));
        tx.send(frame(40));
        assert_eq!(lens(&mut rx).await, Some(vec![60, 40]));
        tx.send(frame(60));
        assert_eq!(lens(&mut rx).await, Some(vec![60]));
        assert!(!tx.overflowed());
        // 60 + 60 > 100: the second is refused, what was queued is freed, and nothing
        // after is queued.
        tx.send(frame(60));
        tx.send(frame(60));
        tx.send(frame(1));
        assert!(tx.overflowed());
        tokio::time::timeout(std::time::Duration::from_secs(1), tx.overflow()).await.unwrap();
        assert!(lens(&mut rx).await.is_none(), "the queue went with the session");
    }

    #[tokio::test]
    async fn a_batch_takes_about_the_bytes_asked_for_and_leaves_the_rest_queued() {
        let (tx, mut rx) = session_queue(1 << 20);
        for _ in 0..10 {
            tx.send(frame(10_000));
        }
        let mut got = Vec::new();
        assert!(rx.recv_batch(&mut got, 25_000).await);
        assert_eq!(got.len(), 3, "frames up to the one that passes the size");
        assert_eq!(rx.bound.queued(), 7 * (10_000 + ENTRY_BYTES), "the rest still queued");
        got.clear();
        assert!(rx.recv_batch(&mut got, usize::MAX).await);
        assert_eq!(got.len(), 7);
    }

    #[tokio::test]
    async fn recv_ends_once_every_sender_is_gone() {
        let (tx, mut rx) = session_queue(1 << 20);
        let other = tx.clone();
        tx.send(frame(5));
        drop(tx);
        assert_eq!(lens(&mut rx).await, Some(vec![5]));
        other.send(frame(6));
        drop(other);
        assert_eq!(lens(&mut rx).await, Some(vec![6]));
        assert!(lens(&mut rx).await.is_none());
    }

    #[tokio::test]
    async fn a_full_budget_drops_the_largest_queue_and_spares_the_small_ones() {
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
        assert_eq!(lens(&mut small_rx).await, Some(vec![100, 100]));
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
}
