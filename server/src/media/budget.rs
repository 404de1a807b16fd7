//! The memory that image decodes may hold at once (`[limits] image_decode_memory_bytes`).
//! A decode reserves what its header says it will need before it starts and gives it back
//! when it ends, so many large images wait their turn instead of decoding side by side.

use tokio::sync::{Semaphore, SemaphorePermit};

/// Reservations count in KiB, so a budget of up to 4 TiB fits the semaphore's `u32` counts.
const UNIT: u64 = 1024;

pub struct DecodeBudget {
    permits: Semaphore,
    units: u32,
}

/// The units that hold `bytes`, rounded up; at least one, so every decode takes a turn.
fn units(bytes: u64) -> u32 {
    u32::try_from(bytes.div_ceil(UNIT).max(1)).unwrap_or(u32::MAX)
}

impl DecodeBudget {
    pub fn new(bytes: u64) -> DecodeBudget {
        let units = units(bytes);
        DecodeBudget { permits: Semaphore::new(units as usize), units }
    }

    /// Whether a decode that needs `bytes` can ever run.
    pub fn fits(&self, bytes: u64) -> bool {
        units(bytes) <= self.units
    }

    /// Waits until `bytes` of the budget are free and holds them until the permit drops;
    /// None when `bytes` is more than the whole budget (see [`DecodeBudget::fits`]).
    pub async fn reserve(&self, bytes: u64) -> Option<SemaphorePermit<'_>> {
        if !self.fits(bytes) {
            return None;
        }
        // The semaphore is never closed.
        self.permits.acquire_many(units(bytes)).await.ok()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    const MIB: u64 = 1024 * 1024;

    #[tokio::test]
    async fn a_reservation_waits_until_enough_is_free() {
        let budget = DecodeBudget::new(10 * MIB);
        let first = budget.reserve(6 * MIB).await.unwrap();
        let second = tokio::time::timeout(Duration::from_millis(50), budget.reserve(6 * MIB));
        assert!(second.await.is_err(), "6 + 6 MiB does not fit in 10");
        let small = budget.reserve(4 * MIB).await.unwrap();
        drop(first);
        let second = tokio::time::timeout(Duration::from_secs(5), budget.reserve(6 * MIB));
        assert!(second.await.unwrap().is_some());
        drop(small);
        assert!(budget.fits(10 * MIB));
        assert!(!budget.fits(10 * MIB + 1));
        assert!(budget.reserve(11 * MIB).await.is_none(), "never free: refused, not queued");
        assert!(budget.reserve(0).await.is_some(), "an empty decode still takes a turn");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn twelve_large_decodes_queue_under_the_budget() {
        let budget = Arc::new(DecodeBudget::new(100 * MIB));
        let (held, peak) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let (budget, held, peak) = (budget.clone(), held.clone(), peak.clone());
                tokio::spawn(async move {
                    let _turn = budget.reserve(30 * MIB).await.unwrap();
                    let now = held.fetch_add(30 * MIB, Ordering::SeqCst) + 30 * MIB;
                    peak.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    held.fetch_sub(30 * MIB, Ordering::SeqCst);
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(peak.load(Ordering::SeqCst), 90 * MIB, "three at a time, never four");
    }
}
