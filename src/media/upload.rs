//! Uploading the files of one message: each file resumable (when a connection breaks, harkd
//! says how many bytes it holds and the upload goes on from there), streamed from disk in
//! fixed chunks so memory stays flat whatever the size, with one progress scale over all files.
//!
//! The task reports to the engine through notes: which uploads it started and which files
//! harkd stored (the engine keeps them per msgID for a resend), progress, and the end.

use std::io::{self, SeekFrom};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::stream;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::{Bytes, Frame};
use hyper::{header, Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio::sync::mpsc::UnboundedSender;

use hark_proto::media::{
    MediaInfo, MediaKind, UploadRequest, UploadState, HEADER_OFFSET, UPLOADS_PATH,
};

use crate::error::{Code, Failure};

use super::http::{self, Activity, Body, Conn, Endpoint, Trouble};
use super::probe;

/// Bytes read from disk and handed to the connection at a time: about 1/128 of the file, so
/// progress moves by the percent, within bounds that keep memory flat and reads efficient.
const MIN_CHUNK: u64 = 16 * 1024;
const MAX_CHUNK: u64 = 256 * 1024;
/// Broken connections in a row, without the upload moving on, before it fails.
const ATTEMPTS: u32 = 5;
/// The wait after the first broken attempt; it doubles after each.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// PATCH rounds on one connection (harkd may answer 409 with where it really stands).
const ROUNDS: usize = 4;

/// Where one file's upload stands. The engine keeps these per msgID, so a resend goes on
/// where a failed send stopped and never uploads a stored file again.
#[derive(Clone, Debug, Default)]
pub struct Slot {
    /// An upload harkd started for the file, and the file size it was started with.
    pub started: Option<(String, u64)>,
    /// The file as harkd stored it.
    pub stored: Option<MediaInfo>,
}

/// What an upload task tells the engine.
#[derive(Debug)]
pub enum Note {
    Started { file: usize, upload_id: String, size: u64 },
    Stored { file: usize, media: MediaInfo },
    Progress(u32),
    Ended(Result<(), Failure>),
}

/// One file to upload.
#[derive(Clone, Debug)]
pub struct FileJob {
    pub path: String,
    pub kind: MediaKind,
    /// The name harkd records.
    pub name: String,
    pub slot: Slot,
}

/// The uploads of one send.
pub struct Job {
    pub id: u64,
    pub endpoint: Endpoint,
    pub files: Vec<FileJob>,
    pub notes: UnboundedSender<(u64, Note)>,
}

impl Job {
    pub async fn run(self) {
        let result = self.upload_all().await;
        self.note(Note::Ended(result));
    }

    fn note(&self, note: Note) {
        let _ = self.notes.send((self.id, note));
    }

    async fn upload_all(&self) -> Result<(), Failure> {
        // Every size first, for one progress scale over all files. A stored file counts as
        // done and is not read again, even if it changed since.
        let mut sizes = Vec::with_capacity(self.files.len());
        for file in &self.files {
            sizes.push(match &file.slot.stored {
                Some(media) => media.size,
                None => check(file).await?,
            });
        }
        let meter = Arc::new(Meter::new(self.notes.clone(), self.id, sizes.iter().sum()));
        meter.at(0);
        let mut before = 0;
        for (index, (file, size)) in self.files.iter().zip(sizes).enumerate() {
            if file.slot.stored.is_none() {
                let at = Position { meter: Arc::clone(&meter), before };
                let media = self.upload_file(index, file, size, &at).await?;
                self.note(Note::Stored { file: index, media });
            }
            before += size;
            meter.at(before);
        }
        meter.report(100);
        Ok(())
    }

    async fn upload_file(
        &self,
        index: usize,
        file: &FileJob,
        size: u64,
        at: &Position,
    ) -> Result<MediaInfo, Failure> {
        // An upload started for a file of another size is of another file.
        let mut upload = file.slot.started.clone().filter(|(_, s)| *s == size).map(|(id, _)| id);
        let (mut broken, mut held) = (0, 0);
        loop {
            let held_before = held;
            match self.attempt(index, file, size, &mut upload, &mut held, at).await {
                Ok(media) => return Ok(media),
                Err(Trouble::Refused(failure)) => return Err(failure),
                Err(Trouble::Broken(why)) => {
                    // A connection that found the upload further on starts the count again.
                    if held > held_before {
                        broken = 0;
                    }
                    broken += 1;
                    if broken == ATTEMPTS {
                        let detail = format!("{}: {why}", file.path);
                        return Err(Failure::with_detail(Code::UploadFailed, detail));
                    }
                    tokio::time::sleep(FIRST_BACKOFF * 2u32.pow(broken - 1)).await;
                }
            }
        }
    }

    /// One connection: find out where the upload stands (or start it), then send the rest.
    /// `held` is raised to the most harkd said it holds.
    async fn attempt(
        &self,
        index: usize,
        file: &FileJob,
        size: u64,
        upload: &mut Option<String>,
        held: &mut u64,
        at: &Position,
    ) -> Result<MediaInfo, Trouble> {
        let mut conn = self.endpoint.connect().await?;
        let known = match upload.as_deref() {
            Some(id) => self.state(&mut conn, id).await?,
            None => None,
        };
        let mut state = match known {
            Some(state) => state,
            None => {
                let state = self.create(&mut conn, file, size).await?;
                let upload_id = state.upload_id.clone();
                self.note(Note::Started { file: index, upload_id: upload_id.clone(), size });
                *upload = Some(upload_id);
                state
            }
        };
        for _ in 0..ROUNDS {
            *held = (*held).max(state.offset);
            if let Some(media) = state.media {
                return Ok(media);
            }
            if state.offset >= size {
                return Err(Trouble::Broken(
                    "the server holds every byte but stored no file".into(),
                ));
            }
            match self.patch(&mut conn, &state.upload_id, state.offset, file, size, at).await? {
                Some(next) => state = next,
                None => {
                    *upload = None;
                    return Err(Trouble::Broken("the server no longer knows the upload".into()));
                }
            }
        }
        Err(Trouble::Broken("the upload does not advance".into()))
    }

    async fn create(
        &self,
        conn: &mut Conn,
        file: &FileJob,
        size: u64,
    ) -> Result<UploadState, Trouble> {
        let body = UploadRequest { kind: file.kind, size, name: file.name.clone() };
        let body = serde_json::to_vec(&body).expect("an upload request always serializes");
        let request = self
            .endpoint
            .request(Method::POST, UPLOADS_PATH)
            .header(header::CONTENT_TYPE, "application/json")
            .body(http::json_body(body))
            .map_err(internal)?;
        let response = conn.send(request, &Activity::new()).await?;
        if !response.status().is_success() {
            return Err(http::unsuccessful(response, conn.timeout(), Code::UploadFailed).await);
        }
        upload_state(&http::read_small(response, conn.timeout()).await?)
    }

    /// Where harkd says an upload stands; `None` if it does not know it (any more).
    async fn state(&self, conn: &mut Conn, id: &str) -> Result<Option<UploadState>, Trouble> {
        let request = self
            .endpoint
            .request(Method::GET, &upload_path(id)?)
            .body(http::empty())
            .map_err(internal)?;
        let response = conn.send(request, &Activity::new()).await?;
        match response.status() {
            StatusCode::NOT_FOUND => Ok(None),
            s if s.is_success() => {
                upload_state(&http::read_small(response, conn.timeout()).await?).map(Some)
            }
            _ => Err(http::unsuccessful(response, conn.timeout(), Code::UploadFailed).await),
        }
    }

    /// Sends the file from `offset` to its end. Returns the new state (with harkd's offset
    /// after a 409), or `None` if harkd does not know the upload.
    async fn patch(
        &self,
        conn: &mut Conn,
        id: &str,
        offset: u64,
        file: &FileJob,
        size: u64,
        at: &Position,
    ) -> Result<Option<UploadState>, Trouble> {
        let activity = Activity::new();
        let failed_read = Arc::new(Mutex::new(None));
        let reader = Reader {
            file: open_at(&file.path, offset).await?,
            path: file.path.clone(),
            at: offset,
            end: size,
            position: at.clone(),
            activity: activity.clone(),
            failed_read: Arc::clone(&failed_read),
        };
        let request = self
            .endpoint
            .request(Method::PATCH, &upload_path(id)?)
            .header(HEADER_OFFSET, offset)
            .header(header::CONTENT_LENGTH, size - offset)
            .header(header::CONTENT_TYPE, "application/offset+octet-stream")
            .body(reader.into_body())
            .map_err(internal)?;
        let response = conn.send(request, &activity).await;
        // A file that changed under the upload explains the broken request best.
        if let Some(failure) = failed_read.lock().unwrap_or_else(PoisonError::into_inner).take() {
            return Err(Trouble::Refused(failure));
        }
        let response = response?;
        match response.status() {
            StatusCode::NOT_FOUND => Ok(None),
            StatusCode::CONFLICT => {
                let held = response
                    .headers()
                    .get(HEADER_OFFSET)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| Trouble::Broken("a conflict without an offset".into()))?;
                Ok(Some(UploadState { upload_id: id.to_owned(), offset: held, size, media: None }))
            }
            s if s.is_success() => {
                upload_state(&http::read_small(response, conn.timeout()).await?).map(Some)
            }
            _ => Err(http::unsuccessful(response, conn.timeout(), Code::UploadFailed).await),
        }
    }
}

