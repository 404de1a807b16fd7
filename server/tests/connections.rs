//! How harkd takes connections: a connection that never sends a whole request header is
//! closed after `[limits] header_timeout_secs`, one address cannot hold more than
//! `max_connections_per_address`, and a full table closes its oldest connection that is not
//! yet in a request instead of refusing a newcomer, so logins and /healthz keep working
//! while an attacker holds a thousand idle sockets. Acks leave without waiting on Nagle.
//!
//! Every client runs on 127.0.0.1; other addresses of the loopback net (127.0.0.2, ...) stand
//! for other machines: a client socket bound to one before it connects comes from it.

use std::net::{Ipv4Addr, SocketAddr};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use hark_proto::{ClientFrame, Elem, Message, ServerFrame, PROTOCOL_VERSION};
use harkd::config::TlsConfig;
use harkd::core::usersig;
use harkd::testing::{TestServer, TEST_KEY, TEST_SDKAPPID};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::WebSocketStream;

#[path = "common/child.rs"]
mod child;

const HARKD: &str = env!("CARGO_BIN_EXE_harkd");
/// A request header harkd waits for the end of.
const HALF_HEADER: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// 127.0.0.`n`.
fn addr(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(127, 0, 0, n)
}

/// A TCP connection to harkd on `port` from `source`.
async fn connect_from(source: Ipv4Addr, port: u16) -> TcpStream {
    let s = TcpSocket::new_v4().unwrap();
    s.bind(SocketAddr::from((source, 0))).unwrap();
    let s = s.connect(SocketAddr::from(([127, 0, 0, 1], port))).await.unwrap();
    s.set_nodelay(true).unwrap();
    s
}

/// Whether the server ends the connection (end of stream or a reset) within `within`,
/// reading and dropping whatever it sends before.
async fn closed_within<S: AsyncRead + Unpin>(s: &mut S, within: Duration) -> bool {
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

/// Whether harkd is still holding the connection: nothing ends it for a moment.
async fn open<S: AsyncRead + Unpin>(s: &mut S) -> bool {
    !closed_within(s, Duration::from_millis(200)).await
}

/// `GET /healthz` from `source`; the status line and body of the reply.
async fn healthz(port: u16, source: Ipv4Addr) -> String {
    let mut s = connect_from(source, port).await;
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut reply = Vec::new();
    timeout(Duration::from_secs(10), s.read_to_end(&mut reply))
        .await
        .expect("no answer from /healthz within 10 s")
        .unwrap();
    let reply = String::from_utf8_lossy(&reply);
    let status = reply.lines().next().unwrap_or_default();
    format!("{status} {}", reply.rsplit("\r\n").next().unwrap_or_default())
}

type Session = WebSocketStream<TcpStream>;

async fn recv(ws: &mut Session) -> ServerFrame {
    loop {
        let m = timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("no frame within 10 s")
            .expect("connection closed")
            .unwrap();
        if let Ws::Text(t) = m {
            return serde_json::from_str(&t).unwrap();
        }
    }
}

async fn send(ws: &mut Session, f: &ClientFrame) {
    ws.send(Ws::Text(serde_json::to_string(f).unwrap().into())).await.unwrap();
}

/// A WebSocket session from `source`, logged in as `user` with `key`.
async fn login_with(port: u16, source: Ipv4Addr, key: &str, user: &str) -> Session {
    let tcp = connect_from(source, port).await;
    let url = format!("ws://127.0.0.1:{port}/v1/ws");
    let (mut ws, _) = timeout(Duration::from_secs(10), tokio_tungstenite::client_async(url, tcp))
        .await
        .expect("no WebSocket upgrade within 10 s")
        .unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    let sig = usersig::generate(key, TEST_SDKAPPID.into(), user, now.as_secs() as i64, 86400);
    let login = ClientFrame::Login {
        req: 1,
        ver: PROTOCOL_VERSION,
        sdkappid: TEST_SDKAPPID,
        user: user.into(),
        sig,
        platform: "Linux".into(),
        pos: 0,
    };
    send(&mut ws, &login).await;
    match recv(&mut ws).await {
        ServerFrame::LoginOk { user: u, .. } => assert_eq!(u, user),
        other => panic!("{user}'s login failed: {other:?}"),
    }
    ws
}

async fn login(s: &TestServer, source: Ipv4Addr, user: &str) -> Session {
    login_with(s.port, source, TEST_KEY, user).await
}

/// Sends one C2C text and waits for its ack; panics unless it is acked.
async fn send_text(ws: &mut Session, req: u64, to: &str) {
    let msg = Message {
        msg_id: format!("{to}-{req}-{}", std::process::id()),
        receiver: to.into(),
        elems: vec![Elem::Text { text: "still here".into() }],
        ..Default::default()
    };
    send(ws, &ClientFrame::Send { req, msg }).await;
    loop {
        match recv(ws).await {
            ServerFrame::SendAck { req: r, .. } if r == req => return,
            ServerFrame::Error { req: r, code, .. } if r == req => panic!("send refused: {code}"),
            _ => {}
        }
    }
}

/// Raises this process's own open-file limit to at least `need`, where the hard limit allows.
fn raise_own_fd_limit(need: u64) {
    let mut l = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) }, 0);
    if l.rlim_cur < need {
        assert!(l.rlim_max >= need, "this test needs {need} open files; the hard limit is less");
        l.rlim_cur = need;
        assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &l) }, 0);
    }
}

