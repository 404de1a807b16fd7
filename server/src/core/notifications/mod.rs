//! Offline push notifications, the sequencer's side (`docs/protocol.md`, "Offline push").
//!
//! A stored message makes one notification per device token of each recipient who is
//! offline when the batch commits. They are outbox rows written in the message's own
//! transaction, so an acknowledged message's notification survives a crash; the push
//! worker (`crate::push`) hands them to the provider.

mod template;

use std::cell::Cell;
use std::sync::Arc;

use hark_proto::{Code, Message};
use tokio::sync::Notify;

use super::hub::Hub;
use super::now_ms;
use crate::store::{self, Batch};

/// Tokens longer than this are refused (6017); APNs and FCM tokens are far shorter.
pub const MAX_TOKEN_BYTES: usize = 1024;

pub fn check_token(token: &str) -> Result<(), Code> {
    if token.is_empty() || token.len() > MAX_TOKEN_BYTES {
        return Err(Code::InvalidParameters);
    }
    Ok(())
}

/// Writes notifications in the open transaction and wakes the push worker once the batch
/// is over. Owned by the sequencer thread.
pub struct Notifications {
    hub: Arc<Hub>,
    wake: Arc<Notify>,
    added: Cell<bool>,
}

impl Notifications {
    pub fn new(hub: Arc<Hub>, wake: Arc<Notify>) -> Notifications {
        Notifications { hub, wake, added: Cell::new(false) }
    }

    /// Queues the notifications for a message just stored for `recipients`.
    pub fn enqueue(
        &self,
        tx: &Batch,
        msg: &Message,
        sender: i64,
        recipients: &[i64],
    ) -> store::Result<()> {
        let Some(template) = template::Template::new(msg) else { return Ok(()) };
        // Online means a session is registered now, inside the commit that stores the message.
        let offline: Vec<i64> = self.hub.with_online(|online| {
            recipients
                .iter()
                .copied()
                .filter(|user| *user != sender && !online.contains_key(user))
                .collect()
        });
        let due = now_ms();
        for user in offline {
            let Some(devices) = tx.devices(user)? else { continue };
            for (business_id, token) in &devices.tokens {
                let body = template.render(devices.app, &devices.user, *business_id, token);
                tx.insert_outbox(due, &body)?;
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
