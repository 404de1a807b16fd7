//! A scripted stand-in for harkd, to drive the engine into situations a healthy server does
//! not produce on demand: no answer, a dropped connection, a burst of pushes, odd strings.
//! It answers `login` with `login_ok` by itself and reports every frame it receives.

use std::sync::mpsc::{channel, Receiver};

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio_tungstenite::tungstenite::Message as WsMessage;

use super::WAIT;

pub const FAKE_APP: u32 = 1400000099;

enum Say {
    Frames(Vec<String>),
    Close,
}

pub struct Fake {
    pub url: String,
    seen: Receiver<Value>,
    say: UnboundedSender<Say>,
}

impl Fake {
    pub fn start() -> Fake {
        let (url_tx, url_rx) = channel();
        let (seen_tx, seen) = channel();
        let (say, said) = unbounded_channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(serve(url_tx, seen_tx, said));
        });
        Fake { url: url_rx.recv().unwrap(), seen, say }
    }

    /// The next frame the client sent; it must be of type `t`.
    pub fn expect(&self, t: &str) -> Value {
        let frame = self.seen.recv_timeout(WAIT).unwrap_or_else(|e| panic!("no `{t}` frame: {e}"));
        assert_eq!(frame["t"], t, "unexpected frame {frame}");
        frame
    }

    /// The next frame the client sent, of any type.
    pub fn seen_next(&self) -> Value {
        self.seen.recv_timeout(WAIT).expect("no frame from the client")
    }

    /// Sends these frames in one write.
    pub fn say(&self, frames: Vec<String>) {
        self.say.send(Say::Frames(frames)).unwrap();
    }

    pub fn say_one(&self, frame: Value) {
        self.say(vec![frame.to_string()]);
    }

    /// Drops the current connection.
    pub fn close(&self) {
        self.say.send(Say::Close).unwrap();
    }
}

/// A `msg` push frame.
pub fn push(pos: u64, msg_id: &str, sender: &str, text: &str) -> String {
    serde_json::json!({
        "t": "msg",
        "pos": pos,
        "msg": {
            "msg_id": msg_id, "sender": sender, "receiver": "me", "seq": pos, "time": 1_700_000_000,
            "priority": "default", "elems": [{"type": "text", "text": text}]
        }
    })
    .to_string()
}

async fn serve(
    url: std::sync::mpsc::Sender<String>,
    seen: std::sync::mpsc::Sender<Value>,
    mut said: UnboundedReceiver<Say>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    url.send(format!("ws://127.0.0.1:{}", listener.local_addr().unwrap().port())).unwrap();
    // One connection at a time, as one client would make them.
    while let Ok((tcp, _)) = listener.accept().await {
        let Ok(mut ws) = tokio_tungstenite::accept_async(tcp).await else { continue };
        loop {
            tokio::select! {
                frame = ws.next() => {
                    let Some(Ok(WsMessage::Text(text))) = frame else { break };
                    let frame: Value = serde_json::from_str(text.as_str()).unwrap();
                    if frame["t"] == "login" {
                        let ok = serde_json::json!({
                            "t": "login_ok", "req": frame["req"], "user": frame["user"],
                            "server_time": 0, "sig_expire_at": 0
                        });
                        let _ = ws.send(WsMessage::Text(ok.to_string().into())).await;
                    }
                    if seen.send(frame).is_err() {
                        return;
                    }
                }
                say = said.recv() => match say {
                    Some(Say::Frames(frames)) => {
                        for f in frames {
                            let _ = ws.feed(WsMessage::Text(f.into())).await;
                        }
                        let _ = ws.flush().await;
                    }
                    Some(Say::Close) => break,
                    None => return,
                },
            }
        }
    }
}