#[test]
fn connections_without_a_whole_request_header_are_closed_after_the_header_timeout() {
    let server = TestServer::start_with(|c| c.limits.header_timeout_secs = 1);
    rt().block_on(async {
        let started = Instant::now();
        let mut bare = connect_from(addr(1), server.port).await;
        let mut half = connect_from(addr(1), server.port).await;
        half.write_all(HALF_HEADER).await.unwrap();
        // A kept-alive connection after its request gets the same time for its next one.
        let mut kept = connect_from(addr(1), server.port).await;
        kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await.unwrap();
        let mut answer = [0u8; 256];
        let n = timeout(Duration::from_secs(5), kept.read(&mut answer)).await.unwrap().unwrap();
        assert!(answer[..n].starts_with(b"HTTP/1.1 200"), "{:?}", &answer[..n]);
        for (name, s) in [("bare", &mut bare), ("half-sent", &mut half), ("kept-alive", &mut kept)]
        {
            assert!(
                closed_within(s, Duration::from_secs(5)).await,
                "the {name} connection is open"
            );
        }
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(900), "closed after {took:?}, before the timeout");
        // A client that sends its header in time is answered as ever.
        assert_eq!(healthz(server.port, addr(1)).await, "HTTP/1.1 200 OK ok");
        let mut ws = login(&server, addr(1), "alice").await;
        let _bob = login(&server, addr(1), "bob").await;
        send_text(&mut ws, 2, "bob").await;
    });
}

#[test]
fn tls_connections_get_the_header_timeout_for_the_handshake_and_the_header() {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (cert_file, key_file) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.signing_key.serialize_pem()).unwrap();
    let server = TestServer::start_in(&dir.path().join("data"), |c| {
        c.tls = Some(TlsConfig { cert: cert_file, key: key_file });
        c.limits.header_timeout_secs = 1;
    });
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let client = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(client));
    rt().block_on(async {
        let started = Instant::now();
        let mut no_hello = connect_from(addr(1), server.port).await;
        let tcp = connect_from(addr(1), server.port).await;
        let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
        let mut no_header = connector.connect(name.clone(), tcp).await.unwrap();
        no_header.write_all(HALF_HEADER).await.unwrap();
        no_header.flush().await.unwrap();
        assert!(closed_within(&mut no_hello, Duration::from_secs(5)).await, "no ClientHello");
        assert!(closed_within(&mut no_header, Duration::from_secs(5)).await, "half a header");
        assert!(started.elapsed() >= Duration::from_millis(900));
        // A whole request over TLS is answered.
        let tcp = connect_from(addr(1), server.port).await;
        let mut tls = connector.connect(name, tcp).await.unwrap();
        tls.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut reply = Vec::new();
        let _ = timeout(Duration::from_secs(5), tls.read_to_end(&mut reply)).await.unwrap();
        assert!(reply.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&reply));
    });
}

