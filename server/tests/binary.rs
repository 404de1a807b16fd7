//! The harkd binary as an operator runs it: a TOML config, `harkd usersig`, SIGTERM, data
//! and uploads that survive a SIGKILL, and memory that stays flat under a large upload.

// This file uses part of the shared client.
#[path = "common/child.rs"]
mod child;
#[allow(dead_code)]
#[path = "common/http.rs"]
mod http;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use hark_proto::media::{
    MediaKind, UploadRequest, UploadState, HEADER_OFFSET, MEDIA_PATH, UPLOADS_PATH,
};
use hark_proto::{ClientFrame, Elem, Message, ServerFrame, PROTOCOL_VERSION};
use http::Auth;
use tokio_tungstenite::tungstenite::Message as Ws;

const HARKD: &str = env!("CARGO_BIN_EXE_harkd");
const APP: u32 = 1400000042;

fn write_config(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("harkd.toml");
    let text = format!(
        "listen = \"127.0.0.1:0\"\ndata_dir = \"{}\"\n[[apps]]\nsdkappid = {APP}\nkey = \"from-the-file\"\n",
        dir.join("data").display()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn start(config: &Path, dir: &Path) -> (Child, u16) {
    let port_file = dir.join("port");
    let mut cmd = Command::new(HARKD);
    cmd.arg("serve").arg("--config").arg(config).arg("--port-file").arg(&port_file);
    cmd.stderr(Stdio::null());
    child::serve(cmd, &port_file)
}

fn usersig(config: &Path, user: &str) -> String {
    let out =
        Command::new(HARKD).arg("usersig").arg(user).arg("--config").arg(config).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

type Conn =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn request(ws: &mut Conn, f: ClientFrame) -> ServerFrame {
    ws.send(Ws::Text(serde_json::to_string(&f).unwrap().into())).await.unwrap();
    loop {
        let m = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let Ws::Text(t) = m {
            let f: ServerFrame = serde_json::from_str(&t).unwrap();
            if !matches!(f, ServerFrame::Msg { .. }) {
                return f;
            }
        }
    }
}

/// A login as `user` with a fresh UserSig.
fn login_frame(config: &Path, user: &str) -> ClientFrame {
    ClientFrame::Login {
        req: 1,
        ver: PROTOCOL_VERSION,
        sdkappid: APP,
        user: user.into(),
        sig: usersig(config, user),
        platform: String::new(),
        pos: 0,
    }
}

async fn login(port: u16, config: &Path, user: &str) -> Conn {
    let (mut ws, _) =
        tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/v1/ws")).await.unwrap();
    let f = login_frame(config, user);
    assert!(matches!(request(&mut ws, f).await, ServerFrame::LoginOk { .. }));
    ws
}

fn text(msg_id: &str, text: &str) -> Message {
    Message {
        msg_id: msg_id.into(),
        receiver: "alice".into(),
        elems: vec![Elem::Text { text: text.into() }],
        ..Default::default()
    }
}

#[tokio::test]
async fn acked_messages_survive_sigkill_and_sigterm_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    let (mut harkd, port) = start(&config, dir.path());

    let mut alice = login(port, &config, "alice").await;
    for i in 1..=50u64 {
        let ack =
            request(&mut alice, ClientFrame::Send { req: i, msg: text(&format!("m{i}"), "note") })
                .await;
        assert!(matches!(ack, ServerFrame::SendAck { seq, .. } if seq == i), "{ack:?}");
    }
    harkd.kill().unwrap();
    harkd.wait().unwrap();

    let (mut harkd, port) = start(&config, dir.path());
    let mut alice = login(port, &config, "alice").await;
    let page = ClientFrame::History {
        req: 9,
        user: "alice".into(),
        group: String::new(),
        count: 100,
        before_seq: None,
    };
    let ServerFrame::History { msgs, .. } = request(&mut alice, page).await else { panic!() };
    assert_eq!(msgs.iter().map(|m| m.seq).collect::<Vec<_>>(), (1..=50).rev().collect::<Vec<_>>());
    // A resend after the restart still finds the original.
    let again = request(&mut alice, ClientFrame::Send { req: 99, msg: text("m7", "note") }).await;
    assert!(matches!(again, ServerFrame::SendAck { seq: 7, .. }), "{again:?}");

    let status = Command::new("kill").arg("-TERM").arg(harkd.id().to_string()).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(s) = harkd.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "harkd ignored SIGTERM");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn refuses_a_config_without_apps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.toml");
    std::fs::write(&path, "listen = \"127.0.0.1:0\"\n").unwrap();
    let out = Command::new(HARKD).arg("serve").arg("--config").arg(&path).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("apps"));
}

