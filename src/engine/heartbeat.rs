//! Noticing a connection that stays open but carries nothing (half-open): after `interval`
//! without any frame from harkd the engine sends a WebSocket Ping; if no frame at all (the
//! Pong or anything else) arrives within `timeout` of it, the connection counts as broken.
//! It also pings after `interval` without sending anything, so that harkd, which closes
//! sessions it hears nothing from, keeps a client that only listens.
//!
//! The connection only records when it last received and last sent a frame; this decides,
//! each time the engine's single heartbeat timer fires, what to do and when to look again.
//! Traffic never resets the timer, so a busy connection costs a clock read per frame and one
//! wake per `interval`.

use std::time::Duration;

use tokio::time::Instant;

/// What the timer found.
#[derive(Debug, PartialEq, Eq)]
pub enum Beat {
    /// Nothing to do until the next check.
    Quiet,
    /// Quiet for `interval`: send a Ping now.
    Ping,
    /// No frame within `timeout` of the Ping: the connection is broken.
    Dead,
}

pub struct Heartbeat {
    interval: Duration,
    timeout: Duration,
    /// When the Ping in flight was sent; `None` when there is none.
    ping_sent: Option<Instant>,
}

impl Heartbeat {
    pub fn new(interval: Duration, timeout: Duration) -> Heartbeat {
        Heartbeat { interval, timeout, ping_sent: None }
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// A new connection, opened at `now`: returns when to check first.
    pub fn start(&mut self, now: Instant) -> Instant {
        self.ping_sent = None;
        now + self.interval
    }

    /// The timer fired at `now`; the connection last received a frame at `last_received` and
    /// last sent one at `last_sent`. Returns what to do and when to check next.
    pub fn check(
        &mut self,
        last_received: Instant,
        last_sent: Instant,
        now: Instant,
    ) -> (Beat, Instant) {
        if let Some(sent) = self.ping_sent {
            if last_received >= sent {
                // Answered, by the Pong or by anything else.
                self.ping_sent = None;
            } else if now >= sent + self.timeout {
                self.ping_sent = None;
                return (Beat::Dead, now + self.interval);
            } else {
                return (Beat::Quiet, sent + self.timeout);
            }
        }
        let due = last_received.min(last_sent) + self.interval;
        if now >= due {
            self.ping_sent = Some(now);
            // With an interval shorter than the timeout, an answered Ping is followed by the
            // next one an interval later, not a timeout later.
            (Beat::Ping, now + self.interval.min(self.timeout))
        } else {
            (Beat::Quiet, due)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INTERVAL: Duration = Duration::from_secs(30);
    const TIMEOUT: Duration = Duration::from_secs(10);

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn a_busy_connection_is_never_pinged() {
        let t0 = Instant::now();
        let mut h = Heartbeat::new(INTERVAL, TIMEOUT);
        let mut at = h.start(t0);
        assert_eq!(at, t0 + INTERVAL);
        // A frame arrived just before each check: the next check moves to 30 s after it.
        for _ in 0..5 {
            let last = at - secs(1);
            let (beat, next) = h.check(last, last, at);
            assert_eq!((beat, next), (Beat::Quiet, last + INTERVAL));
            at = next;
        }
    }

    #[test]
    fn a_quiet_connection_is_pinged_and_kept_when_answered() {
        let t0 = Instant::now();
        let mut h = Heartbeat::new(INTERVAL, TIMEOUT);
        let at = h.start(t0);
        assert_eq!(h.check(t0, t0, at), (Beat::Ping, at + TIMEOUT));
        // The Pong came 1 s after the Ping, which was the last frame sent.
        let pong = at + secs(1);
        assert_eq!(h.check(pong, at, at + TIMEOUT), (Beat::Quiet, at + INTERVAL));
        // Quiet again: another Ping.
        let again = at + INTERVAL;
        assert_eq!(h.check(pong, at, again), (Beat::Ping, again + TIMEOUT));
    }

    #[test]
    fn a_ping_without_any_answer_means_the_connection_is_dead() {
        let t0 = Instant::now();
        let mut h = Heartbeat::new(INTERVAL, TIMEOUT);
        let at = h.start(t0);
        assert_eq!(h.check(t0, t0, at).0, Beat::Ping);
        // Woken early (by a late timer, say): not yet.
        assert_eq!(h.check(t0, at, at + secs(4)), (Beat::Quiet, at + TIMEOUT));
        assert_eq!(h.check(t0, at, at + TIMEOUT).0, Beat::Dead);
        // A new connection starts over.
        let t1 = at + secs(20);
        assert_eq!(h.start(t1), t1 + INTERVAL);
        assert_eq!(h.check(t1, t1, t1 + INTERVAL).0, Beat::Ping);
    }

    #[test]
    fn quiet_in_either_direction_gets_a_ping() {
        let t0 = Instant::now();
        let at = t0 + INTERVAL;
        // Receiving all along but sending nothing: harkd would hear nothing.
        let mut h = Heartbeat::new(INTERVAL, TIMEOUT);
        h.start(t0);
        assert_eq!(h.check(at - secs(1), t0, at), (Beat::Ping, at + TIMEOUT));
        // A frame pushed after the Ping answers it as well as a Pong.
        assert_eq!(h.check(at + secs(2), at, at + TIMEOUT).0, Beat::Quiet);
        // Sending all along but receiving nothing: is harkd still there?
        let mut h = Heartbeat::new(INTERVAL, TIMEOUT);
        h.start(t0);
        assert_eq!(h.check(t0, at - secs(1), at), (Beat::Ping, at + TIMEOUT));
        assert_eq!(h.check(t0, at + secs(5), at + TIMEOUT).0, Beat::Dead);
    }

    #[test]
    fn an_interval_shorter_than_the_timeout_is_kept() {
        let t0 = Instant::now();
        let mut h = Heartbeat::new(secs(1), secs(5));
        let ping1 = h.start(t0);
        assert_eq!(h.check(t0, t0, ping1), (Beat::Ping, ping1 + secs(1)));
        // Answered at once: the next Ping goes out an interval after the first.
        let pong = ping1 + Duration::from_millis(100);
        let ping2 = ping1 + secs(1);
        assert_eq!(h.check(pong, ping1, ping2), (Beat::Ping, ping2 + secs(1)));
        // Unanswered: looked at again an interval later, given up on at the timeout.
        assert_eq!(h.check(pong, ping2, ping2 + secs(1)), (Beat::Quiet, ping2 + secs(5)));
        assert_eq!(h.check(pong, ping2, ping2 + secs(5)).0, Beat::Dead);
    }

    #[test]
    fn a_late_timer_still_pings_before_it_gives_up() {
        let t0 = Instant::now();
        let mut h = Heartbeat::new(INTERVAL, TIMEOUT);
        h.start(t0);
        // The engine was busy for a minute: the first check pings, it does not give up.
        let late = t0 + secs(60);
        assert_eq!(h.check(t0, t0, late), (Beat::Ping, late + TIMEOUT));
    }
}
