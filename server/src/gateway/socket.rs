//! A WebSocket connection taken apart: the handshake (RFC 6455's, answered here), a reader
//! that decodes the client's frames with tungstenite, and the socket's sending half, which
//! the session's writer and the core's flushers write pre-framed bytes to.
//!
//! On plain TCP the sending half is the socket itself, shared: a flusher thread writes a
//! message straight to every idle recipient's socket (`core::queue`), with no task to wake
//! per recipient. Behind TLS, whose records only the session's own writer may make, every
//! frame goes through the writer.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf, ReadHalf, WriteHalf};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::WebSocketStream;

use crate::core::queue::Outbound;
use crate::core::queue::SessionTx;
use crate::listen::{Slot, Tracked};

/// The client's frames, decoded.
pub type Reader = WebSocketStream<Incoming>;

/// Answers a WebSocket handshake and, once the connection is handed over, runs `session`
/// on it; anything else gets 400 (426 when the connection cannot be upgraded).
pub fn upgrade<F, Fut>(mut req: Request, session: F) -> Response
where
    F: FnOnce(Upgraded) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let Some(accept) = accept_key(req.headers()) else {
        return (StatusCode::BAD_REQUEST, "a WebSocket handshake is expected here").into_response();
    };
    if req.extensions().get::<hyper::upgrade::OnUpgrade>().is_none() {
        return StatusCode::UPGRADE_REQUIRED.into_response();
    }
    let on_upgrade = hyper::upgrade::on(&mut req);
    tokio::spawn(async move {
        match on_upgrade.await {
            Ok(upgraded) => session(upgraded).await,
            Err(e) => tracing::debug!("upgrade: {e}"),
        }
    });
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = response.headers_mut();
    h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    h.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
    response
}

/// Sec-WebSocket-Accept for a well-formed handshake request.
fn accept_key(h: &HeaderMap) -> Option<HeaderValue> {
    let has_token = |name, token: &str| {
        h.get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    };
    let is = |name, want: &str| {
        h.get(name).and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case(want))
    };
    if !has_token(header::CONNECTION, "upgrade")
        || !has_token(header::UPGRADE, "websocket")
        || !is(header::SEC_WEBSOCKET_VERSION, "13")
    {
        return None;
    }
    let key = h.get(header::SEC_WEBSOCKET_KEY)?;
    HeaderValue::from_str(&derive_accept_key(key.as_bytes())).ok()
}

/// An upgraded connection, taken apart.
pub struct Socket {
    pub reader: Reader,
    pub wire: Wire,
}

/// Takes `upgraded` apart; what the reader must send (pongs, the close handshake's reply)
/// goes to `tx`, the session's queue, in order with everything else it sends.
pub async fn split(upgraded: Upgraded, tx: SessionTx, config: WebSocketConfig) -> Socket {
    let (read, wire, read_ahead) = match upgraded.downcast::<TokioIo<Tracked>>() {
        Ok(parts) => {
            let (stream, slot) = parts.io.into_inner().into_parts();
            let stream = Arc::new(stream);
            let read = Read::Tcp { stream: stream.clone(), _slot: slot };
            (read, Wire::Tcp(stream), parts.read_buf)
        }
        Err(upgraded) => {
            let (read, write) = tokio::io::split(TokioIo::new(upgraded));
            (Read::Stream(read), Wire::Stream(write), Bytes::new())
        }
    };
    let incoming = Incoming { read, tx };
    let reader = WebSocketStream::from_partially_read(
        incoming,
        read_ahead.to_vec(),
        Role::Server,
        Some(config),
    )
    .await;
    Socket { reader, wire }
}

/// The sending half, for the session's writer.
pub enum Wire {
    Tcp(Arc<TcpStream>),
    Stream(WriteHalf<TokioIo<Upgraded>>),
}

impl Wire {
    /// The socket itself, on plain TCP, for writes from outside the session's tasks.
    pub fn direct(&self) -> Option<Arc<TcpStream>> {
        match self {
            Wire::Tcp(stream) => Some(stream.clone()),
            Wire::Stream(_) => None,
        }
    }

    /// Writes all of `buf`, waiting while the socket is full.
    pub async fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Wire::Tcp(stream) => {
                let mut rest = buf;
                while !rest.is_empty() {
                    stream.writable().await?;
                    match stream.try_write(rest) {
                        Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                        Ok(n) => rest = &rest[n..],
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(())
            }
            Wire::Stream(w) => {
                w.write_all(buf).await?;
                w.flush().await
            }
        }
    }
}

enum Read {
    /// The socket, and its place in the connection table, held as long as the session.
    Tcp {
        stream: Arc<TcpStream>,
        _slot: Slot,
    },
    Stream(ReadHalf<TokioIo<Upgraded>>),
}

/// What the WebSocket reader reads from, and writes its control frames to.
pub struct Incoming {
    read: Read,
    tx: SessionTx,
}

impl AsyncRead for Incoming {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match &mut self.get_mut().read {
            Read::Tcp { stream, .. } => loop {
                ready!(stream.poll_read_ready(cx))?;
                let unfilled = buf.initialize_unfilled();
                match stream.try_read(unfilled) {
                    Ok(n) => {
                        buf.advance(n);
                        return Poll::Ready(Ok(()));
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                    Err(e) => return Poll::Ready(Err(e)),
                }
            },
            Read::Stream(r) => Pin::new(r).poll_read(cx, buf),
        }
    }
}

/// tungstenite writes each control frame it makes whole, in one call, and all of it is
/// taken: the bytes join the session's queue as they are, so no other frame lands inside.
impl AsyncWrite for Incoming {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.tx.send(Outbound::Raw(Bytes::copy_from_slice(buf)));
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
