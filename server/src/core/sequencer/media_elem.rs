//! A send's media elem, checked against harkd's records and filled in from them: the
//! client's sizes and dimensions are never trusted.

use super::Fail;
use crate::store::Batch;
use hark_proto::{Code, Elem};

/// Fills `elem` from the records of the files it names, which must be finished uploads of
/// the matching kind owned by one of `owners` (the sender; for a REST send, also the
/// administrator). Returns the originals' uuids the message references; empty for an elem
/// without media.
///
/// Refusals: 114000 for a uuid that is not a finished upload of an owner's (unknown,
/// someone else's, or an upload id still in progress); 6016 for a wrong kind or a badly
/// formed elem (no uuid, no original image).
pub(super) fn fill(c: &Batch, owners: &[i64], elem: &mut Elem) -> Result<Vec<String>, Fail> {
    let named = elem.named_files()?;
    let mut stored = Vec::with_capacity(named.len());
    for (uuid, kind) in named {
        if uuid.is_empty() {
            return Err(Code::InvalidMsgElem.into());
        }
        match c.find_original(uuid)? {
            Some((owner, info)) if owners.contains(&owner) && info.kind == kind => {
                stored.push(info)
            }
            Some((owner, _)) if owners.contains(&owner) => return Err(Code::InvalidMsgElem.into()),
            _ => return Err(Code::ResNotFound.into()),
        }
    }
    // An image elem may list its versions too, but only ones harkd made of its original.
    if let (Elem::Image { images }, [info]) = (&*elem, stored.as_slice()) {
        let versions = [info.large.as_ref(), info.thumb.as_ref()];
        let known =
            |uuid: &str| uuid == info.uuid || versions.iter().flatten().any(|v| v.uuid == uuid);
        if images.iter().any(|i| !known(&i.uuid)) {
            return Err(Code::InvalidMsgElem.into());
        }
    }
    if !elem.complete(&stored) {
        return Err(Code::InvalidMsgElem.into());
    }
    Ok(stored.into_iter().map(|info| info.uuid).collect())
}
