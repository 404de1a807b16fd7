//! Changes a user makes to its conversations: read, pinned, deleted, drafted. Each applies
//! to the user's own cursor only; the user's other sessions are shown the result.

use hark_proto::conversation::{self, Conversation, MAX_DRAFT_BYTES};
use hark_proto::{Code, ConvId, ServerFrame};

use super::state::Caches;
use super::{Apply, Effect, Fail};
use crate::core::request::{Answer, ConvChange, Origin};
use crate::store::{self, Batch};

impl Apply<'_, '_> {
    /// Applies the change and shows the user's other sessions the conversations it changed
    /// (and, for a read, the C2C peers how far it read).
    pub(super) fn conv(
        &mut self,
        from: &Origin,
        id: &str,
        change: &ConvChange,
    ) -> Result<Answer, Fail> {
        // What this batch's sends moved is read below.
        self.caches.save_moved(self.tx)?;
        let changed = self::change(self.tx, self.caches, from, id, change)?;
        let convs = self.tx.conversations(from.user, &changed)?;
        if matches!(change, ConvChange::Read) {
            self.c2c_receipts(from, &convs)?;
        }
        let frame = if !convs.is_empty() {
            ServerFrame::ConvChanged { convs }
        } else if matches!(change, ConvChange::Delete) {
            // Off the list (neither pinned nor drafted): the other sessions drop it.
            ServerFrame::ConvDeleted { ids: vec![id.to_owned()] }
        } else {
            return Ok(Answer::Done);
        };
        let text = serde_json::to_string(&frame).expect("frames always serialize");
        let (user, skip_session) = (from.user, from.session);
        self.effects.push(Effect::ToUser { user, skip_session, text });
        Ok(Answer::Done)
    }

    /// Tells the peers of the C2C conversations among `convs`, which `from` has just read,
    /// how far it read (V2TIM's C2C read receipts).
    fn c2c_receipts(&mut self, from: &Origin, convs: &[Conversation]) -> Result<(), Fail> {
        for c in convs.iter().filter(|c| c.conv_type == conversation::C2C) {
            let peer = self.caches.user_id(self.tx, from.app, &c.user)?;
            if peer == from.user {
                continue;
            }
            let receipt = ServerFrame::C2cRead {
                user: from.name.to_string(),
                read_seq: c.read_seq,
                time: self.now,
            };
            let text = serde_json::to_string(&receipt).expect("frames always serialize");
            self.effects.push(Effect::ToUser { user: peer, skip_session: 0, text });
        }
        Ok(())
    }
}

/// Applies `change` to the conversation `id` names (all of them for a read with no id);
/// answers the conversations it changed (for a read, those whose read position moved).
fn change(
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
pub(super) fn resolve(
    tx: &Batch,
    caches: &mut Caches,
    from: &Origin,
    id: &str,
) -> Result<i64, Fail> {
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
