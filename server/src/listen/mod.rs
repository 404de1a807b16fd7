//! harkd's accept loop: every connection, plain or TLS, gets TCP_NODELAY, a place in the
//! connection table (`table.rs`: caps per address and in all, the oldest pending connection
//! closed to make room) and HTTP/1.1 with a header read timeout, WebSocket upgrades included.

pub mod table;

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;
use tower_service::Service;

use crate::config::LimitsConfig;
pub use table::Slot;
use table::{Caps, Conn, Table};

/// File descriptors kept for what is not a connection (the database, media files, the push
/// webhook): an eighth of the open-file limit, at least this many.
const MIN_SPARE_FDS: u64 = 64;
/// After a failed accept (out of file descriptors, most likely), the wait before the next.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// What every connection is served with.
pub struct Front {
    app: Router,
    tls: Option<TlsAcceptor>,
    header_timeout: Duration,
    table: Arc<Table>,
}

impl Front {
    pub fn new(app: Router, tls: Option<TlsAcceptor>, limits: &LimitsConfig) -> Front {
        let caps = caps(limits, open_file_limit());
        Front {
            app,
            tls,
            header_timeout: Duration::from_secs(limits.header_timeout_secs),
            table: Table::new(caps),
        }
    }
}

/// `[limits]`'s caps, the total kept to 7/8 of the open-file limit `fds` (if known), and no
/// cap above the total.
fn caps(limits: &LimitsConfig, fds: Option<u64>) -> Caps {
    let budget = fds.map_or(usize::MAX, |n| {
        let usable = n.saturating_sub((n / 8).max(MIN_SPARE_FDS)).max(1);
        usize::try_from(usable).unwrap_or(usize::MAX)
    });
    let total = limits.max_connections.min(budget);
    Caps {
        total,
        per_source: limits.max_connections_per_address.min(total),
        pending: limits.max_pending_connections.min(total),
    }
}

/// The soft open-file limit.
fn open_file_limit() -> Option<u64> {
    let mut l = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes the struct it is given and nothing else.
    match unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) } {
        0 if l.rlim_cur != libc::RLIM_INFINITY => Some(l.rlim_cur),
        _ => None,
    }
}

/// Raises the soft open-file limit to the hard one (to 2^20 when the hard limit is
/// unlimited); returns the limit before and after, or why it could not.
pub fn raise_open_file_limit() -> Result<(u64, u64), String> {
    let mut l = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: as above; setrlimit reads the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) } != 0 {
        return Err(io::Error::last_os_error().to_string());
    }
    let before = l.rlim_cur;
    let target = if l.rlim_max == libc::RLIM_INFINITY { 1 << 20 } else { l.rlim_max };
    if before != libc::RLIM_INFINITY && before < target {
        l.rlim_cur = target;
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &l) } != 0 {
            return Err(io::Error::last_os_error().to_string());
        }
    }
    Ok((before, l.rlim_cur))
}

/// Accepts connections on `tcp` until `stopping` turns true; then lets every connection in
/// the middle of a request finish it (WebSocket sessions close by themselves) and returns.
pub async fn run(tcp: TcpListener, front: Front, mut stopping: watch::Receiver<bool>) {
    let caps = front.table.caps();
    tracing::info!(
        "taking at most {} connections, {} per address, {} without a request",
        caps.total,
        caps.per_source,
        caps.pending
    );
    let front = Arc::new(front);
    // Each connection task holds a receiver; all are gone once `closed` resolves.
    let (open, connections) = watch::channel(());
    loop {
        let accepted = tokio::select! {
            accepted = tcp.accept() => accepted,
            _ = stopping.wait_for(|stop| *stop) => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                tracing::warn!("accept: {e}");
                front.table.close_one();
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        let slot = match front.table.admit(peer.ip()) {
            Ok(slot) => slot,
            Err(why) => {
                tracing::debug!(%peer, "connection refused: {why:?}");
                continue;
            }
        };
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(%peer, "TCP_NODELAY: {e}");
        }
        let task = connection(stream, peer, slot, front.clone(), stopping.clone());
        let held = connections.clone();
        tokio::spawn(async move {
            task.await;
            drop(held);
        });
    }
    drop(tcp);
    drop(connections);
    open.closed().await;
}

/// One connection, from its TLS handshake to its last request (or its upgrade).
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    slot: Slot,
    front: Arc<Front>,
    stopping: watch::Receiver<bool>,
) {
    let close = slot.close.clone();
    let conn = slot.conn();
    let io = Tracked { stream, slot };
    let served = async {
        match &front.tls {
            None => http(io, peer, conn, &front, stopping).await,
            Some(acceptor) => {
                let mut stop = stopping.clone();
                let handshake = crate::tls::handshake(acceptor, io, front.header_timeout, peer);
                let tls = tokio::select! {
                    tls = handshake => tls,
                    _ = stop.wait_for(|stop| *stop) => None,
                };
                if let Some(tls) = tls {
                    http(tls, peer, conn, &front, stopping).await;
                }
            }
        }
    };
    tokio::select! {
        _ = served => {}
        _ = close.notified() => tracing::debug!(%peer, "closed to make room"),
    }
}

/// Serves HTTP/1.1 on `io` until the client closes, a header is late, or the server stops.
async fn http<S>(
    io: S,
    peer: SocketAddr,
    conn: Conn,
    front: &Front,
    mut stopping: watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let app = front.app.clone();
    let service = service_fn(move |req: Request<Incoming>| {
        let request = conn.request();
        let mut app = app.clone();
        async move {
            let Ok(response) = app.call(req).await;
            Ok::<_, Infallible>(answered(response, request))
        }
    });
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(front.header_timeout);
    let served = builder.serve_connection(TokioIo::new(io), service).with_upgrades();
    tokio::pin!(served);
    let mut shutting_down = false;
    loop {
        tokio::select! {
            done = served.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!(%peer, "connection: {e}");
                }
                return;
            }
            _ = stopping.wait_for(|stop| *stop), if !shutting_down => {
                shutting_down = true;
                served.as_mut().graceful_shutdown();
            }
        }
    }
}

/// The connection stays busy until `response` has been sent, or is a WebSocket from now on.
fn answered(response: Response<Body>, request: table::Request) -> Response<Body> {
    if response.status() == StatusCode::SWITCHING_PROTOCOLS {
        request.upgraded();
        return response;
    }
    response.map(|body| {
        Body::new(body.map_frame(move |frame| {
            let _sending = &request;
            frame
        }))
    })
}

/// A socket that holds its connection's place in the table for as long as it is open: for
/// a WebSocket, that is after the HTTP connection has handed it over.
pub struct Tracked {
    stream: TcpStream,
    slot: Slot,
}

impl Tracked {
    /// The socket and its place, for a WebSocket session that keeps both.
    pub fn into_parts(self) -> (TcpStream, Slot) {
        (self.stream, self.slot)
    }
}

impl AsyncRead for Tracked {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caps_stay_under_the_open_file_limit_and_the_total() {
        let limits = LimitsConfig::default();
        let caps = caps(&limits, Some(1024));
        assert_eq!(caps, Caps { total: 896, per_source: 896, pending: 896 });
        let caps = super::caps(&limits, Some(1 << 20));
        assert_eq!(caps, Caps { total: 50_000, per_source: 1024, pending: 4096 });
        assert_eq!(super::caps(&limits, None).total, 50_000);
        assert_eq!(super::caps(&limits, Some(100)).total, 36);
        assert_eq!(super::caps(&limits, Some(10)).total, 1);
    }
}
