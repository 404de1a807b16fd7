//! Shared by the benchmarks: a harkd process of its own, started from the built binary.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const SDKAPPID: u32 = 1400000001;
pub const KEY: &str = "hark-bench-key";

/// A harkd child process on 127.0.0.1 with a temporary data directory on disk. Storage is
/// durable as configured by default (SQLite synchronous = full); `HARK_BENCH_SYNC=normal`
/// measures without the fsync per commit, to show what the fsync costs.
pub struct Harkd {
    pub child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Harkd {
    pub fn start(binary: &Path) -> Harkd {
        Harkd::start_with(binary, "")
    }

    /// Like `start`, with `extra` appended to the configuration file.
    pub fn start_with(binary: &Path, extra: &str) -> Harkd {
        let dir = tempfile::tempdir().expect("temporary directory");
        let port_file = dir.path().join("port");
        let sync = std::env::var("HARK_BENCH_SYNC").unwrap_or_else(|_| "full".into());
        let config = dir.path().join("harkd.toml");
        // The latency run sends one message at a time for as long as it takes, past the
        // default per-user rate (1,000/s): lift the request limits, not what is measured.
        // Every client is on 127.0.0.1: lift the per-address cap too (idle_connections
        // opens 10,000).
        let limits = "[limits]\nconnection_requests_per_sec = 1000000\nconnection_burst = \
                      1000000\nuser_sends_per_sec = 1000000\nuser_send_burst = 1000000\n\
                      max_connections_per_address = 1000000\n";
        std::fs::write(&config, format!("[store]\nsynchronous = \"{sync}\"\n{limits}{extra}"))
            .expect("config");
        let child = Command::new(binary)
            .arg("serve")
            .arg("--config")
            .arg(&config)
            .args(["--sdkappid", &SDKAPPID.to_string(), "--key", KEY])
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path().join("data"))
            .arg("--port-file")
            .arg(&port_file)
            .env("HARK_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let deadline = Instant::now() + Duration::from_secs(10);
        let port = loop {
            if let Ok(p) = std::fs::read_to_string(&port_file) {
                if let Ok(p) = p.trim().parse() {
                    break p;
                }
            }
            assert!(Instant::now() < deadline, "harkd did not start");
            std::thread::sleep(Duration::from_millis(20));
        };
        Harkd { child, port, _dir: dir }
    }

    pub fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }

    /// Resident memory of the harkd process, in bytes.
    pub fn rss(&self) -> u64 {
        Harkd::rss_of(self.child.id())
    }

    /// Resident memory of process `pid`, in bytes.
    pub fn rss_of(pid: u32) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{pid}/status")).expect("reading /proc status");
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in /proc status");
        kb * 1024
    }
}

impl Drop for Harkd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn user_sig(user: &str) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    harkd::core::usersig::generate(KEY, SDKAPPID.into(), user, now, 86400)
}

/// The harkd binary next to this benchmark's own executable (same profile).
pub fn harkd_binary() -> PathBuf {
    if let Ok(p) = std::env::var("HARKD") {
        return p.into();
    }
    let me = std::env::current_exe().expect("current executable");
    me.parent().expect("executable directory").join("harkd")
}

/// The value at quantile `q` (0..=1) of sorted samples.
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A raw WebSocket session of harkd's protocol, for the benchmarks that need no libhark.
pub mod group;

pub mod ws {
    use futures_util::{SinkExt, StreamExt};
    use hark_proto::{ClientFrame, ServerFrame, PROTOCOL_VERSION};
    use tokio_tungstenite::tungstenite::Message;

    use super::{user_sig, SDKAPPID};

    pub type Ws = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;

    /// Connects to `url` (`ws://…/v1/ws`) and logs in as `user` on `platform`.
    pub async fn login(url: &str, user: &str, platform: &str) -> Ws {
        let (mut ws, _) = tokio_tungstenite::connect_async(url).await.expect("connect");
        let login = ClientFrame::Login {
            req: 1,
            ver: PROTOCOL_VERSION,
            sdkappid: SDKAPPID,
            user: user.into(),
            sig: user_sig(user),
            platform: platform.into(),
            pos: 0,
        };
        send(&mut ws, &login).await;
        match recv(&mut ws).await {
            ServerFrame::LoginOk { .. } => ws,
            other => panic!("login failed: {other:?}"),
        }
    }

    pub async fn send(ws: &mut Ws, f: &ClientFrame) {
        ws.send(Message::Text(serde_json::to_string(f).unwrap().into())).await.expect("send");
    }

    /// The next text frame; panics when the connection ends.
    pub async fn recv(ws: &mut Ws) -> ServerFrame {
        loop {
            match ws.next().await {
                Some(Ok(Message::Text(t))) => return serde_json::from_str(&t).expect("a frame"),
                Some(Ok(_)) => {}
                other => panic!("connection ended: {other:?}"),
            }
        }
    }
}
