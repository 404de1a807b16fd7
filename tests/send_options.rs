//! SendMessage's options through the C API against a real harkd: targeted group messages,
//! online-only messages, the drop flag of a group's rate limit, offline push info and the
//! offline push registration.

mod common;

use std::collections::HashSet;
use std::ffi::CString;
use std::thread::sleep;
use std::time::Duration;

use common::*;
use hark::ffi::*;
use hark_proto::Code;
use harkd::testing::TestServer;

fn client(server: &TestServer, user: &str) -> Client {
    client_on(server, user, 0)
}

fn client_on(server: &TestServer, user: &str, platform: u32) -> Client {
    let c = Client::with_options(&server.url, server.sdkappid, platform, 0);
    c.login(user, &server.user_sig(user));
    c
}

/// Logs in and out once, so harkd knows the user.
fn register(server: &TestServer, user: &str) {
    client(server, user).logout();
}

/// The next message `rx` got is the one sent as `marker`: nothing else came before it.
fn next_is(rx: &Rx, marker: &Snap) {
    let got = rx.msg();
    assert_eq!((got.msg_id.as_str(), got.text()), (marker.msg_id.as_str(), marker.text()));
}

fn ids(history: &[Snap]) -> Vec<&str> {
    history.iter().map(|m| m.msg_id.as_str()).collect()
}

#[test]
fn targeted_messages_reach_only_their_targets_and_the_sender() {
    let server = TestServer::start();
    let alice = client(&server, "alice");
    let members = ["bob", "carol", "dave"].map(|u| client(&server, u));
    let inboxes = members.each_ref().map(Client::listen);
    let group = alice.create_group("Work", None, &["bob", "carol", "dave"]);

    let m = Msg::text("for bob and carol").targeted(&["bob", "carol"]).unwrap();
    let (rc, rx) = alice.send_message(&m, None, Some(&group), 0, false, None);
    assert_eq!(rc, 0);
    let sent = rx.sent();
    assert_eq!(
        (sent.group_id.as_str(), sent.targets.clone()),
        (group.as_str(), vec!["bob".to_owned(), "carol".to_owned()])
    );
    assert!(!sent.dropped);
    for pos in &inboxes[..2] {
        let got = pos.msg();
        assert_eq!(
            (got.msg_id.as_str(), got.group_id.as_str()),
            (sent.msg_id.as_str(), group.as_str())
        );
        assert_eq!(got.text(), "for bob and carol");
        assert_eq!(got.targets, sent.targets);
    }

    // One receiver with the group: the single-target form.
    let single = Msg::text("for dave");
    let (rc, rx) = alice.send_message(&single, Some("dave"), Some(&group), 0, false, None);
    assert_eq!(rc, 0);
    let to_dave = rx.sent();
    assert_eq!(to_dave.targets, ["dave"]);
    next_is(&inboxes[2], &to_dave);

    let everyone = alice.send_group_text("for everyone", &group);
    next_is(&inboxes[0], &everyone);
    next_is(&inboxes[1], &everyone);
    next_is(&inboxes[2], &everyone);

    let dave_history = members[2].history(None, Some(&group), 20, std::ptr::null());
    assert!(!ids(&dave_history).contains(&sent.msg_id.as_str()));
    let carol_history = members[1].history(None, Some(&group), 20, std::ptr::null());
    assert!(ids(&carol_history).contains(&sent.msg_id.as_str()));
    assert!(!ids(&carol_history).contains(&to_dave.msg_id.as_str()));
}

