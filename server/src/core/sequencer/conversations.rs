//! Changes a user makes to its conversations: read, pinned, deleted, drafted. Each applies
//! to the user's own cursor only; the user's other sessions are shown the result.

use hark_proto::conversation::MAX_DRAFT_BYTES;
use hark_proto::{Code, ConvId};

use super::state::Caches;
use super::Fail;
use crate::core::request::{ConvChange, Origin};
use crate::store::{self, Batch};

/// Applies `change` to the conversation `id` names (all of them for a read with no id);
/// answers the conversations it changed (for a read, those whose read position moved).
pub(super) fn change(
    tx: &Batch,
    caches: &mut Caches,
    from: &Origin,
    id: &str,
    change: &ConvChange,
) -> Result<Vec<i64>, Fail> {
    let user = from.user;
    if id.is_empty() {
        return match change {
            ConvChange::Read => Ok(tx.read_all(user)?),
            _ => Err(Code::InvalidParameters.into()),
        };
    }
    if let ConvChange::Draft(d) = change {
        if d.len() > MAX_DRAFT_BYTES {
            return Err(Code::InvalidParameters.into());
        }
    }
    let conv = resolve(tx, caches, from, id)?;
    match change {
        ConvChange::Read => {
            if !tx.set_read(user, conv, caches.last_seq(tx, conv)?)? {
                return Ok(Vec::new());
            }
        }
        ConvChange::Pin(pinned) => tx.set_pinned(user, conv, *pinned)?,
        ConvChange::Delete => tx.hide(user, conv, caches.last_seq(tx, conv)?)?,
        ConvChange::Draft(d) => tx.set_draft(user, conv, d)?,
    }
    Ok(vec![conv])
}

/// The conversation a V2TIM conversation id names, if the user has it: a C2C peer it has
/// messages with (else 6017), a group it is or was in (10007; an unknown group 10010).
fn resolve(tx: &Batch, caches: &mut Caches, from: &Origin, id: &str) -> Result<i64, Fail> {
    let (conv, missing) = match ConvId::parse(id).ok_or(Code::InvalidParameters)? {
        ConvId::C2c(peer) => {
            let peer = caches.user_id(tx, from.app, peer)?;
            let conv = tx.find_conv(&store::c2c_conv_key(from.user, peer))?;
            (conv, Code::InvalidParameters)
        }
        ConvId::Group(group) => {
            (Some(caches.group(tx, from.app, group)?.conv), Code::GroupPermissionDeny)
        }
    };
    match conv {
        Some(conv) if tx.has_cursor(from.user, conv)? => Ok(conv),
        _ => Err(missing.into()),
    }
}
