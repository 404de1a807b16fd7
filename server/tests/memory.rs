//! What harkd holds for sessions that do not read: sessions per user.

mod common;

use std::time::Duration;

use common::ws::Conn;
use futures_util::StreamExt;
use hark_proto::{Message, ServerFrame};
use harkd::testing::TestServer;
use tokio_tungstenite::tungstenite::Message as Ws;

/// Reads until harkd closes the connection; the pushes read meanwhile.
async fn pushes_until_closed(conn: &mut Conn, within: Duration) -> Vec<(u64, Message)> {
    let mut got = Vec::new();
    let read = async {
        while let Some(Ok(m)) = conn.ws.next().await {
            if let Ws::Text(t) = m {
                if let Ok(ServerFrame::Msg { inbox, msg }) = serde_json::from_str(&t) {
                    got.push((inbox, msg));
                }
            }
        }
    };
    let ended = tokio::time::timeout(within, read).await.is_ok();
    assert!(ended, "harkd did not close the connection ({} pushes read)", got.len());
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_sessions_per_user_a_login_kicks_the_oldest_whatever_its_platform() {
    let s = TestServer::start_with(|c| c.limits.sessions_per_user = 3);
    // Invented platforms and empty ones: none of them kicks another by platform.
    let mut first = Conn::login_as(&s, "ursula", "made-up-1").await;
    let mut second = Conn::login_as(&s, "ursula", "").await;
    let mut third = Conn::login_as(&s, "ursula", "made-up-2").await;
    assert!(first.quiet().await && second.quiet().await && third.quiet().await);

    let mut fourth = Conn::login_as(&s, "ursula", "").await;
    assert!(matches!(first.recv().await, ServerFrame::Kicked {}));
    pushes_until_closed(&mut first, Duration::from_secs(5)).await;
    let mut fifth = Conn::login_as(&s, "ursula", "made-up-3").await;
    assert!(matches!(second.recv().await, ServerFrame::Kicked {}));
    pushes_until_closed(&mut second, Duration::from_secs(5)).await;

    // The three newest are online and each gets the user's messages.
    let mut peer = Conn::login_as(&s, "peter", "").await;
    let ack = peer.send_text("m1", "ursula", "", "hello").await;
    assert!(matches!(ack, ServerFrame::SendAck { .. }), "{ack:?}");
    for conn in [&mut third, &mut fourth, &mut fifth] {
        let (inbox, msg) = conn.push().await;
        assert_eq!((inbox, msg.msg_id.as_str()), (1, "m1"));
    }
}
