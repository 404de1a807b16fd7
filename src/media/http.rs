//! HTTP/1.1 to harkd's media API: one connection per transfer attempt, the user's credentials
//! on every request, a stall timer instead of a total timeout (a 100 MB upload may take long,
//! a silent connection may not), and harkd's error answers turned into failures.

use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Empty, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::{header, Method, Request, Response, StatusCode, Uri};
use hyper_util::rt::TokioIo;
use rustls::ClientConfig;
use tokio::task::AbortHandle;
use tokio::time::Instant;

use hark_proto::media::{HttpError, AUTH_SCHEME, HEADER_APP, HEADER_USER};

use crate::error::{Code, Failure};
use crate::transport;

pub type Body = UnsyncBoxBody<Bytes, io::Error>;

/// JSON answers (upload states, errors) are small; anything bigger is not harkd's.
const MAX_JSON_BYTES: usize = 64 * 1024;

/// Why one exchange with harkd did not succeed.
#[derive(Debug)]
pub enum Trouble {
    /// The connection broke, stalled or was refused, or harkd failed (5xx): worth retrying.
    Broken(String),
    /// harkd refused the request, or a local file failed: final.
    Refused(Failure),
}

impl From<Failure> for Trouble {
    fn from(failure: Failure) -> Trouble {
        Trouble::Refused(failure)
    }
}

/// harkd's HTTP side, derived from the client's `ws://` or `wss://` base URL.
#[derive(Clone, Debug)]
pub struct MediaServer {
    /// `http://host:port[/prefix]` or `https://...`: media URLs start with it.
    pub base: Arc<str>,
    /// `Some` for `https://`: how to check the server's certificate.
    pub tls: Option<Arc<ClientConfig>>,
    host: String,
    port: u16,
    /// `host:port`, for the Host header.
    authority: String,
    /// The base URL's path, before `/v1/...`.
    prefix: String,
}

impl MediaServer {
    /// `ws://host:port[/prefix]` becomes `http://host:port[/prefix]`, and `wss://` becomes
    /// `https://`, checked with `tls`; `None` if malformed. Never plain HTTP for `wss://`.
    pub fn from_ws_base(ws: &str, tls: Arc<ClientConfig>) -> Option<MediaServer> {
        let (scheme, rest, tls, default_port) = match ws.strip_prefix("wss://") {
            Some(rest) => ("https", rest, Some(tls), 443),
            None => ("http", ws.strip_prefix("ws://")?, None, 80),
        };
        let base = format!("{scheme}://{}", rest.trim_end_matches('/'));
        let uri = Uri::try_from(base.as_str()).ok()?;
        let authority = uri.authority()?.as_str().to_owned();
        let host = uri.host()?.trim_start_matches('[').trim_end_matches(']').to_owned();
        let port = uri.port_u16().unwrap_or(default_port);
        let prefix = uri.path().trim_end_matches('/').to_owned();
        Some(MediaServer { base: base.into(), tls, host, port, authority, prefix })
    }
}

/// The server and the user its requests are made as.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub server: MediaServer,
    pub app: u32,
    pub user: Arc<str>,
    pub sig: Arc<str>,
    /// How long an exchange may go without any progress.
    pub timeout: Duration,
}

impl Endpoint {
    pub async fn connect(&self) -> Result<Conn, Trouble> {
        let server = &self.server;
        let connect = transport::connect(&server.host, server.port, server.tls.as_ref());
        let stream = match tokio::time::timeout(self.timeout, connect).await {
            Ok(Ok(stream)) => stream,
            Ok(Err(e)) => return Err(Trouble::Broken(e)),
            Err(_) => return Err(Trouble::Broken("connect timed out".into())),
        };
        let (sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| Trouble::Broken(format!("handshake: {e}")))?;
        let driver = tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Conn { sender, driver: driver.abort_handle(), timeout: self.timeout })
    }

    /// A request for `path` (under the base URL's prefix) with the user's credentials.
    pub fn request(&self, method: Method, path: &str) -> hyper::http::request::Builder {
        Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.server.prefix))
            .header(header::HOST, &self.server.authority)
            .header(HEADER_APP, self.app)
            .header(HEADER_USER, &*self.user)
            .header(header::AUTHORIZATION, format!("{AUTH_SCHEME} {}", self.sig))
    }
}

