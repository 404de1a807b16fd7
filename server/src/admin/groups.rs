//! `v4/group_open_http_svc/create_group` and `add_group_member`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use hark_proto::limits::{valid_group_id, MAX_INITIAL_MEMBERS};
use hark_proto::Code;
use serde::Deserialize;
use serde_json::{json, Value};

use super::reply::{ok, Svc};
use super::{acting_user, as_user, command, AdminQuery};
use crate::core::request::{Answer, Op};
use crate::core::Core;

#[derive(Deserialize)]
struct Member {
    #[serde(rename = "Member_Account")]
    account: String,
}

#[derive(Deserialize)]
struct CreateGroup {
    /// Absent: the administrator owns the group.
    #[serde(rename = "Owner_Account", default)]
    owner: String,
    #[serde(rename = "Type")]
    group_type: String,
    /// Absent: harkd assigns `@TGS#…`.
    #[serde(rename = "GroupId", default)]
    group: String,
    #[serde(rename = "Name", default)]
    name: String,
    #[serde(rename = "MemberList", default)]
    members: Vec<Member>,
}

#[derive(Deserialize)]
struct AddMembers {
    #[serde(rename = "GroupId")]
    group: String,
    #[serde(rename = "MemberList")]
    members: Vec<Member>,
}

/// V2TIM's type names, and the older REST names for two of them.
fn group_type(t: &str) -> &str {
    match t {
        "Private" => "Work",
        "ChatRoom" => "Meeting",
        other => other,
    }
}

pub async fn create_group(
    State(core): State<Arc<Core>>,
    query: Result<Query<AdminQuery>, QueryRejection>,
    body: Bytes,
) -> Json<Value> {
    let svc = Svc::Group;
    command(&core, query, &body, svc, async |app, req: CreateGroup| {
        let owner = acting_user(&core, app, &req.owner).await?;
        let members = req.members.into_iter().map(|m| m.account).collect();
        let answer = as_user(&core, owner, |from| Op::GroupCreate {
            from,
            group_type: group_type(&req.group_type).to_owned(),
            group: req.group,
            name: req.name,
            members,
        })
        .await?;
        match answer {
            Answer::GroupCreated { group } => Ok(ok(json!({"GroupId": group}))),
            _ => Err(Code::Internal.into()),
        }
    })
    .await
}

pub async fn add_group_member(
    State(core): State<Arc<Core>>,
    query: Result<Query<AdminQuery>, QueryRejection>,
    body: Bytes,
) -> Json<Value> {
    let svc = Svc::Group;
    command(&core, query, &body, svc, async |app, req: AddMembers| {
        if !valid_group_id(&req.group) {
            return Err(Code::GroupInvalidGroupId.into());
        }
        if req.members.is_empty() || req.members.len() > MAX_INITIAL_MEMBERS {
            return Err(svc.bad_request());
        }
        let names: Vec<String> = req.members.into_iter().map(|m| m.account).collect();
        let op = Op::GroupAdd { app, group: req.group, members: names.clone() };
        let Answer::Added(added) = core.sequencer.ask(op).await? else {
            return Err(Code::Internal.into());
        };
        let list: Vec<Value> = names
            .iter()
            .zip(added)
            .map(|(n, r)| json!({"Member_Account": n, "Result": r as i32}))
            .collect();
        Ok(ok(json!({"MemberList": list})))
    })
    .await
}
