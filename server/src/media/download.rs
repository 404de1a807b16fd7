//! `GET /v1/media/{uuid}`: a stored file, streamed in constant memory, whole or one byte
//! range, to the users who may see it, with the type recorded when it was stored.

use std::io::SeekFrom;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use hark_proto::media::MediaKind;
use hark_proto::Code;
use tokio::fs::File;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use super::auth::Caller;
use super::{is_id, read, types, HttpFail, Media};
use crate::store::files::StoredFile;

const CHUNK_BYTES: u64 = 64 * 1024;

/// What a `Range` header asks of a file.
#[derive(Debug, PartialEq)]
enum Span {
    Whole,
    /// First and last byte, inclusive.
    Part(u64, u64),
    Unsatisfiable,
}

/// Reads one `bytes=a-b`, `bytes=a-` or `bytes=-n` range. Anything else (several ranges,
/// other units, malformed) is ignored and the whole file served, as RFC 9110 allows.
fn span(range: Option<&str>, size: u64) -> Span {
    let Some(spec) = range.and_then(|r| r.trim().strip_prefix("bytes=")) else {
        return Span::Whole;
    };
    let Some((first, last)) = spec.split_once('-') else { return Span::Whole };
    let (first, last) = (first.trim(), last.trim());
    let fit = |start: u64, end: u64| {
        if start >= size {
            Span::Unsatisfiable
        } else {
            Span::Part(start, end.min(size - 1))
        }
    };
    match (first.parse::<u64>(), last.parse::<u64>()) {
        (Ok(start), Ok(end)) if start <= end => fit(start, end),
        (Ok(start), Err(_)) if last.is_empty() => fit(start, u64::MAX),
        (Err(_), Ok(0)) if first.is_empty() => Span::Unsatisfiable,
        (Err(_), Ok(n)) if first.is_empty() => Span::Part(size.saturating_sub(n), size - 1),
        _ => Span::Whole,
    }
}

pub async fn get(
    State(shared): State<Arc<Media>>,
    Path(uuid): Path<String>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, HttpFail> {
    if !is_id(&uuid) {
        return Err(HttpFail::not_found());
    }
    let (me, id) = (caller.id, uuid.clone());
    let (stored, allowed) =
        read(&shared, move |r| r.download(&id, me)).await?.ok_or_else(HttpFail::not_found)?;
    if !allowed {
        return Err(HttpFail::new(StatusCode::FORBIDDEN, Code::GroupPermissionDeny));
    }
    let size = stored.size;
    let range = headers.get(header::RANGE).and_then(|r| r.to_str().ok());
    let (status, start, len) = match span(range, size) {
        Span::Whole => (StatusCode::OK, 0, size),
        Span::Part(first, last) => (StatusCode::PARTIAL_CONTENT, first, last - first + 1),
        Span::Unsatisfiable => {
            let mut r = HttpFail::new(StatusCode::RANGE_NOT_SATISFIABLE, Code::InvalidParameters)
                .into_response();
            r.headers_mut().insert(header::CONTENT_RANGE, content_range(format!("*/{size}")));
            return Ok(r);
        }
    };
    let mut file = File::open(shared.file(&uuid)).await.map_err(HttpFail::internal)?;
    let content_type = match stored.content_type {
        Some(t) => HeaderValue::try_from(t).map_err(HttpFail::internal)?,
        None => HeaderValue::from_static(unrecorded_type(&stored, &mut file).await?),
    };
    file.seek(SeekFrom::Start(start)).await.map_err(HttpFail::internal)?;
    let mut r = Response::new(Body::from_stream(chunks(file, len)));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CONTENT_TYPE, content_type);
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Stored files never change, but only some users may read them.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    if status == StatusCode::PARTIAL_CONTENT {
        h.insert(
            header::CONTENT_RANGE,
            content_range(format!("{start}-{}/{size}", start + len - 1)),
        );
    }
    Ok(r)
}

/// The type of a file stored before harkd recorded types: an image's from its first bytes
/// (harkd decoded it when it was stored, so they are right), anything else's from its name.
async fn unrecorded_type(stored: &StoredFile, file: &mut File) -> Result<&'static str, HttpFail> {
    if !matches!(stored.kind, MediaKind::Image | MediaKind::Snapshot) {
        return Ok(types::of_name(&stored.name));
    }
    let mut head = [0u8; 16];
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]).await.map_err(HttpFail::internal)? {
            0 => break,
            got => n += got,
        }
    }
    Ok(types::sniff_image(&head[..n]))
}

fn content_range(spec: String) -> HeaderValue {
    HeaderValue::try_from(format!("bytes {spec}")).expect("digits, a dash, a slash and a star")
}

/// `len` bytes of `file` from where it stands, one chunk at a time, as the client takes them.
fn chunks(file: File, len: u64) -> impl Stream<Item = std::io::Result<Bytes>> {
    futures_util::stream::try_unfold((file, len), |(mut file, left)| async move {
        if left == 0 {
            return Ok(None);
        }
        let mut buf = vec![0; left.min(CHUNK_BYTES) as usize];
        let n = file.read(&mut buf).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.truncate(n);
        Ok(Some((Bytes::from(buf), (file, left - n as u64))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let s = |r| span(Some(r), 100);
        assert_eq!(span(None, 100), Span::Whole);
        assert_eq!(s("bytes=0-9"), Span::Part(0, 9));
        assert_eq!(s("bytes=90-200"), Span::Part(90, 99));
        assert_eq!(s("bytes=50-"), Span::Part(50, 99));
        assert_eq!(s("bytes=-10"), Span::Part(90, 99));
        assert_eq!(s("bytes=-500"), Span::Part(0, 99));
        assert_eq!(s("bytes=100-"), Span::Unsatisfiable);
        assert_eq!(s("bytes=100-120"), Span::Unsatisfiable);
        assert_eq!(s("bytes=-0"), Span::Unsatisfiable);
        for ignored in ["bytes=9-1", "bytes=0-1,5-6", "items=0-1", "bytes=x-y", "bytes=-"] {
            assert_eq!(s(ignored), Span::Whole, "{ignored}");
        }
    }
}
