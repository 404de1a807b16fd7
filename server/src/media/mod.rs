//! The media HTTP API (`docs/protocol.md`, "Media"): resumable uploads, downloads with
//! ranges, and the large and thumbnail versions of images.
//!
//! Files live under `<data_dir>/media/`, named only by ids harkd makes: an upload's bytes
//! in `uploads/<upload id>` until complete, stored files in `files/<uuid>`. The database
//! holds the rest, written through the sequencer like every other write. Uploads abandoned
//! half-way are removed by a periodic sweep (`sweep.rs`).

mod auth;
mod budget;
mod download;
mod error;
mod finish;
mod images;
pub mod sweep;
mod types;
mod upload;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::middleware;
use axum::routing::{any, get, post};
use axum::Router;
use hark_proto::media::{MEDIA_PATH, UPLOADS_PATH};
use hark_proto::Code;
use tokio::sync::Semaphore;

use crate::config::LimitsConfig;
use crate::core::request::Op;
use crate::core::Core;
use crate::store::files::UploadChange;
use crate::store::ReadPool;
use budget::DecodeBudget;
use error::HttpFail;

/// What every media request shares: the core, and the files.
pub struct Media {
    core: Arc<Core>,
    uploads: PathBuf,
    files: PathBuf,
    /// Uploads a PATCH is writing right now: one at a time each.
    busy: Mutex<HashSet<String>>,
    /// Image decoding and resizing run at most this many at once (one per core).
    cpu: Semaphore,
    /// The memory decodes may hold at once, reserved from their headers.
    decodes: DecodeBudget,
    /// The most pixels an image may have (`[limits] image_max_pixels`).
    max_pixels: u64,
}

impl Media {
    pub fn open(core: Arc<Core>, data_dir: &Path, limits: &LimitsConfig) -> Result<Media, String> {
        let root = data_dir.join("media");
        let (uploads, files) = (root.join("uploads"), root.join("files"));
        for dir in [&uploads, &files] {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(Media {
            core,
            uploads,
            files,
            busy: Mutex::default(),
            cpu: Semaphore::new(cores),
            decodes: DecodeBudget::new(limits.image_decode_memory_bytes),
            max_pixels: limits.image_max_pixels,
        })
    }

    /// Where an upload's bytes collect; `id` was made by harkd (`new_id`).
    fn partial(&self, id: &str) -> PathBuf {
        self.uploads.join(id)
    }

    /// Where a stored file lives; `uuid` was made by harkd (`new_id`).
    fn file(&self, uuid: &str) -> PathBuf {
        self.files.join(uuid)
    }

    /// Marks an upload as being written; None when another request already is.
    fn claim(self: &Arc<Self>, id: &str) -> Option<Claim> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        busy.insert(id.to_owned()).then(|| Claim { media: self.clone(), id: id.to_owned() })
    }
}

/// An upload claimed by one PATCH; released when dropped, however the request ends.
struct Claim {
    media: Arc<Media>,
    id: String,
}

impl Drop for Claim {
    fn drop(&mut self) {
        self.media.busy.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}

/// Everything under `/v1/media` answers errors as JSON: a path that names nothing 404
/// (114000), and the failures axum makes itself through [`error::as_json`].
pub fn routes(media: Arc<Media>) -> Router {
    let uploads = UPLOADS_PATH.strip_prefix(MEDIA_PATH).expect("uploads are under media");
    let api = Router::new()
        .route(uploads, post(upload::create))
        .route(&format!("{uploads}/{{id}}"), get(upload::state).patch(upload::append))
        .route("/{uuid}", get(download::get))
        .fallback(not_found)
        .layer(middleware::map_response(error::as_json));
    // The nest takes `/v1/media` and what is below it, but not `/v1/media/` itself.
    Router::new()
        .nest(MEDIA_PATH, api)
        .route(&format!("{MEDIA_PATH}/"), any(not_found))
        .with_state(media)
}

async fn not_found() -> HttpFail {
    HttpFail::not_found()
}

const ID_BYTES: usize = 16;

/// A fresh random id for an upload or a stored file: 32 lowercase hex digits.
fn new_id() -> std::io::Result<String> {
    let mut bytes = [0u8; ID_BYTES];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Ids from a URL are only ever looked up, but checking their shape first keeps anything
/// else away from the database and the file system.
fn is_id(s: &str) -> bool {
    s.len() == ID_BYTES * 2 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Runs a read on the pool, off the async threads.
async fn read<T: Send + 'static>(
    media: &Media,
    f: impl FnOnce(&ReadPool) -> Result<T, Code> + Send + 'static,
) -> Result<T, HttpFail> {
    media.core.read(f).await.map_err(HttpFail::from_code)
}

/// Commits upload bookkeeping through the sequencer, the one writer.
async fn commit(media: &Media, change: UploadChange) -> Result<(), HttpFail> {
    media.core.sequencer.ask(Op::Upload { change }).await.map(|_| ()).map_err(HttpFail::from_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_hex_and_checked() {
        let id = new_id().unwrap();
        assert!(is_id(&id), "{id}");
        assert_ne!(id, new_id().unwrap());
        for bad in ["", "../../etc/passwd", &"A".repeat(32), &"0".repeat(31), &"0".repeat(33)] {
            assert!(!is_id(bad), "{bad}");
        }
    }
}
