//! The group send rate limit: one token bucket per group, refilled at the group type's
//! limit (Tencent: 40 msg/s) and holding at most `BURST_SECONDS` of it. When the bucket
//! runs low, lower priorities stop first: LOW may only take a token while the bucket is
//! above three quarters full, NORMAL (and DEFAULT) above half, HIGH down to empty. So a
//! flood of LOW traffic leaves the rest of the bucket to HIGH, and what any mix of senders
//! gets through is at most `limit × seconds + burst`.

use std::collections::HashMap;
use std::time::Instant;

use hark_proto::Priority;

/// A full bucket holds this many seconds of the group's limit.
pub const BURST_SECONDS: f64 = 2.0;
/// The fraction of the burst each priority must leave in the bucket for higher ones.
const LOW_RESERVE: f64 = 0.75;
const NORMAL_RESERVE: f64 = 0.5;

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Per-group buckets; owned by the sequencer thread, so no locking. The default limits
/// nothing.
#[derive(Default)]
pub struct Admission {
    /// Messages per second, by group type; types not listed are not limited.
    limits: HashMap<String, u32>,
    buckets: HashMap<i64, Bucket>,
}

impl Admission {
    pub fn new(limits: HashMap<String, u32>) -> Admission {
        Admission { limits, buckets: HashMap::new() }
    }

    /// Whether group row `group` (of `group_type`) may send a message of `priority` now;
    /// an admitted message takes a token.
    pub fn admit(
        &mut self,
        group: i64,
        group_type: &str,
        priority: Priority,
        now: Instant,
    ) -> bool {
        let Some(&limit) = self.limits.get(group_type) else { return true };
        let rate = f64::from(limit);
        let burst = rate * BURST_SECONDS;
        let b = self.buckets.entry(group).or_insert(Bucket { tokens: burst, at: now });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * rate).min(burst);
        b.at = now;
        let reserve = match priority {
            Priority::High => 0.0,
            Priority::Normal | Priority::Default => NORMAL_RESERVE * burst,
            Priority::Low => LOW_RESERVE * burst,
        };
        if b.tokens >= 1.0 + reserve {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Forgets a dismissed group's bucket.
    pub fn forget(&mut self, group: i64) {
        self.buckets.remove(&group);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn admission(limit: u32) -> Admission {
        Admission::new(HashMap::from([("Work".to_owned(), limit)]))
    }

    fn count(a: &mut Admission, p: Priority, n: usize, now: Instant) -> usize {
        (0..n).filter(|_| a.admit(1, "Work", p, now)).count()
    }

    #[test]
    fn a_full_bucket_gives_each_priority_down_to_its_reserve() {
        let now = Instant::now();
        // Burst 80: LOW takes the top 20, NORMAL the next 20, HIGH the last 40.
        let mut a = admission(40);
        assert_eq!(count(&mut a, Priority::Low, 100, now), 20);
        assert_eq!(count(&mut a, Priority::Default, 100, now), 20);
        assert_eq!(count(&mut a, Priority::Normal, 100, now), 0);
        assert_eq!(count(&mut a, Priority::High, 100, now), 40);
        assert_eq!(count(&mut a, Priority::High, 1, now), 0);
    }

    #[test]
    fn refills_at_the_limit_up_to_the_burst() {
        let start = Instant::now();
        let mut a = admission(40);
        assert_eq!(count(&mut a, Priority::High, 200, start), 80);
        let later = start + Duration::from_millis(500);
        assert_eq!(count(&mut a, Priority::High, 200, later), 20);
        // Idle for a minute: never more than the burst.
        let much_later = later + Duration::from_secs(60);
        assert_eq!(count(&mut a, Priority::High, 200, much_later), 80);
    }

    #[test]
    fn low_alone_still_gets_the_full_rate() {
        let start = Instant::now();
        let mut a = admission(40);
        assert_eq!(count(&mut a, Priority::Low, 100, start), 20);
        let mut admitted = 0;
        for ms in 1..=1000u64 {
            let now = start + Duration::from_millis(ms);
            admitted += count(&mut a, Priority::Low, 1, now);
        }
        assert!((39..=41).contains(&admitted), "{admitted}");
    }

    #[test]
    fn a_mixed_flood_admits_high_first() {
        let start = Instant::now();
        let mut a = admission(40);
        let (mut high, mut low) = (0, 0);
        // Over one second: 1,000 LOW and 100 HIGH, evenly interleaved.
        for i in 0..1100u64 {
            let now = start + Duration::from_micros(i * 909);
            if i % 11 == 5 {
                high += count(&mut a, Priority::High, 1, now);
            } else {
                low += count(&mut a, Priority::Low, 1, now);
            }
        }
        assert!(high >= 95, "high {high}");
        assert!(low <= 25, "low {low}");
        assert!(high + low <= 40 + 80);
    }

    #[test]
    fn groups_have_their_own_buckets_and_unlisted_types_are_free() {
        let now = Instant::now();
        let mut a = admission(1);
        assert!(a.admit(1, "Work", Priority::High, now));
        assert!(a.admit(1, "Work", Priority::High, now));
        assert!(!a.admit(1, "Work", Priority::High, now));
        assert!(a.admit(2, "Work", Priority::High, now));
        assert!((0..1000).all(|_| a.admit(3, "Public", Priority::Low, now)));
        a.forget(1);
        assert!(a.admit(1, "Work", Priority::High, now));
    }
}
