//! Finishing an upload once every byte arrived: measure the file, make an image's large and
//! thumbnail versions, put the files in place, then record them.
//!
//! Files go in place before the record commits, and the upload's bytes stay until after:
//! a crash in between leaves at worst an unreferenced file, never a record without a file,
//! and the upload still shows all its bytes so the client can finish it again.

use std::io;
use std::sync::Arc;

use axum::http::StatusCode;
use hark_proto::limits::{LARGE_SHORT_SIDE, THUMB_SHORT_SIDE};
use hark_proto::media::{MediaInfo, MediaKind};
use hark_proto::Code;
use image::DynamicImage;

use super::{commit, images, new_id, types, HttpFail, Media};
use crate::store::files::{media_info, StoredFile, Upload, UploadChange};

/// Finishes `upload`, whose bytes are all in `file`. An image or snapshot that does not
/// decode is refused (415, 6016), one over the pixel or memory budget before it is decoded
/// (413, 7005), and the upload discarded.
pub async fn finish(
    shared: &Arc<Media>,
    upload: &Upload,
    file: tokio::fs::File,
) -> Result<MediaInfo, HttpFail> {
    file.sync_all().await.map_err(HttpFail::internal)?;
    drop(file);
    let media = shared.clone();
    let need = match decode_need(&media, upload).await? {
        Ok(need) => need,
        Err(refusal) => return Err(refuse(shared, upload, refusal).await),
    };
    let stored = {
        let Some(_memory) = media.decodes.reserve(need).await else {
            return Err(HttpFail::internal("a decode that fits found no room"));
        };
        let _turn = media.cpu.acquire().await.map_err(HttpFail::internal)?;
        let (media, upload) = (media.clone(), upload.clone());
        tokio::task::spawn_blocking(move || store(&media, &upload))
            .await
            .map_err(HttpFail::internal)?
            .map_err(HttpFail::internal)?
    };
    let Some(files) = stored else {
        return Err(refuse(shared, upload, not_an_image()).await);
    };
    let partial = media.partial(&upload.id);
    let info = media_info(&files[0], &files[1..]);
    let uuids: Vec<String> = files.iter().map(|f| f.uuid.clone()).collect();
    let change =
        UploadChange::Complete { upload_id: upload.id.clone(), owner: upload.owner, files };
    if let Err(e) = commit(shared, change).await {
        for uuid in &uuids {
            let _ = tokio::fs::remove_file(media.file(uuid)).await;
        }
        return Err(e);
    }
    let _ = tokio::fs::remove_file(&partial).await;
    Ok(info)
}

fn not_an_image() -> HttpFail {
    HttpFail::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, Code::InvalidMsgElem)
}

/// Discards an upload whose bytes will never be stored, and answers `fail`.
async fn refuse(shared: &Media, upload: &Upload, fail: HttpFail) -> HttpFail {
    if let Err(e) = commit(shared, UploadChange::Discard { upload_id: upload.id.clone() }).await {
        return e;
    }
    let _ = tokio::fs::remove_file(shared.partial(&upload.id)).await;
    fail
}

/// The memory decoding the upload will take, from its header alone (0 for kinds that are
/// not decoded); or why it is refused: not an image, or over the pixel or memory budget.
async fn decode_need(
    media: &Arc<Media>,
    upload: &Upload,
) -> Result<Result<u64, HttpFail>, HttpFail> {
    if !matches!(upload.kind, MediaKind::Image | MediaKind::Snapshot) {
        return Ok(Ok(0));
    }
    let path = media.partial(&upload.id);
    let header = tokio::task::spawn_blocking(move || images::header(&path))
        .await
        .map_err(HttpFail::internal)?
        .map_err(HttpFail::internal)?;
    let Some(h) = header else { return Ok(Err(not_an_image())) };
    let too_large = |desc: String| {
        Ok(Err(HttpFail::new(StatusCode::PAYLOAD_TOO_LARGE, Code::FileTooLarge).with_desc(desc)))
    };
    let (w, hh) = (h.width, h.height);
    if h.pixels() > media.max_pixels || w.max(hh) > images::MAX_SIDE {
        return too_large(format!(
            "the image is {w}x{hh} pixels: harkd takes at most {} pixels, {} on a side",
            media.max_pixels,
            images::MAX_SIDE
        ));
    }
    let need = h.decode_bytes(upload.kind == MediaKind::Image);
    if !media.decodes.fits(need) {
        return too_large(format!(
            "decoding the {w}x{hh} image would take {need} bytes, more than harkd allows"
        ));
    }
    Ok(Ok(need))
}

