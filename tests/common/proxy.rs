//! A TCP fault proxy between libhark and harkd. Media (HTTP) connections can be cut at a
//! given count of bytes the client sent, refused, or held still; every connection, the
//! WebSocket included, can be cut now, cut after a number of bytes (mid-frame), refused for a
//! while, stalled, or slowed down. Plain threads and blocking sockets, so what it does does
//! not depend on any runtime.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

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
    /// Both sides of every connection, to cut them all.
    all: Vec<TcpStream>,
    /// New connections of any kind are closed at once.
    refusing_all: bool,
    /// Bytes stop in both directions on every connection.
    stalled: bool,
    /// Each chunk waits this long before it goes on.
    delay: Duration,
    /// Cut every connection once this many more bytes (either way, any kind) went through.
    cut_after: Option<u64>,
    /// Connections cut by `cut_all` or `cut_after` so far (counted per cut, not per socket).
    cuts: u64,
    /// Connections accepted so far (refused ones included).
    accepted: u64,
}

impl Inner {
    fn cut_everything(&mut self) {
        for c in self.all.drain(..).chain(self.open.drain(..)) {
            let _ = c.shutdown(Shutdown::Both);
        }
        self.cuts += 1;
    }
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
                let mut inner = shared.lock();
                if inner.closed {
                    return;
                }
                inner.accepted += 1;
                let Ok(client) = client else { continue };
                if inner.refusing_all {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                drop(inner);
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

    /// Cuts every open connection now.
    pub fn cut_all(&self) {
        self.state.lock().cut_everything();
        self.state.changed.notify_all();
    }

    /// Closes new connections at once (true) or forwards them again (false).
    pub fn refuse(&self, refusing: bool) {
        self.state.lock().refusing_all = refusing;
    }

    /// Cuts every connection now and refuses new ones until `refuse(false)`.
    pub fn go_down(&self) {
        let mut inner = self.state.lock();
        inner.refusing_all = true;
        inner.cut_everything();
    }

    /// Stops every byte in both directions (true), without closing anything, or lets them
    /// go again (false).
    pub fn stall(&self, stalled: bool) {
        self.state.lock().stalled = stalled;
        self.state.changed.notify_all();
    }

    /// Every chunk of bytes waits `delay` before it is forwarded.
    pub fn delay(&self, delay: Duration) {
        self.state.lock().delay = delay;
    }

    /// Cuts every connection once `bytes` more bytes went through, in the middle of whatever
    /// frame they belong to.
    pub fn cut_after(&self, bytes: u64) {
        self.state.lock().cut_after = Some(bytes);
    }

    /// Takes back a `cut_after` that has not happened yet.
    pub fn cancel_cut(&self) {
        self.state.lock().cut_after = None;
    }

    /// Whether a `cut_after` is still waiting for its bytes.
    pub fn cut_pending(&self) -> bool {
        self.state.lock().cut_after.is_some()
    }

    /// Cuts made so far by `cut_all`, `go_down` and `cut_after`.
    pub fn cuts(&self) -> u64 {
        self.state.lock().cuts
    }

    /// Connections the proxy accepted so far, refused ones included.
    pub fn accepted(&self) -> u64 {
        self.state.lock().accepted
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let mut inner = self.state.lock();
        inner.closed = true;
        inner.held = false;
        inner.stalled = false;
        inner.cut_everything();
        self.state.changed.notify_all();
    }
}

fn serve(mut client: TcpStream, upstream: SocketAddr, state: Arc<State>) {
    let mut first = vec![0u8; 64 * 1024];
    let Ok(n) = client.read(&mut first) else { return };
    first.truncate(n);
    let media = !first.starts_with(b"GET /v1/ws");
    let Ok(server) = TcpStream::connect(upstream) else { return };
    {
        let mut inner = state.lock();
        if (media && inner.refusing) || inner.refusing_all || inner.closed {
            cut(&client, &server);
            return;
        }
        if media {
            inner.open.push(client.try_clone().unwrap());
        }
        inner.all.push(client.try_clone().unwrap());
        inner.all.push(server.try_clone().unwrap());
    }
    let _ = (client.set_nodelay(true), server.set_nodelay(true));
    let (client_r, server_w) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    let down_state = Arc::clone(&state);
    let down = thread::spawn(move || copy(server, client, &down_state, false));
    copy_first(client_r, server_w, first, &state, media);
    let _ = down.join();
}

/// What to do with a chunk of bytes.
enum Pass {
    All,
    /// Forward this many, then cut every connection: a cut in the middle of a frame.
    ThenCut(usize),
    Stop,
}

/// Forwards `bytes` as `pass` says; false when the connection is done.
fn forward(
    bytes: &[u8],
    from: &TcpStream,
    to: &mut TcpStream,
    state: &State,
    media_up: bool,
) -> bool {
    match pass(bytes, from, to, state, media_up) {
        Pass::All => to.write_all(bytes).is_ok(),
        Pass::ThenCut(n) => {
            let _ = to.write_all(&bytes[..n]);
            state.lock().cut_everything();
            false
        }
        Pass::Stop => false,
    }
}

/// Client to server: the first chunk already read, then the rest.
fn copy_first(from: TcpStream, mut to: TcpStream, first: Vec<u8>, state: &State, media: bool) {
    if forward(&first, &from, &mut to, state, media) {
        copy(from, to, state, media);
    } else {
        cut(&from, &to);
    }
}

/// `media_up`: client→server bytes of a media connection, counted and subject to the media
/// faults.
fn copy(mut from: TcpStream, mut to: TcpStream, state: &State, media_up: bool) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if !forward(&buf[..n], &from, &mut to, state, media_up) {
            break;
        }
    }
    cut(&from, &to);
}

/// Whether these bytes may go on: waits while stalled or held, delays, counts, fires the
/// triggers.
fn pass(bytes: &[u8], from: &TcpStream, to: &TcpStream, state: &State, media_up: bool) -> Pass {
    let mut inner = state.lock();
    while inner.stalled || (media_up && inner.held) {
        inner = state.changed.wait(inner).unwrap_or_else(PoisonError::into_inner);
    }
    if inner.closed || (media_up && inner.refusing) {
        return Pass::Stop;
    }
    if let Some(left) = inner.cut_after {
        let len = bytes.len() as u64;
        if len >= left {
            inner.cut_after = None;
            return Pass::ThenCut(left as usize);
        }
        inner.cut_after = Some(left - len);
    }
    if media_up {
        let total = inner.media_bytes + bytes.len() as u64;
        if let Some(trigger) = inner.trigger.filter(|t| total >= t.at) {
            inner.trigger = None;
            inner.cut_at = Some(inner.media_bytes);
            inner.refusing = trigger.then_refuse;
            for c in inner.open.drain(..) {
                let _ = c.shutdown(Shutdown::Both);
            }
            cut(from, to);
            return Pass::Stop;
        }
        inner.media_bytes = total;
    }
    let delay = inner.delay;
    drop(inner);
    if !delay.is_zero() {
        thread::sleep(delay);
    }
    Pass::All
}

fn cut(a: &TcpStream, b: &TcpStream) {
    let _ = a.shutdown(Shutdown::Both);
    let _ = b.shutdown(Shutdown::Both);
}
