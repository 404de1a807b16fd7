//! The WebSocket front door: accepts connections, authenticates them with a UserSig, and
//! runs one session per connection, encoding the core's answers as frames.

pub mod limits;
mod session;
mod socket;

pub use session::decode_request;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::core::Core;

/// What every session shares.
pub struct Gateway {
    core: Arc<Core>,
    user_sends: limits::UserSends,
    /// By group type: whether a member's history holds what came before it joined.
    history_before_join: Arc<HashMap<String, bool>>,
}

const READ_BUFFER_BYTES: usize = 4 * 1024;
/// The transport's limit, above the protocol's 1 MB so that a frame between the two gets an
/// `error` 9522 from the session (which stays open); a larger one closes the connection.
pub const TRANSPORT_MAX_BYTES: usize = 2 * 1024 * 1024;

pub fn routes(core: Arc<Core>) -> Router {
    let user_sends = limits::UserSends::new(&core.config.limits);
    let history_before_join = Arc::new(core.config.groups.history_before_join.by_type());
    let gateway = Arc::new(Gateway { core, user_sends, history_before_join });
    Router::new().route("/v1/ws", get(upgrade)).with_state(gateway)
}

async fn upgrade(State(gateway): State<Arc<Gateway>>, req: Request) -> Response {
    socket::upgrade(req, move |upgraded| session::run(upgraded, gateway))
}
