//! Groups: create, join, quit, dismiss, and members added by the REST administrator.

use std::collections::HashMap;

use hark_proto::limits::{self, valid_new_group_id, valid_user_id};
use hark_proto::Code;

use super::state::Caches;
use super::Fail;
use crate::core::request::{Added, Origin};
use crate::store::write::{GroupRow, NewGroup};
use crate::store::Batch;

/// The most members a group of each type may have; 0 (or a type not listed): no limit.
pub(super) type Caps = HashMap<String, u32>;

/// 10014 when a group of `group_type` would have more than its type's most members.
fn check_size(caps: &Caps, group_type: &str, members: usize) -> Result<(), Code> {
    match caps.get(group_type) {
        Some(&cap) if cap > 0 && members > cap as usize => Err(Code::GroupFullMemberCount),
        _ => Ok(()),
    }
}

/// A group to create, as asked.
pub(super) struct Spec<'a> {
    pub group_type: &'a str,
    /// Empty: harkd assigns one.
    pub group_id: &'a str,
    pub name: &'a str,
    pub members: &'a [String],
}

pub(super) fn create(
    tx: &Batch,
    caches: &mut Caches,
    caps: &Caps,
    from: &Origin,
    spec: &Spec,
    now: i64,
) -> Result<String, Fail> {
    let Spec { group_type, group_id, name, members } = *spec;
    if !limits::GROUP_TYPES.contains(&group_type)
        || name.len() > limits::MAX_GROUP_NAME_BYTES
        || members.len() > limits::MAX_INITIAL_MEMBERS
    {
        return Err(Code::GroupInvalidParameters.into());
    }
    let group_id = if group_id.is_empty() {
        loop {
            caches.group_counter += 1;
            let candidate =
                format!("{}{:x}{:x}", limits::ASSIGNED_GROUP_PREFIX, now, caches.group_counter);
            if tx.load_group(from.app, &candidate)?.is_none() {
                break candidate;
            }
        }
    } else {
        if !valid_new_group_id(group_id) {
            return Err(Code::GroupInvalidGroupId.into());
        }
        if caches.groups.get(from.app, group_id).is_some()
            || tx.load_group(from.app, group_id)?.is_some()
        {
            return Err(Code::GroupIdInUse.into());
        }
        group_id.to_owned()
    };
    let mut ids = vec![from.user];
    for m in members {
        if !valid_user_id(m) {
            return Err(Code::MsgInvalidId.into());
        }
        ids.push(caches.user_id(tx, from.app, m)?);
    }
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    check_size(caps, group_type, distinct.len())?;
    let name = if name.is_empty() { group_id.as_str() } else { name };
    let new =
        NewGroup { app: from.app, group_id: &group_id, group_type, name, owner: from.user, now };
    let (id, conv) = tx.insert_group(&new)?;
    tx.insert_member(id, from.user, ROLE_OWNER, now)?;
    for &m in &ids[1..] {
        tx.insert_member(id, m, ROLE_MEMBER, now)?;
    }
    if keeps_conversations(group_type) {
        for &m in &distinct {
            tx.join_cursor(m, conv, 0)?;
        }
    }
    let row = GroupRow {
        id,
        group_type: group_type.to_owned(),
        owner: from.user,
        conv,
        members: distinct,
    };
    caches.groups.insert(from.app, group_id.clone(), row);
    Ok(group_id)
}

const ROLE_MEMBER: u32 = 200;
const ROLE_OWNER: u32 = 400;

pub(super) fn join(
    tx: &Batch,
    caches: &mut Caches,
    caps: &Caps,
    from: &Origin,
    group_id: &str,
    now: i64,
) -> Result<(), Fail> {
    let user = from.user;
    let g = caches.group(tx, from.app, group_id)?;
    if g.group_type == "Work" {
        // Work groups take members by invitation only.
        return Err(Code::GroupPermissionDeny.into());
    }
    let Err(at) = g.members.binary_search(&user) else {
        return Err(Code::GroupAlreadyMember.into());
    };
    check_size(caps, &g.group_type, g.members.len() + 1)?;
    tx.insert_member(g.id, user, ROLE_MEMBER, now)?;
    g.members.insert(at, user);
    if keeps_conversations(&g.group_type) {
        let conv = g.conv;
        let from_seq = caches.last_seq(tx, conv)?;
        tx.join_cursor(user, conv, from_seq)?;
    }
    Ok(())
}

