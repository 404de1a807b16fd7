//! Who a message goes to, and the V2TIM rules that decide whether it may be sent:
//!
//! - C2C: the peer and the sender; `targets` are refused (6017).
//! - Group: a session's sender must be a member (10007); a REST send need not be.
//! - Targeted (`receiver` and/or `targets` on a group message, merged, repeats once): at
//!   most 50 members (10004), each one a member (10007; an unknown user is no member
//!   either), not in AVChatRoom or Community (10004). Only they and the sender see it.
//! - AVChatRoom keeps no history: its messages reach the members online now, with no seq
//!   and no log position; `online_only` must be false there (10004), as V2TIM says.

use super::state::Caches;
use super::Fail;
use crate::store::Batch;
use hark_proto::limits::{valid_user_id, MAX_TARGETS};
use hark_proto::{Code, Message};

/// Group types whose messages are not stored.
const UNSTORED_TYPES: &[&str] = &["AVChatRoom"];
/// Group types that take no targeted messages (V2TIM's rule).
const UNTARGETED_TYPES: &[&str] = &["AVChatRoom", "Community"];

pub(super) struct Route {
    pub conv: i64,
    /// Who gets the message: user ids.
    pub recipients: Vec<i64>,
    /// A targeted message's members, sorted; empty otherwise.
    pub targets: Vec<i64>,
    /// The media reference scope (`store::files::insert_ref`): a group row (0 for C2C)
    /// and the users, 0 meaning every member.
    pub ref_group: i64,
    pub ref_users: Vec<i64>,
    /// A group message: its row and type, for the rate limit.
    pub limited: Option<(i64, String)>,
    /// False for a group type that keeps no history.
    pub stored: bool,
}

/// Routes `msg` from user `sender`. Normalizes a targeted message's `targets` to the
/// merged list the members see.
pub(super) fn route(
    tx: &Batch,
    caches: &mut Caches,
    app: u32,
    sender: i64,
    msg: &mut Message,
    admin: bool,
) -> Result<Route, Fail> {
    if msg.group.is_empty() {
        return c2c(tx, caches, app, sender, msg);
    }
    let names = target_names(msg)?;
    let g = caches.group(tx, app, &msg.group)?;
    if !admin && g.members.binary_search(&sender).is_err() {
        return Err(Code::GroupPermissionDeny.into());
    }
    let group_type = g.group_type.as_str();
    let stored = !UNSTORED_TYPES.contains(&group_type);
    if (!names.is_empty() && UNTARGETED_TYPES.contains(&group_type)) || (!stored && msg.online_only)
    {
        return Err(Code::GroupInvalidParameters.into());
    }
    let (grp, conv, limited) = (g.id, g.conv, Some((g.id, g.group_type.clone())));
    if names.is_empty() {
        let recipients = g.members.clone();
        return Ok(Route {
            conv,
            recipients,
            targets: Vec::new(),
            ref_group: grp,
            ref_users: vec![0],
            limited,
            stored,
        });
    }

    let mut targets = Vec::with_capacity(names.len());
    for name in &names {
        match caches.user_id(tx, app, name) {
            Ok(id) => targets.push(id),
            Err(Fail::Refused(_)) => return Err(Code::GroupPermissionDeny.into()),
            Err(db) => return Err(db),
        }
    }
    let g = caches.group(tx, app, &msg.group)?;
    if targets.iter().any(|t| g.members.binary_search(t).is_err()) {
        return Err(Code::GroupPermissionDeny.into());
    }
    targets.sort_unstable();
    targets.dedup();
    let mut recipients = targets.clone();
    if let Err(at) = recipients.binary_search(&sender) {
        recipients.insert(at, sender);
    }
    msg.targets = names;
    Ok(Route {
        conv,
        recipients,
        ref_group: grp,
        ref_users: targets.clone(),
        targets,
        limited,
        stored,
    })
}

fn c2c(
    tx: &Batch,
    caches: &mut Caches,
    app: u32,
    sender: i64,
    msg: &Message,
) -> Result<Route, Fail> {
    if !msg.targets.is_empty() {
        return Err(Code::InvalidParameters.into());
    }
    let peer = caches.user_id(tx, app, &msg.receiver)?;
    let key = (sender.min(peer), sender.max(peer));
    let conv = match caches.c2c_convs.get(&key) {
        Some(&c) => c,
        None => {
            let c = tx.conv_id(&crate::store::c2c_conv_key(sender, peer))?;
            // Both sides have a cursor from the conversation's first message on; once
            // cached, the pair has its cursors.
            tx.ensure_cursor(sender, c, 0)?;
            tx.ensure_cursor(peer, c, 0)?;
            caches.c2c_convs.insert(key, c);
            c
        }
    };
    let recipients = if peer == sender { vec![peer] } else { vec![peer, sender] };
    Ok(Route {
        conv,
        recipients,
        targets: Vec::new(),
        ref_group: 0,
        ref_users: vec![peer],
        limited: None,
        stored: true,
    })
}

/// A group message's targets: `receiver` and `targets` merged, each once, in order.
fn target_names(msg: &Message) -> Result<Vec<String>, Code> {
    if msg.targets.len() > MAX_TARGETS {
        return Err(Code::GroupInvalidParameters);
    }
    let mut names: Vec<String> = Vec::with_capacity(msg.targets.len() + 1);
    for name in std::iter::once(&msg.receiver).filter(|r| !r.is_empty()).chain(&msg.targets) {
        if !valid_user_id(name) {
            return Err(Code::MsgInvalidId);
        }
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    if names.len() > MAX_TARGETS {
        return Err(Code::GroupInvalidParameters);
    }
    Ok(names)
}
