//! The harkd binary as an operator runs it: a TOML config, `harkd usersig`, SIGTERM, and
//! data that survives a SIGKILL.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use hark_proto::{ClientFrame, Elem, Message, ServerFrame, PROTOCOL_VERSION};
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

// The caller owns the child and waits for it.
#[allow(clippy::zombie_processes)]
fn start(config: &Path, dir: &Path) -> (Child, u16) {
    let port_file = dir.join("port");
    let _ = std::fs::remove_file(&port_file);
    let mut child = Command::new(HARKD)
        .arg("serve")
        .arg("--config")
        .arg(config)
        .arg("--port-file")
        .arg(&port_file)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(port) = std::fs::read_to_string(&port_file).ok().and_then(|p| p.parse().ok()) {
            return (child, port);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("harkd did not start");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
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

async fn login(port: u16, config: &Path, user: &str) -> Conn {
    let (mut ws, _) =
        tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/v1/ws")).await.unwrap();
    let f = ClientFrame::Login {
        req: 1,
        ver: PROTOCOL_VERSION,
        sdkappid: APP,
        user: user.into(),
        sig: usersig(config, user),
        platform: String::new(),
        inbox: 0,
    };
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