#[test]
fn one_address_at_its_cap_gives_way_and_other_addresses_are_unaffected() {
    const CAP: usize = 8;
    let server = TestServer::start_with(|c| c.limits.max_connections_per_address = CAP);
    rt().block_on(async {
        let (port, attacker) = (server.port, addr(2));
        let mut idle = Vec::new();
        for _ in 0..CAP {
            idle.push(connect_from(attacker, port).await);
        }
        let mut newest = connect_from(attacker, port).await;
        // The oldest idle connection of that address made room for the newest.
        assert!(closed_within(&mut idle[0], Duration::from_secs(5)).await);
        assert!(open(&mut newest).await);
        assert!(open(&mut idle[1]).await);
        // Logins from the same address push its idle connections out, one each.
        let mut sessions = Vec::new();
        for i in 0..CAP {
            sessions.push(login(&server, attacker, &format!("nat{i}")).await);
        }
        for s in idle.iter_mut().skip(1).chain([&mut newest]) {
            assert!(closed_within(s, Duration::from_secs(5)).await);
        }
        // Now every connection of that address is a session: a newcomer is refused.
        let mut refused = connect_from(attacker, port).await;
        refused.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await.unwrap();
        let mut reply = Vec::new();
        let _ = timeout(Duration::from_secs(5), refused.read_to_end(&mut reply)).await.unwrap();
        assert!(reply.is_empty(), "answered: {}", String::from_utf8_lossy(&reply));
        // Other addresses are not affected, and the sessions all still work.
        assert_eq!(healthz(port, addr(3)).await, "HTTP/1.1 200 OK ok");
        let mut other = login(&server, addr(3), "elsewhere").await;
        send_text(&mut other, 2, "nat0").await;
        for (i, s) in sessions.iter_mut().enumerate() {
            send_text(s, 2, "elsewhere").await;
            assert!(matches!(recv(&mut other).await, ServerFrame::Msg { .. }), "session {i}");
        }
    });
}

#[test]
fn past_the_pending_cap_the_oldest_connection_without_a_request_is_closed() {
    let server = TestServer::start_with(|c| c.limits.max_pending_connections = 3);
    rt().block_on(async {
        let port = server.port;
        let mut alice = login(&server, addr(2), "alice").await;
        let mut idle = Vec::new();
        for i in 0..8u8 {
            let mut s = connect_from(addr(3 + i % 2), port).await;
            if i % 2 == 1 {
                s.write_all(HALF_HEADER).await.unwrap();
            }
            idle.push(s);
        }
        for (i, s) in idle.iter_mut().enumerate() {
            let closed = closed_within(s, Duration::from_millis(if i < 5 { 5000 } else { 200 }));
            assert_eq!(closed.await, i < 5, "idle connection {i}");
        }
        assert_eq!(healthz(port, addr(5)).await, "HTTP/1.1 200 OK ok");
        let mut bob = login(&server, addr(6), "bob").await;
        send_text(&mut alice, 2, "bob").await;
        assert!(matches!(recv(&mut bob).await, ServerFrame::Msg { .. }));
    });
}

#[test]
fn a_full_server_closes_connections_without_a_request_never_sessions() {
    let server = TestServer::start_with(|c| c.limits.max_connections = 6);
    rt().block_on(async {
        let port = server.port;
        let mut sessions = Vec::new();
        for i in 0..4 {
            sessions.push(login(&server, addr(2), &format!("user{i}")).await);
        }
        let mut idle = Vec::new();
        for i in 0..5 {
            idle.push(connect_from(addr(3 + i), port).await);
        }
        for (i, s) in idle.iter_mut().enumerate() {
            let closed = closed_within(s, Duration::from_millis(if i < 3 { 5000 } else { 200 }));
            assert_eq!(closed.await, i < 3, "idle connection {i}");
        }
        // A login and a health check each take the place of an idle connection.
        sessions.push(login(&server, addr(9), "user4").await);
        assert!(closed_within(&mut idle[3], Duration::from_secs(5)).await);
        assert_eq!(healthz(port, addr(10)).await, "HTTP/1.1 200 OK ok");
        assert!(closed_within(&mut idle[4], Duration::from_secs(5)).await);
        sessions.push(login(&server, addr(11), "user5").await);
        // Six sessions: the server is full, and no session gives way to a newcomer.
        let mut refused = connect_from(addr(12), port).await;
        assert!(closed_within(&mut refused, Duration::from_secs(5)).await);
        for (i, s) in sessions.iter_mut().enumerate() {
            send_text(s, 2, &format!("user{}", (i + 1) % 6)).await;
        }
    });
}

