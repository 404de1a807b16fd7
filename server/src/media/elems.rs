//! A send's media elem, checked against harkd's records and filled in from them: the
//! client's sizes and dimensions are never trusted.

use hark_proto::media::{MediaInfo, MediaKind, Variant};
use hark_proto::{Code, Elem, ImageInfo, ImageKind};
use rusqlite::Connection;

use crate::router::sequencer::Fail;
use crate::store::media::find_original;

/// Fills `elem` from the records of the files it names, which must be finished uploads of
/// the matching kind owned by one of `owners` (the sender; for a REST send, also the
/// administrator). Returns the originals' uuids the message references; empty for an elem
/// without media.
///
/// Refusals: 114000 for a uuid that is not a finished upload of an owner's (unknown,
/// someone else's, or an upload id still in progress); 6016 for a wrong kind or a badly
/// formed elem (no uuid, no original image).
pub(crate) fn fill(c: &Connection, owners: &[i64], elem: &mut Elem) -> Result<Vec<String>, Fail> {
    let own = |uuid: &str, kind: MediaKind| -> Result<MediaInfo, Fail> {
        if uuid.is_empty() {
            return Err(Code::InvalidMsgElem.into());
        }
        match find_original(c, uuid)? {
            Some((owner, info)) if owners.contains(&owner) && info.kind == kind => Ok(info),
            Some((owner, _)) if owners.contains(&owner) => Err(Code::InvalidMsgElem.into()),
            _ => Err(Code::ResNotFound.into()),
        }
    };
    Ok(match elem {
        Elem::Image { images } => {
            let mut origins = images.iter().filter(|i| i.kind == ImageKind::Origin);
            let (Some(origin), None) = (origins.next(), origins.next()) else {
                return Err(Code::InvalidMsgElem.into());
            };
            let info = own(&origin.uuid, MediaKind::Image)?;
            let original = Variant {
                uuid: info.uuid.clone(),
                size: info.size,
                width: info.width,
                height: info.height,
            };
            let large = info.large.unwrap_or_else(|| original.clone());
            let thumb = info.thumb.unwrap_or_else(|| original.clone());
            let known = [&original.uuid, &large.uuid, &thumb.uuid];
            if images.iter().any(|i| !known.contains(&&i.uuid)) {
                return Err(Code::InvalidMsgElem.into());
            }
            *images = vec![
                image(ImageKind::Origin, &original),
                image(ImageKind::Large, &large),
                image(ImageKind::Thumb, &thumb),
            ];
            vec![info.uuid]
        }
        Elem::Sound { uuid, size, .. } => {
            *size = own(uuid, MediaKind::Sound)?.size;
            vec![uuid.clone()]
        }
        Elem::File { uuid, size, .. } => {
            *size = own(uuid, MediaKind::File)?.size;
            vec![uuid.clone()]
        }
        Elem::Video {
            uuid,
            size,
            snapshot_uuid,
            snapshot_size,
            snapshot_width,
            snapshot_height,
            ..
        } => {
            *size = own(uuid, MediaKind::Video)?.size;
            let snapshot = own(snapshot_uuid, MediaKind::Snapshot)?;
            (*snapshot_size, *snapshot_width, *snapshot_height) =
                (snapshot.size, snapshot.width, snapshot.height);
            vec![uuid.clone(), snapshot.uuid]
        }
        Elem::Text { .. } | Elem::Custom { .. } | Elem::Location { .. } | Elem::Face { .. } => {
            Vec::new()
        }
    })
}

fn image(kind: ImageKind, v: &Variant) -> ImageInfo {
    ImageInfo { kind, uuid: v.uuid.clone(), size: v.size, width: v.width, height: v.height }
}
