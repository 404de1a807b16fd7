//! Offline push (`docs/protocol.md`, "Offline push").
//!
//! A stored message makes one notification per device token of each recipient who is
//! offline when the batch commits. The notifications are outbox rows written in the
//! message's own transaction, so an acknowledged message's push survives a crash. A worker
//! task hands due rows to the configured provider and settles them (delete, or reschedule
//! with backoff) through the sequencer, the one writer.

mod notification;
pub mod webhook;
mod worker;

use std::cell::Cell;
use std::future::Future;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use hark_proto::{Code, Message};
use rusqlite::Transaction;
use tokio::sync::Notify;

use crate::router::Hub;
use crate::store::push as store;
pub use worker::Worker;

/// Tokens longer than this are refused (6017); APNs and FCM tokens are far shorter.
pub const MAX_TOKEN_BYTES: usize = 1024;

pub fn check_token(token: &str) -> Result<(), Code> {
    if token.is_empty() || token.len() > MAX_TOKEN_BYTES {
        return Err(Code::InvalidParameters);
    }
    Ok(())
}

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

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// The sequencer's side: writes notifications in the open transaction and wakes the
/// worker once the batch is over. Owned by the sequencer thread.
pub struct Outbox {
    hub: Arc<Hub>,
    wake: Arc<Notify>,
    added: Cell<bool>,
}

impl Outbox {
    pub fn new(hub: Arc<Hub>, wake: Arc<Notify>) -> Outbox {
        Outbox { hub, wake, added: Cell::new(false) }
    }

    /// Queues the notifications for a message just stored for `recipients` (user, inbox).
    pub fn enqueue(
        &self,
        tx: &Transaction,
        msg: &Message,
        sender: i64,
        recipients: &[(i64, u64)],
    ) -> rusqlite::Result<()> {
        let Some(template) = notification::Template::new(msg) else { return Ok(()) };
        // Online means a session is registered now, inside the commit that stores the message.
        let offline: Vec<i64> = self.hub.with_online(|online| {
            recipients
                .iter()
                .map(|&(user, _)| user)
                .filter(|user| *user != sender && !online.contains_key(user))
                .collect()
        });
        let due = now_ms();
        for user in offline {
            let Some(devices) = store::devices(tx, user)? else { continue };
            for (business_id, token) in &devices.tokens {
                let body = template.render(devices.app, &devices.user, *business_id, token);
                store::insert_outbox(tx, due, &body)?;
                self.added.set(true);
            }
        }
        Ok(())
    }

    /// After a batch: wake the worker if it wrote anything (a rolled-back batch only costs
    /// the worker an empty look).
    pub fn after_batch(&self) {
        if self.added.replace(false) {
            self.wake.notify_one();
        }
    }
}
