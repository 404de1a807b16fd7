//! What harkd holds for sessions that do not read: sessions per user, the budget over all
//! sessions' queues, and push frames shared by their recipients.

mod common;

use std::time::Duration;

use common::ws::Conn;
use futures_util::StreamExt;
use hark_proto::{ClientFrame, Elem, Message, ServerFrame};
use harkd::testing::TestServer;
use tokio_tungstenite::tungstenite::Message as Ws;

/// A server whose queues share `budget` bytes, with the request rate limits lifted: these
/// tests send as fast as harkd acks.
fn with_budget(budget: usize) -> TestServer {
    TestServer::start_with(|c| {
        c.limits.connection_requests_per_sec = 1_000_000;
        c.limits.connection_burst = 1_000_000;
        c.limits.user_sends_per_sec = 1_000_000;
        c.limits.user_send_burst = 1_000_000;
        c.groups.rate_limit.work = 1_000_000;
        c.limits.queued_bytes_total = budget;
    })
}

/// Reads until harkd closes the connection; the pushes read meanwhile.
async fn pushes_until_closed(conn: &mut Conn, within: Duration) -> Vec<(u64, Message)> {
    let mut got = Vec::new();
    let read = async {
        while let Some(Ok(m)) = conn.ws.next().await {
            if let Ws::Text(t) = m {
                if let Ok(ServerFrame::Msg { pos, msg }) = serde_json::from_str(&t) {
                    got.push((pos, msg));
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
        let (pos, msg) = conn.push().await;
        assert_eq!((pos, msg.msg_id.as_str()), (1, "m1"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_queue_budget_non_readers_go_and_a_reader_keeps_receiving() {
    let s = with_budget(4 << 20);
    const NON_READERS: usize = 4;
    const ROUNDS: usize = 1000;
    let mut idle = Vec::new();
    for i in 0..NON_READERS {
        idle.push(Conn::login_as(&s, &format!("idle{i}"), "").await);
    }
    // The reader reads all the while, on a task of its own.
    let mut reader = Conn::login_as(&s, "reader", "").await;
    let reading = tokio::spawn(async move {
        let (mut got, mut last) = (0, 0);
        while got < ROUNDS {
            let (pos, msg) = reader.push().await;
            got += 1;
            assert!(pos > last, "log positions increase: {pos} after {last}");
            assert_eq!(msg.msg_id, format!("r{got}"));
            last = pos;
        }
        reader
    });

    // Each round: 12 KB to every non-reader, a short one to the reader; the acks every ten.
    // 48 MB in all for the non-readers, far over the budget and what their sockets hold
    // (and under each session's own bound).
    let mut sender = Conn::login_as(&s, "sender", "").await;
    let big = "x".repeat(12_000);
    let message = |msg_id: String, receiver: String, text: &str| Message {
        msg_id,
        receiver,
        elems: vec![Elem::Text { text: text.into() }],
        ..Default::default()
    };
    for round in 1..=ROUNDS {
        for i in 0..NON_READERS {
            let msg = message(format!("m{round}-{i}"), format!("idle{i}"), &big);
            let req = sender.next_req();
            sender.send(&ClientFrame::Send { req, msg }).await;
        }
        let msg = message(format!("r{round}"), "reader".into(), "short");
        let req = sender.next_req();
        sender.send(&ClientFrame::Send { req, msg }).await;
        if round % 10 == 0 {
            for _ in 0..10 * (NON_READERS + 1) {
                let ack = sender.recv().await;
                assert!(matches!(ack, ServerFrame::SendAck { .. }), "{ack:?}");
            }
        }
    }

    let mut reader = tokio::time::timeout(Duration::from_secs(30), reading)
        .await
        .expect("the reader did not get every message")
        .unwrap();
    // It is still online: its next message arrives.
    sender.send_text("last", "reader", "", "still here").await;
    assert_eq!(reader.push().await.1.msg_id, "last");
    // The non-readers were dropped: what was written before can be read, then the
    // connection ends.
    for conn in &mut idle {
        let got = pushes_until_closed(conn, Duration::from_secs(10)).await;
        assert!(got.len() < ROUNDS, "every message reached a non-reader: {}", got.len());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_frame_shared_by_many_recipients_arrives_whole_and_the_same_for_each() {
    // The group's messages, queued for every member while none reads, fit in the budget
    // once (and in each member's own bound); a copy for each member would be many times
    // over it.
    let s = with_budget(12 << 20);
    const MEMBERS: usize = 10;
    const MESSAGES: usize = 900;
    let mut owner = Conn::login_as(&s, "owner", "").await;
    let mut members = Vec::new();
    for i in 0..MEMBERS {
        let name = format!("member{i}");
        let mut conn = Conn::login_as(&s, &name, "").await;
        // Member i has had i messages before: what each member has seen differs.
        for k in 0..i {
            owner.send_text(&format!("c2c-{i}-{k}"), &name, "", "before").await;
            conn.push().await;
        }
        members.push((name, conn));
    }
    let names = members.iter().map(|(n, _)| n.clone()).collect();
    let created = owner
        .request(|req| ClientFrame::GroupCreate {
            req,
            group_type: "Work".into(),
            group: "shared".into(),
            name: String::new(),
            members: names,
        })
        .await;
    assert!(matches!(created, ServerFrame::GroupCreated { .. }), "{created:?}");

    // Nobody reads while the messages go out: 900 of 12 KB, about 11 MB once.
    let text = |k: usize| format!("{k:04} é \"quoted\" back\\slash {}", "x".repeat(12_000));
    for k in 1..=MESSAGES {
        let msg = Message {
            msg_id: format!("g{k}"),
            group: "shared".into(),
            elems: vec![Elem::Text { text: text(k) }],
            ..Default::default()
        };
        let req = owner.next_req();
        owner.send(&ClientFrame::Send { req, msg }).await;
        if k % 10 == 0 {
            for _ in 0..10 {
                let ack = owner.recv().await;
                assert!(matches!(ack, ServerFrame::SendAck { dropped: false, .. }), "{ack:?}");
            }
        }
    }

    let mut positions: Vec<u64> = Vec::new();
    for (name, conn) in members.iter_mut() {
        for k in 1..=MESSAGES {
            let (pos, msg) = conn.push().await;
            match positions.get(k - 1) {
                Some(&first) => assert_eq!(pos, first, "{name}: message {k}'s log position"),
                None => {
                    assert!(positions.last().is_none_or(|&p| p < pos), "{name}: increasing");
                    positions.push(pos);
                }
            }
            assert_eq!(msg.msg_id, format!("g{k}"), "{name}");
            assert_eq!((msg.seq, msg.sender.as_str()), (k as u64, "owner"), "{name}");
            assert!(msg.elems == [Elem::Text { text: text(k) }], "{name}, message {k}");
        }
        assert!(conn.quiet().await, "{name} got more");
    }
}
