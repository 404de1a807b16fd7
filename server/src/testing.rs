//! A real harkd for tests: 127.0.0.1, a free port, a fresh temporary data directory (or
//! a given one, to restart on the same data).

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::{App, Config, StoreConfig, TlsConfig};
use crate::core::usersig;
use crate::Harkd;

pub const TEST_SDKAPPID: u32 = 1400000001;
pub const TEST_KEY: &str = "hark-test-secret-key-0123456789abcdef";

pub struct TestServer {
    /// Base URL for `hark_client_new`, like `ws://127.0.0.1:PORT` (`wss://localhost:PORT`
    /// for `start_tls`).
    pub url: String,
    pub port: u16,
    pub sdkappid: u32,
    pub key: String,
    pub data_dir: PathBuf,
    /// The directory `start` made, removed after the server stops; None for `start_in`.
    _temp: Option<tempfile::TempDir>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    /// Starts harkd on its own runtime thread and returns once it listens.
    pub fn start() -> TestServer {
        TestServer::start_with(|_| {})
    }

    /// Like `start`, with the configuration changed by `tweak` first.
    pub fn start_with(tweak: impl FnOnce(&mut Config)) -> TestServer {
        let temp = tempfile::tempdir().expect("temporary directory");
        let mut s = TestServer::start_in(temp.path(), tweak);
        s._temp = Some(temp);
        s
    }

    /// Like `start`, serving TLS with `cert_pem` (a chain for `localhost`) and `key_pem`.
    pub fn start_tls(cert_pem: &str, key_pem: &str) -> TestServer {
        let temp = tempfile::tempdir().expect("temporary directory");
        let (cert, key) = (temp.path().join("cert.pem"), temp.path().join("key.pem"));
        std::fs::write(&cert, cert_pem).expect("write the certificate");
        std::fs::write(&key, key_pem).expect("write the key");
        let mut s = TestServer::start_in(temp.path(), |c| c.tls = Some(TlsConfig { cert, key }));
        s.url = format!("wss://localhost:{}", s.port);
        s._temp = Some(temp);
        s
    }

    /// Starts on `dir`, which outlives the server: a later server may reopen it.
    pub fn start_in(dir: &Path, tweak: impl FnOnce(&mut Config)) -> TestServer {
        let mut config = Config {
            listen: ([127, 0, 0, 1], 0).into(),
            data_dir: dir.to_owned(),
            apps: vec![App { sdkappid: TEST_SDKAPPID, key: TEST_KEY.into() }],
            store: StoreConfig { synchronous: "normal".into(), ..StoreConfig::default() },
            ..Config::default()
        };
        tweak(&mut config);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("test runtime");
            rt.block_on(async move {
                let harkd = Harkd::open(config.clone()).expect("open harkd");
                let (listener, addr) = crate::bind(config.listen).await.expect("bind");
                port_tx.send(addr.port()).expect("report port");
                harkd
                    .serve(listener, async move {
                        let _ = stopped.await;
                    })
                    .await
                    .expect("serve");
            });
        });
        let port = port_rx.recv().expect("harkd did not start");
        TestServer {
            url: format!("ws://127.0.0.1:{port}"),
            port,
            sdkappid: TEST_SDKAPPID,
            key: TEST_KEY.into(),
            data_dir: dir.to_owned(),
            _temp: None,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// A UserSig valid for a day.
    pub fn user_sig(&self, user: &str) -> String {
        self.user_sig_with_expire(user, 86400)
    }

    pub fn user_sig_with_expire(&self, user: &str, secs: u64) -> String {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        usersig::generate(&self.key, self.sdkappid.into(), user, now, secs as i64)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
