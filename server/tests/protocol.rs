//! harkd over its wire protocol, with a raw WebSocket client: what every SDK relies on.

mod common;

use std::time::{Duration, Instant};

use common::ws::{error_code, Conn};
use futures_util::{SinkExt, StreamExt};
use hark_proto::{ClientFrame, Code, Elem, Message, ServerFrame};
use harkd::testing::TestServer;
use tokio_tungstenite::tungstenite::Message as Ws;

#[tokio::test]
async fn c2c_is_stored_acked_pushed_and_paged_newest_first() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;

    for i in 1..=3 {
        match alice.send_text(&format!("m{i}"), "bob", "", &format!("hi {i}")).await {
            ServerFrame::SendAck { msg_id, seq, time, .. } => {
                assert_eq!((msg_id.as_str(), seq), (format!("m{i}").as_str(), i));
                assert!(time > 0);
            }
            other => panic!("{other:?}"),
        }
        let (pos, msg) = bob.push().await;
        assert_eq!(pos, i);
        assert_eq!((msg.sender.as_str(), msg.receiver.as_str(), msg.seq), ("alice", "bob", i));
        assert_eq!(msg.elems, vec![Elem::Text { text: format!("hi {i}") }]);
    }

    let page = bob
        .request(|req| ClientFrame::History {
            req,
            user: "alice".into(),
            group: String::new(),
            count: 2,
            before_seq: None,
        })
        .await;
    let ServerFrame::History { msgs, .. } = page else { panic!("{page:?}") };
    assert_eq!(msgs.iter().map(|m| m.seq).collect::<Vec<_>>(), vec![3, 2]);
    let page = alice
        .request(|req| ClientFrame::History {
            req,
            user: "bob".into(),
            group: String::new(),
            count: 10,
            before_seq: Some(2),
        })
        .await;
    let ServerFrame::History { msgs, .. } = page else { panic!("{page:?}") };
    assert_eq!(msgs.iter().map(|m| m.msg_id.as_str()).collect::<Vec<_>>(), vec!["m1"]);
}

#[tokio::test]
async fn a_resent_msg_id_gets_the_original_ack_and_is_delivered_once() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let first = alice.send_text("dup", "bob", "", "once").await;
    let again = alice.send_text("dup", "bob", "", "once").await;
    let (
        ServerFrame::SendAck { seq: a, time: ta, .. },
        ServerFrame::SendAck { seq: b, time: tb, .. },
    ) = (&first, &again)
    else {
        panic!("{first:?} {again:?}")
    };
    assert_eq!((a, ta), (b, tb));
    bob.push().await;
    assert!(bob.quiet().await, "a resend was delivered twice");
}

#[tokio::test]
async fn offline_user_catches_up_in_order_exactly_once() {
    let s = TestServer::start();
    drop(Conn::login_as(&s, "bob", "1").await);
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    for i in 0..300 {
        alice.send_text(&format!("m{i}"), "bob", "", &format!("{i}")).await;
    }
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    for i in 0..300u64 {
        let (pos, msg) = bob.push().await;
        assert_eq!((pos, msg.seq), (i + 1, i + 1));
    }
    assert!(bob.quiet().await);
    bob.send(&ClientFrame::RecvAck { pos: 300 }).await;
    alice.send_text("late", "bob", "", "late").await;
    assert_eq!(bob.push().await.1.msg_id, "late");
    drop(bob);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    // Acknowledged up to 300: only the later one comes again.
    assert_eq!(bob.push().await.1.msg_id, "late");
    assert!(bob.quiet().await);
}

