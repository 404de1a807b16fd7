//! The webhook provider: each notification is POSTed as JSON to one URL, on a fresh
//! HTTP/1.1 connection. A 2xx answer means delivered; anything else is retried.

use std::future::Future;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::client::conn::http1;
use hyper::{header, Request, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::Provider;

/// Where the webhook lives, taken apart from its URL.
#[derive(Clone, Debug)]
pub struct Webhook {
    /// `host:port`, for connecting and for the Host header.
    authority: String,
    /// The request target: path and query.
    target: String,
}

/// Accepts `http://host[:port][/path][?query]`.
pub fn parse_url(url: &str) -> Result<Webhook, String> {
    let uri: Uri = url.parse().map_err(|e| format!("{url:?} is not a URL: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err(format!("{url:?}: only http:// URLs are supported"));
    }
    let host = uri.host().filter(|h| !h.is_empty()).ok_or(format!("{url:?} has no host"))?;
    let port = uri.port_u16().unwrap_or(80);
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let target = if target.is_empty() { "/" } else { target };
    Ok(Webhook { authority: format!("{host}:{port}"), target: target.to_owned() })
}

impl Webhook {
    async fn post(&self, body: String) -> Result<(), String> {
        let tcp = TcpStream::connect(&self.authority).await.map_err(|e| e.to_string())?;
        let _ = tcp.set_nodelay(true);
        let (mut sender, conn) =
            http1::handshake(TokioIo::new(tcp)).await.map_err(|e| e.to_string())?;
        // The connection ends when `sender` is dropped, so this task does not outlive us.
        tokio::spawn(conn);
        let request = Request::post(self.target.as_str())
            .header(header::HOST, self.authority.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| e.to_string())?;
        let status = sender.send_request(request).await.map_err(|e| e.to_string())?.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("webhook answered {status}"))
        }
    }
}

impl Provider for Webhook {
    fn deliver(&self, notification: &str) -> impl Future<Output = Result<(), String>> + Send {
        self.post(notification.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_http_urls_only() {
        let w = parse_url("http://127.0.0.1:8080/hooks/push?k=1").unwrap();
        assert_eq!(
            (w.authority.as_str(), w.target.as_str()),
            ("127.0.0.1:8080", "/hooks/push?k=1")
        );
        let w = parse_url("http://push.example").unwrap();
        assert_eq!((w.authority.as_str(), w.target.as_str()), ("push.example:80", "/"));
        assert!(parse_url("https://push.example/").is_err());
        assert!(parse_url("").is_err());
        assert!(parse_url("/just/a/path").is_err());
    }
}
