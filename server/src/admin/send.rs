//! `v4/openim/sendmsg` and `v4/group_open_http_svc/send_group_msg`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use hark_proto::{Code, Message, Priority};
use serde::Deserialize;
use serde_json::{json, Value};

use super::body::{self, RestElem, RestPush};
use super::reply::{ok, RestFail, Svc};
use super::{acting_user, as_user, command, AdminQuery};
use crate::core::request::{Answer, Op};
use crate::core::{now_secs, Core};

/// Tencent's `MsgDropReason` for a message the group's rate limit dropped.
const DROPPED_BY_RATE_LIMIT: &str = "MsgFreqCtrl";

#[derive(Deserialize)]
struct SendMsg {
    #[serde(rename = "From_Account", default)]
    from: String,
    #[serde(rename = "To_Account")]
    to: String,
    /// 0: online only. Other lifetimes keep the message like any other.
    #[serde(rename = "MsgLifeTime")]
    life_time: Option<u32>,
    #[serde(rename = "MsgRandom", default)]
    random: u32,
    #[serde(rename = "MsgBody")]
    body: Vec<RestElem>,
    #[serde(rename = "OfflinePushInfo")]
    push: Option<RestPush>,
}

#[derive(Deserialize)]
struct SendGroupMsg {
    #[serde(rename = "GroupId")]
    group: String,
    #[serde(rename = "From_Account", default)]
    from: String,
    /// Targeted members (at most 50).
    #[serde(rename = "To_Account", default)]
    to: Vec<String>,
    #[serde(rename = "Random", default)]
    random: u32,
    #[serde(rename = "MsgPriority")]
    priority: Option<String>,
    /// 1: online only.
    #[serde(rename = "OnlineOnlyFlag", default)]
    online_only: u32,
    #[serde(rename = "MsgBody")]
    body: Vec<RestElem>,
    #[serde(rename = "OfflinePushInfo")]
    push: Option<RestPush>,
}

/// A msgID for a REST message, unique per sender: `<random>_<nonce>_<time>`, also
/// answered as `MsgKey`.
fn new_msg_id(random: u32, now: i64) -> String {
    let mut nonce = [0u8; 4];
    // Without OS randomness the nonce is 0; the time and random still tell messages apart.
    let _ = getrandom::fill(&mut nonce);
    format!("{random}_{}_{now}", u32::from_le_bytes(nonce))
}

fn message(
    svc: Svc,
    random: u32,
    elems: Vec<RestElem>,
    push: Option<RestPush>,
) -> Result<Message, RestFail> {
    let msg = Message {
        msg_id: new_msg_id(random, now_secs()),
        random,
        elems: body::elems(elems).ok_or_else(|| svc.bad_body())?,
        push: push.map(RestPush::into_push),
        ..Message::default()
    };
    // The rules libhark applies before a send, from the same function the sequencer uses.
    msg.check_content().map_err(|code| match code {
        Code::MsgBodySizeLimit => Code::ServerBodySizeLimit.into(),
        _ => svc.bad_field(),
    })?;
    Ok(msg)
}

/// Sends through the sequencer as a REST send; answers `(seq, time, dropped)`. A media
/// elem may name the administrator's uploads or the sender's; any other uuid is a bad body.
async fn send(
    core: &Core,
    svc: Svc,
    app: u32,
    from: &str,
    msg: Message,
) -> Result<(u64, i64, bool), RestFail> {
    let user = acting_user(core, app, from).await?;
    // body::elems lets media only first, so the sequencer's 6016 and 114000 for such a
    // message are its upload check's.
    let media = !msg.elems[0].media_uuids().is_empty();
    let admin = if media { Some(core.admin_user(app).await?) } else { None };
    let make = |from| Op::AdminSend { from, msg, admin };
    match as_user(core, user, make).await {
        Ok(Answer::Sent { seq, time, dropped, .. }) => Ok((seq, time, dropped)),
        Ok(_) => Err(Code::Internal.into()),
        Err(f)
            if media
                && [Code::InvalidMsgElem, Code::ResNotFound]
                    .map(|c| c as i32)
                    .contains(&f.code()) =>
        {
            Err(svc.bad_media())
        }
        Err(f) => Err(f),
    }
}

pub async fn sendmsg(
    State(core): State<Arc<Core>>,
    query: Result<Query<AdminQuery>, QueryRejection>,
    body: Bytes,
) -> Json<Value> {
    let svc = Svc::OpenIm;
    command(&core, query, &body, svc, async |app, req: SendMsg| {
        let mut msg = message(svc, req.random, req.body, req.push)?;
        msg.receiver = req.to;
        msg.online_only = req.life_time == Some(0);
        let key = msg.msg_id.clone();
        let (_, time, _) = send(&core, svc, app, &req.from, msg).await?;
        Ok(ok(json!({"MsgTime": time, "MsgKey": key})))
    })
    .await
}

pub async fn send_group_msg(
    State(core): State<Arc<Core>>,
    query: Result<Query<AdminQuery>, QueryRejection>,
    body: Bytes,
) -> Json<Value> {
    let svc = Svc::Group;
    command(&core, query, &body, svc, async |app, req: SendGroupMsg| {
        let mut msg = message(svc, req.random, req.body, req.push)?;
        // Tencent's names, case-sensitive; Normal when absent.
        msg.priority = match req.priority.as_deref() {
            None | Some("Normal") => Priority::Normal,
            Some("High") => Priority::High,
            Some("Low") => Priority::Low,
            Some(_) => return Err(svc.bad_request()),
        };
        msg.group = req.group;
        msg.targets = req.to;
        msg.online_only = req.online_only == 1;
        let (seq, time, dropped) = send(&core, svc, app, &req.from, msg).await?;
        let mut answer = json!({"MsgTime": time, "MsgSeq": seq});
        if dropped {
            answer["MsgDropReason"] = DROPPED_BY_RATE_LIMIT.into();
        }
        Ok(ok(answer))
    })
    .await
}
