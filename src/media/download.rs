//! Downloading one stored file to a path: streamed into a temporary file beside it and renamed
//! into place at the end, so the path never holds half a file. A broken connection goes on
//! with a Range request from the bytes already written.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::{header, Method, Response, StatusCode};
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use hark_proto::media::MEDIA_PATH;

use crate::dispatch::{Progress, Reply};
use crate::error::{Code, Failure};

use super::http::{self, Activity, Endpoint, Trouble};

/// Connection attempts before the download fails.
const ATTEMPTS: u32 = 5;
/// The wait after the first broken attempt; it doubles after each.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// Makes temporary names unique within the process; the process id, across processes.
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

/// A checked download request.
pub struct Download {
    /// A stored file's id, plain characters only (see [`http::safe_id`]).
    pub uuid: String,
    /// Where the file goes; it has a file name.
    pub path: PathBuf,
    pub reply: Reply<()>,
    /// `(bytes written, total bytes)`.
    pub progress: Option<Progress<(u64, u64)>>,
}

impl Download {
    pub async fn run(self, endpoint: Endpoint) {
        let Download { uuid, path, reply, progress } = self;
        let mut meter = Meter { progress: progress.as_ref(), next: 0 };
        reply.send(fetch(&endpoint, &uuid, &path, &mut meter).await);
    }
}

async fn fetch(
    endpoint: &Endpoint,
    uuid: &str,
    path: &Path,
    meter: &mut Meter<'_>,
) -> Result<(), Failure> {
    let mut temp = Temp { path: temp_beside(path), renamed: false };
    fetch_into(endpoint, uuid, &temp.path, meter).await?;
    tokio::fs::rename(&temp.path, path).await.map_err(|e| write_failure(path, e))?;
    temp.renamed = true;
    Ok(())
}

fn temp_beside(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}-{n}.part", std::process::id()))
}

/// A temporary file, removed unless it was renamed into place: also when the download is
/// dropped half way (the client was freed).
struct Temp {
    path: PathBuf,
    renamed: bool,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn write_failure(path: &Path, e: io::Error) -> Failure {
    Failure::with_detail(Code::IoOperationFailed, format!("{}: {e}", path.display()))
}

async fn fetch_into(
    endpoint: &Endpoint,
    uuid: &str,
    temp: &Path,
    meter: &mut Meter<'_>,
) -> Result<(), Failure> {
    let mut file = tokio::fs::File::create(temp).await.map_err(|e| write_failure(temp, e))?;
    let mut written = 0;
    let mut broken = 0;
    loop {
        match attempt(endpoint, uuid, &mut file, temp, &mut written, meter).await {
            Ok(()) => break,
            Err(Trouble::Refused(failure)) => return Err(failure),
            Err(Trouble::Broken(why)) => {
                broken += 1;
                if broken == ATTEMPTS {
                    return Err(Failure::with_detail(
                        Code::NetDisconnect,
                        format!("download: {why}"),
                    ));
                }
                tokio::time::sleep(FIRST_BACKOFF * 2u32.pow(broken - 1)).await;
            }
        }
    }
    file.sync_all().await.map_err(|e| write_failure(temp, e))
}

/// One connection: asks for the bytes not written yet and appends them.
async fn attempt(
    endpoint: &Endpoint,
    uuid: &str,
    file: &mut tokio::fs::File,
    temp: &Path,
    written: &mut u64,
    meter: &mut Meter<'_>,
) -> Result<(), Trouble> {
    let mut conn = endpoint.connect().await?;
    let mut request = endpoint.request(Method::GET, &format!("{MEDIA_PATH}/{uuid}"));
    if *written > 0 {
        request = request.header(header::RANGE, format!("bytes={written}-"));
    }
    let request =
        request.body(http::empty()).map_err(|e| Failure::with_detail(Code::Internal, e))?;
    let response = conn.send(request, &Activity::new()).await?;
    let total = match response.status() {
        StatusCode::PARTIAL_CONTENT => {
            complete_length(&response).or_else(|| Some(content_length(&response)? + *written))
        }
        StatusCode::OK => {
            // The whole file again: start over.
            if *written > 0 {
                file.set_len(0).await.map_err(|e| write_failure(temp, e))?;
                file.seek(io::SeekFrom::Start(0)).await.map_err(|e| write_failure(temp, e))?;
                *written = 0;
            }
            content_length(&response)
        }
        _ => return Err(http::unsuccessful(response, conn.timeout(), Code::NetDisconnect).await),
    };
    let mut body = response.into_body();
    loop {
        let frame = match tokio::time::timeout(conn.timeout(), body.frame()).await {
            Ok(None) => break,
            Ok(Some(Ok(frame))) => frame,
            Ok(Some(Err(e))) => return Err(Trouble::Broken(format!("reading: {e}"))),
            Err(_) => return Err(Trouble::Broken("the server stopped sending".into())),
        };
        if let Ok(data) = frame.into_data() {
            file.write_all(&data).await.map_err(|e| write_failure(temp, e))?;
            *written += data.len() as u64;
            meter.at(*written, total.unwrap_or(0));
        }
    }
    match total {
        Some(total) if total != *written => Err(Trouble::Broken("the file ended early".into())),
        _ => {
            meter.at(*written, *written);
            Ok(())
        }
    }
}

fn content_length(response: &Response<Incoming>) -> Option<u64> {
    response.headers().get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// The whole file's length from `Content-Range: bytes a-b/total`.
fn complete_length(response: &Response<Incoming>) -> Option<u64> {
    let range = response.headers().get(header::CONTENT_RANGE)?.to_str().ok()?;
    range.rsplit_once('/')?.1.parse().ok()
}

/// Download progress: reported when the percent grows, so a large file makes about a hundred
/// callbacks, not one per network read.
struct Meter<'a> {
    progress: Option<&'a Progress<(u64, u64)>>,
    /// The lowest percent not reported yet.
    next: u64,
}

impl Meter<'_> {
    fn at(&mut self, current: u64, total: u64) {
        let Some(percent) = (current * 100).checked_div(total) else { return };
        if percent >= self.next {
            self.next = percent + 1;
            if let Some(progress) = self.progress {
                progress.report((current, total));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_sit_beside_the_target() {
        let a = temp_beside(Path::new("/data/下载/photo.jpg"));
        let b = temp_beside(Path::new("/data/下载/photo.jpg"));
        assert_eq!(a.parent(), Some(Path::new("/data/下载")));
        assert!(a.file_name().unwrap().to_str().unwrap().starts_with(".photo.jpg."));
        assert_ne!(a, b);
    }
}