/// One HTTP connection; closed when dropped.
pub struct Conn {
    sender: SendRequest<Body>,
    driver: AbortHandle,
    timeout: Duration,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

impl Conn {
    /// Sends a request and waits for the response head, as long as `activity` keeps moving
    /// (the request body touches it as it is sent).
    pub async fn send(
        &mut self,
        request: Request<Body>,
        activity: &Activity,
    ) -> Result<Response<Incoming>, Trouble> {
        activity.touch();
        tokio::select! {
            response = self.sender.send_request(request) => {
                response.map_err(|e| Trouble::Broken(format!("request: {e}")))
            }
            () = activity.stalled(self.timeout) => Err(Trouble::Broken("the server stopped answering".into())),
        }
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

/// When a transfer last moved, to tell a slow transfer from a dead one.
#[derive(Clone, Debug)]
pub struct Activity(Arc<Mutex<Instant>>);

impl Activity {
    pub fn new() -> Activity {
        Activity(Arc::new(Mutex::new(Instant::now())))
    }

    pub fn touch(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Instant::now();
    }

    /// Ends once nothing moved for `limit`.
    pub async fn stalled(&self, limit: Duration) {
        loop {
            let deadline = *self.0.lock().unwrap_or_else(PoisonError::into_inner) + limit;
            if Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline).await;
        }
    }
}

pub fn empty() -> Body {
    Empty::new().map_err(|never| match never {}).boxed_unsync()
}

pub fn json_body(bytes: Vec<u8>) -> Body {
    Full::new(Bytes::from(bytes)).map_err(|never| match never {}).boxed_unsync()
}

/// The whole of a small response body.
pub async fn read_small(response: Response<Incoming>, timeout: Duration) -> Result<Bytes, Trouble> {
    let collect = Limited::new(response.into_body(), MAX_JSON_BYTES).collect();
    match tokio::time::timeout(timeout, collect).await {
        Ok(Ok(body)) => Ok(body.to_bytes()),
        Ok(Err(e)) => Err(Trouble::Broken(format!("reading the answer: {e}"))),
        Err(_) => Err(Trouble::Broken("the server stopped answering".into())),
    }
}

/// A response that is not a success. Server errors, timeouts and rate limits are worth
/// retrying; other refusals are final and carry harkd's code (`fallback` if it sent none).
pub async fn unsuccessful(
    response: Response<Incoming>,
    timeout: Duration,
    fallback: Code,
) -> Trouble {
    let status = response.status();
    let retry = status.is_server_error()
        || matches!(status, StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS);
    let body = read_small(response, timeout).await.unwrap_or_default();
    let said = serde_json::from_slice::<HttpError>(&body).ok();
    match (retry, said) {
        (true, Some(e)) => Trouble::Broken(format!("HTTP {status}: {} ({})", e.desc, e.code)),
        (true, None) => Trouble::Broken(format!("HTTP {status}")),
        (false, Some(e)) => Trouble::Refused(Failure::new(e.code, e.desc)),
        (false, None) => Trouble::Refused(Failure::with_detail(fallback, format!("HTTP {status}"))),
    }
}

/// Ids harkd made (uploads, files) go into request paths; anything but plain characters
/// would change the path, so such an id is refused rather than sent.
pub fn safe_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_media_server_comes_from_the_ws_base() {
        let tls = transport::client_config(None).unwrap();
        let from = |ws| MediaServer::from_ws_base(ws, tls.clone());
        let s = from("ws://127.0.0.1:7000").unwrap();
        assert_eq!(
            (&*s.base, s.host.as_str(), s.port),
            ("http://127.0.0.1:7000", "127.0.0.1", 7000)
        );
        assert_eq!((s.authority.as_str(), s.prefix.as_str()), ("127.0.0.1:7000", ""));
        assert!(s.tls.is_none());
        let s = from("ws://im.example/hark/").unwrap();
        assert_eq!((&*s.base, s.port, s.prefix.as_str()), ("http://im.example/hark", 80, "/hark"));
        let s = from("ws://[::1]:9").unwrap();
        assert_eq!((s.host.as_str(), s.authority.as_str()), ("::1", "[::1]:9"));
        let s = from("wss://im.example").unwrap();
        assert_eq!((&*s.base, s.port, s.tls.is_some()), ("https://im.example", 443, true));
        let s = from("wss://im.example:8443/hark").unwrap();
        assert_eq!((&*s.base, s.port), ("https://im.example:8443/hark", 8443));
        assert!(from("http://x").is_none());
        assert!(from("ws://").is_none());
    }

    #[test]
    fn only_plain_ids_go_into_paths() {
        assert!(safe_id("a1B2-c_3.d"));
        assert!(!safe_id(""));
        assert!(!safe_id("../x"));
        assert!(!safe_id("a b"));
        assert!(!safe_id("a?b"));
    }
}
