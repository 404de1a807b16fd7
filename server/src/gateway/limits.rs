//! Request rate limits (`docs/protocol.md`, "Limits"): a token bucket per connection for
//! every frame it sends, and one per user for sends across all of the user's sessions.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use crate::config::LimitsConfig;

/// Holds at most `burst` tokens, refilled at `rate` per second; each request takes one.
pub struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Bucket {
    pub fn full(burst: u32) -> Bucket {
        Bucket { tokens: burst.into(), last: Instant::now() }
    }

    /// Takes a token if there is one.
    pub fn take(&mut self, rate: u32, burst: u32, now: Instant) -> bool {
        let refill = now.saturating_duration_since(self.last).as_secs_f64() * f64::from(rate);
        self.tokens = (self.tokens + refill).min(burst.into());
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    fn is_full(&self, rate: u32, burst: u32, now: Instant) -> bool {
        let refill = now.saturating_duration_since(self.last).as_secs_f64() * f64::from(rate);
        self.tokens + refill >= f64::from(burst)
    }
}

/// The per-user send buckets, shared by all sessions.
pub struct UserSends {
    rate: u32,
    burst: u32,
    buckets: Mutex<Users>,
}

struct Users {
    by_user: HashMap<i64, Bucket>,
    /// Full buckets are dropped (a new one is the same) when the map reaches this size.
    prune_at: usize,
}

const MIN_PRUNE_AT: usize = 1024;

impl UserSends {
    pub fn new(limits: &LimitsConfig) -> UserSends {
        UserSends {
            rate: limits.user_sends_per_sec,
            burst: limits.user_send_burst,
            buckets: Mutex::new(Users { by_user: HashMap::new(), prune_at: MIN_PRUNE_AT }),
        }
    }

    /// Whether `user` may send one more message now.
    pub fn allow(&self, user: i64) -> bool {
        let now = Instant::now();
        let (rate, burst) = (self.rate, self.burst);
        let mut users = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if users.by_user.len() >= users.prune_at {
            users.by_user.retain(|_, b| !b.is_full(rate, burst, now));
            users.prune_at = (users.by_user.len() * 2).max(MIN_PRUNE_AT);
        }
        users.by_user.entry(user).or_insert_with(|| Bucket::full(burst)).take(rate, burst, now)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_bucket_admits_its_burst_then_its_rate() {
        let start = Instant::now();
        let mut b = Bucket { tokens: 3.0, last: start };
        assert_eq!((0..5).filter(|_| b.take(10, 3, start)).count(), 3);
        // A tenth of a second at 10/s refills one token.
        let later = start + Duration::from_millis(100);
        assert!(b.take(10, 3, later));
        assert!(!b.take(10, 3, later));
        // Never more than the burst, however long it waited.
        let much_later = later + Duration::from_secs(60);
        assert_eq!((0..10).filter(|_| b.take(10, 3, much_later)).count(), 3);
    }

    #[test]
    fn users_have_separate_buckets_and_full_ones_are_pruned() {
        let limits =
            LimitsConfig { user_sends_per_sec: 1, user_send_burst: 2, ..Default::default() };
        let sends = UserSends::new(&limits);
        assert!(sends.allow(1) && sends.allow(1) && !sends.allow(1));
        assert!(sends.allow(2));
        for user in 3..MIN_PRUNE_AT as i64 + 10 {
            sends.allow(user);
        }
        // Pruning kept the users whose buckets are not full, user 1 among them.
        let users = sends.buckets.lock().unwrap();
        assert!(users.by_user.len() < MIN_PRUNE_AT + 10);
        assert!(!users.by_user[&1].is_full(1, 2, Instant::now()));
    }
}
