//! The webhook provider: each notification is POSTed as JSON to one URL, on a fresh
//! HTTP/1.1 connection. A 2xx answer means delivered; anything else is retried.

use std::future::Future;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::client::conn::http1;
use hyper::{header, Request};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::Provider;
use crate::config::WebhookUrl;

/// The webhook provider, POSTing to the configured URL.
#[derive(Clone, Debug)]
pub struct Webhook(WebhookUrl);

impl Webhook {
    pub fn new(url: WebhookUrl) -> Webhook {
        Webhook(url)
    }
}

impl Webhook {
    async fn post(&self, body: String) -> Result<(), String> {
        let tcp = TcpStream::connect(&self.0.authority).await.map_err(|e| e.to_string())?;
        let _ = tcp.set_nodelay(true);
        let (mut sender, conn) =
            http1::handshake(TokioIo::new(tcp)).await.map_err(|e| e.to_string())?;
        // The connection ends when `sender` is dropped, so this task does not outlive us.
        tokio::spawn(conn);
        let request = Request::post(self.0.target.as_str())
            .header(header::HOST, self.0.authority.as_str())
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
