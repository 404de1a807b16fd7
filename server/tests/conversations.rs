//! A user's conversation list: what it holds, its order, its unread counts, and the changes
//! a user makes to it (read, pin, delete, draft), seen by each of its devices.

mod common;

use common::ws::{error_code, Conn};
use hark_proto::{ClientFrame, Code, Conversation, Elem, Message, ServerFrame};
use harkd::testing::TestServer;

async fn list(c: &mut Conn) -> Vec<Conversation> {
    match c.request(|req| ClientFrame::ConvList { req, next: 0, count: 100 }).await {
        ServerFrame::ConvList { convs, finished: true, .. } => convs,
        other => panic!("expected the whole list, got {other:?}"),
    }
}

/// The list as (id, unread) pairs, in order.
async fn unread(c: &mut Conn) -> Vec<(String, u64)> {
    list(c).await.into_iter().map(|c| (c.id, c.unread)).collect()
}

async fn total(c: &mut Conn) -> u64 {
    match c.request(|req| ClientFrame::UnreadTotal { req }).await {
        ServerFrame::UnreadTotal { count, .. } => count,
        other => panic!("expected the total, got {other:?}"),
    }
}

async fn ok(c: &mut Conn, make: impl FnOnce(u64) -> ClientFrame) {
    let f = c.request(make).await;
    assert!(matches!(f, ServerFrame::Ok { .. }), "{f:?}");
}

async fn sent(c: &mut Conn, msg_id: &str, to: &str, group: &str) {
    let f = c.send_text(msg_id, to, group, msg_id).await;
    assert!(matches!(f, ServerFrame::SendAck { .. }), "{f:?}");
}

/// Skips pushed messages until the next `conv_changed`.
async fn changed(c: &mut Conn) -> Vec<Conversation> {
    loop {
        if let ServerFrame::ConvChanged { convs } = c.recv().await {
            return convs;
        }
    }
}

#[tokio::test]
async fn a_new_c2c_conversation_has_one_unread_on_the_receiver_and_reads_on_every_device() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut phone = Conn::login_as(&s, "bob", "1").await;
    let mut desktop = Conn::login_as(&s, "bob", "2").await;
    sent(&mut alice, "hi", "bob", "").await;
    phone.push().await;
    desktop.push().await;

    let convs = list(&mut phone).await;
    assert_eq!(convs.len(), 1);
    let c = &convs[0];
    assert_eq!(
        (c.id.as_str(), c.conv_type, c.user.as_str(), c.unread),
        ("c2c_alice", 1, "alice", 1)
    );
    assert_eq!(c.last.as_ref().map(|m| m.msg_id.as_str()), Some("hi"));
    assert_eq!(unread(&mut alice).await, [("c2c_bob".to_owned(), 0)], "own messages never count");
    assert_eq!(total(&mut desktop).await, 1);

    ok(&mut phone, |req| ClientFrame::ConvRead { req, conv: "c2c_alice".into() }).await;
    let seen = changed(&mut desktop).await;
    assert_eq!((seen[0].id.as_str(), seen[0].unread, seen[0].read_seq), ("c2c_alice", 0, 1));
    assert_eq!(unread(&mut desktop).await, [("c2c_alice".to_owned(), 0)]);
    assert_eq!(total(&mut phone).await, 0);
    assert!(phone.quiet().await, "the device that read is not told again");

    // The count survives a restart of the session, and a new message counts again.
    drop(phone);
    sent(&mut alice, "again", "bob", "").await;
    let mut phone = Conn::login_as(&s, "bob", "1").await;
    assert_eq!(unread(&mut phone).await, [("c2c_alice".to_owned(), 1)]);
}