#[test]
fn targeted_messages_are_checked_at_the_call() {
    let server = TestServer::start();
    let alice = client(&server, "alice");
    let text = Msg::text("hi");
    let many: Vec<String> = (0..51).map(|i| format!("user{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(text.targeted(&many).err(), Some(Code::InvalidParameters as i32));
    assert_eq!(text.targeted(&many[..50]).map(|m| m.snap().targets.len()), Ok(50));
    assert_eq!(text.targeted(&[]).err(), Some(Code::InvalidParameters as i32));
    assert_eq!(text.targeted(&["ok", "not ok"]).err(), Some(Code::InvalidIdentifier as i32));
    let mut out = std::ptr::null_mut();
    let bob = CString::new("bob").unwrap();
    let rc =
        unsafe { hark_create_targeted_group_message(std::ptr::null(), &bob.as_ptr(), 1, &mut out) };
    assert_eq!((rc, out.is_null()), (Code::InvalidParameters as i32, true));

    let targeted = text.targeted(&["bob"]).unwrap();
    for (receiver, group) in [(Some("bob"), Some("g1")), (Some("bob"), None)] {
        let (rc, rx) = alice.send_message(&targeted, receiver, group, 0, false, None);
        assert_eq!(rx.refused(rc), Code::InvalidParameters as i32);
    }
    assert_eq!(targeted.snap().msg_id, "", "a refused send does not stamp the message");
}

#[test]
fn online_only_c2c_messages_reach_online_sessions_once_and_are_never_stored() {
    let server = TestServer::start();
    register(&server, "carol");
    let alice = client(&server, "alice");
    let bob_sessions = [client_on(&server, "bob", 1), client_on(&server, "bob", 2)];
    let bob_inboxes = bob_sessions.each_ref().map(Client::listen);

    let typing = Msg::text("typing…");
    let (rc, rx) = alice.send_message(&typing, Some("bob"), None, 0, true, None);
    assert_eq!(rc, 0);
    let sent = rx.sent();
    assert_eq!((sent.seq, sent.status, sent.dropped), (0, HARK_MSG_STATUS_SEND_SUCC, false));
    let (rc, rx) = alice.send_message(&Msg::text("typing…"), Some("carol"), None, 0, true, None);
    assert_eq!(rc, 0);
    assert_eq!(rx.sent().seq, 0);

    let stored = alice.send_c2c_text("stored", "bob");
    for pos in &bob_inboxes {
        let got = pos.msg();
        assert_eq!(
            (got.msg_id.as_str(), got.seq, got.text()),
            (sent.msg_id.as_str(), 0, "typing…")
        );
        next_is(pos, &stored);
    }
    let history = alice.history(Some("bob"), None, 20, std::ptr::null());
    assert_eq!(ids(&history), [stored.msg_id.as_str()]);

    // Carol was offline: she never gets it, not even after logging in.
    let carol = Client::new(&server.url, server.sdkappid);
    let carol_inbox = carol.listen();
    carol.login("carol", &server.user_sig("carol"));
    let later = alice.send_c2c_text("after", "carol");
    next_is(&carol_inbox, &later);
    assert_eq!(
        ids(&carol.history(Some("alice"), None, 20, std::ptr::null())),
        [later.msg_id.as_str()]
    );
}

#[test]
fn online_only_group_messages_reach_online_members_once_and_are_never_stored() {
    let server = TestServer::start();
    register(&server, "carol");
    let alice = client(&server, "alice");
    let bob = client(&server, "bob");
    let bob_inbox = bob.listen();
    let group = alice.create_group("Work", None, &["bob", "carol"]);

    let typing = Msg::text("typing…");
    let (rc, rx) = alice.send_message(&typing, None, Some(&group), HARK_PRIORITY_HIGH, true, None);
    assert_eq!(rc, 0);
    let sent = rx.sent();
    assert_eq!(sent.seq, 0);
    let got = bob_inbox.msg();
    assert_eq!(
        (got.msg_id.as_str(), got.seq, got.group_id.as_str()),
        (sent.msg_id.as_str(), 0, group.as_str())
    );

    let stored = alice.send_group_text("stored", &group);
    next_is(&bob_inbox, &stored);
    assert_eq!(
        ids(&bob.history(None, Some(&group), 20, std::ptr::null())),
        [stored.msg_id.as_str()]
    );

    let carol = Client::new(&server.url, server.sdkappid);
    let carol_inbox = carol.listen();
    carol.login("carol", &server.user_sig("carol"));
    next_is(&carol_inbox, &stored);
    let after = alice.send_group_text("after", &group);
    next_is(&carol_inbox, &after);
}

#[test]
fn offline_push_info_round_trips_every_field_to_group_members() {
    let server = TestServer::start();
    let alice = client(&server, "alice");
    let bob = client(&server, "bob");
    let bob_inbox = bob.listen();
    let group = alice.create_group("Work", None, &["bob"]);
    let strings = ["T", "D", "E", "s.caf", "a.mp3", "op", "fc", "xm", "hw"].map(cstr);
    let push = hark_offline_push_info {
        title: strings[0].as_ptr(),
        desc: strings[1].as_ptr(),
        ext: strings[2].as_ptr(),
        disable_push: true,
        ios_sound: strings[3].as_ptr(),
        ignore_ios_badge: true,
        ios_push_type: 1,
        android_sound: strings[4].as_ptr(),
        android_oppo_channel_id: strings[5].as_ptr(),
        android_fcm_channel_id: strings[6].as_ptr(),
        android_xiaomi_channel_id: strings[7].as_ptr(),
        android_vivo_classification: 2,
        android_huawei_category: strings[8].as_ptr(),
    };
    let expected = PushSnap {
        title: "T".into(),
        desc: "D".into(),
        ext: "E".into(),
        disable_push: true,
        ios_sound: "s.caf".into(),
        ignore_ios_badge: true,
        ios_push_type: 1,
        android_sound: "a.mp3".into(),
        android_oppo_channel_id: "op".into(),
        android_fcm_channel_id: "fc".into(),
        android_xiaomi_channel_id: "xm".into(),
        android_vivo_classification: 2,
        android_huawei_category: "hw".into(),
    };
    let (rc, rx) =
        alice.send_message(&Msg::text("pushed"), None, Some(&group), 0, false, Some(&push));
    assert_eq!(rc, 0);
    let sent = rx.sent();
    let got = bob_inbox.msg();
    let history = bob.history(None, Some(&group), 1, std::ptr::null());
    for snap in [&sent, &got, &history[0]] {
        assert_eq!(snap.push, expected);
    }
}

#[test]
fn offline_push_config_is_set_and_cleared_for_a_logged_in_user() {
    let server = TestServer::start();
    let alice = client(&server, "alice");
    let (rc, rx) = alice.set_push_config(10086, Some("apns-device-token"));
    assert_eq!(rc, 0);
    rx.ok();
    for token in [Some(""), None] {
        let (rc, rx) = alice.set_push_config(10086, token);
        assert_eq!(rx.refused(rc), Code::InvalidParameters as i32);
    }
    let (rc, rx) = alice.clear_push_config();
    assert_eq!(rc, 0);
    rx.ok();
    // A relogin registers again by itself; it must not disturb the session.
    let (rc, rx) = alice.set_push_config(10086, Some("apns-device-token"));
    assert_eq!(rc, 0);
    rx.ok();
    alice.logout();
    alice.login("alice", &server.user_sig("alice"));
    assert_eq!(alice.send_c2c_text("still fine", "alice").status, HARK_MSG_STATUS_SEND_SUCC);

    alice.logout();
    let (rc, rx) = alice.set_push_config(10086, Some("apns-device-token"));
    assert_eq!(rx.refused(rc), Code::NotLoggedIn as i32);
    let (rc, rx) = alice.clear_push_config();
    assert_eq!(rx.refused(rc), Code::NotLoggedIn as i32);
}

/// Starts `count` LOW sends from `c` to `group` without waiting; the handles and callbacks.
fn flood(c: &Client, group: &str, count: usize) -> Vec<(Msg, Rx)> {
    (0..count)
        .map(|i| {
            let m = Msg::text(&format!("flood {i}"));
            let (rc, rx) = c.send_message(&m, None, Some(group), HARK_PRIORITY_LOW, false, None);
            assert_eq!(rc, 0);
            (m, rx)
        })
        .collect()
}

#[test]
fn a_flooded_group_drops_low_messages_and_tells_the_sender() {
    let server = TestServer::start();
    let senders = ["alice", "carol", "dave"].map(|u| client(&server, u));
    let bob = client(&server, "bob");
    let bob_inbox = bob.listen();
    let group = senders[0].create_group("Work", None, &["bob", "carol", "dave"]);

    // Three senders at once, 80 each: far over the default 40 messages a second.
    let started: Vec<(Msg, Rx)> = senders.iter().flat_map(|c| flood(c, &group, 80)).collect();
    let mut delivered = HashSet::new();
    let mut dropped = 0;
    for (m, rx) in &started {
        let sent = rx.sent();
        let handle = m.snap();
        assert_eq!((handle.dropped, handle.seq), (sent.dropped, sent.seq));
        if sent.dropped {
            assert_eq!(sent.seq, 0);
            dropped += 1;
        } else {
            assert!(sent.seq > 0);
            delivered.insert(sent.msg_id);
        }
    }
    assert!(dropped > 0, "nothing was dropped");
    assert!(!delivered.is_empty(), "everything was dropped");

    // The next second has room again: a marker shows where the flood ended for bob.
    sleep(Duration::from_millis(1500));
    let marker = senders[0].send_group_text("end of flood", &group);
    assert!(!marker.dropped);
    let mut got = HashSet::new();
    loop {
        let m = bob_inbox.msg();
        if m.msg_id == marker.msg_id {
            break;
        }
        assert!(got.insert(m.msg_id), "delivered twice");
    }
    assert_eq!(got, delivered, "bob got exactly the messages that were not dropped");
    let history = bob.history(None, Some(&group), 100, std::ptr::null());
    assert!(history.iter().all(|m| m.msg_id == marker.msg_id || delivered.contains(&m.msg_id)));
}

#[test]
fn c2c_messages_are_never_dropped() {
    let server = TestServer::start();
    register(&server, "bob");
    let alice = client(&server, "alice");
    let started: Vec<Rx> = (0..150)
        .map(|i| {
            let (rc, rx) = alice.send_message(
                &Msg::text(&format!("c2c {i}")),
                Some("bob"),
                None,
                HARK_PRIORITY_LOW,
                false,
                None,
            );
            assert_eq!(rc, 0);
            rx
        })
        .collect();
    for rx in started {
        let sent = rx.sent();
        assert!(!sent.dropped && sent.seq > 0);
    }
}
