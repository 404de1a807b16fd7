//! The push worker: takes due outbox rows, hands them to the provider, and settles them
//! through the sequencer. It wakes when the sequencer commits new rows and when the
//! earliest row falls due; after a restart it starts with whatever is left.

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::join_all;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

use super::webhook::Webhook;
use super::{LogProvider, Provider};
use crate::config::{PushConfig, PushProvider, WebhookUrl};
use crate::core::now_ms;
use crate::core::request::Op;
use crate::core::sequencer::Sequencer;
use crate::store::push::{Due, Settle};
use crate::store::ReadPool;

/// Rows taken (and delivered concurrently) per round.
const BATCH: u32 = 64;
/// The pause after a failed read or settle, so a broken database is not spun on.
const TROUBLE_PAUSE: Duration = Duration::from_secs(1);
/// With nothing queued, the worker sleeps until woken; this only bounds the sleep.
const IDLE: Duration = Duration::from_secs(3600);

pub struct Worker {
    pub reads: Arc<ReadPool>,
    pub sequencer: Sequencer,
    pub wake: Arc<Notify>,
    pub config: PushConfig,
}

impl Worker {
    /// Starts the worker on the current runtime with the configured provider; it ends when
    /// `stopping` flips.
    pub fn spawn(self, stopping: watch::Receiver<bool>) -> Result<JoinHandle<()>, String> {
        Ok(match self.config.provider {
            PushProvider::Log => tokio::spawn(self.run(LogProvider, stopping)),
            PushProvider::Webhook => {
                let url =
                    WebhookUrl::parse(&self.config.url).map_err(|e| format!("push.url: {e}"))?;
                let hook = Webhook::new(url);
                tokio::spawn(self.run(hook, stopping))
            }
        })
    }

    async fn run<P: Provider>(self, provider: P, mut stopping: watch::Receiver<bool>) {
        loop {
            let pause = tokio::select! {
                pause = self.round(&provider) => pause,
                _ = stopping.changed() => return,
            };
            let Some(pause) = pause else { continue };
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = self.wake.notified() => {}
                _ = stopping.changed() => return,
            }
        }
    }

    /// Delivers one batch of due rows. Returns how long to wait before the next round
    /// (None: go on at once, more may be due).
    async fn round<P: Provider>(&self, provider: &P) -> Option<Duration> {
        let now = now_ms();
        let reads = self.reads.clone();
        let due = match tokio::task::spawn_blocking(move || reads.due_pushes(now, BATCH)).await {
            Ok(Ok(due)) => due,
            _ => {
                tracing::warn!("cannot read the push outbox");
                return Some(TROUBLE_PAUSE);
            }
        };
        if due.is_empty() {
            let reads = self.reads.clone();
            return match tokio::task::spawn_blocking(move || reads.next_push_due()).await {
                Ok(Ok(Some(at))) => {
                    Some(Duration::from_millis(at.saturating_sub(now).max(0) as u64))
                }
                Ok(Ok(None)) => Some(IDLE),
                _ => Some(TROUBLE_PAUSE),
            };
        }
        let timeout = Duration::from_millis(self.config.timeout_ms);
        let results = join_all(due.iter().map(|d| async move {
            match tokio::time::timeout(timeout, provider.deliver(&d.body)).await {
                Ok(r) => r,
                Err(_) => Err("timed out".into()),
            }
        }))
        .await;
        let settle = self.settle(due, results);
        // Awaiting the commit keeps the next read from taking the same rows again.
        if self.sequencer.ask(Op::PushSettle { settle }).await.is_err() {
            tracing::warn!("cannot settle delivered pushes");
            return Some(TROUBLE_PAUSE);
        }
        None
    }

    fn settle(&self, due: Vec<Due>, results: Vec<Result<(), String>>) -> Settle {
        let mut settle = Settle::default();
        let now = now_ms();
        for (row, result) in due.into_iter().zip(results) {
            let attempts = row.attempts + 1;
            match result {
                Ok(()) => settle.done.push(row.id),
                Err(e) if attempts >= self.config.max_attempts => {
                    tracing::warn!(
                        notification = row.body,
                        attempts,
                        "giving up an offline push: {e}"
                    );
                    settle.done.push(row.id);
                }
                Err(e) => {
                    let wait = backoff_ms(&self.config, attempts);
                    tracing::debug!(id = row.id, attempts, wait, "offline push failed: {e}");
                    settle.retry.push((row.id, now + wait as i64, attempts));
                }
            }
        }
        settle
    }
}

/// The wait after the `attempts`th failure: the initial wait doubled per earlier failure,
/// capped, then jittered to between half and all of it so failed rows spread out.
fn backoff_ms(config: &PushConfig, attempts: u32) -> u64 {
    let doublings = attempts.saturating_sub(1).min(32);
    let full = config.backoff_initial_ms.saturating_mul(1 << doublings).min(config.backoff_max_ms);
    let half = full / 2;
    half + random_u64() % (full - half + 1)
}

fn random_u64() -> u64 {
    let mut b = [0u8; 8];
    // A failed read only loses the jitter.
    let _ = getrandom::fill(&mut b);
    u64::from_le_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_the_cap_with_jitter() {
        let c =
            PushConfig { backoff_initial_ms: 1000, backoff_max_ms: 300_000, ..Default::default() };
        for _ in 0..50 {
            assert!((500..=1000).contains(&backoff_ms(&c, 1)));
            assert!((1000..=2000).contains(&backoff_ms(&c, 2)));
            assert!((150_000..=300_000).contains(&backoff_ms(&c, 20)));
            assert!((150_000..=300_000).contains(&backoff_ms(&c, 500)));
        }
    }
}
