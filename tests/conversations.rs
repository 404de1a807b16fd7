//! The conversation manager through the C API: the list and its order, unread counts on every
//! device, mark as read, pin, draft, delete, the conversation listener and C2C read receipts.

mod common;

use std::ptr;

use common::conversations::ConvSnap;
use common::{cstr, logged_in, Client, Ev};
use hark::ffi::*;
use harkd::testing::TestServer;

/// `user` logged in on device `platform` (a second platform does not kick the first).
fn device(s: &TestServer, user: &str, platform: u32) -> Client {
    let c = Client::with_options(&s.url, s.sdkappid, platform, 0);
    c.login(user, &s.user_sig(user));
    c
}

fn ids(convs: &[ConvSnap]) -> Vec<&str> {
    convs.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn a_new_c2c_conversation_has_one_unread_and_reads_on_every_device_with_a_receipt() {
    let s = TestServer::start();
    let alice = logged_in(&s, "alice");
    let alice_msgs = alice.listen();
    let phone = device(&s, "bob", 1);
    let desktop = device(&s, "bob", 2);
    let (_, phone_convs) = phone.conv_listen();
    let (_, desktop_convs) = desktop.conv_listen();
    for l in [&phone_convs, &desktop_convs] {
        // Nothing yet: the sync finds no conversation.
        assert_eq!(l.event(), Ev::SyncStart);
        assert_eq!(l.event(), Ev::SyncFinish);
        assert_eq!(l.event(), Ev::TotalUnread(0));
    }

    let sent = alice.send_c2c_text("hi", "bob");
    for l in [&phone_convs, &desktop_convs] {
        let Ev::NewConvs(convs) = l.event() else { panic!("expected a new conversation") };
        let c = &convs[0];
        assert_eq!(
            (c.id.as_str(), c.conv_type, c.user.as_str(), c.name.as_str(), c.unread),
            ("c2c_alice", HARK_CONVERSATION_TYPE_C2C, "alice", "alice", 1)
        );
        let last = c.last.as_ref().expect("the last message");
        assert_eq!(
            (last.msg_id.as_str(), last.text(), last.is_read),
            (sent.msg_id.as_str(), "hi", false)
        );
        assert_eq!(l.event(), Ev::TotalUnread(1));
    }
    assert_eq!(phone.unread(), [("c2c_alice".to_owned(), 1)]);
    assert_eq!(alice.unread(), [("c2c_bob".to_owned(), 0)], "own messages never count");
    assert_eq!(desktop.total_unread(), 1);

    phone.change(hark_mark_c2c_message_as_read_by_id, "alice");
    for l in [&phone_convs, &desktop_convs] {
        let convs = l.conv_update();
        assert_eq!((convs[0].id.as_str(), convs[0].unread), ("c2c_alice", 0));
        assert_eq!(l.total(), 0);
    }
    assert_eq!(desktop.unread(), [("c2c_alice".to_owned(), 0)]);
    assert_eq!(
        alice_msgs.until(|ev| match ev {
            Ev::Receipts(r) => Some(r.into_iter().map(|(u, seq, _)| (u, seq)).collect::<Vec<_>>()),
            _ => None,
        }),
        [("bob".to_owned(), sent.seq)]
    );

    // History shows what each side has read: alice's message is read by bob, and is bob's read.
    let mine = alice.history(Some("bob"), None, 10, ptr::null());
    assert!(mine[0].is_peer_read && mine[0].is_read);
    let theirs = phone.history(Some("alice"), None, 10, ptr::null());
    assert!(theirs[0].is_read && !theirs[0].is_peer_read);
    let unread_reply = alice.send_c2c_text("again", "bob");
    assert!(!alice.history(Some("bob"), None, 1, ptr::null())[0].is_peer_read, "{unread_reply:?}");

    // A delete on one device takes the conversation's unread off the other's total.
    assert_eq!(desktop_convs.total(), 1);
    phone.change(hark_delete_conversation, "c2c_alice");
    assert_eq!(desktop_convs.total(), 0);
    assert_eq!(desktop.total_unread(), 0);
}

/// hark_mark_c2c_message_as_read in the (client, id, callback) shape `Client::change` takes.
unsafe extern "C" fn hark_mark_c2c_message_as_read_by_id(
    client: *mut hark_client,
    user: *const std::ffi::c_char,
    cb: hark_callback,
) -> i32 {
    hark_mark_c2c_message_as_read(client, user, cb)
}

#[test]
fn the_list_orders_by_last_message_and_pin_draft_and_delete_behave() {
    let s = TestServer::start();
    let bob = logged_in(&s, "bob");
    let alice = logged_in(&s, "alice");
    let carol = logged_in(&s, "carol");
    alice.send_c2c_text("one", "bob");
    carol.send_c2c_text("two", "bob");
    assert_eq!(bob.unread(), [("c2c_carol".to_owned(), 1), ("c2c_alice".to_owned(), 1)]);

    // Pages: one at a time, each after the last one's order key.
    let (first, next, finished) = bob.conversations(0, 1);
    assert_eq!((ids(&first), next, finished), (vec!["c2c_carol"], first[0].order_key, false));
    let (second, _, finished) = bob.conversations(next, 1);
    assert_eq!((ids(&second), finished), (vec!["c2c_alice"], true), "the last page says so");

    bob.pin("c2c_alice", true);
    let (convs, _, _) = bob.conversations(0, 100);
    assert_eq!(ids(&convs), ["c2c_alice", "c2c_carol"]);
    assert!(convs[0].pinned && !convs[1].pinned);
    bob.pin("c2c_alice", false);
    assert_eq!(ids(&bob.conversations(0, 100).0), ["c2c_carol", "c2c_alice"]);

    bob.draft("c2c_alice", Some("half a thought"));
    assert_eq!(bob.conversation("c2c_alice").draft, "half a thought");
    bob.draft("c2c_alice", None);
    assert_eq!(bob.conversation("c2c_alice").draft, "");

    bob.change(hark_delete_conversation, "c2c_carol");
    assert_eq!(bob.unread(), [("c2c_alice".to_owned(), 1)]);
    assert_eq!(bob.total_unread(), 1, "a deleted conversation is read");
    carol.send_c2c_text("three", "bob");
    assert_eq!(bob.unread(), [("c2c_carol".to_owned(), 1), ("c2c_alice".to_owned(), 1)]);

    alice.create_group("Work", Some("team"), &["bob"]);
    alice.send_group_text("hello team", "team");
    let team = bob.conversation("group_team");
    assert_eq!(
        (team.conv_type, team.group.as_str(), team.group_type.as_str(), team.unread),
        (HARK_CONVERSATION_TYPE_GROUP, "team", "Work", 1)
    );
    assert_eq!(bob.total_unread(), 3);
    bob.change(hark_mark_group_message_as_read, "team");
    assert_eq!(bob.total_unread(), 2);
    bob.mark_all_read();
    assert_eq!(bob.total_unread(), 0);
    assert!(bob.unread().iter().all(|(_, n)| *n == 0));
}

#[test]
fn one_conversation_by_id_and_bad_arguments_get_their_codes() {
    let s = TestServer::start();
    let bob = logged_in(&s, "bob");
    let alice = logged_in(&s, "alice");
    alice.send_c2c_text("hi", "bob");

    // Nobody bob talked with: an empty conversation of that id.
    let nobody = bob.conversation("c2c_nobody");
    assert_eq!(
        (nobody.id.as_str(), nobody.conv_type, nobody.user.as_str(), nobody.unread),
        ("c2c_nobody", HARK_CONVERSATION_TYPE_C2C, "nobody", 0)
    );
    assert!(nobody.last.is_none());

    let (cb, rx) = common::conversations::list_callback();
    let wanted = [cstr("group_none"), cstr("c2c_alice")];
    let ptrs: Vec<_> = wanted.iter().map(|w| w.as_ptr()).collect();
    assert_eq!(unsafe { hark_get_conversation_list_by_ids(bob.ptr, ptrs.as_ptr(), 2, cb) }, 0);
    let (convs, next, finished) = rx.page();
    assert_eq!((ids(&convs), next, finished), (vec!["group_none", "c2c_alice"], 0, true));
    assert_eq!(convs[1].unread, 1);

    let refused = |call: &dyn Fn(hark_callback) -> i32| {
        let (cb, rx) = common::callback();
        rx.refused(call(cb))
    };
    for bad in ["bob", "c2c_", "group_", "C2C_alice"] {
        let id = cstr(bad);
        let rc = refused(&|cb| unsafe { hark_delete_conversation(bob.ptr, id.as_ptr(), cb) });
        assert_eq!(rc, 6017, "{bad}");
    }
    let (cb, rx) = common::conversations::list_callback();
    assert_eq!(rx.refused(unsafe { hark_get_conversation_list(bob.ptr, 0, 0, cb) }), 6017);
    let (cb, rx) = common::conversations::list_callback();
    let rc = unsafe { hark_get_conversation_list_by_ids(bob.ptr, ptr::null(), 0, cb) };
    assert_eq!(rx.refused(rc), 6017);
    let long = cstr(&"x".repeat(8 << 10 | 1));
    let id = cstr("c2c_alice");
    let rc = refused(&|cb| unsafe {
        hark_set_conversation_draft(bob.ptr, id.as_ptr(), long.as_ptr(), cb)
    });
    assert_eq!(rc, 6017);
    let bad_user = cstr("");
    let rc =
        refused(&|cb| unsafe { hark_mark_c2c_message_as_read(bob.ptr, bad_user.as_ptr(), cb) });
    assert_eq!(rc, 7003);

    // harkd's own checks: no such group (10010), one bob is not in (10007), a user bob has no
    // messages with (6017), no such user (20003).
    let dave = logged_in(&s, "dave");
    dave.create_group("Work", Some("daves"), &[]);
    for (group, code) in [("never", 10010), ("daves", 10007)] {
        let (cb, rx) = common::callback();
        let group = cstr(group);
        assert_eq!(unsafe { hark_mark_group_message_as_read(bob.ptr, group.as_ptr(), cb) }, 0);
        assert_eq!(rx.err(), code);
    }
    for (conv, code) in [("c2c_dave", 6017), ("c2c_stranger", 20003)] {
        let (cb, rx) = common::callback();
        let conv = cstr(conv);
        assert_eq!(unsafe { hark_pin_conversation(bob.ptr, conv.as_ptr(), true, cb) }, 0);
        assert_eq!(rx.err(), code);
    }

    bob.logout();
    let (cb, rx) = common::conversations::count_callback();
    assert_eq!(rx.refused(unsafe { hark_get_total_unread_message_count(bob.ptr, cb) }), 6014);
}

#[test]
fn a_listener_hears_the_whole_list_after_each_login_and_what_changed_meanwhile() {
    let s = TestServer::start();
    logged_in(&s, "bob").logout();
    let alice = logged_in(&s, "alice");
    alice.send_c2c_text("one", "bob");
    alice.send_c2c_text("two", "bob");

    // Registered before the login: the sync follows the login's success.
    let bob = Client::new(&s.url, s.sdkappid);
    let (id, convs) = bob.conv_listen();
    bob.login("bob", &s.user_sig("bob"));
    assert_eq!(convs.event(), Ev::SyncStart);
    let Ev::NewConvs(found) = convs.event() else { panic!("expected the list") };
    assert_eq!((ids(&found), found[0].unread), (vec!["c2c_alice"], 2));
    assert_eq!(convs.event(), Ev::SyncFinish);
    assert_eq!(convs.event(), Ev::TotalUnread(2));

    // Offline meanwhile: the next login's sync reports it as changed, not new.
    bob.logout();
    alice.send_c2c_text("three", "bob");
    bob.login("bob", &s.user_sig("bob"));
    assert_eq!(convs.event(), Ev::SyncStart);
    let Ev::ChangedConvs(found) = convs.event() else { panic!("expected the list") };
    assert_eq!(found[0].unread, 3);
    assert_eq!(convs.event(), Ev::SyncFinish);
    assert_eq!(convs.event(), Ev::TotalUnread(3));

    // An own send changes the conversation too: its last message, and what came before it
    // is read.
    let sent = bob.send_c2c_text("reply", "alice");
    let update = convs.conv_update();
    assert_eq!(update[0].last.as_ref().map(|m| m.msg_id.clone()), Some(sent.msg_id));
    assert_eq!(update[0].unread, 0);
    assert_eq!(convs.total(), 0);

    assert_eq!(unsafe { hark_remove_conversation_listener(bob.ptr, id) }, 0);
    assert_eq!(convs.until(|ev| (ev == Ev::Freed).then_some(())), ());
    assert_eq!(unsafe { hark_remove_conversation_listener(bob.ptr, 0) }, 6017);
    assert_eq!(unsafe { hark_remove_conversation_listener(ptr::null_mut(), id) }, 6013);
}

#[test]
fn a_sync_cut_off_by_a_broken_connection_fails_and_the_next_login_syncs_again() {
    let s = TestServer::start();
    let alice = logged_in(&s, "alice");
    let proxy = common::proxy::Proxy::start(&s.url);
    let bob = common::logged_in_via(&s, &proxy.url, "bob");
    alice.send_c2c_text("hi", "bob");
    // The sync's first request is the next thing through: it breaks the connection.
    proxy.cut_after(1);
    let (_, convs) = bob.conv_listen();
    assert_eq!(convs.event(), Ev::SyncStart);
    assert_eq!(convs.event(), Ev::SyncFailed);
    // The engine reconnects by itself, and its login syncs the whole list.
    assert_eq!(convs.event(), Ev::SyncStart);
    let Ev::NewConvs(found) = convs.event() else { panic!("expected the list") };
    assert_eq!((ids(&found), found[0].unread), (vec!["c2c_alice"], 1));
    assert_eq!(convs.event(), Ev::SyncFinish);
    assert_eq!(convs.event(), Ev::TotalUnread(1));
    assert!(proxy.cuts() >= 1);
}

#[test]
fn another_user_on_the_same_client_hears_its_own_list_as_new() {
    let s = TestServer::start();
    let alice = logged_in(&s, "alice");
    logged_in(&s, "bob").logout();
    logged_in(&s, "carol").logout();
    alice.send_c2c_text("to bob", "bob");
    alice.send_c2c_text("to carol", "carol");
    let c = Client::new(&s.url, s.sdkappid);
    let (_, convs) = c.conv_listen();
    c.login("bob", &s.user_sig("bob"));
    assert_eq!(convs.event(), Ev::SyncStart);
    assert!(matches!(convs.event(), Ev::NewConvs(found) if ids(&found) == ["c2c_alice"]));
    assert_eq!(convs.event(), Ev::SyncFinish);
    assert_eq!(convs.event(), Ev::TotalUnread(1));
    c.logout();
    // Another user on the same client: its conversations are new to the listeners, and its
    // total is told even though it is the same number.
    c.login("carol", &s.user_sig("carol"));
    assert_eq!(convs.until(|ev| (ev == Ev::SyncStart).then_some(())), ());
    let Ev::NewConvs(found) = convs.event() else { panic!("expected carol's list as new") };
    assert_eq!((ids(&found), found[0].unread), (vec!["c2c_alice"], 1));
    assert_eq!(convs.event(), Ev::SyncFinish);
    assert_eq!(convs.event(), Ev::TotalUnread(1));
}
