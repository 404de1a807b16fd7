//! Group send semantics over the wire: targeted messages, group types, priority and the
//! rate limit, online-only messages.

mod common;

use std::time::{Duration, Instant};

use common::http::{self, Auth};
use common::ws::{error_code, Conn};
use hark_proto::media::{
    MediaKind, UploadRequest, UploadState, HEADER_OFFSET, MEDIA_PATH, UPLOADS_PATH,
};
use hark_proto::{ClientFrame, Code, Elem, Message, Priority, ServerFrame};
use harkd::testing::TestServer;

async fn create(c: &mut Conn, group_type: &str, group: &str, members: &[&str]) {
    c.create_group(group_type, group, "", members).await;
}

fn text(msg_id: &str, group: &str, body: &str) -> Message {
    Message {
        msg_id: msg_id.into(),
        group: group.into(),
        elems: vec![Elem::Text { text: body.into() }],
        ..Default::default()
    }
}

fn targeted(msg_id: &str, group: &str, receiver: &str, targets: &[&str]) -> Message {
    Message {
        receiver: receiver.into(),
        targets: targets.iter().map(|t| t.to_string()).collect(),
        ..text(msg_id, group, "for some")
    }
}

async fn history_ids(c: &mut Conn, user: &str, group: &str) -> Vec<String> {
    c.history(user, group).await.into_iter().map(|m| m.msg_id).collect()
}

async fn login_all(s: &TestServer, names: &[&str]) -> Vec<Conn> {
    let mut out = Vec::new();
    for n in names {
        out.push(Conn::login_as(s, n, "1").await);
    }
    out
}

#[tokio::test]
async fn a_targeted_message_reaches_only_its_members_and_the_sender() {
    let s = TestServer::start();
    let mut c = login_all(&s, &["alice", "bob", "carol", "dave"]).await;
    let mut alice_desk = Conn::login_as(&s, "alice", "2").await;
    drop(Conn::login_as(&s, "erin", "1").await);
    create(&mut c[0], "Public", "g", &["bob", "carol", "dave", "erin"]).await;

    // receiver and targets merge, each once.
    let ack = c[0].send_msg(targeted("t1", "g", "bob", &["bob", "erin"])).await;
    assert!(matches!(ack, ServerFrame::SendAck { seq: 1, .. }), "{ack:?}");
    let (_, m) = c[1].push().await;
    assert_eq!((m.msg_id.as_str(), m.targets.clone()), ("t1", vec!["bob".into(), "erin".into()]));
    assert_eq!(alice_desk.push().await.1.msg_id, "t1");
    c[0].send_msg(text("all", "g", "for all")).await;
    for member in &mut c[1..4] {
        assert_eq!(member.push().await.1.msg_id, "all");
    }
    assert!(c[2].quiet().await && c[3].quiet().await, "an untargeted member got t1");

    assert_eq!(history_ids(&mut c[0], "", "g").await, ["all", "t1"]);
    assert_eq!(history_ids(&mut c[1], "", "g").await, ["all", "t1"]);
    assert_eq!(history_ids(&mut c[2], "", "g").await, ["all"]);
    // Catch-up: erin was offline and gets both; dave, again, only the plain one.
    let mut erin = Conn::login_as(&s, "erin", "1").await;
    assert_eq!(erin.push().await.1.msg_id, "t1");
    assert_eq!(erin.push().await.1.msg_id, "all");
    drop(c.remove(3));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut dave = Conn::login_as(&s, "dave", "1").await;
    assert_eq!(dave.push().await.1.msg_id, "all");
    assert!(dave.quiet().await);
    assert_eq!(history_ids(&mut erin, "", "g").await, ["all", "t1"]);
}