fn auth(config: &Path, user: &str) -> Auth {
    Auth { app: APP, user: user.into(), sig: usersig(config, user) }
}

async fn new_upload(port: u16, auth: &Auth, size: u64) -> String {
    let req = serde_json::to_vec(&UploadRequest { kind: MediaKind::File, size, name: "f".into() });
    let r = http::request(port, "POST", UPLOADS_PATH, Some(auth), &[], &req.unwrap()).await;
    assert_eq!(r.status, 201);
    r.json::<UploadState>().upload_id
}

async fn patch(port: u16, auth: &Auth, id: &str, at: u64, bytes: &[u8]) -> http::Reply {
    let path = format!("{UPLOADS_PATH}/{id}");
    http::request(port, "PATCH", &path, Some(auth), &[(HEADER_OFFSET, at.to_string())], bytes).await
}

async fn download(port: u16, auth: &Auth, uuid: &str) -> Vec<u8> {
    let r = http::request(port, "GET", &format!("{MEDIA_PATH}/{uuid}"), Some(auth), &[], &[]).await;
    assert_eq!(r.status, 200);
    r.body
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

#[tokio::test]
async fn an_upload_survives_sigkill_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    let (mut harkd, port) = start(&config, dir.path());
    drop(login(port, &config, "alice").await);
    let alice = auth(&config, "alice");
    let bytes = data(1_000_000);
    let id = new_upload(port, &alice, 1_000_000).await;
    assert_eq!(patch(port, &alice, &id, 0, &bytes[..600_000]).await.offset(), 600_000);
    harkd.kill().unwrap();
    harkd.wait().unwrap();

    let (mut harkd, port) = start(&config, dir.path());
    let path = format!("{UPLOADS_PATH}/{id}");
    let head = http::request(port, "HEAD", &path, Some(&alice), &[], &[]).await;
    assert_eq!((head.status, head.offset()), (200, 600_000));
    let done = patch(port, &alice, &id, 600_000, &bytes[600_000..]).await;
    let media = done.json::<UploadState>().media.expect("stored");
    assert_eq!(download(port, &alice, &media.uuid).await, bytes);
    harkd.kill().unwrap();
    harkd.wait().unwrap();
}

/// The most memory the process has held (VmHWM), in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

#[tokio::test]
async fn a_100_mb_upload_and_download_stream_in_constant_memory() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    let (mut harkd, port) = start(&config, dir.path());
    drop(login(port, &config, "alice").await);
    let alice = auth(&config, "alice");
    let len = 100 * 1024 * 1024;
    let bytes = data(len);
    let before = peak_rss(harkd.id());

    let id = new_upload(port, &alice, len as u64).await;
    let done = patch(port, &alice, &id, 0, &bytes).await;
    let media = done.json::<UploadState>().media.expect("stored");
    assert!(download(port, &alice, &media.uuid).await == bytes, "the download differs");

    let grown = peak_rss(harkd.id()).saturating_sub(before);
    harkd.kill().unwrap();
    harkd.wait().unwrap();
    // Buffering the file would cost 100 MB; streaming costs a few chunks.
    assert!(grown < 24 * 1024 * 1024, "harkd's peak memory grew by {grown} bytes");
}

/// The next message pushed to `ws` within `within`, if any.
async fn next_push(ws: &mut Conn, within: Duration) -> Option<Message> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let m = tokio::time::timeout_at(deadline, ws.next()).await.ok()??.ok()?;
        if let Ws::Text(t) = m {
            if let Ok(ServerFrame::Msg { msg, .. }) = serde_json::from_str(&t) {
                return Some(msg);
            }
        }
    }
}

