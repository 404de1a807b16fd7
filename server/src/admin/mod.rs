//! The REST API in Tencent's format (`docs/protocol.md`, "REST API"): an app's backend
//! sends messages and manages groups as the administrator. Every call is a POST with the
//! query `sdkappid`, `identifier` (the configured administrator), `usersig`, `random` and
//! `contenttype=json`, and a JSON body; every answer is HTTP 200 with `ActionStatus`,
//! `ErrorCode` and `ErrorInfo`. Writes go through the sequencer like a session's.

mod accounts;
mod body;
mod groups;
mod reply;
mod send;

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::middleware;
use axum::routing::{any, post};
use axum::Json;
use axum::Router;
use hark_proto::limits::valid_user_id;
use hark_proto::Code;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::core::request::{Answer, Op, Origin};
use crate::core::Core;
use reply::{finish, RestFail, Svc, NOT_ADMIN, SDKAPPID_MISSING};

pub fn routes(core: Arc<Core>) -> Router {
    Router::new()
        .route("/v4/im_open_login_svc/account_import", post(accounts::account_import))
        .route("/v4/im_open_login_svc/multiaccount_import", post(accounts::multiaccount_import))
        .route("/v4/openim/sendmsg", post(send::sendmsg))
        .route("/v4/group_open_http_svc/send_group_msg", post(send::send_group_msg))
        .route("/v4/group_open_http_svc/create_group", post(groups::create_group))
        .route("/v4/group_open_http_svc/add_group_member", post(groups::add_group_member))
        .route("/v4/", any(reply::unknown_command))
        .route("/v4/{*command}", any(reply::unknown_command))
        .route_layer(middleware::from_fn(reply::tencent_format))
        .with_state(core)
}

/// The query every call carries. `random` and `contenttype` are accepted and not used.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AdminQuery {
    sdkappid: String,
    identifier: String,
    usersig: String,
}

/// One REST command: checks the caller, parses the body as `T`, runs `run` for the
/// caller's app (whose users and groups are the only ones it sees), and answers in
/// Tencent's format, errors included.
async fn command<T: DeserializeOwned>(
    core: &Core,
    query: Result<Query<AdminQuery>, QueryRejection>,
    body: &[u8],
    svc: Svc,
    run: impl AsyncFnOnce(u32, T) -> Result<Json<Value>, RestFail>,
) -> Json<Value> {
    let result = async {
        let app = authorize(core, query)?;
        let req = serde_json::from_slice(body).map_err(|_| svc.bad_request())?;
        run(app, req).await
    };
    finish(svc, result.await)
}

/// Checks that the caller is the administrator, with a UserSig verified like a login's;
/// answers its app.
fn authorize(
    core: &Core,
    query: Result<Query<AdminQuery>, QueryRejection>,
) -> Result<u32, RestFail> {
    let Ok(Query(q)) = query else { return Err(Code::UserSigInvalid.into()) };
    if q.sdkappid.is_empty() {
        return Err(RestFail::new(SDKAPPID_MISSING, "the query has no sdkappid"));
    }
    let app: u32 = q.sdkappid.trim().parse().map_err(|_| Code::UserSigAppIdMismatch)?;
    core.config.app_key(app).ok_or(Code::UserSigAppIdMismatch)?;
    if q.identifier != core.config.admin.identifier {
        return Err(RestFail::new(NOT_ADMIN, "the request requires the app administrator"));
    }
    core.verify_usersig(app, &q.identifier, &q.usersig)?;
    Ok(app)
}

/// Who a call acts as, in app `app`: `account` when given (who must exist: 20003), else
/// the administrator, whose user row is made on first use.
async fn acting_user(core: &Core, app: u32, account: &str) -> Result<Acting, RestFail> {
    if !account.is_empty() {
        if !valid_user_id(account) {
            return Err(Code::MsgInvalidId.into());
        }
        let name = account.to_owned();
        let found = core.read(move |reads| reads.user(app, &name)).await?;
        let id = found.ok_or(Code::MsgInvalidId)?;
        return Ok(Acting { app, id, name: account.to_owned() });
    }
    let id = core.admin_user(app).await?;
    Ok(Acting { app, id, name: core.config.admin.identifier.clone() })
}

/// The user a REST call acts as.
struct Acting {
    app: u32,
    id: i64,
    name: String,
}

/// Runs a write as `acting`, from no session (so every session of the user gets the
/// message), and waits for the core's answer.
async fn as_user(
    core: &Core,
    acting: Acting,
    make: impl FnOnce(Origin) -> Op,
) -> Result<Answer, RestFail> {
    let Acting { app, id: user, name } = acting;
    let origin = Origin { session: 0, app, user, name: name.into() };
    Ok(core.sequencer.ask(make(origin)).await?)
}
