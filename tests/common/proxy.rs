//! A TCP proxy between libhark and harkd that can hurt media traffic on purpose: count the
//! bytes the client sends on media (HTTP) connections, cut them at a given count, refuse them,
//! or hold them still. WebSocket connections pass untouched. Plain threads and blocking
//! sockets, so what it does does not depend on any runtime.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;

/// What happens to media connections once the client has sent `at` bytes on them.
#[derive(Clone, Copy, Debug)]
struct Trigger {
    at: u64,
    /// After the cut, refuse every media connection until `heal`.
    then_refuse: bool,
}

#[derive(Default)]
struct Inner {
    /// Client→server bytes forwarded on media connections.
    media_bytes: u64,
    trigger: Option<Trigger>,
    /// `media_bytes` when the trigger fired.
    cut_at: Option<u64>,
    refusing: bool,
    held: bool,
    closed: bool,
    /// The client sides of open media connections, to cut them.
    open: Vec<TcpStream>,
}

#[derive(Default)]
struct State {
    inner: Mutex<Inner>,
    changed: Condvar,
}

impl State {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub struct Proxy {
    /// The base URL for `hark_client_new`.
    pub url: String,
    state: Arc<State>,
}

impl Proxy {
    /// Listens on a free port and forwards to the server at `ws_url` (`ws://host:port`).
    pub fn start(ws_url: &str) -> Proxy {
        let upstream: SocketAddr = ws_url.trim_start_matches("ws://").parse().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("ws://{}", listener.local_addr().unwrap());
        let state = Arc::new(State::default());
        let shared = Arc::clone(&state);
        thread::spawn(move || {
            for client in listener.incoming() {
                if shared.lock().closed {
                    return;
                }
                let Ok(client) = client else { continue };
                let state = Arc::clone(&shared);
                thread::spawn(move || serve(client, upstream, state));
            }
        });
        Proxy { url, state }
    }

    /// Client→server bytes on media connections so far.
    pub fn media_bytes(&self) -> u64 {
        self.state.lock().media_bytes
    }

    /// Cuts the media connections once the client has sent `at` bytes on them.
    pub fn cut_media_at(&self, at: u64) {
        self.state.lock().trigger = Some(Trigger { at, then_refuse: false });
    }

    /// Like `cut_media_at`, then refuses media connections until `heal`.
    pub fn fail_media_at(&self, at: u64) {
        self.state.lock().trigger = Some(Trigger { at, then_refuse: true });
    }

    /// The media byte count when a cut happened.
    pub fn cut_at(&self) -> Option<u64> {
        self.state.lock().cut_at
    }

    /// Media connections work again.
    pub fn heal(&self) {
        let mut inner = self.state.lock();
        inner.refusing = false;
        inner.trigger = None;
    }

    /// Holds media bytes back (true) or lets them go (false).
    pub fn hold_media(&self, held: bool) {
        self.state.lock().held = held;
        self.state.changed.notify_all();
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let mut inner = self.state.lock();
        inner.closed = true;
        inner.held = false;
        for c in inner.open.drain(..) {
            let _ = c.shutdown(Shutdown::Both);
        }
        self.state.changed.notify_all();
    }
}

fn serve(mut client: TcpStream, upstream: SocketAddr, state: Arc<State>) {
    let mut first = vec![0u8; 64 * 1024];
    let Ok(n) = client.read(&mut first) else { return };
    first.truncate(n);
    let media = !first.starts_with(b"GET /v1/ws");
    if media {
        let mut inner = state.lock();
        if inner.refusing || inner.closed {
            let _ = client.shutdown(Shutdown::Both);
            return;
        }
        inner.open.push(client.try_clone().unwrap());
    }
    let Ok(server) = TcpStream::connect(upstream) else { return };
    let _ = (client.set_nodelay(true), server.set_nodelay(true));
    let (client_r, server_w) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    let down = thread::spawn(move || copy(server, client, None));
    let up_state = media.then(|| Arc::clone(&state));
    copy_first(client_r, server_w, first, up_state);
    let _ = down.join();
}

/// Client to server: the first chunk already read, then the rest; media bytes counted and
/// subject to the proxy's faults.
fn copy_first(from: TcpStream, mut to: TcpStream, first: Vec<u8>, state: Option<Arc<State>>) {
    if pass(&first, &from, &to, state.as_deref()) && to.write_all(&first).is_ok() {
        copy(from, to, state);
    } else {
        cut(&from, &to);
    }
}

fn copy(mut from: TcpStream, mut to: TcpStream, state: Option<Arc<State>>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if !pass(&buf[..n], &from, &to, state.as_deref()) || to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    cut(&from, &to);
}

/// Whether these media bytes may go on: waits while held, counts them, fires the trigger.
fn pass(bytes: &[u8], from: &TcpStream, to: &TcpStream, state: Option<&State>) -> bool {
    let Some(state) = state else { return true };
    let mut inner = state.lock();
    while inner.held {
        inner = state.changed.wait(inner).unwrap_or_else(PoisonError::into_inner);
    }
    if inner.refusing || inner.closed {
        return false;
    }
    let total = inner.media_bytes + bytes.len() as u64;
    if let Some(trigger) = inner.trigger.filter(|t| total >= t.at) {
        inner.trigger = None;
        inner.cut_at = Some(inner.media_bytes);
        inner.refusing = trigger.then_refuse;
        for c in inner.open.drain(..) {
            let _ = c.shutdown(Shutdown::Both);
        }
        cut(from, to);
        return false;
    }
    inner.media_bytes = total;
    true
}

fn cut(a: &TcpStream, b: &TcpStream) {
    let _ = a.shutdown(Shutdown::Both);
    let _ = b.shutdown(Shutdown::Both);
}
