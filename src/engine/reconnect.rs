//! When to try again after the connection to harkd was lost: exponential backoff with full
//! jitter. Attempt n waits a uniformly random time in `0..=min(cap, base·2^n)`, so many
//! clients cut off at once do not all come back at the same instant.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The first retry waits at most this long.
pub const BASE: Duration = Duration::from_millis(250);
/// No retry waits longer than this.
pub const CAP: Duration = Duration::from_secs(30);

pub struct Backoff {
    base: Duration,
    cap: Duration,
    /// Failed attempts since the last successful login.
    attempt: u32,
    rng: StdRng,
}

impl Backoff {
    pub fn new(base: Duration, cap: Duration, rng: StdRng) -> Backoff {
        Backoff { base, cap, attempt: 0, rng }
    }

    /// The upper bound of the next wait: `min(cap, base·2^attempt)`.
    pub fn ceiling(&self) -> Duration {
        // 2^31 · base overflows long before the cap matters; saturate instead.
        let factor = 1u32.checked_shl(self.attempt.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// How long to wait before the next attempt; each call counts one attempt.
    pub fn next_delay(&mut self) -> Duration {
        let ceiling = self.ceiling();
        self.attempt = self.attempt.saturating_add(1);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(self.rng.random_range(0..=nanos))
    }

    /// A login succeeded: the next loss starts from `base` again.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff::new(BASE, CAP, StdRng::from_os_rng())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded() -> Backoff {
        Backoff::new(BASE, CAP, StdRng::seed_from_u64(7))
    }

    #[test]
    fn ceilings_double_from_base_up_to_the_cap() {
        let mut b = seeded();
        let mut ceilings = Vec::new();
        for _ in 0..10 {
            ceilings.push(b.ceiling().as_millis());
            b.next_delay();
        }
        assert_eq!(ceilings, [250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
        for _ in 0..100 {
            b.next_delay();
        }
        assert_eq!(b.ceiling(), CAP, "no overflow after many attempts");
    }

    #[test]
    fn every_delay_is_within_its_ceiling_and_they_spread() {
        let mut b = seeded();
        for _ in 0..200 {
            let ceiling = b.ceiling();
            assert!(b.next_delay() <= ceiling);
        }
        // Full jitter: at one ceiling the waits spread over the whole range.
        let delays: Vec<Duration> = (0..200)
            .map(|_| {
                b.reset();
                b.next_delay()
            })
            .collect();
        assert!(delays.iter().all(|d| *d <= BASE));
        assert!(delays.iter().any(|d| *d < BASE / 4));
        assert!(delays.iter().any(|d| *d > BASE * 3 / 4));
    }

    #[test]
    fn reset_starts_over_from_base() {
        let mut b = seeded();
        for _ in 0..5 {
            b.next_delay();
        }
        assert_eq!(b.ceiling(), BASE * 32);
        b.reset();
        assert_eq!(b.ceiling(), BASE);
        assert!(b.next_delay() <= BASE);
        assert_eq!(b.ceiling(), BASE * 2);
    }
}
