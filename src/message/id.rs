//! msgIDs and `random` values, made on the calling thread so `SendMessage` can return the msgID
//! before anything reaches the network.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

thread_local! {
    static RNG: RefCell<StdRng> = RefCell::new(StdRng::from_os_rng());
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// 36 hex digits: milliseconds, a process-wide counter and 64 random bits. The counter keeps
/// ids unique within a process; the random part across processes and devices.
pub fn new_msg_id() -> String {
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let noise: u64 = RNG.with(|rng| rng.borrow_mut().random());
    format!("{:012x}{count:08x}{noise:016x}", millis as u64 & 0xffff_ffff_ffff)
}

/// V2TIMMessage.random: a random number carried with the message.
pub fn new_random() -> u32 {
    RNG.with(|rng| rng.borrow_mut().random())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_fit_the_limit() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_msg_id()).collect();
        assert_eq!(ids.len(), 1000);
        for id in &ids {
            assert_eq!(id.len(), 36);
            assert!(id.len() < hark_proto::limits::MAX_MSG_ID_BYTES);
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        }
    }
}