#[tokio::test]
async fn groups_enforce_membership_and_fan_out_to_members() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let mut carol = Conn::login_as(&s, "carol", "1").await;

    let created = alice
        .request(|req| ClientFrame::GroupCreate {
            req,
            group_type: "Public".into(),
            group: "g1".into(),
            name: "G".into(),
            members: vec!["bob".into()],
        })
        .await;
    assert!(
        matches!(created, ServerFrame::GroupCreated { ref group, .. } if group == "g1"),
        "{created:?}"
    );
    let taken = alice
        .request(|req| ClientFrame::GroupCreate {
            req,
            group_type: "Public".into(),
            group: "g1".into(),
            name: String::new(),
            members: vec![],
        })
        .await;
    assert_eq!(error_code(&taken), Code::GroupIdInUse as i32);

    assert_eq!(
        error_code(&carol.send_text("c1", "", "g1", "let me in").await),
        Code::GroupPermissionDeny as i32
    );
    let hist = carol
        .request(|req| ClientFrame::History {
            req,
            user: String::new(),
            group: "g1".into(),
            count: 5,
            before_seq: None,
        })
        .await;
    assert_eq!(error_code(&hist), Code::GroupPermissionDeny as i32);
    assert_eq!(
        error_code(&carol.send_text("c2", "", "nope", "x").await),
        Code::GroupNotFound as i32
    );

    assert!(matches!(
        carol
            .request(|req| ClientFrame::GroupJoin { req, group: "g1".into(), note: String::new() })
            .await,
        ServerFrame::Ok { .. }
    ));
    alice.send_text("a1", "", "g1", "hello group").await;
    for member in [&mut bob, &mut carol] {
        let (_, m) = member.push().await;
        assert_eq!((m.group.as_str(), m.sender.as_str(), m.seq), ("g1", "alice", 1));
    }
    assert!(alice.quiet().await, "the sending session got its own message back");

    let members = bob.request(|req| ClientFrame::GroupMembers { req, group: "g1".into() }).await;
    let ServerFrame::GroupMembers { members, .. } = members else { panic!("{members:?}") };
    let mut names: Vec<_> = members.iter().map(|m| (m.user.as_str(), m.role)).collect();
    names.sort();
    assert_eq!(names, vec![("alice", 400), ("bob", 200), ("carol", 200)]);

    let quit = alice.request(|req| ClientFrame::GroupQuit { req, group: "g1".into() }).await;
    assert_eq!(error_code(&quit), Code::GroupOwnerCannotQuit as i32);
    assert!(matches!(
        bob.request(|req| ClientFrame::GroupQuit { req, group: "g1".into() }).await,
        ServerFrame::Ok { .. }
    ));
    let dismiss = carol.request(|req| ClientFrame::GroupDismiss { req, group: "g1".into() }).await;
    assert_eq!(error_code(&dismiss), Code::GroupPermissionDeny as i32);
    assert!(matches!(
        alice.request(|req| ClientFrame::GroupDismiss { req, group: "g1".into() }).await,
        ServerFrame::Ok { .. }
    ));
    assert_eq!(
        error_code(&alice.send_text("a2", "", "g1", "gone").await),
        Code::GroupNotFound as i32
    );
}

