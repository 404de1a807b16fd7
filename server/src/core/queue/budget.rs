//! The memory every session's queue holds, and its bound (`[limits] queued_bytes_total`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use super::{new_queue, Bound, SessionRx, SessionTx};

/// What a session holds besides its queue (its socket's buffers, its tasks).
const SESSION_BYTES: usize = 16 << 10;
/// Memory that ended sessions held at their most, past which the allocator gives back what
/// it keeps; at most once per [`TRIM_DELAY`].
const TRIM_AFTER_BYTES: usize = 8 << 20;
const TRIM_DELAY: std::time::Duration = std::time::Duration::from_secs(1);

/// The memory held by every session's queue, and its bound.
pub struct Budget {
    pub(super) used: AtomicUsize,
    pub(super) limit: usize,
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
    pub(super) fn relieve(&self) {
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

    pub(super) fn lock(&self) -> MutexGuard<'_, HashMap<u64, Weak<Bound>>> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A session ended whose queue held `peak` bytes at its most. Once those add up past
    /// [`TRIM_AFTER_BYTES`], the allocator gives back the free memory it keeps, a moment
    /// later (when the session's socket and tasks are gone too).
    pub(super) fn ended(&self, peak: usize) {
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
