//! harkd: the Hark server.

pub mod admin;
pub mod config;
pub mod gateway;
pub mod media;
pub mod push;
pub mod router;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tls;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};

pub use config::Config;
use gateway::Shared;
use router::{Hub, Sequencer};
use store::ReadPool;

const DB_FILE: &str = "hark.db";

/// An opened server: storage ready, the sequencer running, not yet listening.
pub struct Harkd {
    shared: Arc<Shared>,
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
        // before acking, off its own thread (router/sequencer/syncer.rs).
        let (sqlite_sync, sync_wal) = match config.store.synchronous.as_str() {
            "full" => ("normal", Some(store::wal_path(&db))),
            other => (other, None),
        };
        let conn = store::open_writer(&db, sqlite_sync)
            .map_err(|e| format!("cannot open {}: {e}", db.display()))?;
        let media = Arc::new(media::Media::open(&config.data_dir)?);
        let hub = Arc::new(Hub::new(&config.limits));
        let wake = Arc::new(Notify::new());
        let outbox = push::Outbox::new(hub.clone(), wake.clone());
        let limits = config.groups.rate_limit.by_type();
        let (sequencer, thread) =
            Sequencer::start(conn, hub.clone(), config.store.max_batch, outbox, limits, sync_wal);
        let reads = Arc::new(ReadPool::new(&db));
        let push = push::Worker {
            reads: reads.clone(),
            sequencer: sequencer.clone(),
            wake,
            config: config.push.clone(),
        };
        let (stop, stopping) = watch::channel(false);
        let user_sends = gateway::limits::UserSends::new(&config.limits);
        let shared = Arc::new(Shared {
            config,
            sequencer,
            hub,
            reads,
            media,
            next_session: AtomicU64::new(1),
            user_sends,
            stopping,
        });
        Ok(Harkd { shared, stop, sequencer: thread, push, tls })
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
        let app = gateway::routes(self.shared.clone());
        let pusher = self.push.spawn(self.shared.stopping.clone())?;
        let sweeper = media::sweep::spawn(self.shared.clone(), self.shared.stopping.clone());
        let mut stopping = self.shared.stopping.clone();
        let stopped = async move {
            let _ = stopping.changed().await;
        };
        let stop = self.stop;
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop.send(true);
        });
        let served = match self.tls {
            Some(acceptor) => {
                let listener =
                    tls::TlsListener::new(listener, acceptor).map_err(|e| e.to_string())?;
                axum::serve(listener, app).with_graceful_shutdown(stopped).await
            }
            None => axum::serve(listener, app).with_graceful_shutdown(stopped).await,
        };
        served.map_err(|e| e.to_string())?;
        // The worker and the sweep hold sequencer handles; they let go once they see the stop.
        let _ = pusher.await;
        let _ = sweeper.await;

        // Sessions hold the shared state; wait (bounded) for them to finish closing.
        let mut shared = self.shared;
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

/// Binds `addr` (port 0 picks one) and returns the listener and the address it got.
pub async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), String> {
    let l = TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = l.local_addr().map_err(|e| e.to_string())?;
    Ok((l, local))
}
