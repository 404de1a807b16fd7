//! Members added by the REST administrator (add_group_member).

use hark_proto::Code;
use rusqlite::Transaction;

use super::{group, user_id, Caches, Fail, ROLE_MEMBER};
use crate::store::write as w;

/// What adding one account did, with the numbers of Tencent's `MemberList[].Result`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    /// An unknown account.
    Failed = 0,
    Added = 1,
    AlreadyMember = 2,
}

/// Adds `members` to the group, any type but AVChatRoom (whose members only join
/// themselves, as with Tencent: 10007).
pub(super) fn group_add(
    tx: &Transaction,
    caches: &mut Caches,
    app: u32,
    group_id: &str,
    members: &[String],
    now: i64,
) -> Result<Vec<Added>, Fail> {
    if group(tx, caches, app, group_id)?.group_type == "AVChatRoom" {
        return Err(Code::GroupPermissionDeny.into());
    }
    let mut out = Vec::with_capacity(members.len());
    for name in members {
        let id = match user_id(tx, caches, app, name) {
            Ok(id) => id,
            Err(Fail::Refused(_)) => {
                out.push(Added::Failed);
                continue;
            }
            Err(db) => return Err(db),
        };
        let g = group(tx, caches, app, group_id)?;
        match g.members.binary_search(&id) {
            Ok(_) => out.push(Added::AlreadyMember),
            Err(at) => {
                w::insert_member(tx, g.id, id, ROLE_MEMBER, now)?;
                g.members.insert(at, id);
                out.push(Added::Added);
            }
        }
    }
    Ok(out)
}
