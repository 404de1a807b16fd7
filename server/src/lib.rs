//! harkd: the Hark server.

pub mod admin;
pub mod config;
pub mod core;
pub mod gateway;
pub mod listen;
pub mod media;
pub mod push;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tls;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};

use crate::core::hub::Hub;
use crate::core::notifications::Notifications;
use crate::core::sequencer::Sequencer;
use crate::core::Core;
pub use config::Config;
use media::Media;
use store::{ReadPool, Writer};

const DB_FILE: &str = "hark.db";

/// An opened server: storage ready, the sequencer running, not yet listening.
pub struct Harkd {
    core: Arc<Core>,
    media: Arc<Media>,
    stop: watch::Sender<bool>,
    sequencer: std::thread::JoinHandle<()>,
    push: push::Worker,
    /// `Some` when `[tls]` is configured: every connection is TLS.
    tls: Option<tokio_rustls::TlsAcceptor>,
}

impl Harkd {
    pub fn open(config: Config) -> Result<Harkd, String> {
        config.check()?;
        let tls = config.tls.as_ref().map(|t| tls::acceptor(&t.cert, &t.key)).transpose()?;
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| format!("cannot create {}: {e}", config.data_dir.display()))?;
        let db = config.data_dir.join(DB_FILE);
        // "full": SQLite commits without syncing and the sequencer syncs the WAL itself
        // before acking, off its own thread (core/sequencer/syncer.rs).
        let (sqlite_sync, sync_wal) = match config.store.synchronous.as_str() {
            "full" => ("normal", Some(store::wal_path(&db))),
            other => (other, None),
        };
        let mut writer = Writer::open(&db, sqlite_sync)
            .map_err(|e| format!("cannot open {}: {e}", db.display()))?;
        claim_unowned(&mut writer, &config)?;
        let hub = Arc::new(Hub::new(&config.limits));
        let wake = Arc::new(Notify::new());
        let notifications = Notifications::new(hub.clone(), wake.clone());
        let (sequencer, thread) = Sequencer::start(
            writer,
            hub.clone(),
            config.store.max_batch,
            notifications,
            &config.groups,
            sync_wal,
        );
        let reads = Arc::new(ReadPool::new(&db));
        let push = push::Worker {
            reads: reads.clone(),
            sequencer: sequencer.clone(),
            wake,
            config: config.push.clone(),
        };
        let (stop, stopping) = watch::channel(false);
        let core = Arc::new(Core {
            config,
            sequencer,
            hub,
            reads,
            next_session: AtomicU64::new(1),
            stopping,
        });
        let media =
            Arc::new(Media::open(core.clone(), &core.config.data_dir, &core.config.limits)?);
        Ok(Harkd { core, media, stop, sequencer: thread, push, tls })
    }

    /// Serves on `listener` (and runs the offline push worker) until `shutdown` resolves,
    /// then closes every session, lets the sequencer commit what it holds, and returns.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), String> {
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let scheme = if self.tls.is_some() { "TLS" } else { "plain" };
        tracing::info!("harkd listening on {addr} ({scheme})");
        // The three front doors, each with its own state over the one core.
        let routes = Router::new()
            .route("/healthz", get(|| async { "ok" }))
            .merge(gateway::routes(self.core.clone()))
            .merge(media::routes(self.media.clone()))
            .merge(admin::routes(self.core.clone()));
        let front = listen::Front::new(routes, self.tls, &self.core.config.limits);
        let pusher = self.push.spawn(self.core.stopping.clone())?;
        let sweeper = media::sweep::spawn(self.media.clone(), self.core.stopping.clone());
        let stop = self.stop;
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop.send(true);
        });
        listen::run(listener, front, self.core.stopping.clone()).await;
        // The worker and the sweep hold sequencer handles; they let go once they see the stop.
        let _ = pusher.await;
        let _ = sweeper.await;
        drop(self.media);

        // Sessions hold the core; wait (bounded) for them to finish closing.
        let mut shared = self.core;
        for _ in 0..100 {
            match Arc::try_unwrap(shared) {
                Ok(inner) => {
                    drop(inner);
                    let seq = self.sequencer;
                    let _ = tokio::task::spawn_blocking(move || seq.join()).await;
                    tracing::info!("harkd stopped");
                    return Ok(());
                }
                Err(still_shared) => shared = still_shared,
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tracing::warn!("sessions still open at shutdown; the sequencer commits what it holds");
        Ok(())
    }
}

/// Gives the rows a harkd from before apps were kept apart made to the app they were made
/// with: the only app configured, or `store.legacy_sdkappid`. With several apps and no
/// such key, which one they belong to is unknown, so harkd refuses to start.
fn claim_unowned(writer: &mut Writer, config: &Config) -> Result<(), String> {
    let unowned = writer.unowned_rows().map_err(|e| e.to_string())?;
    if unowned == 0 {
        return Ok(());
    }
    let app = match (config.store.legacy_sdkappid, config.apps.as_slice()) {
        (Some(app), _) => app,
        (None, [only]) => only.sdkappid,
        (None, apps) => {
            return Err(format!(
                "the data directory holds {unowned} users, groups or push tokens from a harkd \
                 that did not keep apps apart, and {} apps are configured: set \
                 store.legacy_sdkappid to the SDKAppID they belong to",
                apps.len()
            ))
        }
    };
    writer.claim_unowned(app).map_err(|e| e.to_string())?;
    tracing::info!(sdkappid = app, rows = unowned, "rows from before apps were kept apart claimed");
    Ok(())
}

/// Binds `addr` (port 0 picks one) and returns the listener and the address it got.
pub async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), String> {
    let l = TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = l.local_addr().map_err(|e| e.to_string())?;
    Ok((l, local))
}