/// The file checked again before its bytes are read: it may have changed since the message
/// was created.
async fn check(file: &FileJob) -> Result<u64, Failure> {
    let (path, kind) = (file.path.clone(), file.kind);
    tokio::task::spawn_blocking(move || probe::check(&path, kind))
        .await
        .unwrap_or_else(|e| Err(Failure::with_detail(Code::Internal, e)))
}

async fn open_at(path: &str, offset: u64) -> Result<tokio::fs::File, Failure> {
    let io = |e: io::Error| Failure::with_detail(Code::IoOperationFailed, format!("{path}: {e}"));
    let mut file = tokio::fs::File::open(path).await.map_err(io)?;
    file.seek(SeekFrom::Start(offset)).await.map_err(io)?;
    Ok(file)
}

fn upload_path(id: &str) -> Result<String, Trouble> {
    if http::safe_id(id) {
        Ok(format!("{UPLOADS_PATH}/{id}"))
    } else {
        Err(Trouble::Refused(Failure::with_detail(
            Code::Internal,
            "malformed upload id from the server",
        )))
    }
}

fn upload_state(body: &Bytes) -> Result<UploadState, Trouble> {
    serde_json::from_slice(body)
        .map_err(|e| Trouble::Broken(format!("malformed upload state: {e}")))
}

