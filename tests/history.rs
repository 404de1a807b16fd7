//! History pages and offline catch-up through the C API against a real harkd.

mod common;

use std::ptr;

use common::*;
use hark::ffi::*;
use harkd::testing::TestServer;

fn texts(list: &[Snap]) -> Vec<&str> {
    list.iter().map(Snap::text).collect()
}

/// Sends `text` from a handle the test keeps; after the ack the handle has its seq, so it
/// can serve as `last_msg` for paging.
fn send_kept(from: &Client, text: &str, to: Option<&str>, group: Option<&str>) -> Msg {
    let m = Msg::text(text);
    let (cb, rx) = send_callback();
    let (to, group) = (to.map(cstr), group.map(cstr));
    let rc = unsafe {
        hark_send_message(
            from.ptr,
            m.0,
            to.as_ref().map_or(ptr::null(), |t| t.as_ptr()),
            group.as_ref().map_or(ptr::null(), |g| g.as_ptr()),
            0,
            false,
            ptr::null(),
            cb,
            ptr::null_mut(),
            0,
        )
    };
    assert_eq!(rc, 0);
    let sent = rx.sent();
    assert_eq!(m.snap().seq, sent.seq);
    m
}

#[test]
fn c2c_history_pages_newest_first_and_excludes_last_msg() {
    let server = TestServer::start();
    let alice = Client::new(&server.url, server.sdkappid);
    alice.login("alice", &server.user_sig("alice"));
    let bob = Client::new(&server.url, server.sdkappid);
    bob.login("bob", &server.user_sig("bob"));
    let sent: Vec<Msg> =
        (1..=5).map(|i| send_kept(&alice, &format!("m{i}"), Some("bob"), None)).collect();

    let page = bob.history(Some("alice"), None, 2, ptr::null());
    assert_eq!(texts(&page), ["m5", "m4"]);
    assert!(page.iter().all(|m| !m.is_self && m.sender == "alice" && m.user_id == "alice"));
    assert!(page.iter().all(|m| m.status == HARK_MSG_STATUS_SEND_SUCC));
    assert_eq!(page[0].msg_id, sent[4].snap().msg_id);
    assert_eq!(texts(&bob.history(Some("alice"), None, 2, sent[3].0)), ["m3", "m2"]);
    assert_eq!(texts(&bob.history(Some("alice"), None, 2, sent[1].0)), ["m1"]);
    assert!(bob.history(Some("alice"), None, 2, sent[0].0).is_empty());

    // The sender sees the same conversation, as its own messages; a huge count is clamped.
    let all = alice.history(Some("bob"), None, 100_000, ptr::null());
    assert_eq!(texts(&all), ["m5", "m4", "m3", "m2", "m1"]);
    assert!(all.iter().all(|m| m.is_self && m.user_id == "bob"));
    let seqs: Vec<u64> = all.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, [5, 4, 3, 2, 1]);
}

#[test]
fn group_history_pages_too() {
    let server = TestServer::start();
    let alice = Client::new(&server.url, server.sdkappid);
    alice.login("alice", &server.user_sig("alice"));
    let bob = Client::new(&server.url, server.sdkappid);
    bob.login("bob", &server.user_sig("bob"));
    let group = alice.create_group("Work", Some("g-history"), &["bob"]);
    let sent: Vec<Msg> =
        (1..=3).map(|i| send_kept(&alice, &format!("g{i}"), None, Some(&group))).collect();
    let page = bob.history(None, Some(&group), 10, ptr::null());
    assert_eq!(texts(&page), ["g3", "g2", "g1"]);
    assert!(page.iter().all(|m| m.group_id == group && m.user_id.is_empty()));
    assert_eq!(texts(&bob.history(None, Some(&group), 10, sent[2].0)), ["g2", "g1"]);
}

#[test]
fn offline_messages_arrive_once_in_order_after_logout() {
    let server = TestServer::start();
    let alice = Client::new(&server.url, server.sdkappid);
    alice.login("alice", &server.user_sig("alice"));
    let bob = Client::new(&server.url, server.sdkappid);
    let pos = bob.listen();
    bob.login("bob", &server.user_sig("bob"));
    let live = alice.send_c2c_text("live", "bob");
    assert_eq!(pos.msg().msg_id, live.msg_id);
    bob.logout();

    let offline: Vec<Snap> =
        (1..=3).map(|i| alice.send_c2c_text(&format!("offline {i}"), "bob")).collect();
    // The same client logs in again: the offline messages, not the live one again.
    bob.login("bob", &server.user_sig("bob"));
    for sent in &offline {
        let got = pos.msg();
        assert_eq!((got.msg_id.as_str(), got.seq), (sent.msg_id.as_str(), sent.seq));
    }
    let after = alice.send_c2c_text("after", "bob");
    assert_eq!(pos.msg().msg_id, after.msg_id, "nothing was delivered twice");
}

#[test]
fn offline_messages_reach_a_new_client_exactly_once() {
    let server = TestServer::start();
    let alice = Client::new(&server.url, server.sdkappid);
    alice.login("alice", &server.user_sig("alice"));

    let first = Client::new(&server.url, server.sdkappid);
    let first_inbox = first.listen();
    first.login("bob", &server.user_sig("bob"));
    let seen = alice.send_c2c_text("seen by the first client", "bob");
    assert_eq!(first_inbox.msg().msg_id, seen.msg_id);
    first.free();
    assert_eq!(first_inbox.event(), Ev::Freed);

    let offline: Vec<Snap> =
        (1..=4).map(|i| alice.send_c2c_text(&format!("while away {i}"), "bob")).collect();
    let second = Client::new(&server.url, server.sdkappid);
    let second_inbox = second.listen();
    second.login("bob", &server.user_sig("bob"));
    let got: Vec<String> = (0..offline.len()).map(|_| second_inbox.msg().msg_id).collect();
    let want: Vec<String> = offline.iter().map(|s| s.msg_id.clone()).collect();
    assert_eq!(got, want);
    second.free();

    // A third client has nothing left to catch up on.
    let third = Client::new(&server.url, server.sdkappid);
    let third_inbox = third.listen();
    third.login("bob", &server.user_sig("bob"));
    let last = alice.send_c2c_text("last", "bob");
    assert_eq!(third_inbox.msg().msg_id, last.msg_id);
}
