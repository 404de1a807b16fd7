//! The core every front door shares: app state, UserSig checks, and the one writer that
//! orders, stores and fans out every write (the sequencer), answering with typed results.
//! It knows no front door (WebSocket, REST, media HTTP) and no storage engine's types.

pub mod hub;
pub mod notifications;
pub mod queue;
pub mod request;
pub mod sequencer;
pub mod usersig;
pub mod wire;

use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use hark_proto::Code;
use tokio::sync::watch;

use crate::config::Config;
use crate::store::ReadPool;
use hub::Hub;
use request::{Answer, Op};
use sequencer::Sequencer;

/// What every front door shares.
pub struct Core {
    pub config: Config,
    pub sequencer: Sequencer,
    pub hub: Arc<Hub>,
    pub reads: Arc<ReadPool>,
    /// Numbers sessions, from 1.
    pub next_session: AtomicU64,
    /// Flips to true when the server stops; sessions then close.
    pub stopping: watch::Receiver<bool>,
}

pub fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

impl Core {
    /// Checks `sig`, a UserSig for `user` of app `app`, with the app's key (70013 for an
    /// app harkd does not serve).
    pub fn verify_usersig(
        &self,
        app: u32,
        user: &str,
        sig: &str,
    ) -> Result<usersig::Verified, Code> {
        let key = self.config.app_key(app).ok_or(Code::UserSigAppIdMismatch)?;
        usersig::verify(sig, key, app.into(), user, now_secs())
    }

    /// Runs a read on the pool, off the async threads.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&ReadPool) -> Result<T, Code> + Send + 'static,
    ) -> Result<T, Code> {
        let reads = self.reads.clone();
        tokio::task::spawn_blocking(move || f(&reads)).await.map_err(|_| Code::Internal)?
    }

    /// App `app`'s administrator's user id; its user row is made on first use.
    pub async fn admin_user(&self, app: u32) -> Result<i64, Code> {
        let user = self.config.admin.identifier.clone();
        match self.sequencer.ask(Op::Login { app, user, seen: 0 }).await? {
            Answer::LoggedIn { user, .. } => Ok(user),
            _ => Err(Code::Internal),
        }
    }
}
