//! Message read receipts: messages sent with `need_read_receipt` count their readers once
//! each, their senders hear the new counts, and anyone in the conversation can ask them.

mod common;

use common::ws::{error_code, Conn};
use hark_proto::{ClientFrame, Elem, Message, MessageReceipt, ServerFrame};
use harkd::testing::TestServer;

async fn sent(c: &mut Conn, msg_id: &str, to: &str, group: &str, receipt: bool) -> u64 {
    let msg = Message {
        msg_id: msg_id.into(),
        receiver: to.into(),
        group: group.into(),
        need_read_receipt: receipt,
        elems: vec![Elem::Text { text: msg_id.into() }],
        ..Default::default()
    };
    match c.send_msg(msg).await {
        ServerFrame::SendAck { seq, .. } => seq,
        other => panic!("expected an ack, got {other:?}"),
    }
}

async fn read(c: &mut Conn, conv: &str, seqs: &[u64]) -> ServerFrame {
    let (conv, seqs) = (conv.to_owned(), seqs.to_vec());
    c.request(|req| ClientFrame::ReadReceipts { req, conv, seqs }).await
}

/// The next receipts pushed, skipping messages.
async fn changed(c: &mut Conn) -> Vec<MessageReceipt> {
    loop {
        match c.recv().await {
            ServerFrame::ReceiptsChanged { receipts } => return receipts,
            ServerFrame::Msg { .. } => continue,
            other => panic!("expected receipts, got {other:?}"),
        }
    }
}

fn counts(receipts: &[MessageReceipt]) -> Vec<(&str, u64, u64)> {
    receipts.iter().map(|r| (r.msg_id.as_str(), r.read_count, r.unread_count)).collect()
}

#[tokio::test]
async fn each_reader_counts_once_and_the_sender_hears_it() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let mut carol = Conn::login_as(&s, "carol", "1").await;
    alice.create_group("Work", "team", "team", &["bob", "carol"]).await;
    let wants = sent(&mut alice, "wants", "", "team", true).await;
    let plain = sent(&mut alice, "plain", "", "team", false).await;

    // bob reads both: only the one that wants receipts counts, once.
    assert!(matches!(read(&mut bob, "group_team", &[wants, plain]).await, ServerFrame::Ok { .. }));
    let got = changed(&mut alice).await;
    assert_eq!(counts(&got), [("wants", 1, 1)]);
    assert_eq!((got[0].conv.as_str(), got[0].seq), ("group_team", wants));
    assert!(matches!(read(&mut bob, "group_team", &[wants]).await, ServerFrame::Ok { .. }));
    // The sender's own report is not a reader's.
    assert!(matches!(read(&mut alice, "group_team", &[wants]).await, ServerFrame::Ok { .. }));
    assert!(alice.quiet().await, "no news: nothing pushed");
    assert!(matches!(read(&mut carol, "group_team", &[wants]).await, ServerFrame::Ok { .. }));
    assert_eq!(counts(&changed(&mut alice).await), [("wants", 2, 0)]);

    // Anyone in the group may ask; only the messages that want receipts answer.
    for c in [&mut alice, &mut bob] {
        let f = c
            .request(|req| ClientFrame::GetReceipts {
                req,
                conv: "group_team".into(),
                seqs: vec![wants, plain, 999],
            })
            .await;
        let ServerFrame::Receipts { receipts, .. } = f else { panic!("{f:?}") };
        assert_eq!(counts(&receipts), [("wants", 2, 0)]);
    }
}

#[tokio::test]
async fn a_c2c_receipt_names_the_reader_and_strangers_are_refused() {
    let s = TestServer::start();
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let mut eve = Conn::login_as(&s, "eve", "1").await;
    let seq = sent(&mut alice, "hi", "bob", "", true).await;
    assert!(matches!(read(&mut bob, "c2c_alice", &[seq]).await, ServerFrame::Ok { .. }));
    let got = changed(&mut alice).await;
    assert_eq!(counts(&got), [("hi", 1, 0)]);
    assert_eq!(got[0].conv, "c2c_bob", "as the sender sees the conversation");

    alice.create_group("Work", "closed", "closed", &[]).await;
    let inside = sent(&mut alice, "inside", "", "closed", true).await;
    let not_member = read(&mut eve, "group_closed", &[inside]).await;
    assert_eq!(error_code(&not_member), 10007);
    let f = eve
        .request(|req| ClientFrame::GetReceipts { req, conv: "group_closed".into(), seqs: vec![1] })
        .await;
    assert_eq!(error_code(&f), 10007);
    assert_eq!(error_code(&read(&mut eve, "c2c_alice", &[seq]).await), 6017);
    assert_eq!(error_code(&read(&mut bob, "c2c_alice", &[]).await), 6017);
    let many: Vec<u64> = (1..=101).collect();
    assert_eq!(error_code(&read(&mut bob, "c2c_alice", &many).await), 6017);
    assert_eq!(error_code(&read(&mut bob, "alice", &[seq]).await), 6017);
    assert!(alice.quiet().await);
}
