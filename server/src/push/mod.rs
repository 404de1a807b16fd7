//! Offline push delivery (`docs/protocol.md`, "Offline push").
//!
//! The sequencer writes notifications as outbox rows in each message's transaction
//! (`crate::core::notifications`). A worker task hands due rows to the configured provider
//! and settles them (delete, or reschedule with backoff) through the sequencer, the one
//! writer.

pub mod webhook;
mod worker;

use std::future::Future;

pub use worker::Worker;

/// Where notifications go. `Err` means "try again later".
pub trait Provider: Send + Sync + 'static {
    fn deliver(&self, notification: &str) -> impl Future<Output = Result<(), String>> + Send;
}

/// Writes each notification to the log: for development, and for setups without a gateway.
pub struct LogProvider;

impl Provider for LogProvider {
    fn deliver(&self, notification: &str) -> impl Future<Output = Result<(), String>> + Send {
        tracing::info!(target: "harkd::push", notification, "offline push");
        std::future::ready(Ok(()))
    }
}