/// Whether the group's members get a cursor: an AVChatRoom keeps no messages, so it is on
/// nobody's conversation list and its (unlimited) members cost no row besides membership.
fn keeps_conversations(group_type: &str) -> bool {
    group_type != "AVChatRoom"
}

pub(super) fn quit(
    tx: &Batch,
    caches: &mut Caches,
    from: &Origin,
    group_id: &str,
) -> Result<(), Fail> {
    let user = from.user;
    let g = caches.group(tx, from.app, group_id)?;
    let Ok(at) = g.members.binary_search(&user) else {
        return Err(Code::GroupPermissionDeny.into());
    };
    if g.owner == user {
        return Err(Code::GroupOwnerCannotQuit.into());
    }
    tx.delete_member(g.id, user)?;
    g.members.remove(at);
    let conv = g.conv;
    let last = caches.last_seq(tx, conv)?;
    tx.leave_cursor(user, conv, last)?;
    Ok(())
}

pub(super) fn dismiss(
    tx: &Batch,
    caches: &mut Caches,
    from: &Origin,
    group_id: &str,
) -> Result<(), Fail> {
    let g = caches.group(tx, from.app, group_id)?;
    if g.owner != from.user {
        return Err(Code::GroupPermissionDeny.into());
    }
    let (id, conv, members) = (g.id, g.conv, std::mem::take(&mut g.members));
    let last = caches.last_seq(tx, conv)?;
    for user in members {
        tx.leave_cursor(user, conv, last)?;
    }
    tx.delete_group(id)?;
    caches.admission.forget(id);
    caches.groups.remove(from.app, group_id);
    Ok(())
}

/// A member invites `members` (V2TIM's InviteUserToGroup, at most 500 at once), as Tencent's
/// group types allow: in a Work group any member, in a Community its owner; Public,
/// Meeting and AVChatRoom groups take no invitations (10007). Otherwise as [`add`].
pub(super) fn invite(
    tx: &Batch,
    caches: &mut Caches,
    caps: &Caps,
    from: &Origin,
    group_id: &str,
    members: &[String],
    now: i64,
) -> Result<Vec<Added>, Fail> {
    if members.is_empty() || members.len() > limits::MAX_INITIAL_MEMBERS {
        return Err(Code::InvalidParameters.into());
    }
    let g = caches.group(tx, from.app, group_id)?;
    let allowed = match g.group_type.as_str() {
        "Work" => g.members.binary_search(&from.user).is_ok(),
        "Community" => g.owner == from.user,
        _ => false,
    };
    if !allowed {
        return Err(Code::GroupPermissionDeny.into());
    }
    add(tx, caches, caps, from.app, group_id, members, now)
}

/// Adds `members` to the group, any type but AVChatRoom (whose members only join
/// themselves, as with Tencent: 10007). Adds none of them when the group would grow past
/// its type's most members (10014).
pub(super) fn add(
    tx: &Batch,
    caches: &mut Caches,
    caps: &Caps,
    app: u32,
    group_id: &str,
    members: &[String],
    now: i64,
) -> Result<Vec<Added>, Fail> {
    if caches.group(tx, app, group_id)?.group_type == "AVChatRoom" {
        return Err(Code::GroupPermissionDeny.into());
    }
    let mut ids = Vec::with_capacity(members.len());
    for name in members {
        ids.push(match caches.user_id(tx, app, name) {
            Ok(id) => Some(id),
            Err(Fail::Refused(_)) => None,
            Err(db) => return Err(db),
        });
    }
    let conv = caches.group(tx, app, group_id)?.conv;
    let from_seq = caches.last_seq(tx, conv)?;
    let g = caches.group(tx, app, group_id)?;
    let mut new: Vec<i64> =
        ids.iter().flatten().copied().filter(|id| g.members.binary_search(id).is_err()).collect();
    new.sort_unstable();
    new.dedup();
    check_size(caps, &g.group_type, g.members.len() + new.len())?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(id) = id else {
            out.push(Added::Failed);
            continue;
        };
        match g.members.binary_search(&id) {
            Ok(_) => out.push(Added::AlreadyMember),
            Err(at) => {
                tx.insert_member(g.id, id, ROLE_MEMBER, now)?;
                tx.join_cursor(id, conv, from_seq)?;
                g.members.insert(at, id);
                out.push(Added::Added);
            }
        }
    }
    Ok(out)
}