fn limits_of(pid: u32) -> (u64, u64) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits.lines().find(|l| l.starts_with("Max open files")).unwrap();
    let v: Vec<u64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (v[0], v[1])
}

/// The harkd binary with an open-file limit of `soft` (`hard`), and the port it listens on.
fn start_binary(dir: &Path, limits: &str, soft: u64, hard: u64) -> (Child, u16) {
    let config = dir.join("harkd.toml");
    let text = format!(
        "listen = \"127.0.0.1:0\"\ndata_dir = \"{}\"\n[[apps]]\nsdkappid = {TEST_SDKAPPID}\n\
         key = \"{TEST_KEY}\"\n[limits]\n{limits}",
        dir.join("data").display()
    );
    std::fs::write(&config, text).unwrap();
    let port_file = dir.join("port");
    let mut cmd = Command::new(HARKD);
    cmd.arg("serve").arg("--config").arg(&config).arg("--port-file").arg(&port_file);
    cmd.stderr(Stdio::null());
    let fds = libc::rlimit { rlim_cur: soft, rlim_max: hard };
    // SAFETY: setrlimit is async-signal-safe, and `fds` is a copy owned by the closure.
    unsafe {
        cmd.pre_exec(move || match libc::setrlimit(libc::RLIMIT_NOFILE, &fds) {
            0 => Ok(()),
            _ => Err(std::io::Error::last_os_error()),
        });
    }
    child::serve(cmd, &port_file)
}

#[test]
fn harkd_raises_its_open_file_limit_to_the_hard_limit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harkd, _) = start_binary(dir.path(), "", 1024, 4096);
    let limits = limits_of(harkd.id());
    let _ = harkd.kill();
    let _ = harkd.wait();
    assert_eq!(limits, (4096, 4096));
}

#[test]
fn a_thousand_idle_connections_at_a_1024_file_limit_block_no_login_nor_healthz() {
    const IDLE: usize = 1100;
    raise_own_fd_limit(IDLE as u64 + 256);
    let dir = tempfile::tempdir().unwrap();
    // A long header timeout: the idle connections stay until the table closes them.
    let (mut harkd, port) = start_binary(dir.path(), "header_timeout_secs = 60\n", 1024, 1024);
    let outcome = std::panic::catch_unwind(|| {
        rt().block_on(async {
            // From four addresses, under the per-address cap: only the total is at stake.
            let mut idle = Vec::with_capacity(IDLE);
            for i in 0..IDLE {
                let mut s = connect_from(addr(2 + (i % 4) as u8), port).await;
                if i % 2 == 1 {
                    s.write_all(HALF_HEADER).await.unwrap();
                }
                idle.push(s);
            }
            let started = Instant::now();
            let mut ws = login_with(port, addr(1), TEST_KEY, "alice").await;
            assert_eq!(healthz(port, addr(6)).await, "HTTP/1.1 200 OK ok");
            let _bob = login_with(port, addr(7), TEST_KEY, "bob").await;
            send_text(&mut ws, 2, "bob").await;
            assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
            // Room was made by closing the oldest idle connections.
            assert!(closed_within(&mut idle[0], Duration::from_secs(5)).await);
            assert!(open(&mut idle[IDLE - 1]).await);
        })
    });
    let _ = harkd.kill();
    let _ = harkd.wait();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Puts the client's end of `ws` in delayed-ACK mode: its kernel waits up to 40 ms to
/// acknowledge what it receives, unless it has data to send the ACK with.
fn delay_acks(ws: &Session) {
    use std::os::fd::AsRawFd;
    let off: libc::c_int = 0;
    let len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    let fd = ws.get_ref().as_raw_fd();
    let set = unsafe {
        libc::setsockopt(
            fd,
            libc::IPPROTO_TCP,
            libc::TCP_QUICKACK,
            (&off as *const libc::c_int).cast(),
            len,
        )
    };
    assert_eq!(set, 0, "TCP_QUICKACK: {}", std::io::Error::last_os_error());
}

/// With Nagle's algorithm on harkd's side, a frame written while the client has not yet
/// acknowledged the one before waits for that ACK: up to the client's 40 ms delayed ACK. A
/// sender's ack after its previous one, or a push after a push to a receiver that is only
/// reading, both met it. Here bob only reads, with delayed ACKs, and alice sends him two
/// messages one at a time: the second push must not wait for bob's ACK of the first.
#[test]
fn frames_are_not_held_back_by_nagle() {
    let server = TestServer::start();
    rt().block_on(async {
        let mut alice = login(&server, addr(1), "alice").await;
        let mut bob = login(&server, addr(1), "bob").await;
        let mut took = Vec::new();
        for round in 0..20 {
            delay_acks(&bob);
            send_text(&mut alice, 2 + round * 2, "bob").await;
            while !matches!(recv(&mut bob).await, ServerFrame::Msg { .. }) {}
            let sent = Instant::now();
            send_text(&mut alice, 3 + round * 2, "bob").await;
            while !matches!(recv(&mut bob).await, ServerFrame::Msg { .. }) {}
            took.push(sent.elapsed());
        }
        let slow = took.iter().filter(|t| **t >= Duration::from_millis(30)).count();
        assert!(slow <= 2, "{slow} of 20 second pushes took 30 ms or more: {took:?}");
    });
}

/// The head of an HTTP response on `s`, lowercased, and whatever came after it.
async fn response_head(s: &mut TcpStream) -> (String, Vec<u8>) {
    let mut got = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&got[..end]).to_lowercase();
            return (head, got[end + 4..].to_vec());
        }
        let n = timeout(Duration::from_secs(10), s.read(&mut chunk)).await.unwrap().unwrap();
        assert!(n > 0, "closed before a whole response head: {got:?}");
        got.extend_from_slice(&chunk[..n]);
    }
}

