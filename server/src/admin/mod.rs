//! The REST API in Tencent's format (`docs/protocol.md`, "REST API"): an app's backend
//! sends messages and manages groups as the administrator. Every call is a POST with the
//! query `sdkappid`, `identifier` (the configured administrator), `usersig`, `random` and
//! `contenttype=json`, and a JSON body; every answer is HTTP 200 with `ActionStatus`,
//! `ErrorCode` and `ErrorInfo`. Writes go through the sequencer like a session's.

mod body;
mod groups;
mod reply;
mod send;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::middleware;
use axum::routing::{any, post};
use axum::Json;
use axum::Router;
use hark_proto::limits::valid_user_id;
use hark_proto::{Code, ServerFrame};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::oneshot;

use crate::gateway::{usersig, Shared};
use crate::router::{session_queue, Op, Origin, Outbound};
use reply::{finish, RestFail, Svc, NOT_ADMIN, SDKAPPID_MISSING};

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/v4/openim/sendmsg", post(send::sendmsg))
        .route("/v4/group_open_http_svc/send_group_msg", post(send::send_group_msg))
        .route("/v4/group_open_http_svc/create_group", post(groups::create_group))
        .route("/v4/group_open_http_svc/add_group_member", post(groups::add_group_member))
        .route("/v4/", any(reply::unknown_command))
        .route("/v4/{*command}", any(reply::unknown_command))
        .route_layer(middleware::from_fn(reply::tencent_format))
}

/// The query every call carries. `random` and `contenttype` are accepted and not used.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AdminQuery {
    sdkappid: String,
    identifier: String,
    usersig: String,
}

fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// One REST command: checks the caller, parses the body as `T`, runs `run` for the
/// caller's app (whose users and groups are the only ones it sees), and answers in
/// Tencent's format, errors included.
async fn command<T: DeserializeOwned>(
    shared: &Shared,
    query: Result<Query<AdminQuery>, QueryRejection>,
    body: &[u8],
    svc: Svc,
    run: impl AsyncFnOnce(u32, T) -> Result<Json<Value>, RestFail>,
) -> Json<Value> {
    let result = async {
        let app = authorize(shared, query)?;
        let req = serde_json::from_slice(body).map_err(|_| svc.bad_request())?;
        run(app, req).await
    };
    finish(svc, result.await)
}

/// Checks that the caller is the administrator, with a UserSig verified like a login's;
/// answers its app.
fn authorize(
    shared: &Shared,
    query: Result<Query<AdminQuery>, QueryRejection>,
) -> Result<u32, RestFail> {
    let Ok(Query(q)) = query else { return Err(Code::UserSigInvalid.into()) };
    if q.sdkappid.is_empty() {
        return Err(RestFail::new(SDKAPPID_MISSING, "the query has no sdkappid"));
    }
    let app: u32 = q.sdkappid.trim().parse().map_err(|_| Code::UserSigAppIdMismatch)?;
    let key = shared.config.app_key(app).ok_or(Code::UserSigAppIdMismatch)?;
    if q.identifier != shared.config.admin.identifier {
        return Err(RestFail::new(NOT_ADMIN, "the request requires the app administrator"));
    }
    usersig::verify(&q.usersig, key, app.into(), &q.identifier, now_secs())?;
    Ok(app)
}

/// Who a call acts as, in app `app`: `account` when given (who must exist: 20003), else
/// the administrator, whose user row is made on first use.
async fn acting_user(shared: &Arc<Shared>, app: u32, account: &str) -> Result<Acting, RestFail> {
    if !account.is_empty() {
        if !valid_user_id(account) {
            return Err(Code::MsgInvalidId.into());
        }
        let (reads, name) = (shared.reads.clone(), account.to_owned());
        let found = tokio::task::spawn_blocking(move || reads.user(app, &name))
            .await
            .map_err(|_| Code::Internal)??;
        let id = found.ok_or(Code::MsgInvalidId)?;
        return Ok(Acting { app, id, name: account.to_owned() });
    }
    let id = admin_user(shared, app).await?;
    Ok(Acting { app, id, name: shared.config.admin.identifier.clone() })
}

/// The user a REST call acts as.
struct Acting {
    app: u32,
    id: i64,
    name: String,
}

/// App `app`'s administrator's user id; its user row is made on first use.
pub(crate) async fn admin_user(shared: &Shared, app: u32) -> Result<i64, Code> {
    let (reply, answer) = oneshot::channel();
    let user = shared.config.admin.identifier.clone();
    if !shared.sequencer.post(Op::Login { app, user, seen: 0, reply }) {
        return Err(Code::Internal);
    }
    Ok(answer.await.map_err(|_| Code::Internal)??.0)
}

/// Posts an op that answers through its origin's queue, as a session's would, and waits
/// for that answer. Session 0 is no session, so every session of the user gets the push.
async fn through_sequencer(
    shared: &Shared,
    acting: Acting,
    make: impl FnOnce(Origin) -> Op,
) -> Result<ServerFrame, RestFail> {
    // One answer comes back: the bound does not matter.
    let (tx, mut rx) = session_queue(usize::MAX);
    let Acting { app, id: user, name } = acting;
    let origin = Origin { session: 0, app, user, name: name.into(), tx };
    if !shared.sequencer.post(make(origin)) {
        return Err(Code::Internal.into());
    }
    match rx.recv().await {
        Some(Outbound::Frame(text)) => match serde_json::from_str(&text) {
            Ok(ServerFrame::Error { code, .. }) => {
                Err(Code::from_i32(code).unwrap_or(Code::Internal).into())
            }
            Ok(f) => Ok(f),
            Err(_) => Err(Code::Internal.into()),
        },
        _ => Err(Code::Internal.into()),
    }
}
