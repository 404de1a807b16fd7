//! Delivery promises a misbehaving or unlucky client must not break: a session never gets
//! its own sends back, a client's ack cannot hide messages from it, a msgID names one
//! message, and a resend is answered exactly as the first send was.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::ws::{error_code, Conn};
use futures_util::StreamExt;
use hark_proto::{ClientFrame, Code, Elem, Message, ServerFrame};
use harkd::testing::TestServer;
use tokio_tungstenite::tungstenite::Message as Ws;

fn unlimited() -> TestServer {
    TestServer::start_with(|c| {
        c.limits.user_sends_per_sec = 1_000_000;
        c.limits.user_send_burst = 1_000_000;
        c.limits.connection_requests_per_sec = 1_000_000;
        c.limits.connection_burst = 1_000_000;
    })
}

fn text(msg_id: &str, receiver: &str) -> Message {
    Message {
        msg_id: msg_id.into(),
        receiver: receiver.into(),
        elems: vec![Elem::Text { text: msg_id.into() }],
        ..Default::default()
    }
}

/// Sends `msgs` without waiting, then reads until every one is acked.
async fn pipelined(c: &mut Conn, msgs: Vec<Message>) {
    let n = msgs.len();
    for msg in msgs {
        let req = c.next_req();
        c.send(&ClientFrame::Send { req, msg }).await;
    }
    let mut acks = 0;
    while acks < n {
        if let ServerFrame::SendAck { .. } = c.recv().await {
            acks += 1;
        }
    }
}

#[tokio::test]
async fn sends_made_during_the_catch_up_replay_never_come_back_to_their_session() {
    const BACKLOG: usize = 3_000;
    const OWN: usize = 20;
    let s = unlimited();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    drop(Conn::login_as(&s, "hank", "1").await);
    pipelined(&mut alice, (0..BACKLOG).map(|i| text(&format!("a{i}"), "hank")).collect()).await;

    // Hank comes back and sends at once, while harkd is still replaying his backlog.
    let mut hank = Conn::login_as(&s, "hank", "1").await;
    for i in 0..OWN {
        let req = hank.next_req();
        hank.send(&ClientFrame::Send { req, msg: text(&format!("h{i}"), "alice") }).await;
    }
    let (mut acks, mut replayed, mut own) = (0, HashSet::new(), Vec::new());
    while acks < OWN || replayed.len() < BACKLOG {
        match hank.recv().await {
            ServerFrame::SendAck { .. } => acks += 1,
            ServerFrame::Msg { msg, .. } if msg.sender == "hank" => own.push(msg.msg_id),
            ServerFrame::Msg { msg, .. } => assert!(replayed.insert(msg.msg_id), "twice"),
            _ => {}
        }
    }
    assert!(hank.quiet().await);
    assert!(own.is_empty(), "the session got its own sends back: {own:?}");
}

async fn ack(c: &mut Conn, pos: u64) {
    c.send(&ClientFrame::RecvAck { pos }).await;
}

#[tokio::test]
async fn an_ack_past_the_last_log_position_hides_nothing() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut hank = Conn::login_as(&s, "hank", "1").await;
    assert!(matches!(alice.send_msg(text("m1", "hank")).await, ServerFrame::SendAck { .. }));
    let (n, _) = hank.push().await;
    ack(&mut hank, n + 1_000_000).await;
    // The ack is written with the next batch; a history request's answer comes after it.
    let _ = hank.history("alice", "").await;
    drop(hank);

    assert!(matches!(alice.send_msg(text("m2", "hank")).await, ServerFrame::SendAck { .. }));
    let mut hank = Conn::login_as(&s, "hank", "1").await;
    assert_eq!(hank.push().await.1.msg_id, "m2", "the catch-up was skipped");
    assert!(matches!(alice.send_msg(text("m3", "hank")).await, ServerFrame::SendAck { .. }));
    assert_eq!(hank.push().await.1.msg_id, "m3", "live delivery stopped");
}

#[tokio::test]
async fn a_msg_id_names_one_message() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let mut carol = Conn::login_as(&s, "carol", "1").await;
    assert!(matches!(alice.send_msg(text("x", "bob")).await, ServerFrame::SendAck { .. }));
    assert_eq!(bob.push().await.1.msg_id, "x");

    let f = alice.send_msg(text("x", "carol")).await;
    assert_eq!(error_code(&f), Code::InvalidParameters as i32);
    assert!(carol.quiet().await);
    assert!(carol.history("alice", "").await.is_empty());

    // The same for a msgID first used by an online-only message, and the other way round.
    let typing = Message { online_only: true, ..text("t", "bob") };
    assert!(matches!(alice.send_msg(typing.clone()).await, ServerFrame::SendAck { .. }));
    let f = alice.send_msg(Message { receiver: "carol".into(), ..typing }).await;
    assert_eq!(error_code(&f), Code::InvalidParameters as i32);
    let f = alice.send_msg(text("t", "bob")).await;
    assert_eq!(error_code(&f), Code::InvalidParameters as i32);
    let f = alice.send_msg(Message { online_only: true, ..text("x", "bob") }).await;
    assert_eq!(error_code(&f), Code::InvalidParameters as i32);
    assert_eq!(bob.push().await.1.msg_id, "t");
    assert!(bob.quiet().await && carol.quiet().await);
}

fn ack_of(f: ServerFrame) -> (u64, i64, u64) {
    match f {
        ServerFrame::SendAck { seq, time, pos, .. } => (seq, time, pos),
        other => panic!("expected an ack, got {other:?}"),
    }
}

#[tokio::test]
async fn a_resend_of_a_stored_message_gets_its_original_log_position() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    drop(Conn::login_as(&s, "bob", "1").await);
    let first = ack_of(alice.send_msg(text("m1", "bob")).await);
    assert!(first.2 > 0, "a stored message has a log position: {first:?}");
    assert_eq!(ack_of(alice.send_msg(text("m1", "bob")).await), first);

    // Twice in one batch: sent back to back, answered alike.
    for id in ["m2", "m2"] {
        let req = alice.next_req();
        alice.send(&ClientFrame::Send { req, msg: text(id, "bob") }).await;
    }
    let mut acks = Vec::new();
    while acks.len() < 2 {
        if let f @ ServerFrame::SendAck { .. } = alice.recv().await {
            acks.push(ack_of(f));
        }
    }
    assert_eq!(acks[0], acks[1]);
    assert!(acks[0].2 > first.2);
    // A session of alice's that never saw m1 gets the same answer too.
    let mut again = Conn::login_as(&s, "alice", "2").await;
    while let Ok(Some(Ok(Ws::Text(_)))) =
        tokio::time::timeout(Duration::from_millis(300), again.ws.next()).await
    {}
    assert_eq!(ack_of(again.send_msg(text("m1", "bob")).await), first);
}