/// harkd answers the WebSocket handshake itself: a request that is not one is refused with
/// 400; a good one gets RFC 6455's accept key, and a login sent in the same write as the
/// handshake is read (the bytes that came after the request's head are not lost).
#[test]
fn only_websocket_handshakes_are_taken_and_what_comes_with_one_is_read() {
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;
    use tokio_tungstenite::tungstenite::protocol::Role;

    const KEY: &str = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    let server = TestServer::start();
    rt().block_on(async {
        let refused = [
            "GET /v1/ws HTTP/1.1\r\nHost: x\r\n\r\n".to_string(),
            format!("GET /v1/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 8\r\n{KEY}\r\n"),
            "GET /v1/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n".to_string(),
            format!("GET /v1/ws HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n{KEY}\r\n"),
        ];
        for request in refused {
            let mut s = connect_from(addr(1), server.port).await;
            s.write_all(request.as_bytes()).await.unwrap();
            let (head, _) = response_head(&mut s).await;
            assert!(head.starts_with("http/1.1 400"), "{request:?} got {head:?}");
        }

        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
        let sig = usersig::generate(TEST_KEY, TEST_SDKAPPID.into(), "ann", now.as_secs() as i64, 600);
        let login = ClientFrame::Login {
            req: 1,
            ver: PROTOCOL_VERSION,
            sdkappid: TEST_SDKAPPID,
            user: "ann".into(),
            sig,
            platform: String::new(),
            pos: 0,
        };
        let mut bytes = format!(
            "GET /v1/ws HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n{KEY}\r\n"
        )
        .into_bytes();
        let mut frame = Frame::message(serde_json::to_vec(&login).unwrap(), OpCode::Data(Data::Text), true);
        frame.header_mut().mask = Some([0x37, 0xfa, 0x21, 0x3d]);
        frame.format(&mut bytes).unwrap();
        let mut s = connect_from(addr(1), server.port).await;
        s.write_all(&bytes).await.unwrap();
        let (head, after) = response_head(&mut s).await;
        assert!(head.starts_with("http/1.1 101"), "{head}");
        // RFC 6455's own example of a key and its answer.
        assert!(head.contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="), "{head}");
        let mut ws = WebSocketStream::from_partially_read(s, after, Role::Client, None).await;
        match recv(&mut ws).await {
            ServerFrame::LoginOk { user, .. } => assert_eq!(user, "ann"),
            other => panic!("the login sent with the handshake: {other:?}"),
        }
    });
}