/// Measures the upload's bytes and puts its files in place: the original first, then any
/// versions. None when an image or snapshot does not decode.
fn store(media: &Media, upload: &Upload) -> io::Result<Option<Vec<StoredFile>>> {
    let partial = media.partial(&upload.id);
    let mut original = StoredFile {
        uuid: new_id()?,
        kind: upload.kind,
        size: upload.size,
        name: upload.name.clone(),
        width: 0,
        height: 0,
        original: None,
        large: None,
        thumb: None,
        content_type: Some(types::of_name(&upload.name).to_owned()),
    };
    let mut files = Vec::with_capacity(3);
    if matches!(upload.kind, MediaKind::Image | MediaKind::Snapshot) {
        let Some((img, format)) = images::decode(&partial, media.max_pixels)? else {
            return Ok(None);
        };
        (original.width, original.height) = (img.width(), img.height());
        // What the bytes are, whatever the name says.
        original.content_type = types::of_image(format).map(str::to_owned);
        if upload.kind == MediaKind::Image {
            files = versions(media, &img, &mut original)?;
        }
    }
    // A link, not a rename: the upload keeps showing all its bytes until the record commits.
    std::fs::hard_link(&partial, media.file(&original.uuid))?;
    std::fs::File::open(&media.files)?.sync_all()?;
    files.insert(0, original);
    Ok(Some(files))
}

/// Makes the large and thumbnail versions that Tencent's rule calls for; where the image is
/// already small enough, the original stands in for them (same uuid, no copy).
fn versions(
    media: &Media,
    img: &DynamicImage,
    original: &mut StoredFile,
) -> io::Result<Vec<StoredFile>> {
    let (w, h) = (original.width, original.height);
    (original.large, original.thumb) = (Some(original.uuid.clone()), Some(original.uuid.clone()));
    let mut made = Vec::with_capacity(2);
    let mut large_img = None;
    if let Some(size) = images::scaled(w, h, LARGE_SHORT_SIDE) {
        let (file, small) = version(media, img, size, &original.uuid)?;
        original.large = Some(file.uuid.clone());
        made.push(file);
        large_img = Some(small);
    }
    if let Some(size) = images::scaled(w, h, THUMB_SHORT_SIDE) {
        // From the large version when there is one: the same result, far less work.
        let (file, _) = version(media, large_img.as_ref().unwrap_or(img), size, &original.uuid)?;
        original.thumb = Some(file.uuid.clone());
        made.push(file);
    }
    Ok(made)
}

/// Writes one resized version, synced, under a fresh uuid.
fn version(
    media: &Media,
    img: &DynamicImage,
    size: (u32, u32),
    original: &str,
) -> io::Result<(StoredFile, DynamicImage)> {
    let uuid = new_id()?;
    // Written beside the uploads, then renamed, so `files/` only ever holds whole files.
    let temp = media.partial(&uuid);
    let (small, len, format) = images::write_version(img, size, &temp)?;
    std::fs::rename(&temp, media.file(&uuid))?;
    let file = StoredFile {
        uuid,
        kind: MediaKind::Image,
        size: len,
        name: String::new(),
        width: size.0,
        height: size.1,
        original: Some(original.to_owned()),
        large: None,
        thumb: None,
        content_type: types::of_image(format).map(str::to_owned),
    };
    Ok((file, small))
}