#[tokio::test]
async fn logins_are_checked() {
    let s = TestServer::start();
    let mut c = Conn::open(&s).await;
    let sig = s.user_sig("alice");
    assert_eq!(
        error_code(&c.login(&s, "bob", &sig, "").await),
        Code::UserSigIdentifierMismatch as i32
    );
    let mut c = Conn::open(&s).await;
    assert_eq!(error_code(&c.login(&s, "alice", "garbage", "").await), Code::UserSigInvalid as i32);
    let mut c = Conn::open(&s).await;
    assert_eq!(
        error_code(&c.login(&s, &"x".repeat(33), &sig, "").await),
        Code::InvalidIdentifier as i32
    );

    let mut alice = Conn::login_as(&s, "alice", "1").await;
    assert_eq!(
        error_code(&alice.send_text("m", "nobody", "", "hi").await),
        Code::MsgInvalidId as i32
    );
    let big = "x".repeat(12 * 1024 + 1);
    assert_eq!(
        error_code(&alice.send_text("m", "alice", "", &big).await),
        Code::ServerBodySizeLimit as i32
    );
    alice.ws.send(Ws::Text(r#"{"t":"send","req":77,"msg":"#.into())).await.unwrap();
    assert_eq!(error_code(&alice.recv().await), Code::InvalidParameters as i32);
    // The session survives malformed frames.
    assert!(matches!(
        alice.send_text("ok", "alice", "", "still here").await,
        ServerFrame::SendAck { .. }
    ));
}

#[tokio::test]
async fn same_platform_login_kicks_the_older_session() {
    let s = TestServer::start();
    let mut first = Conn::login_as(&s, "alice", "1").await;
    let _other_platform = Conn::login_as(&s, "alice", "2").await;
    assert!(first.quiet().await);
    let _second = Conn::login_as(&s, "alice", "1").await;
    assert_eq!(first.recv().await, ServerFrame::Kicked {});
}

#[tokio::test]
async fn an_expiring_user_sig_ends_the_session() {
    let s = TestServer::start();
    let mut c = Conn::open(&s).await;
    let sig = s.user_sig_with_expire("alice", 2);
    assert!(matches!(c.login(&s, "alice", &sig, "").await, ServerFrame::LoginOk { .. }));
    assert_eq!(c.recv().await, ServerFrame::SigExpired {});
}

#[tokio::test]
async fn a_group_created_without_an_id_gets_one_that_takes_messages() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let created = alice
        .request(|req| ClientFrame::GroupCreate {
            req,
            group_type: "Meeting".into(),
            group: String::new(),
            name: String::new(),
            members: vec![],
        })
        .await;
    let ServerFrame::GroupCreated { group, .. } = created else { panic!("{created:?}") };
    assert!(group.starts_with(hark_proto::limits::ASSIGNED_GROUP_PREFIX), "{group}");
    assert!(matches!(
        alice.send_text("m", "", &group, "hi").await,
        ServerFrame::SendAck { seq: 1, .. }
    ));
    let mine = alice
        .request(|req| ClientFrame::GroupCreate {
            req,
            group_type: "Meeting".into(),
            group: "@TGS#mine".into(),
            name: String::new(),
            members: vec![],
        })
        .await;
    assert_eq!(error_code(&mine), Code::GroupInvalidGroupId as i32);
}

#[tokio::test]
async fn every_session_of_a_user_gets_each_message_once() {
    let s = TestServer::start();
    let mut alice_phone = Conn::login_as(&s, "alice", "1").await;
    let mut alice_desk = Conn::login_as(&s, "alice", "2").await;
    let mut bob_phone = Conn::login_as(&s, "bob", "1").await;
    let mut bob_desk = Conn::login_as(&s, "bob", "2").await;
    alice_phone.send_text("m1", "bob", "", "to both of bob's devices").await;
    for bob in [&mut bob_phone, &mut bob_desk] {
        let (_, m) = bob.push().await;
        assert_eq!(m.msg_id, "m1");
        assert!(bob.quiet().await);
    }
    // The sender's other device sees what it sent; the sending session does not.
    let (_, m) = alice_desk.push().await;
    assert_eq!((m.msg_id.as_str(), m.sender.as_str()), ("m1", "alice"));
    assert!(alice_phone.quiet().await);
}

#[tokio::test]
async fn a_frame_over_1_mb_is_refused_with_9522_and_the_session_survives() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let limit = hark_proto::limits::MAX_FRAME_BYTES;
    let refused = |f: ServerFrame| match f {
        ServerFrame::Error { req, code, .. } => (req, code),
        other => panic!("expected an error, got {other:?}"),
    };
    // Exactly 1 MB passes the size check (and fails later, as an unknown group).
    let join = |req: u64, len: usize| {
        let head = format!(r#"{{"t":"group_join","req":{req},"group":"g","note":""#);
        format!("{head}{}\"}}", "n".repeat(len - head.len() - 2))
    };
    let at_limit = join(7, limit);
    assert_eq!(at_limit.len(), limit);
    alice.ws.send(Ws::Text(at_limit.into())).await.unwrap();
    assert_eq!(refused(alice.recv().await), (7, Code::GroupNotFound as i32));
    let over = join(8, limit + 1);
    alice.ws.send(Ws::Text(over.into())).await.unwrap();
    assert_eq!(refused(alice.recv().await), (8, Code::NetPkgSizeLimit as i32));
    // Not JSON at all: still refused by size, with req 0.
    alice.ws.send(Ws::Text("x".repeat(limit + 100).into())).await.unwrap();
    assert_eq!(refused(alice.recv().await), (0, Code::NetPkgSizeLimit as i32));
    assert!(matches!(
        alice.send_text("m1", "alice", "", "still here").await,
        ServerFrame::SendAck { .. }
    ));

    // Over the transport's limit the WebSocket layer closes the connection.
    let huge = join(9, harkd::gateway::TRANSPORT_MAX_BYTES + 1);
    let _ = alice.ws.send(Ws::Text(huge.into())).await;
    let end = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match futures_util::StreamExt::next(&mut alice.ws).await {
                Some(Ok(Ws::Close(_))) | Some(Err(_)) | None => return,
                Some(Ok(_)) => {}
            }
        }
    });
    end.await.expect("the connection stays open");
}

