//! A raw WebSocket client of harkd's wire protocol.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use hark_proto::{ClientFrame, Elem, Message, ServerFrame, PROTOCOL_VERSION};
use harkd::testing::TestServer;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub struct Conn {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    req: u64,
}

impl Conn {
    pub async fn open(s: &TestServer) -> Conn {
        let (ws, _) = tokio_tungstenite::connect_async(format!("{}/v1/ws", s.url)).await.unwrap();
        Conn { ws, req: 0 }
    }

    pub async fn login_as(s: &TestServer, user: &str, platform: &str) -> Conn {
        let mut c = Conn::open(s).await;
        let sig = s.user_sig(user);
        match c.login(s, user, &sig, platform).await {
            ServerFrame::LoginOk { user: u, .. } => assert_eq!(u, user),
            other => panic!("login failed: {other:?}"),
        }
        c
    }

    /// Logs in to app `sdkappid` of a server that serves several, with `key` its secret.
    pub async fn login_in(s: &TestServer, sdkappid: u32, key: &str, user: &str) -> Conn {
        let mut c = Conn::open(s).await;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let sig = harkd::core::usersig::generate(key, sdkappid.into(), user, now, 86400);
        match c.login_to(sdkappid, user, &sig, "1").await {
            ServerFrame::LoginOk { user: u, .. } => assert_eq!(u, user),
            other => panic!("login to app {sdkappid} failed: {other:?}"),
        }
        c
    }

    pub async fn login(
        &mut self,
        s: &TestServer,
        user: &str,
        sig: &str,
        platform: &str,
    ) -> ServerFrame {
        self.login_to(s.sdkappid, user, sig, platform).await
    }

    pub async fn login_to(
        &mut self,
        sdkappid: u32,
        user: &str,
        sig: &str,
        platform: &str,
    ) -> ServerFrame {
        let req = self.next_req();
        self.send(&ClientFrame::Login {
            req,
            ver: PROTOCOL_VERSION,
            sdkappid,
            user: user.into(),
            sig: sig.into(),
            platform: platform.into(),
            pos: 0,
        })
        .await;
        self.recv().await
    }

    pub fn next_req(&mut self) -> u64 {
        self.req += 1;
        self.req
    }

    pub async fn send(&mut self, f: &ClientFrame) {
        self.ws.send(Ws::Text(serde_json::to_string(f).unwrap().into())).await.unwrap();
    }

    pub async fn recv(&mut self) -> ServerFrame {
        loop {
            let m = tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .expect("no frame within 5 s")
                .expect("connection closed")
                .unwrap();
            if let Ws::Text(t) = m {
                return serde_json::from_str(&t).unwrap();
            }
        }
    }

    /// True when nothing arrives for a moment.
    pub async fn quiet(&mut self) -> bool {
        tokio::time::timeout(Duration::from_millis(300), self.ws.next()).await.is_err()
    }

    pub async fn request(&mut self, make: impl FnOnce(u64) -> ClientFrame) -> ServerFrame {
        let req = self.next_req();
        self.send(&make(req)).await;
        loop {
            let f = self.recv().await;
            if reply_req(&f) == Some(req) {
                return f;
            }
        }
    }

    /// Creates a group, which must succeed.
    pub async fn create_group(
        &mut self,
        group_type: &str,
        group: &str,
        name: &str,
        members: &[&str],
    ) {
        let members = members.iter().map(|m| m.to_string()).collect();
        let f = self
            .request(|req| ClientFrame::GroupCreate {
                req,
                group_type: group_type.into(),
                group: group.into(),
                name: name.into(),
                members,
            })
            .await;
        assert!(matches!(f, ServerFrame::GroupCreated { .. }), "{f:?}");
    }

    pub async fn send_text(
        &mut self,
        msg_id: &str,
        receiver: &str,
        group: &str,
        text: &str,
    ) -> ServerFrame {
        let msg = Message {
            msg_id: msg_id.into(),
            receiver: receiver.into(),
            group: group.into(),
            elems: vec![Elem::Text { text: text.into() }],
            ..Default::default()
        };
        self.send_msg(msg).await
    }

    pub async fn send_msg(&mut self, msg: Message) -> ServerFrame {
        self.request(|req| ClientFrame::Send { req, msg }).await
    }

    /// The newest 100 messages of a C2C (`user`) or group conversation.
    pub async fn history(&mut self, user: &str, group: &str) -> Vec<Message> {
        let (user, group) = (user.into(), group.into());
        let f = self
            .request(|req| ClientFrame::History { req, user, group, count: 100, before_seq: None })
            .await;
        match f {
            ServerFrame::History { msgs, .. } => msgs,
            other => panic!("expected history, got {other:?}"),
        }
    }

    pub async fn push(&mut self) -> (u64, Message) {
        match self.recv().await {
            ServerFrame::Msg { pos, msg } => (pos, msg),
            other => panic!("expected a message, got {other:?}"),
        }
    }
}

pub fn reply_req(f: &ServerFrame) -> Option<u64> {
    f.req()
}

pub fn error_code(f: &ServerFrame) -> i32 {
    match f {
        ServerFrame::Error { code, .. } => *code,
        other => panic!("expected an error, got {other:?}"),
    }
}
