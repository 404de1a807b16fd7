//! Message read receipts through the C API: a message sent with needReadReceipt, its
//! readers reporting it (SendMessageReadReceipts), the sender hearing the counts
//! (OnRecvMessageReadReceipts) and asking them (GetMessageReadReceipts).

mod common;

use std::ptr;

use common::conversations::{receipts_callback, ReceiptSnap};
use common::media::Keeper;
use common::{logged_in, Client, Ev, Msg, Rx};
use hark::ffi::*;
use harkd::testing::TestServer;

/// Sends `text` wanting receipts, to `to` or `group`; the sender's handle.
fn sent_wanting(c: &Client, text: &str, to: Option<&str>, group: Option<&str>) -> Msg {
    let m = Msg::text(text);
    assert_eq!(unsafe { hark_message_set_need_read_receipt(m.0, true) }, 0);
    assert!(unsafe { hark_message_get_need_read_receipt(m.0) });
    let (rc, rx) = c.send_message(&m, to, group, 0, false, None);
    assert_eq!(rc, 0);
    rx.sent();
    m
}

fn report_read(c: &Client, messages: &[&Msg]) -> i32 {
    let (cb, rx) = common::callback();
    let ptrs: Vec<*const hark_message> = messages.iter().map(|m| m.0.cast_const()).collect();
    let rc = unsafe { hark_send_message_read_receipts(c.ptr, ptrs.as_ptr(), ptrs.len(), cb) };
    if rc != 0 {
        return rx.refused(rc);
    }
    match rx.terminal() {
        Ev::Ok => 0,
        Ev::Err(code, _) => code,
        other => panic!("{other:?}"),
    }
}

fn asked(c: &Client, messages: &[&Msg]) -> Vec<ReceiptSnap> {
    let (cb, rx) = receipts_callback();
    let ptrs: Vec<*const hark_message> = messages.iter().map(|m| m.0.cast_const()).collect();
    assert_eq!(unsafe { hark_get_message_read_receipts(c.ptr, ptrs.as_ptr(), ptrs.len(), cb) }, 0);
    match rx.terminal() {
        Ev::MsgReceipts(r) => r,
        other => panic!("{other:?}"),
    }
}

fn pushed(l: &Rx) -> Vec<(String, String, u64, u64)> {
    l.until(|ev| match ev {
        Ev::MsgReceipts(r) => {
            Some(r.into_iter().map(|r| (r.msg_id, r.group, r.read, r.unread)).collect())
        }
        _ => None,
    })
}

#[test]
fn a_group_message_counts_its_readers_and_its_sender_hears_them() {
    let s = TestServer::start();
    let alice = logged_in(&s, "alice");
    let alice_hears = alice.listen();
    let bob = logged_in(&s, "bob");
    let carol = logged_in(&s, "carol");
    let (bob_gets, carol_gets) = (Keeper::listen(&bob), Keeper::listen(&carol));
    alice.create_group("Work", Some("team"), &["bob", "carol"]);
    let wants = sent_wanting(&alice, "read me", None, Some("team"));
    let id = wants.snap().msg_id;
    assert_eq!(unsafe { hark_message_set_need_read_receipt(wants.0, false) }, 6017, "sent");

    let got = bob_gets.next();
    assert!(unsafe { hark_message_get_need_read_receipt(got.0) });
    assert_eq!(report_read(&bob, &[&got]), 0);
    assert_eq!(pushed(&alice_hears), [(id.clone(), "team".to_owned(), 1, 1)]);
    assert_eq!(report_read(&bob, &[&got]), 0, "again: counted once");
    assert_eq!(report_read(&carol, &[&carol_gets.next()]), 0);
    assert_eq!(pushed(&alice_hears), [(id.clone(), "team".to_owned(), 2, 0)]);

    let counted = asked(&alice, &[&wants]);
    assert_eq!(
        (counted[0].msg_id.as_str(), counted[0].read, counted[0].unread),
        (id.as_str(), 2, 0)
    );
    assert_eq!((counted[0].group.as_str(), counted[0].seq), ("team", wants.snap().seq));
}

#[test]
fn a_c2c_receipt_is_peer_read_and_bad_lists_are_refused() {
    let s = TestServer::start();
    let alice = logged_in(&s, "alice");
    let alice_hears = alice.listen();
    let bob = logged_in(&s, "bob");
    let bob_gets = Keeper::listen(&bob);
    let wants = sent_wanting(&alice, "hi", Some("bob"), None);
    let before = asked(&alice, &[&wants]);
    assert_eq!((before[0].user.as_str(), before[0].peer_read, before[0].unread), ("bob", false, 1));

    let got = bob_gets.next();
    assert_eq!(report_read(&bob, &[&got]), 0);
    let r = alice_hears.until(|ev| match ev {
        Ev::MsgReceipts(r) => Some(r),
        _ => None,
    });
    assert_eq!((r[0].user.as_str(), r[0].group.as_str(), r[0].peer_read), ("bob", "", true));
    assert_eq!((r[0].read, r[0].unread), (1, 0));

    // Refused at once: nothing, an unsent message, two conversations, a NULL entry.
    let unsent = Msg::text("draft");
    alice.create_group("Work", Some("g"), &["bob"]);
    let other = sent_wanting(&alice, "in g", None, Some("g"));
    assert_eq!(report_read(&bob, &[]), 6017);
    assert_eq!(report_read(&bob, &[&unsent]), 6017);
    assert_eq!(report_read(&alice, &[&wants, &other]), 6017);
    let (cb, rx) = common::callback();
    let nulls = [ptr::null::<hark_message>()];
    assert_eq!(
        rx.refused(unsafe { hark_send_message_read_receipts(bob.ptr, nulls.as_ptr(), 1, cb) }),
        6017
    );
    assert_eq!(unsafe { hark_message_set_need_read_receipt(ptr::null_mut(), true) }, 6017);
}
