//! Resumable uploads: start one, ask where it stands, append bytes at its offset.
//!
//! An upload's offset is its partial file's length on disk, so it survives a restart with
//! no write per chunk. Bytes are written where the offset says (not appended), so a write
//! still in flight from a request that ended early puts the same bytes in the same place
//! as the retry that follows it.

use std::io::SeekFrom;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use hark_proto::media::{UploadRequest, UploadState, HEADER_OFFSET, UPLOADS_PATH};
use hark_proto::Code;
use tokio::fs::{File, OpenOptions};
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use super::auth::Caller;
use super::finish::finish;
use super::{commit, is_id, new_id, read, HttpFail, Media};
use crate::store::files::{Upload, UploadChange};

/// Longest file name kept with an upload, in bytes.
const MAX_NAME_BYTES: usize = 255;

fn respond(status: StatusCode, state: UploadState) -> Response {
    let offset = HeaderValue::from(state.offset);
    let mut r = (status, Json(state)).into_response();
    r.headers_mut().insert(HEADER_OFFSET, offset);
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// `POST /v1/media/uploads`: 201 with the new upload's id.
pub async fn create(
    State(shared): State<Arc<Media>>,
    caller: Caller,
    body: Bytes,
) -> Result<Response, HttpFail> {
    let req: UploadRequest = serde_json::from_slice(&body).map_err(|_| HttpFail::bad_request())?;
    if req.size == 0 {
        return Err(HttpFail::new(StatusCode::BAD_REQUEST, Code::FileSizeEmpty));
    }
    if req.size > req.kind.max_bytes() {
        return Err(HttpFail::new(StatusCode::PAYLOAD_TOO_LARGE, Code::FileTooLarge));
    }
    if req.name.len() > MAX_NAME_BYTES {
        return Err(HttpFail::bad_request());
    }
    let id = new_id().map_err(HttpFail::internal)?;
    let partial = shared.partial(&id);
    File::create_new(&partial).await.map_err(HttpFail::internal)?;
    let upload = Upload {
        id: id.clone(),
        owner: caller.id,
        kind: req.kind,
        size: req.size,
        name: req.name,
        media: None,
    };
    if let Err(e) = commit(&shared, UploadChange::Create(upload)).await {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(e);
    }
    let mut r = respond(
        StatusCode::CREATED,
        UploadState { upload_id: id.clone(), offset: 0, size: req.size, media: None },
    );
    let at = HeaderValue::try_from(format!("{UPLOADS_PATH}/{id}")).expect("a path of hex digits");
    r.headers_mut().insert(header::LOCATION, at);
    Ok(r)
}

/// The caller's upload `id`; anyone else's is as unknown as a made-up id.
async fn owned(shared: &Arc<Media>, id: &str, caller: &Caller) -> Result<Upload, HttpFail> {
    if !is_id(id) {
        return Err(HttpFail::not_found());
    }
    let id = id.to_owned();
    match read(shared, move |r| r.upload(&id)).await? {
        Some(u) if u.owner == caller.id => Ok(u),
        _ => Err(HttpFail::not_found()),
    }
}

/// Where an upload stands: all of it once stored, else its bytes on disk.
async fn current(shared: &Arc<Media>, upload: Upload, held: u64) -> Result<UploadState, HttpFail> {
    let Some(uuid) = upload.media else {
        return Ok(UploadState {
            upload_id: upload.id,
            offset: held,
            size: upload.size,
            media: None,
        });
    };
    let media = read(shared, move |r| r.media(&uuid)).await?;
    Ok(UploadState { upload_id: upload.id, offset: upload.size, size: upload.size, media })
}

/// The bytes an upload holds on disk.
async fn bytes_held(shared: &Media, id: &str) -> Result<u64, HttpFail> {
    match tokio::fs::metadata(shared.partial(id)).await {
        Ok(m) => Ok(m.len()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(HttpFail::internal(e)),
    }
}

/// `GET` (and `HEAD`) `/v1/media/uploads/{id}`.
pub async fn state(
    State(shared): State<Arc<Media>>,
    Path(id): Path<String>,
    caller: Caller,
) -> Result<Response, HttpFail> {
    if !is_id(&id) {
        return Err(HttpFail::not_found());
    }
    // Measured before the record is read: a finishing upload keeps its bytes on disk until
    // its record says it is stored, so the two never disagree.
    let held = bytes_held(&shared, &id).await?;
    let upload = owned(&shared, &id, &caller).await?;
    Ok(respond(StatusCode::OK, current(&shared, upload, held).await?))
}

/// `PATCH /v1/media/uploads/{id}` with `Upload-Offset` and the next bytes as the body.
pub async fn append(
    State(shared): State<Arc<Media>>,
    Path(id): Path<String>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, HttpFail> {
    let number = |name| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
    let at = number(HEADER_OFFSET).ok_or_else(HttpFail::bad_request)?;
    if !is_id(&id) {
        return Err(HttpFail::not_found());
    }
    let Some(_claim) = shared.claim(&id) else {
        let held = bytes_held(&shared, &id).await?;
        return Err(HttpFail::new(StatusCode::CONFLICT, Code::InProgress).with_offset(held));
    };
    let upload = owned(&shared, &id, &caller).await?;
    if upload.media.is_some() {
        // Already stored: an empty PATCH at its end gets the result again.
        if at != upload.size {
            return Err(HttpFail::new(StatusCode::CONFLICT, Code::InvalidParameters)
                .with_offset(upload.size));
        }
        return Ok(respond(StatusCode::OK, current(&shared, upload, at).await?));
    }

    let path = shared.partial(&id);
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .await
        .map_err(HttpFail::internal)?;
    let held = file.metadata().await.map_err(HttpFail::internal)?.len();
    if at != held {
        return Err(HttpFail::new(StatusCode::CONFLICT, Code::InvalidParameters).with_offset(held));
    }
    let room = upload.size.saturating_sub(held);
    if number(header::CONTENT_LENGTH.as_str()).is_some_and(|n| n > room) {
        return Err(HttpFail::bad_request().with_offset(held));
    }
    file.seek(SeekFrom::Start(held)).await.map_err(HttpFail::internal)?;
    let (written, failed) = receive(&mut file, body, room).await;
    // Whatever arrived is on disk before the claim goes, so the next request sees it.
    file.flush().await.map_err(HttpFail::internal)?;
    let offset = held + written;
    if let Some(fail) = failed {
        return Err(fail.with_offset(offset));
    }
    if offset < upload.size {
        return Ok(respond(
            StatusCode::OK,
            UploadState { upload_id: id, offset, size: upload.size, media: None },
        ));
    }
    let media = finish(&shared, &upload, file).await?;
    Ok(respond(
        StatusCode::OK,
        UploadState { upload_id: id, offset, size: upload.size, media: Some(media) },
    ))
}

/// Streams the body into `file`, at most `room` bytes, one chunk in memory at a time.
/// Returns the bytes written and, if the body ended badly, why: the client went away
/// (what arrived is kept) or sent more than the upload's size (the excess is not).
async fn receive(file: &mut File, body: Body, room: u64) -> (u64, Option<HttpFail>) {
    let mut chunks = body.into_data_stream();
    let mut written = 0u64;
    while let Some(chunk) = chunks.next().await {
        let Ok(chunk) = chunk else { return (written, Some(HttpFail::bad_request())) };
        let fits = chunk.len().min(usize::try_from(room - written).unwrap_or(usize::MAX));
        if let Err(e) = file.write_all(&chunk[..fits]).await {
            return (written, Some(HttpFail::internal(e)));
        }
        written += fits as u64;
        if fits < chunk.len() {
            return (written, Some(HttpFail::bad_request()));
        }
    }
    (written, None)
}