fn internal(e: hyper::http::Error) -> Trouble {
    Trouble::Refused(Failure::with_detail(Code::Internal, e))
}

/// Percents of one send: each reported once, rising; 100 only once every file is stored.
struct Meter {
    notes: UnboundedSender<(u64, Note)>,
    job: u64,
    total: u64,
    /// The lowest percent not reported yet.
    next: AtomicU32,
}

impl Meter {
    fn new(notes: UnboundedSender<(u64, Note)>, job: u64, total: u64) -> Meter {
        Meter { notes, job, total, next: AtomicU32::new(0) }
    }

    /// `done` bytes of all files have been handed to the connection.
    fn at(&self, done: u64) {
        let percent = (done.min(self.total) * 100).checked_div(self.total).unwrap_or(0);
        self.report((percent as u32).min(99));
    }

    fn report(&self, percent: u32) {
        // Bytes resent after a broken connection do not move progress back.
        if self.next.fetch_max(percent + 1, Ordering::Relaxed) <= percent {
            let _ = self.notes.send((self.job, Note::Progress(percent)));
        }
    }
}

/// Where one file starts on the send's progress scale.
#[derive(Clone)]
struct Position {
    meter: Arc<Meter>,
    /// Bytes of the files before this one.
    before: u64,
}

/// Streams a file from an offset to its expected end, chunk by chunk.
struct Reader {
    file: tokio::fs::File,
    path: String,
    at: u64,
    end: u64,
    position: Position,
    activity: Activity,
    /// Set when the file could not be read, so the caller reports that rather than a broken
    /// connection.
    failed_read: Arc<Mutex<Option<Failure>>>,
}

impl Reader {
    fn into_body(self) -> Body {
        let chunks = stream::unfold(self, |mut reader| async move {
            let chunk = reader.next_chunk().await?;
            Some((chunk, reader))
        });
        StreamBody::new(chunks).boxed_unsync()
    }

    async fn next_chunk(&mut self) -> Option<io::Result<Frame<Bytes>>> {
        if self.at >= self.end {
            return None;
        }
        let chunk_size = (self.end / 128).clamp(MIN_CHUNK, MAX_CHUNK);
        let mut chunk = vec![0; chunk_size.min(self.end - self.at) as usize];
        let read = match self.file.read(&mut chunk).await {
            Ok(0) => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file got shorter")),
            other => other,
        };
        match read {
            Ok(n) => {
                chunk.truncate(n);
                self.at += n as u64;
                self.activity.touch();
                self.position.meter.at(self.position.before + self.at);
                Some(Ok(Frame::data(Bytes::from(chunk))))
            }
            Err(e) => {
                let detail = format!("{} changed during the upload: {e}", self.path);
                *self.failed_read.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some(Failure::with_detail(Code::UploadFailed, detail));
                self.at = self.end;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use tokio::sync::mpsc::unbounded_channel;

    use super::*;

    #[test]
    fn progress_rises_once_per_percent_and_holds_100_for_the_end() {
        let (tx, mut rx) = unbounded_channel();
        let meter = Meter::new(tx, 7, 1000);
        for done in [0, 5, 10, 10, 255, 100, 999, 1000] {
            meter.at(done);
        }
        meter.report(100);
        meter.report(100);
        let mut seen = Vec::new();
        while let Ok((7, Note::Progress(p))) = rx.try_recv() {
            seen.push(p);
        }
        assert_eq!(seen, [0, 1, 25, 99, 100]);
    }

    #[test]
    fn an_empty_scale_reports_zero_then_100() {
        let (tx, mut rx) = unbounded_channel();
        let meter = Meter::new(tx, 1, 0);
        meter.at(0);
        meter.report(100);
        assert!(matches!(rx.try_recv(), Ok((1, Note::Progress(0)))));
        assert!(matches!(rx.try_recv(), Ok((1, Note::Progress(100)))));
    }
}