#[tokio::test]
async fn the_list_orders_by_last_message_pins_first_and_deleted_ones_come_back_with_news() {
    let s = TestServer::start();
    let mut me = Conn::login_as(&s, "me", "1").await;
    let mut others = Vec::new();
    for name in ["ann", "ben", "cat"] {
        let mut c = Conn::login_as(&s, name, "1").await;
        sent(&mut c, &format!("from-{name}"), "me", "").await;
        me.push().await;
        others.push(c);
    }
    let ids = |convs: Vec<Conversation>| convs.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(list(&mut me).await), ["c2c_cat", "c2c_ben", "c2c_ann"]);

    sent(&mut others[0], "ann-again", "me", "").await;
    me.push().await;
    assert_eq!(ids(list(&mut me).await), ["c2c_ann", "c2c_cat", "c2c_ben"]);

    ok(&mut me, |req| ClientFrame::ConvPin { req, conv: "c2c_ben".into(), pinned: true }).await;
    let convs = list(&mut me).await;
    assert!(convs[0].pinned && convs[0].order_key > convs[1].order_key);
    assert_eq!(ids(convs), ["c2c_ben", "c2c_ann", "c2c_cat"]);

    // Pages follow the same order.
    let page = me.request(|req| ClientFrame::ConvList { req, next: 0, count: 2 }).await;
    let ServerFrame::ConvList { convs, next, finished: false, .. } = page else {
        panic!("{page:?}")
    };
    assert_eq!(ids(convs), ["c2c_ben", "c2c_ann"]);
    let page = me.request(|req| ClientFrame::ConvList { req, next, count: 2 }).await;
    let ServerFrame::ConvList { convs, finished: true, .. } = page else { panic!("{page:?}") };
    assert_eq!(ids(convs), ["c2c_cat"]);
    // A page that ends exactly at the list's end says so.
    let page = me.request(|req| ClientFrame::ConvList { req, next: 0, count: 3 }).await;
    assert!(
        matches!(&page, ServerFrame::ConvList { convs, finished: true, .. } if convs.len() == 3)
    );

    ok(&mut me, |req| ClientFrame::ConvDraft {
        req,
        conv: "c2c_cat".into(),
        draft: "half a th".into(),
    })
    .await;
    let mut laptop = Conn::login_as(&s, "me", "2").await;
    ok(&mut me, |req| ClientFrame::ConvDelete { req, conv: "c2c_ann".into() }).await;
    loop {
        match laptop.recv().await {
            ServerFrame::Msg { .. } => continue,
            ServerFrame::ConvDeleted { ids } => break assert_eq!(ids, ["c2c_ann"]),
            other => panic!("expected the deletion on the other device, got {other:?}"),
        }
    }
    let convs = list(&mut me).await;
    assert_eq!(convs.iter().map(|c| c.draft.as_str()).collect::<Vec<_>>(), ["", "half a th"]);
    assert_eq!(ids(convs), ["c2c_ben", "c2c_cat"]);
    assert_eq!(total(&mut me).await, 2, "a deleted conversation is read");

    sent(&mut others[0], "ann-back", "me", "").await;
    me.push().await;
    assert_eq!(unread(&mut me).await[1], ("c2c_ann".to_owned(), 1), "back, with only the news");
    let named = me
        .request(|req| ClientFrame::ConvGet {
            req,
            ids: vec!["c2c_ann".into(), "c2c_nobody".into()],
        })
        .await;
    let ServerFrame::ConvList { convs, .. } = named else { panic!("{named:?}") };
    assert_eq!(
        convs.iter().map(|c| c.last.as_ref().unwrap().msg_id.as_str()).collect::<Vec<_>>(),
        ["ann-back"]
    );
}

#[tokio::test]
async fn group_unread_counts_skip_own_and_targeted_messages_and_start_at_the_join() {
    let s = TestServer::start();
    let mut owner = Conn::login_as(&s, "owner", "1").await;
    let mut amy = Conn::login_as(&s, "amy", "1").await;
    owner.create_group("Public", "club", "The Club", &["amy"]).await;
    sent(&mut owner, "g1", "", "club").await;
    sent(&mut amy, "g2", "", "club").await;
    let targeted = Message {
        msg_id: "psst".into(),
        group: "club".into(),
        targets: vec!["amy".into()],
        elems: vec![Elem::Text { text: "for amy".into() }],
        ..Default::default()
    };
    assert!(matches!(owner.send_msg(targeted).await, ServerFrame::SendAck { .. }));
    let mut late = Conn::login_as(&s, "late", "1").await;
    ok(&mut late, |req| ClientFrame::GroupJoin { req, group: "club".into(), note: String::new() })
        .await;
    assert_eq!(unread(&mut late).await, [("group_club".to_owned(), 0)], "joined after them");
    sent(&mut owner, "g3", "", "club").await;

    // amy: g1 and g3 count; her own g2 and the targeted message do not.
    let convs = list(&mut amy).await;
    let c = &convs[0];
    assert_eq!(
        (c.id.as_str(), c.conv_type, c.group_type.as_str(), c.name.as_str()),
        ("group_club", 2, "Public", "The Club")
    );
    assert_eq!(c.unread, 1, "sending g2 read the group up to there; g3 is news");
    assert_eq!(unread(&mut late).await, [("group_club".to_owned(), 1)]);
    assert_eq!(unread(&mut owner).await, [("group_club".to_owned(), 0)]);
    assert_eq!(list(&mut late).await[0].last.as_ref().map(|m| m.msg_id.clone()), Some("g3".into()));

    ok(&mut amy, |req| ClientFrame::ConvRead { req, conv: String::new() }).await;
    assert_eq!(total(&mut amy).await, 0);
}