fn note_to(msg_id: &str, to: &str) -> Message {
    Message {
        msg_id: msg_id.into(),
        receiver: to.into(),
        elems: vec![Elem::Text { text: "x".into() }],
        ..Default::default()
    }
}

#[tokio::test]
async fn a_flooding_connection_is_limited_and_cannot_starve_another() {
    let s = TestServer::start_with(|c| {
        c.limits.connection_requests_per_sec = 50;
        c.limits.connection_burst = 100;
    });
    let mut mallory = Conn::login_as(&s, "mallory", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    const FLOOD: u64 = 3000;
    let flooder = tokio::spawn(async move {
        let started = Instant::now();
        for req in 1..=FLOOD {
            let msg = note_to(&format!("f{req}"), "mallory");
            mallory.send(&ClientFrame::Send { req, msg }).await;
        }
        let (mut acked, mut limited) = (0, 0);
        while acked + limited < FLOOD {
            match mallory.recv().await {
                ServerFrame::SendAck { .. } => acked += 1,
                ServerFrame::Error { code, .. } if code == Code::NetFreqLimit as i32 => {
                    limited += 1
                }
                ServerFrame::Msg { .. } => {}
                other => panic!("{other:?}"),
            }
        }
        (mallory, acked, limited, started.elapsed())
    });
    // Meanwhile bob's sends go through promptly (a commit's fsync on a busy shared disk
    // can take a while, hence the margin).
    for i in 0..20 {
        let t = Instant::now();
        let ack = bob.send_text(&format!("b{i}"), "bob", "", "hi").await;
        assert!(matches!(ack, ServerFrame::SendAck { .. }), "{ack:?}");
        assert!(t.elapsed() < Duration::from_secs(3), "bob waited {:?}", t.elapsed());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let (mut mallory, acked, limited, took) = flooder.await.unwrap();
    // The burst, plus what the rate refilled while the flood was read.
    let most = 100 + (took.as_secs_f64() * 50.0).ceil() as u64 + 1;
    assert!((100..=most).contains(&acked), "{acked} acked in {took:?}");
    assert_eq!(limited, FLOOD - acked);
    // The session stays open and is served again once the bucket refills.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let ack = mallory.send_text("after", "mallory", "", "ok").await;
    assert!(matches!(ack, ServerFrame::SendAck { .. }), "{ack:?}");
}

#[tokio::test]
async fn a_users_sends_are_limited_across_its_sessions() {
    let s = TestServer::start_with(|c| {
        c.limits.user_sends_per_sec = 5;
        c.limits.user_send_burst = 10;
    });
    let mut phone = Conn::login_as(&s, "alice", "1").await;
    let mut pad = Conn::login_as(&s, "alice", "2").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let started = Instant::now();
    let (mut acked, mut limited) = (0, 0);
    for i in 0..30 {
        let conn = if i % 2 == 0 { &mut phone } else { &mut pad };
        match conn.send_msg(note_to(&format!("a{i}"), "bob")).await {
            ServerFrame::SendAck { .. } => acked += 1,
            f => {
                assert_eq!(error_code(&f), Code::ApiCallFrequencyLimit as i32);
                limited += 1;
            }
        }
    }
    let most = 10 + (started.elapsed().as_secs_f64() * 5.0).ceil() as u32;
    assert!(acked >= 10 && acked <= most && limited == 30 - acked, "{acked} acked");
    // Another user is not affected; alice is served again after a pause.
    for i in 0..10 {
        let ack = bob.send_msg(note_to(&format!("b{i}"), "alice")).await;
        assert!(matches!(ack, ServerFrame::SendAck { .. }), "{ack:?}");
    }
    tokio::time::sleep(Duration::from_millis(250)).await;
    let ack = pad.send_msg(note_to("later", "bob")).await;
    assert!(matches!(ack, ServerFrame::SendAck { .. }), "{ack:?}");
}

#[tokio::test]
async fn a_session_that_stops_reading_is_dropped_and_the_others_go_on() {
    let s = TestServer::start_with(|c| c.limits.session_queue_bytes = 1 << 20);
    drop(Conn::login_as(&s, "bob", "1").await);
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let big = "x".repeat(11_000);
    for i in 0..20 {
        alice.send_text(&format!("big{i}"), "bob", "", &big).await;
    }
    // Another session of alice's asks for that 220 KB page again and again and reads
    // nothing: far more than the queue, the socket and the client's buffers hold.
    const ASKED: u64 = 400;
    let mut reader = Conn::login_as(&s, "alice", "2").await;
    for req in 1..=ASKED {
        let f = ClientFrame::History {
            req,
            user: "bob".into(),
            group: String::new(),
            count: 20,
            before_seq: None,
        };
        reader.send(&f).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    // The first session is served as usual meanwhile.
    let ack = alice.send_text("after", "bob", "", "ok").await;
    assert!(matches!(ack, ServerFrame::SendAck { .. }), "{ack:?}");
    // What was written before the drop can still be read; then the connection ends.
    let mut pages = 0;
    let ended = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(Ok(m)) = reader.ws.next().await {
            if let Ws::Text(t) = m {
                pages += u64::from(t.starts_with(r#"{"t":"history""#));
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the session was not dropped ({pages} pages read)");
    assert!(pages < ASKED, "every page arrived: nothing was dropped");
}

/// Reads until harkd closes the connection (a close frame or the socket's end).
async fn closed_within(conn: &mut Conn, within: Duration) {
    let closed = async {
        loop {
            match conn.ws.next().await {
                Some(Ok(Ws::Close(_)) | Err(_)) | None => return,
                Some(Ok(_)) => {}
            }
        }
    };
    tokio::time::timeout(within, closed).await.expect("harkd did not close the connection");
}

async fn ping(conn: &mut Conn, payload: &'static [u8]) {
    conn.ws.send(Ws::Ping(payload.into())).await.unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(5), conn.ws.next())
        .await
        .expect("no pong within 5 s")
        .expect("connection closed")
        .unwrap();
    assert_eq!(answer, Ws::Pong(payload.into()));
}

#[tokio::test]
async fn a_silent_session_is_closed_after_the_idle_timeout_and_pings_keep_one_open() {
    let s = TestServer::start_with(|c| c.limits.idle_timeout_secs = 2);
    let mut silent = Conn::login_as(&s, "alice", "1").await;
    let started = Instant::now();
    let mut pinging = Conn::login_as(&s, "bob", "1").await;
    // harkd answers a ping with a pong carrying its payload.
    ping(&mut pinging, b"are you there").await;
    // Pings only, every 300 ms, for three idle timeouts.
    let keeper = tokio::spawn(async move {
        let until = Instant::now() + Duration::from_secs(6);
        while Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(300)).await;
            ping(&mut pinging, b"").await;
        }
        pinging
    });
    closed_within(&mut silent, Duration::from_secs(20)).await;
    // Timers fire late, never early: the login itself was heard a moment before `started`.
    assert!(started.elapsed() >= Duration::from_secs(1), "closed after {:?}", started.elapsed());
    let mut pinging = keeper.await.unwrap();
    let ack = pinging.send_text("kept", "alice", "", "hi").await;
    assert!(matches!(ack, ServerFrame::SendAck { .. }), "{ack:?}");
    // Silent from now on: closed too.
    closed_within(&mut pinging, Duration::from_secs(20)).await;
}

#[tokio::test]
async fn with_full_sync_pipelined_sends_are_acked_in_order_pushed_and_stored() {
    // Acks wait for the WAL's sync on its own thread; pushes go at the commit.
    let s = TestServer::start_with(|c| c.store.synchronous = "full".into());
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    const N: u64 = 300;
    for i in 0..N {
        let msg = note_to(&format!("m{i}"), "bob");
        alice.send(&ClientFrame::Send { req: 1000 + i, msg }).await;
    }
    for i in 0..N {
        match alice.recv().await {
            ServerFrame::SendAck { req, seq, .. } => assert_eq!((req, seq), (1000 + i, i + 1)),
            other => panic!("{other:?}"),
        }
    }
    for i in 0..N {
        let (pos, m) = bob.push().await;
        assert_eq!((pos, m.msg_id), (i + 1, format!("m{i}")));
    }
    let history = bob.history("alice", "").await;
    assert_eq!(history.len(), 100);
    assert_eq!(history[0].seq, N, "newest first");
}

#[tokio::test]
async fn a_client_that_saw_log_positions_the_store_lacks_gets_new_messages_past_them() {
    // As after a power loss took batches whose pushes had gone out: the client's log
    // position is ahead of the store's. New messages must be placed past it.
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    drop(Conn::login_as(&s, "bob", "1").await);
    alice.send_text("m1", "bob", "", "one").await;
    let mut bob = Conn::open(&s).await;
    let sig = s.user_sig("bob");
    let login = ClientFrame::Login {
        req: 1,
        ver: hark_proto::PROTOCOL_VERSION,
        sdkappid: s.sdkappid,
        user: "bob".into(),
        sig,
        platform: "1".into(),
        pos: 40,
    };
    bob.send(&login).await;
    assert!(matches!(bob.recv().await, ServerFrame::LoginOk { .. }));
    assert!(bob.quiet().await, "nothing after 40 to replay");
    alice.send_text("m2", "bob", "", "two").await;
    let (pos, m) = bob.push().await;
    assert_eq!((pos, m.msg_id.as_str()), (41, "m2"));
    // A later client of bob's that saw only the first message catches up on the second.
    drop(bob);
    let mut phone = Conn::login_as(&s, "bob", "2").await;
    let ids: Vec<(u64, String)> =
        [phone.push().await, phone.push().await].into_iter().map(|(n, m)| (n, m.msg_id)).collect();
    assert_eq!(ids, [(1, "m1".to_owned()), (41, "m2".to_owned())]);
}

/// The fields libhark checks before it sends, checked again by harkd for a client that
/// skipped them: each bad one is refused with libhark's code and nothing is stored.
#[tokio::test]
async fn fields_libhark_refuses_are_refused_by_harkd_and_not_stored() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let frame = |req: u64, elems: &str| {
        format!(
            r#"{{"t":"send","req":{req},"msg":{{"msg_id":"bad{req}","receiver":"bob","elems":{elems}}}}}"#
        )
    };
    let place = |lon: &str, lat: &str| {
        format!(r#"{{"type":"location","desc":"d","longitude":{lon},"latitude":{lat}}}"#)
    };
    let location = |lon: &str, lat: &str| format!("[{}]", place(lon, lat));
    let text = |n: usize| format!(r#"{{"type":"text","text":"{}"}}"#, "x".repeat(n));
    let invalid = Code::InvalidParameters as i32;
    let cases = [
        (location("0", "1e308"), invalid),
        (location("200", "0"), invalid),
        (location("-180.000001", "0"), invalid),
        (location("0", "-90.5"), invalid),
        // After a text elem, the location is checked all the same.
        (format!("[{},{}]", text(1), place("0", "91")), invalid),
        (format!("[{}]", text(hark_proto::limits::MAX_BODY_BYTES + 1)), 80002),
        (format!(r#"[{},{{"type":"file","uuid":"u","name":"n","size":1}}]"#, text(1)), 6016),
        ("[]".to_owned(), 6016),
    ];
    for (i, (elems, code)) in cases.iter().enumerate() {
        let req = 100 + i as u64;
        alice.ws.send(Ws::Text(frame(req, elems).into())).await.unwrap();
        match alice.recv().await {
            ServerFrame::Error { req: r, code: c, .. } => {
                assert_eq!((r, c), (req, *code), "{elems}")
            }
            other => panic!("{elems}: expected an error, got {other:?}"),
        }
    }
    // JSON cannot carry NaN or infinity: such a frame is refused unread.
    for (i, lat) in ["NaN", "Infinity", "1e999"].iter().enumerate() {
        let req = 200 + i as u64;
        alice.ws.send(Ws::Text(frame(req, &location("0", lat)).into())).await.unwrap();
        let refused = alice.recv().await;
        assert!(matches!(refused, ServerFrame::Error { .. }), "{lat}: {refused:?}");
    }
    assert!(bob.quiet().await, "bob got nothing");
    assert!(alice.history("bob", "").await.is_empty(), "nothing was stored");
    // The edges themselves are on Earth.
    alice.ws.send(Ws::Text(frame(300, &location("-180", "90")).into())).await.unwrap();
    assert!(matches!(alice.recv().await, ServerFrame::SendAck { req: 300, .. }));
    let (_, msg) = bob.push().await;
    assert_eq!(msg.elems, [Elem::Location { desc: "d".into(), longitude: -180.0, latitude: 90.0 }]);
}
