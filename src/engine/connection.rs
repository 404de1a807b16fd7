//! One WebSocket to harkd: opening it, reading text frames, writing text frames.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{FutureExt, SinkExt, StreamExt};
use rustls::ClientConfig;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message as WsMessage, Utf8Bytes};
use tokio_tungstenite::WebSocketStream;

use crate::error::{Code, Failure};
use crate::transport::{self, Stream};

/// The largest frame accepted from harkd. Requests stay within 1 MB, but a history page of
/// 100 messages of up to 12 KB each, grown by JSON escapes, can be several MB.
const MAX_INCOMING_BYTES: usize = 16 * 1024 * 1024;

pub struct Connection {
    ws: WebSocketStream<Stream>,
    /// When the last frame of any kind (control frames included) arrived, or the connection
    /// opened; the heartbeat reads it.
    last_received: Instant,
    /// When the last frame was queued for sending, or the connection opened.
    last_sent: Instant,
    /// A write that cannot finish within this long (the socket stays full: the peer or the
    /// path stopped reading) breaks the connection. The engine waits on its writes, so
    /// without it nothing else, the heartbeat included, would run meanwhile.
    write_timeout: Duration,
}

/// A write, given up after `limit`; a write cut short leaves the connection unusable, and
/// the caller drops it.
async fn within(
    limit: Duration,
    write: impl std::future::Future<Output = Result<(), tokio_tungstenite::tungstenite::Error>>,
) -> Result<(), Failure> {
    match tokio::time::timeout(limit, write).await {
        Ok(result) => result.map_err(|e| Failure::with_detail(Code::NetDisconnect, e)),
        Err(_) => Err(Failure::with_detail(
            Code::NetDisconnect,
            format!("a write did not finish within {} ms", limit.as_millis()),
        )),
    }
}

/// What reading produced: a text frame, or the end of the connection.
pub enum Incoming {
    Text(Utf8Bytes),
    Closed(Failure),
}

impl Connection {
    /// Connects within `timeout`, over TLS when `tls` is given (a `wss://` URL); every
    /// failure, a certificate that does not verify included, is 9508 with the cause in the
    /// description. Each later write must also finish within `timeout`.
    pub async fn open(
        url: String,
        tls: Option<Arc<ClientConfig>>,
        timeout: Duration,
    ) -> Result<Connection, Failure> {
        let connect = async {
            let request = url.into_client_request().map_err(|e| e.to_string())?;
            let uri = request.uri();
            let host = uri.host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
            let port = uri.port_u16().unwrap_or(if tls.is_some() { 443 } else { 80 });
            let stream = transport::connect(host, port, tls.as_ref()).await?;
            let config = WebSocketConfig::default()
                .max_message_size(Some(MAX_INCOMING_BYTES))
                .max_frame_size(Some(MAX_INCOMING_BYTES));
            tokio_tungstenite::client_async_with_config(request, stream, Some(config))
                .await
                .map_err(|e| e.to_string())
        };
        match tokio::time::timeout(timeout, connect).await {
            Ok(Ok((ws, _response))) => {
                let now = Instant::now();
                Ok(Connection { ws, last_received: now, last_sent: now, write_timeout: timeout })
            }
            Ok(Err(e)) => Err(Failure::with_detail(Code::NetDisconnect, e)),
            Err(_) => Err(Failure::with_detail(Code::NetDisconnect, "connect timed out")),
        }
    }

    /// The next text frame; control frames are answered by tungstenite and skipped here.
    /// Every frame counts as a sign of life.
    pub async fn next(&mut self) -> Incoming {
        loop {
            let next = self.ws.next().await;
            if let Some(Ok(_)) = next {
                self.last_received = Instant::now();
            }
            match next {
                Some(Ok(WsMessage::Text(text))) => return Incoming::Text(text),
                Some(Ok(WsMessage::Close(_))) | None => {
                    return Incoming::Closed(Failure::with_detail(
                        Code::NetDisconnect,
                        "the server closed the connection",
                    ))
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => {
                    return Incoming::Closed(Failure::with_detail(Code::NetDisconnect, e))
                }
            }
        }
    }

    /// The next frame if one is already buffered, without waiting.
    pub fn next_ready(&mut self) -> Option<Incoming> {
        self.next().now_or_never()
    }

    pub fn last_received(&self) -> Instant {
        self.last_received
    }

    pub fn last_sent(&self) -> Instant {
        self.last_sent
    }

    /// Queues a WebSocket Ping (empty); [`Connection::flush`] sends it.
    pub async fn feed_ping(&mut self) -> Result<(), Failure> {
        self.feed_message(WsMessage::Ping(Default::default())).await
    }

    /// Queues a frame; [`Connection::flush`] sends what is queued.
    pub async fn feed(&mut self, text: String) -> Result<(), Failure> {
        self.feed_message(WsMessage::Text(text.into())).await
    }

    async fn feed_message(&mut self, message: WsMessage) -> Result<(), Failure> {
        self.last_sent = Instant::now();
        let write_timeout = self.write_timeout;
        within(write_timeout, self.ws.feed(message)).await
    }

    pub async fn flush(&mut self) -> Result<(), Failure> {
        within(self.write_timeout, self.ws.flush()).await
    }

    /// Sends a close frame; gives up quietly after a short wait, the socket closes either way.
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_millis(500), self.ws.close(None)).await;
    }
}
