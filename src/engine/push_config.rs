//! Offline push registration (V2TIM's SetOfflinePushConfig). harkd ties it to the session's
//! user; the engine remembers the one harkd last acknowledged and registers it again after
//! each new login of that user, so push keeps working across relogins and reconnects.

use std::sync::Arc;

use crate::dispatch::Reply;

use super::command::{encode, PushConfig};
use super::outbox::Pending;
use super::Engine;

/// The registration harkd acknowledged last, and for whom.
pub(super) struct SavedPushConfig {
    user: Arc<str>,
    config: PushConfig,
}

impl Engine {
    /// harkd acknowledged a registration (`Some`) or its removal (`None`).
    pub(super) fn push_config_saved(
        &mut self,
        config: Option<PushConfig>,
        reply: Option<Reply<()>>,
    ) {
        self.push_config =
            config.map(|config| SavedPushConfig { user: Arc::clone(&self.session.user), config });
        if let Some(reply) = reply {
            reply.ok(());
        }
    }

    /// Right after a login: registers again what this user registered before. Nobody waits
    /// for the answer; a refusal leaves the saved registration for the next login.
    pub(super) async fn restore_push_config(&mut self) {
        let Some(saved) = self.push_config.as_ref().filter(|s| s.user == self.session.user) else {
            return;
        };
        let config = saved.config.clone();
        let req = self.outbox.next_req();
        let text = encode(&config.frame(req));
        self.outbox.insert(req, Pending::PushConfig { config: Some(config), reply: None });
        self.write(text).await;
    }
}
