//! The WebSocket gateway: accepts connections, authenticates them with a UserSig, and runs
//! one session per connection. The media HTTP API and the REST API (`admin/`) are mounted
//! beside it.

pub mod limits;
mod session;
pub mod usersig;

pub use session::decode_request;

use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use tokio::sync::watch;

use crate::config::Config;
use crate::media::Media;
use crate::router::{Hub, Sequencer};
use crate::store::ReadPool;

/// What every session shares.
pub struct Shared {
    pub config: Config,
    pub sequencer: Sequencer,
    pub hub: Arc<Hub>,
    pub reads: Arc<ReadPool>,
    pub media: Arc<Media>,
    pub next_session: AtomicU64,
    pub user_sends: limits::UserSends,
    /// Flips to true when the server stops; sessions then close.
    pub stopping: watch::Receiver<bool>,
}

const READ_BUFFER_BYTES: usize = 4 * 1024;
const WRITE_BUFFER_BYTES: usize = 8 * 1024;
/// The transport's limit, above the protocol's 1 MB so that a frame between the two gets an
/// `error` 9522 from the session (which stays open); a larger one closes the connection.
pub const TRANSPORT_MAX_BYTES: usize = 2 * 1024 * 1024;

pub fn routes(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/ws", get(upgrade))
        .route("/healthz", get(|| async { "ok" }))
        .merge(crate::media::routes())
        .merge(crate::admin::routes())
        .with_state(shared)
}

async fn upgrade(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    // Small buffers: most sessions sit idle, and tungstenite's 128 KiB defaults would cost
    // that much per connection. Larger frames still assemble; they just take more reads.
    ws.read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES)
        .max_message_size(TRANSPORT_MAX_BYTES)
        .max_frame_size(TRANSPORT_MAX_BYTES)
        .on_upgrade(move |socket| session::run(socket, shared))
}
