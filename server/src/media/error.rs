//! Media errors: an HTTP status and a JSON `HttpError` with a Tencent code.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hark_proto::media::{HttpError, HEADER_OFFSET};
use hark_proto::Code;

#[derive(Debug)]
pub struct HttpFail {
    status: StatusCode,
    code: Code,
    /// Sent as `Upload-Offset`, so a client told its offset is wrong learns the right one.
    offset: Option<u64>,
    /// Said in place of the code's description.
    desc: Option<String>,
}

impl HttpFail {
    pub fn new(status: StatusCode, code: Code) -> HttpFail {
        HttpFail { status, code, offset: None, desc: None }
    }

    pub fn with_desc(mut self, desc: String) -> HttpFail {
        self.desc = Some(desc);
        self
    }

    pub fn with_offset(mut self, offset: u64) -> HttpFail {
        self.offset = Some(offset);
        self
    }

    pub fn not_found() -> HttpFail {
        HttpFail::new(StatusCode::NOT_FOUND, Code::ResNotFound)
    }

    pub fn bad_request() -> HttpFail {
        HttpFail::new(StatusCode::BAD_REQUEST, Code::InvalidParameters)
    }

    /// A failure on harkd's side; the details go to the log, not to the client.
    pub fn internal(e: impl std::fmt::Display) -> HttpFail {
        tracing::error!("media: {e}");
        HttpFail::new(StatusCode::INTERNAL_SERVER_ERROR, Code::Internal)
    }

    /// A code from the store or the sequencer (only ever `Internal` today).
    pub fn from_code(code: Code) -> HttpFail {
        HttpFail::new(StatusCode::INTERNAL_SERVER_ERROR, code)
    }
}

impl IntoResponse for HttpFail {
    fn into_response(self) -> Response {
        let desc = self.desc.unwrap_or_else(|| self.code.description().to_owned());
        let body = HttpError { code: self.code as i32, desc };
        let mut r = (self.status, Json(body)).into_response();
        if let Some(n) = self.offset {
            r.headers_mut().insert(HEADER_OFFSET, HeaderValue::from(n));
        }
        r
    }
}

/// Gives the failures axum answers itself (a method a path does not take, a body over the
/// limit, a malformed path or header) the JSON body every media error has, with their
/// status. Successes, downloads included, and harkd's own errors pass unchanged.
pub async fn as_json(response: Response) -> Response {
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let code = match status {
        StatusCode::NOT_FOUND => Code::ResNotFound,
        s if s.is_client_error() => Code::InvalidParameters,
        _ => Code::Internal,
    };
    let reason = status.canonical_reason().unwrap_or("refused");
    let desc = format!("{reason}: {}", code.description());
    let mut answer = HttpFail::new(status, code).with_desc(desc).into_response();
    if let Some(allow) = response.headers().get(header::ALLOW) {
        answer.headers_mut().insert(header::ALLOW, allow.clone());
    }
    answer
}
