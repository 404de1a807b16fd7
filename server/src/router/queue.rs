//! A session's outgoing queue: replies and pushes wait here for the socket writer. It is
//! bounded by the bytes it holds, since a client that stops reading (or floods requests
//! without reading the answers) would otherwise grow it without end. Past the bound the
//! session is dropped at once, its socket too (a polite close would wait on the reader it
//! is waiting on already); a client that comes back catches up on stored messages from its
//! inbox.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::{mpsc, Notify};

use super::Outbound;

struct Bound {
    queued: AtomicUsize,
    limit: usize,
    overflowed: AtomicBool,
    overflow: Notify,
}

#[derive(Clone)]
pub struct SessionTx {
    tx: mpsc::UnboundedSender<Outbound>,
    bound: Arc<Bound>,
}

pub struct SessionRx {
    rx: mpsc::UnboundedReceiver<Outbound>,
    bound: Arc<Bound>,
}

impl std::fmt::Debug for SessionTx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionTx")
            .field("queued", &self.bound.queued.load(Ordering::Relaxed))
            .finish()
    }
}

/// A queue that holds at most `limit` bytes of frames.
pub fn session_queue(limit: usize) -> (SessionTx, SessionRx) {
    let (tx, rx) = mpsc::unbounded_channel();
    let bound = Arc::new(Bound {
        queued: AtomicUsize::new(0),
        limit,
        overflowed: AtomicBool::new(false),
        overflow: Notify::new(),
    });
    (SessionTx { tx, bound: bound.clone() }, SessionRx { rx, bound })
}

fn size(out: &Outbound) -> usize {
    match out {
        Outbound::Frame(f) | Outbound::Push { frame: f, .. } => f.len(),
        Outbound::Close => 0,
    }
}

impl SessionTx {
    /// Queues `out`; past the bound, drops it and everything after, and wakes
    /// [`SessionTx::overflow`].
    pub fn send(&self, out: Outbound) {
        if self.bound.overflowed.load(Ordering::Relaxed) {
            return;
        }
        let n = size(&out);
        let queued = self.bound.queued.fetch_add(n, Ordering::Relaxed) + n;
        if queued > self.bound.limit {
            self.bound.queued.fetch_sub(n, Ordering::Relaxed);
            if !self.bound.overflowed.swap(true, Ordering::Relaxed) {
                tracing::warn!(queued, "a session is not reading its frames; dropping it");
                self.bound.overflow.notify_one();
            }
            return;
        }
        if self.tx.send(out).is_err() {
            self.bound.queued.fetch_sub(n, Ordering::Relaxed);
        }
    }

    /// Resolves once the queue went past its bound (at once if it already did).
    pub async fn overflow(&self) {
        self.bound.overflow.notified().await;
    }

    pub fn overflowed(&self) -> bool {
        self.bound.overflowed.load(Ordering::Relaxed)
    }
}

impl SessionRx {
    pub async fn recv(&mut self) -> Option<Outbound> {
        let out = self.rx.recv().await?;
        self.taken(out)
    }

    pub fn try_recv(&mut self) -> Option<Outbound> {
        let out = self.rx.try_recv().ok()?;
        self.taken(out)
    }

    fn taken(&self, out: Outbound) -> Option<Outbound> {
        self.bound.queued.fetch_sub(size(&out), Ordering::Relaxed);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(n: usize) -> Outbound {
        Outbound::Frame("x".repeat(n))
    }

    #[tokio::test]
    async fn holds_up_to_its_bound_then_drops_everything_and_says_so() {
        let (tx, mut rx) = session_queue(100);
        tx.send(frame(60));
        tx.send(frame(40));
        assert!(matches!(rx.recv().await, Some(Outbound::Frame(f)) if f.len() == 60));
        tx.send(frame(60));
        assert!(matches!(rx.try_recv(), Some(Outbound::Frame(f)) if f.len() == 40));
        assert!(matches!(rx.try_recv(), Some(Outbound::Frame(f)) if f.len() == 60));
        assert!(rx.try_recv().is_none());
        assert!(!tx.overflowed());
        // 60 + 60 > 100: the second is refused, and so is everything after it.
        tx.send(frame(60));
        tx.send(frame(60));
        tx.send(frame(1));
        assert!(tx.overflowed());
        tokio::time::timeout(std::time::Duration::from_secs(1), tx.overflow()).await.unwrap();
        assert!(matches!(rx.try_recv(), Some(Outbound::Frame(f)) if f.len() == 60));
        assert!(rx.try_recv().is_none(), "nothing after the overflow is queued");
    }
}