#[tokio::test]
async fn bad_conversation_requests_get_their_codes_and_change_nothing() {
    let s = TestServer::start();
    let mut me = Conn::login_as(&s, "me", "1").await;
    let mut other = Conn::login_as(&s, "other", "1").await;
    other.create_group("Public", "theirs", "", &[]).await;
    let cases: Vec<(ClientFrame, Code)> = vec![
        (ClientFrame::ConvRead { req: 0, conv: "bob".into() }, Code::InvalidParameters),
        (
            ClientFrame::ConvPin { req: 0, conv: "c2c_other".into(), pinned: true },
            Code::InvalidParameters,
        ),
        (
            ClientFrame::ConvPin { req: 0, conv: "group_theirs".into(), pinned: true },
            Code::GroupPermissionDeny,
        ),
        (ClientFrame::ConvDelete { req: 0, conv: "group_nowhere".into() }, Code::GroupNotFound),
        (
            ClientFrame::ConvDraft { req: 0, conv: "c2c_other".into(), draft: "x".repeat(9000) },
            Code::InvalidParameters,
        ),
        (ClientFrame::ConvList { req: 0, next: 0, count: 0 }, Code::InvalidParameters),
        (ClientFrame::ConvGet { req: 0, ids: vec![] }, Code::InvalidParameters),
    ];
    for (frame, code) in cases {
        let f = me
            .request(|req| match frame.clone() {
                ClientFrame::ConvRead { conv, .. } => ClientFrame::ConvRead { req, conv },
                ClientFrame::ConvPin { conv, pinned, .. } => {
                    ClientFrame::ConvPin { req, conv, pinned }
                }
                ClientFrame::ConvDelete { conv, .. } => ClientFrame::ConvDelete { req, conv },
                ClientFrame::ConvDraft { conv, draft, .. } => {
                    ClientFrame::ConvDraft { req, conv, draft }
                }
                ClientFrame::ConvList { next, count, .. } => {
                    ClientFrame::ConvList { req, next, count }
                }
                ClientFrame::ConvGet { ids, .. } => ClientFrame::ConvGet { req, ids },
                other => other,
            })
            .await;
        assert_eq!(error_code(&f), code as i32, "{frame:?}");
    }
    assert!(list(&mut me).await.is_empty());
    assert!(list(&mut other).await.iter().all(|c| !c.pinned));
}

#[tokio::test]
async fn reading_a_c2c_conversation_sends_the_peer_a_read_receipt_once() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    sent(&mut alice, "one", "bob", "").await;
    sent(&mut alice, "two", "bob", "").await;
    bob.push().await;
    bob.push().await;
    assert_eq!(list(&mut alice).await[0].peer_read_seq, 0);

    ok(&mut bob, |req| ClientFrame::ConvRead { req, conv: "c2c_alice".into() }).await;
    match alice.recv().await {
        ServerFrame::C2cRead { user, read_seq, time } => {
            assert_eq!((user.as_str(), read_seq), ("bob", 2));
            assert!(time > 0);
        }
        other => panic!("expected a read receipt, got {other:?}"),
    }
    assert_eq!(list(&mut alice).await[0].peer_read_seq, 2, "kept for IsPeerRead");
    // Nothing new to read: no second receipt, on this or the all-read path.
    ok(&mut bob, |req| ClientFrame::ConvRead { req, conv: "c2c_alice".into() }).await;
    ok(&mut bob, |req| ClientFrame::ConvRead { req, conv: String::new() }).await;
    assert!(alice.quiet().await);
    sent(&mut alice, "three", "bob", "").await;
    ok(&mut bob, |req| ClientFrame::ConvRead { req, conv: String::new() }).await;
    assert!(matches!(alice.recv().await, ServerFrame::C2cRead { read_seq: 3, .. }));
}

#[tokio::test]
async fn an_avchatroom_is_on_nobodys_list() {
    let s = TestServer::start();
    let mut host = Conn::login_as(&s, "host", "1").await;
    let mut fan = Conn::login_as(&s, "fan", "1").await;
    host.create_group("AVChatRoom", "live", "", &[]).await;
    ok(&mut fan, |req| ClientFrame::GroupJoin { req, group: "live".into(), note: String::new() })
        .await;
    sent(&mut host, "hello-room", "", "live").await;
    assert_eq!(fan.push().await.1.msg_id, "hello-room");
    assert!(list(&mut fan).await.is_empty());
    assert!(list(&mut host).await.is_empty());
    let f = fan
        .request(|req| ClientFrame::ConvPin { req, conv: "group_live".into(), pinned: true })
        .await;
    assert_eq!(error_code(&f), Code::GroupPermissionDeny as i32);
}

#[tokio::test]
async fn a_change_right_after_sends_sees_them_in_the_conversation() {
    let s = TestServer::start();
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let mut phone = Conn::login_as(&s, "alice", "1").await;
    let mut laptop = Conn::login_as(&s, "alice", "2").await;
    sent(&mut bob, "hello", "alice", "").await;
    // Sent back to back, so that a batch applies the last sends and the pin together: the
    // pin shows the other device the conversation with every send in it (its last
    // message, read up to it).
    for k in 0..50 {
        let msg = Message {
            msg_id: format!("r{k}"),
            receiver: "bob".into(),
            elems: vec![Elem::Text { text: "reply".into() }],
            ..Default::default()
        };
        let req = phone.next_req();
        phone.send(&ClientFrame::Send { req, msg }).await;
    }
    let pin = phone.next_req();
    phone.send(&ClientFrame::ConvPin { req: pin, conv: "c2c_bob".into(), pinned: true }).await;
    let seen = loop {
        match laptop.recv().await {
            ServerFrame::ConvChanged { convs } => break convs,
            _ => continue,
        }
    };
    assert_eq!(seen[0].last.as_ref().map(|m| m.msg_id.as_str()), Some("r49"));
    assert_eq!((seen[0].unread, seen[0].read_seq), (0, 51));
}