#[tokio::test]
async fn an_unstored_message_resent_after_a_sigkill_is_not_delivered_again() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    let (mut harkd, port) = start(&config, dir.path());
    let mut alice = login(port, &config, "alice").await;
    let mut bob = login(port, &config, "bob").await;
    let typing = Message {
        msg_id: "typing-1".into(),
        receiver: "bob".into(),
        online_only: true,
        elems: vec![Elem::Custom {
            data: b"typing".to_vec(),
            desc: String::new(),
            ext: String::new(),
        }],
        ..Default::default()
    };
    let first = request(&mut alice, ClientFrame::Send { req: 2, msg: typing.clone() }).await;
    let ServerFrame::SendAck { time, .. } = first else { panic!("{first:?}") };
    let got = next_push(&mut bob, Duration::from_secs(5)).await;
    assert_eq!(got.map(|m| m.msg_id), Some("typing-1".to_owned()));
    harkd.kill().unwrap();
    harkd.wait().unwrap();

    // The client did not see the ack before the crash, so it sends again.
    let (mut harkd, port) = start(&config, dir.path());
    let mut bob = login(port, &config, "bob").await;
    let mut alice = login(port, &config, "alice").await;
    let again = request(&mut alice, ClientFrame::Send { req: 2, msg: typing }).await;
    assert!(
        matches!(again, ServerFrame::SendAck { seq: 0, time: t, .. } if t == time),
        "{again:?}"
    );
    let twice = next_push(&mut bob, Duration::from_millis(500)).await;
    assert!(twice.is_none(), "delivered again after the restart: {twice:?}");
    harkd.kill().unwrap();
    harkd.wait().unwrap();
}

/// Mounts a tmpfs of `size` at `at`, unmounted when dropped.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Tmpfs {
        std::fs::create_dir_all(at).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .unwrap();
        assert!(status.success(), "mounting a tmpfs needs root (the tests run as root in CI)");
        Tmpfs(at.to_owned())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Every frame until the connection closes (or 5 s pass).
async fn frames_until_closed(ws: &mut Conn) -> Vec<ServerFrame> {
    let mut frames = Vec::new();
    while let Ok(Some(Ok(m))) = tokio::time::timeout(Duration::from_secs(5), ws.next()).await {
        if let Ws::Text(t) = m {
            frames.push(serde_json::from_str(&t).unwrap());
        }
    }
    frames
}

#[tokio::test]
async fn a_full_disk_is_answered_with_an_error_frame_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path());
    let disk = Tmpfs::mount(&dir.path().join("data"), "3m");
    let (mut harkd, port) = start(&config, dir.path());
    let mut alice = login(port, &config, "alice").await;
    let ack = request(&mut alice, ClientFrame::Send { req: 2, msg: text("m1", "before") }).await;
    assert!(matches!(ack, ServerFrame::SendAck { seq: 1, .. }), "{ack:?}");

    // Fill the disk.
    let mut filler = std::fs::File::create(disk.0.join("filler")).unwrap();
    let chunk = vec![7u8; 64 * 1024];
    while std::io::Write::write_all(&mut filler, &chunk).is_ok() {}
    drop(filler);

    // A new user's login needs a row: refused with a code, not a silent close.
    let (mut ws, _) =
        tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/v1/ws")).await.unwrap();
    let f = login_frame(&config, "newbie");
    ws.send(Ws::Text(serde_json::to_string(&f).unwrap().into())).await.unwrap();
    let frames = frames_until_closed(&mut ws).await;
    assert!(
        matches!(frames.as_slice(), [ServerFrame::Error { req: 1, code, .. }] if *code != 0),
        "{frames:?}"
    );
    // A send cannot be stored either: an error, and the session stays.
    let f = request(&mut alice, ClientFrame::Send { req: 3, msg: text("m2", "full") }).await;
    assert!(matches!(f, ServerFrame::Error { req: 3, .. }), "{f:?}");

    // With room again, everything works and nothing acked was lost.
    std::fs::remove_file(disk.0.join("filler")).unwrap();
    let f = request(&mut alice, ClientFrame::Send { req: 4, msg: text("m2", "room") }).await;
    assert!(matches!(f, ServerFrame::SendAck { seq: 2, .. }), "{f:?}");
    drop(login(port, &config, "newbie").await);
    let page = ClientFrame::History {
        req: 5,
        user: "alice".into(),
        group: String::new(),
        count: 10,
        before_seq: None,
    };
    let ServerFrame::History { msgs, .. } = request(&mut alice, page).await else { panic!() };
    assert_eq!(msgs.iter().map(|m| m.msg_id.as_str()).collect::<Vec<_>>(), ["m2", "m1"]);
    harkd.kill().unwrap();
    harkd.wait().unwrap();
}
