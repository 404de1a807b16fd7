//! `v4/im_open_login_svc/account_import` and `multiaccount_import`: an app's backend makes
//! accounts before their users first log in, so it can add them to groups and send to them.
//! An account that exists already is left as it is.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use hark_proto::limits::valid_user_id;
use serde::Deserialize;
use serde_json::{json, Value};

use super::reply::{ok, RestFail, Svc, ACCOUNT_INVALID_PARAMETERS};
use super::{command, AdminQuery};
use crate::core::request::Op;
use crate::core::Core;

/// Tencent's most accounts per `multiaccount_import` call.
const MAX_IMPORT: usize = 100;

#[derive(Deserialize)]
struct Import {
    /// Tencent's newer name, and the older one.
    #[serde(rename = "UserID", alias = "Identifier")]
    user: String,
}

#[derive(Deserialize)]
struct MultiImport {
    #[serde(rename = "Accounts")]
    accounts: Vec<String>,
}

pub async fn account_import(
    State(core): State<Arc<Core>>,
    query: Result<Query<AdminQuery>, QueryRejection>,
    body: Bytes,
) -> Json<Value> {
    command(&core, query, &body, Svc::Account, async |app, req: Import| {
        if !valid_user_id(&req.user) {
            return Err(RestFail::new(ACCOUNT_INVALID_PARAMETERS, "UserID is not a valid id"));
        }
        core.sequencer.ask(Op::ImportUsers { app, names: vec![req.user] }).await?;
        Ok(ok(json!({})))
    })
    .await
}

/// Imports up to 100 accounts; the ids that are not valid are answered in `FailAccounts`,
/// the rest are made.
pub async fn multiaccount_import(
    State(core): State<Arc<Core>>,
    query: Result<Query<AdminQuery>, QueryRejection>,
    body: Bytes,
) -> Json<Value> {
    command(&core, query, &body, Svc::Account, async |app, req: MultiImport| {
        if req.accounts.is_empty() || req.accounts.len() > MAX_IMPORT {
            return Err(RestFail::new(ACCOUNT_INVALID_PARAMETERS, "Accounts holds 1 to 100 ids"));
        }
        let (names, failed): (Vec<String>, Vec<String>) =
            req.accounts.into_iter().partition(|a| valid_user_id(a));
        if !names.is_empty() {
            core.sequencer.ask(Op::ImportUsers { app, names }).await?;
        }
        Ok(ok(json!({"FailAccounts": failed})))
    })
    .await
}