#[tokio::test]
async fn targeted_messages_are_checked() {
    let s = TestServer::start();
    let mut c = login_all(&s, &["alice", "bob", "carol"]).await;
    create(&mut c[0], "Work", "w", &["bob"]).await;
    let many: Vec<String> = (0..51).map(|i| format!("u{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    for (msg, code) in [
        (targeted("m1", "w", "", &many), Code::GroupInvalidParameters),
        (targeted("m2", "w", "carol", &[]), Code::GroupPermissionDeny),
        (targeted("m3", "w", "", &["bob", "nobody"]), Code::GroupPermissionDeny),
        (targeted("m4", "w", "", &["bad id"]), Code::MsgInvalidId),
        (targeted("m5", "", "bob", &["bob"]), Code::InvalidParameters),
    ] {
        assert_eq!(error_code(&c[0].send_msg(msg).await), code as i32);
    }
    // 50 distinct targets pass the count (then fail as non-members), repeats count once.
    let fifty = &many[..50];
    assert_eq!(
        error_code(&c[0].send_msg(targeted("m6", "w", "", fifty)).await),
        Code::GroupPermissionDeny as i32
    );
    let ack = c[0].send_msg(targeted("m7", "w", "bob", &["bob"; 50])).await;
    assert!(matches!(ack, ServerFrame::SendAck { .. }), "{ack:?}");
    // A non-member sends nothing, targeted or not.
    assert_eq!(
        error_code(&c[2].send_msg(targeted("m8", "w", "bob", &[])).await),
        Code::GroupPermissionDeny as i32
    );
    assert_eq!(error_code(&c[2].send_msg(text("m9", "w", "x")).await), 10007);

    for (group_type, group) in [("AVChatRoom", "av"), ("Community", "co")] {
        create(&mut c[0], group_type, group, &["bob"]).await;
        let refused = c[0].send_msg(targeted("x", group, "bob", &[])).await;
        assert_eq!(error_code(&refused), Code::GroupInvalidParameters as i32, "{group_type}");
    }
}

#[tokio::test]
async fn a_targeted_file_is_downloaded_only_by_its_members() {
    let s = TestServer::start();
    let mut c = login_all(&s, &["alice", "bob", "carol", "dave"]).await;
    create(&mut c[0], "Public", "g", &["bob", "carol", "dave"]).await;
    let auth = |user: &str| Auth { app: s.sdkappid, user: user.into(), sig: s.user_sig(user) };
    let bytes = b"for bob and carol".to_vec();
    let req = UploadRequest { kind: MediaKind::File, size: bytes.len() as u64, name: "f".into() };
    let body = serde_json::to_vec(&req).unwrap();
    let r = http::request(s.port, "POST", UPLOADS_PATH, Some(&auth("alice")), &[], &body).await;
    let id = r.json::<UploadState>().upload_id;
    let path = format!("{UPLOADS_PATH}/{id}");
    let offset = [(HEADER_OFFSET, "0".to_owned())];
    let r = http::request(s.port, "PATCH", &path, Some(&auth("alice")), &offset, &bytes).await;
    let media = r.json::<UploadState>().media.expect("stored");
    let msg = Message {
        targets: vec!["bob".into(), "carol".into()],
        elems: vec![Elem::File { uuid: media.uuid.clone(), name: "f".into(), size: 0 }],
        ..text("f1", "g", "")
    };
    assert!(matches!(c[0].send_msg(msg).await, ServerFrame::SendAck { .. }));
    let get = format!("{MEDIA_PATH}/{}", media.uuid);
    for (user, status) in [("bob", 200), ("carol", 200), ("dave", 403), ("alice", 200)] {
        let r = http::request(s.port, "GET", &get, Some(&auth(user)), &[], &[]).await;
        assert_eq!(r.status, status, "{user}");
    }
}

#[tokio::test]
async fn avchatroom_keeps_no_history_and_work_groups_take_no_joins() {
    let s = TestServer::start();
    let mut c = login_all(&s, &["alice", "bob", "carol"]).await;
    create(&mut c[0], "AVChatRoom", "live", &["bob"]).await;
    drop(Conn::login_as(&s, "dave", "1").await);
    let join = c[2]
        .request(|req| ClientFrame::GroupJoin { req, group: "live".into(), note: String::new() })
        .await;
    assert!(matches!(join, ServerFrame::Ok { .. }), "anyone joins an AVChatRoom: {join:?}");
    let ack = c[0].send_msg(text("a1", "live", "on air")).await;
    let ServerFrame::SendAck { seq, pos, dropped, .. } = ack else { panic!("{ack:?}") };
    assert_eq!((seq, pos, dropped), (0, 0, false));
    for i in [1, 2] {
        let (pos, m) = c[i].push().await;
        assert_eq!((pos, m.msg_id.as_str(), m.online_only), (0, "a1", false));
    }
    assert!(history_ids(&mut c[1], "", "live").await.is_empty());
    // V2TIM: onlineUserOnly must be false in an AVChatRoom.
    let online = Message { online_only: true, ..text("a2", "live", "typing") };
    assert_eq!(error_code(&c[0].send_msg(online).await), Code::GroupInvalidParameters as i32);
    // A member who comes back later catches up on nothing.
    drop(c.remove(2));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut carol = Conn::login_as(&s, "carol", "1").await;
    assert!(carol.quiet().await);

    create(&mut c[0], "Work", "work", &[]).await;
    let join = carol
        .request(|req| ClientFrame::GroupJoin { req, group: "work".into(), note: String::new() })
        .await;
    assert_eq!(error_code(&join), Code::GroupPermissionDeny as i32);
    for group_type in ["Public", "Meeting", "Community"] {
        create(&mut c[0], group_type, group_type, &["bob"]).await;
        let ack = c[0].send_msg(text(group_type, group_type, "stored")).await;
        assert!(matches!(ack, ServerFrame::SendAck { seq: 1, .. }), "{group_type}: {ack:?}");
        assert_eq!(history_ids(&mut c[1], "", group_type).await, [group_type]);
    }
}

/// Sends `n` messages of `priority` evenly over `over`, then reads every ack; returns
/// how many were admitted.
async fn flood(mut c: Conn, tag: String, priority: Priority, n: u32, over: Duration) -> u32 {
    let mut tick = tokio::time::interval(over / n);
    for i in 0..n {
        tick.tick().await;
        let msg = Message { priority, ..text(&format!("{tag}-{i}"), "busy", "x") };
        let req = c.next_req();
        c.send(&ClientFrame::Send { req, msg }).await;
    }
    let mut admitted = 0;
    let mut acks = 0;
    while acks < n {
        match c.recv().await {
            ServerFrame::SendAck { dropped, seq, .. } => {
                acks += 1;
                assert_eq!(dropped, seq == 0);
                admitted += u32::from(!dropped);
            }
            ServerFrame::Msg { .. } => {}
            other => panic!("{other:?}"),
        }
    }
    admitted
}

#[tokio::test]
async fn over_the_rate_limit_high_is_admitted_and_low_dropped_first() {
    let s = TestServer::start();
    let names = ["low1", "low2", "high1", "high2", "watcher"];
    let mut c = login_all(&s, &names).await;
    create(&mut c[0], "Public", "busy", &names[1..]).await;
    let mut watcher = c.pop().unwrap();

    let over = Duration::from_secs(1);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (conn, name) in c.into_iter().zip(names) {
        let (priority, n) =
            if name.starts_with("low") { (Priority::Low, 500) } else { (Priority::High, 50) };
        tasks.push(tokio::spawn(flood(conn, name.to_owned(), priority, n, over)));
    }
    let mut admitted = Vec::new();
    for t in tasks {
        admitted.push(t.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (low, high) = (admitted[0] + admitted[1], admitted[2] + admitted[3]);
    println!("admitted HIGH {high} of 100, LOW {low} of 1000 in {elapsed:.2} s");
    assert!(high >= 95, "HIGH admitted {high} of 100 (LOW {low}) in {elapsed:.2} s");
    assert!(low <= 30, "LOW admitted {low} of 1000 while HIGH waited");
    // The bucket: 40/s and a burst of two seconds' worth.
    assert!(f64::from(low + high) <= 40.0 * elapsed + 80.0 + 1.0, "{low}+{high} in {elapsed}");

    // The watcher gets exactly what was admitted, in seq order.
    let mut seqs = Vec::new();
    while seqs.len() < (low + high) as usize {
        seqs.push(watcher.push().await.1.seq);
    }
    assert!(watcher.quiet().await);
    assert_eq!(seqs, (1..=u64::from(low + high)).collect::<Vec<_>>());
}

#[tokio::test]
async fn c2c_is_never_rate_limited() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    for i in 0..300u32 {
        let msg = Message {
            priority: Priority::Low,
            receiver: "bob".into(),
            ..text(&format!("c{i}"), "", "x")
        };
        let req = alice.next_req();
        alice.send(&ClientFrame::Send { req, msg }).await;
    }
    for i in 1..=300u64 {
        let ack = alice.recv().await;
        assert!(
            matches!(ack, ServerFrame::SendAck { seq, dropped: false, .. } if seq == i),
            "{ack:?}"
        );
        assert_eq!(bob.push().await.1.seq, i);
    }
}

#[tokio::test]
async fn online_only_reaches_each_online_session_once_and_is_never_stored() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut alice_desk = Conn::login_as(&s, "alice", "2").await;
    let mut bob_phone = Conn::login_as(&s, "bob", "1").await;
    let mut bob_desk = Conn::login_as(&s, "bob", "2").await;
    drop(Conn::login_as(&s, "carol", "1").await);
    create(&mut alice, "Public", "g", &["bob", "carol"]).await;

    for (id, receiver, group) in [("typing-c2c", "bob", ""), ("typing-g", "", "g")] {
        let msg =
            Message {
                online_only: true, receiver: receiver.into(), ..text(id, group, "typing…")
            };
        let ack = alice.send_msg(msg).await;
        let ServerFrame::SendAck { seq, pos, .. } = ack else { panic!("{ack:?}") };
        assert_eq!((seq, pos), (0, 0));
        for c in [&mut bob_phone, &mut bob_desk, &mut alice_desk] {
            let (pos, m) = c.push().await;
            assert_eq!((pos, m.msg_id.as_str(), m.seq, m.online_only), (0, id, 0, true));
        }
    }
    for c in [&mut alice, &mut bob_phone, &mut bob_desk, &mut alice_desk] {
        assert!(c.quiet().await, "a second copy, or the sending session got its own");
    }
    assert!(history_ids(&mut bob_phone, "alice", "").await.is_empty());
    assert!(history_ids(&mut bob_phone, "", "g").await.is_empty());
    // Carol was offline: nothing to catch up on.
    let mut carol = Conn::login_as(&s, "carol", "1").await;
    assert!(carol.quiet().await);
    // Stored messages still number from 1: online-only ones took no seq.
    let ack = alice.send_msg(text("real", "g", "stored")).await;
    assert!(matches!(ack, ServerFrame::SendAck { seq: 1, .. }), "{ack:?}");
}

#[tokio::test]
async fn a_resent_unstored_message_gets_the_first_ack_and_is_delivered_once() {
    let s = TestServer::start();
    let mut c = login_all(&s, &["alice", "bob"]).await;
    create(&mut c[0], "AVChatRoom", "live", &["bob"]).await;
    let online = Message { online_only: true, receiver: "bob".into(), ..text("o1", "", "typing") };
    for msg in [text("a1", "live", "on air"), online] {
        let first = c[0].send_msg(msg.clone()).await;
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let again = c[0].send_msg(msg.clone()).await;
        let (
            ServerFrame::SendAck { seq: 0, time: t1, dropped: false, .. },
            ServerFrame::SendAck { seq: 0, time: t2, dropped: false, .. },
        ) = (&first, &again)
        else {
            panic!("{first:?} {again:?}")
        };
        assert_eq!(t1, t2, "the resend gets the first ack's time");
        let (_, m) = c[1].push().await;
        assert_eq!(m.msg_id, msg.msg_id);
        assert!(c[1].quiet().await, "a resend of {} was delivered twice", msg.msg_id);
    }
    // The same msgID from another sender is another message.
    let mut carol = Conn::login_as(&s, "carol", "1").await;
    let join = carol
        .request(|req| ClientFrame::GroupJoin { req, group: "live".into(), note: String::new() })
        .await;
    assert!(matches!(join, ServerFrame::Ok { .. }), "{join:?}");
    carol.send_msg(text("a1", "live", "mine")).await;
    let (_, m) = c[1].push().await;
    assert_eq!((m.sender.as_str(), m.msg_id.as_str()), ("carol", "a1"));
}

#[tokio::test]
async fn a_group_takes_no_more_members_than_its_type_allows() {
    let s = TestServer::start_with(|c| c.groups.max_members.public = 3);
    let mut owner = Conn::login_as(&s, "owner", "").await;
    for user in ["a", "b", "c"] {
        drop(Conn::login_as(&s, user, "").await);
    }
    let too_many = ["a", "b", "c"].map(String::from).to_vec();
    let f = owner
        .request(|req| ClientFrame::GroupCreate {
            req,
            group_type: "Public".into(),
            group: "big".into(),
            name: String::new(),
            members: too_many,
        })
        .await;
    assert_eq!(error_code(&f), Code::GroupFullMemberCount as i32, "owner and 3 members: {f:?}");

    create(&mut owner, "Public", "capped", &["a"]).await;
    let join = |req| ClientFrame::GroupJoin { req, group: "capped".into(), note: String::new() };
    let mut b = Conn::login_as(&s, "b", "").await;
    assert!(matches!(b.request(join).await, ServerFrame::Ok { .. }), "the third member");
    let mut c = Conn::login_as(&s, "c", "").await;
    assert_eq!(error_code(&c.request(join).await), Code::GroupFullMemberCount as i32);
    // A member who leaves makes room; another type keeps its own (default) cap.
    let quit = |req| ClientFrame::GroupQuit { req, group: "capped".into() };
    assert!(matches!(b.request(quit).await, ServerFrame::Ok { .. }));
    assert!(matches!(c.request(join).await, ServerFrame::Ok { .. }), "room after a quit");
    create(&mut owner, "Meeting", "roomy", &["a", "b", "c"]).await;
}

/// A member's catch-up holds its groups' messages from when it joined to when it left:
/// nothing sent before it joined arrives as new, and nothing after it left arrives at all.
#[tokio::test]
async fn catch_up_holds_what_was_sent_while_a_member_and_nothing_else() {
    let s = TestServer::start();
    let mut c = login_all(&s, &["owner", "carol", "dave"]).await;
    let mut dave = c.pop().unwrap();
    let mut carol = c.pop().unwrap();
    let mut owner = c.pop().unwrap();
    create(&mut owner, "Public", "club", &[]).await;
    let joined = carol
        .request(|req| ClientFrame::GroupJoin { req, group: "club".into(), note: String::new() })
        .await;
    assert!(matches!(joined, ServerFrame::Ok { .. }), "{joined:?}");
    assert!(matches!(owner.send_msg(text("g1", "club", "one")).await, ServerFrame::SendAck { .. }));
    assert_eq!(carol.push().await.1.msg_id, "g1");
    let quit = carol.request(|req| ClientFrame::GroupQuit { req, group: "club".into() }).await;
    assert!(matches!(quit, ServerFrame::Ok { .. }), "{quit:?}");
    assert!(matches!(owner.send_msg(text("g2", "club", "two")).await, ServerFrame::SendAck { .. }));
    let joined = dave
        .request(|req| ClientFrame::GroupJoin { req, group: "club".into(), note: String::new() })
        .await;
    assert!(matches!(joined, ServerFrame::Ok { .. }), "{joined:?}");
    assert!(matches!(
        owner.send_msg(text("g3", "club", "three")).await,
        ServerFrame::SendAck { .. }
    ));
    assert_eq!(dave.push().await.1.msg_id, "g3");
    assert!(carol.quiet().await, "carol left before g2");
    drop((carol, dave));

    // New processes, which acknowledged nothing: each catches up on its own span.
    let mut carol = Conn::login_as(&s, "carol", "2").await;
    assert_eq!(carol.push().await.1.msg_id, "g1");
    assert!(carol.quiet().await, "nothing after carol left");
    let mut dave = Conn::login_as(&s, "dave", "2").await;
    assert_eq!(dave.push().await.1.msg_id, "g3");
    assert!(dave.quiet().await, "nothing from before dave joined");
}

/// Whether a new member's history holds what came before it joined is the group type's:
/// not in a Public group, yes in a Community (`[groups.history_before_join]`).
#[tokio::test]
async fn a_new_members_history_starts_at_the_join_where_the_type_says() {
    let s = TestServer::start();
    let mut c = login_all(&s, &["owner", "newbie"]).await;
    let mut newbie = c.pop().unwrap();
    let mut owner = c.pop().unwrap();
    for (group_type, group) in [("Public", "pub"), ("Community", "com")] {
        create(&mut owner, group_type, group, &[]).await;
        let before = owner.send_msg(text(&format!("{group}-before"), group, "earlier")).await;
        assert!(matches!(before, ServerFrame::SendAck { .. }), "{before:?}");
        let joined = newbie
            .request(|req| ClientFrame::GroupJoin { req, group: group.into(), note: String::new() })
            .await;
        assert!(matches!(joined, ServerFrame::Ok { .. }), "{joined:?}");
        let after = owner.send_msg(text(&format!("{group}-after"), group, "later")).await;
        assert!(matches!(after, ServerFrame::SendAck { .. }), "{after:?}");
    }
    assert_eq!(history_ids(&mut newbie, "", "pub").await, ["pub-after"]);
    assert_eq!(history_ids(&mut newbie, "", "com").await, ["com-after", "com-before"]);
    assert_eq!(history_ids(&mut owner, "", "pub").await, ["pub-after", "pub-before"]);
}

async fn invite(c: &mut Conn, group: &str, members: &[&str]) -> ServerFrame {
    let (group, members) = (group.to_owned(), members.iter().map(|m| m.to_string()).collect());
    c.request(|req| ClientFrame::GroupInvite { req, group, members }).await
}

#[tokio::test]
async fn invitations_follow_the_group_type_and_answer_per_user() {
    let s = TestServer::start();
    let mut conns = login_all(&s, &["owner", "member", "guest", "outsider"]).await;
    let [owner, member, guest, outsider] = &mut conns[..] else { unreachable!() };
    create(owner, "Work", "work", &["member"]).await;
    // Any member of a Work group invites; each user gets its V2TIMGroupMemberResult.
    let f = invite(member, "work", &["guest", "owner", "nobody"]).await;
    assert!(
        matches!(&f, ServerFrame::MemberResults { results, .. } if results == &[1, 2, 0]),
        "{f:?}"
    );
    let sent = guest.send_text("g1", "", "work", "hi").await;
    assert!(matches!(sent, ServerFrame::SendAck { .. }), "the guest is a member: {sent:?}");
    assert_eq!(error_code(&invite(outsider, "work", &["outsider"]).await), 10007);

    create(owner, "Public", "public", &[]).await;
    create(owner, "Community", "community", &["member"]).await;
    assert_eq!(error_code(&invite(owner, "public", &["guest"]).await), 10007);
    assert_eq!(error_code(&invite(member, "community", &["guest"]).await), 10007);
    let f = invite(owner, "community", &["guest"]).await;
    assert!(matches!(&f, ServerFrame::MemberResults { results, .. } if results == &[1]), "{f:?}");
    assert_eq!(error_code(&invite(owner, "community", &[]).await), 6017);
    assert_eq!(error_code(&invite(owner, "none", &["guest"]).await), 10010);
}
