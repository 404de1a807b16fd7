//! Sending and receiving through the C API against a real harkd: two users in one process,
//! C2C and group, text and custom, simple and advanced sends, every field checked.

mod common;

use std::ffi::c_char;
use std::ptr;

use common::*;
use hark::ffi::*;
use hark_proto::Code;
use harkd::testing::TestServer;

/// A server with alice and bob logged in (bob listening), both known to harkd.
struct Pair {
    server: TestServer,
    alice: Client,
    bob: Client,
    bob_inbox: Rx,
}

fn pair() -> Pair {
    let server = TestServer::start();
    let alice = Client::new(&server.url, server.sdkappid);
    alice.login("alice", &server.user_sig("alice"));
    let bob = Client::new(&server.url, server.sdkappid);
    let bob_inbox = bob.listen();
    bob.login("bob", &server.user_sig("bob"));
    Pair { server, alice, bob, bob_inbox }
}

fn msg_id(buf: &[c_char]) -> String {
    unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }.to_str().unwrap().to_owned()
}

#[test]
fn c2c_text_arrives_with_every_field() {
    let p = pair();
    let sent = p.alice.send_c2c_text("hello, bob ✓", "bob");
    assert_eq!(sent.status, HARK_MSG_STATUS_SEND_SUCC);
    assert!(sent.is_self);
    assert_eq!(
        (sent.sender.as_str(), sent.user_id.as_str(), sent.group_id.as_str()),
        ("alice", "bob", "")
    );
    assert!(sent.seq > 0 && sent.timestamp > 1_600_000_000 && sent.random != 0);
    assert!(!sent.msg_id.is_empty() && sent.msg_id.len() < HARK_MSG_ID_SIZE);

    let got = p.bob_inbox.msg();
    assert!(!got.is_self);
    assert_eq!(got.status, HARK_MSG_STATUS_SEND_SUCC);
    assert_eq!(
        (got.sender.as_str(), got.user_id.as_str(), got.group_id.as_str()),
        ("alice", "alice", "")
    );
    assert_eq!(got.elems, vec![ElemSnap::Text("hello, bob ✓".into())]);
    assert_eq!(
        (&got.msg_id, got.seq, got.timestamp, got.random),
        (&sent.msg_id, sent.seq, sent.timestamp, sent.random)
    );
    assert_eq!(got.priority, HARK_PRIORITY_DEFAULT);
    assert_eq!(got.push, PushSnap::default());

    let reply = p.bob.send_c2c_text("hi alice", "alice");
    assert_eq!(reply.seq, sent.seq + 1, "one conversation, one sequence");
}

#[test]
fn c2c_custom_carries_binary_data() {
    let p = pair();
    let data = [0u8, 1, 2, 255, 0, 42];
    let (cb, rx) = send_callback();
    let to = cstr("bob");
    let mut id = [0 as c_char; HARK_MSG_ID_SIZE];
    let rc = unsafe {
        hark_send_c2c_custom_message(
            p.alice.ptr,
            data.as_ptr(),
            data.len(),
            to.as_ptr(),
            cb,
            id.as_mut_ptr(),
            id.len(),
        )
    };
    assert_eq!(rc, 0);
    let sent = rx.sent();
    assert_eq!(sent.msg_id, msg_id(&id));
    let expected =
        vec![ElemSnap::Custom { data: data.to_vec(), desc: String::new(), ext: String::new() }];
    assert_eq!(sent.elems, expected);
    let got = p.bob_inbox.msg();
    assert_eq!(got.elems, expected);
    assert_eq!(got.msg_id, sent.msg_id);
}

#[test]
fn advanced_send_with_push_info_and_several_elems() {
    let p = pair();
    let m = Msg::custom(b"{\"k\":1}", Some("a description"), Some("an extension"));
    let more = cstr("and some text");
    assert_eq!(unsafe { hark_message_append_text(m.0, more.as_ptr()) }, 0);
    assert_eq!(
        unsafe { hark_message_append_custom(m.0, ptr::null(), 0, ptr::null(), ptr::null()) },
        0
    );
    let before = m.snap();
    assert_eq!(
        (before.msg_id.as_str(), before.status, before.is_self),
        ("", HARK_MSG_STATUS_SENDING, true)
    );

    let strings: Vec<_> =
        ["title", "desc", "ext", "ios.caf", "android.mp3", "oppo", "fcm", "mi", "IM"]
            .map(cstr)
            .into();
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
    let (cb, rx) = send_callback();
    let bob = cstr("bob");
    let mut id = [0 as c_char; HARK_MSG_ID_SIZE];
    let rc = unsafe {
        hark_send_message(
            p.alice.ptr,
            m.0,
            bob.as_ptr(),
            ptr::null(),
            HARK_PRIORITY_LOW,
            false,
            &push,
            cb,
            id.as_mut_ptr(),
            id.len(),
        )
    };
    assert_eq!(rc, 0);
    // Stamped before the call returned.
    let stamped = m.snap();
    assert_eq!(stamped.msg_id, msg_id(&id));
    assert_eq!((stamped.sender.as_str(), stamped.user_id.as_str()), ("alice", "bob"));
    assert!(stamped.is_self);
    assert!(matches!(stamped.status, HARK_MSG_STATUS_SENDING | HARK_MSG_STATUS_SEND_SUCC));

    let sent = rx.sent();
    let final_handle = m.snap();
    assert_eq!(final_handle.status, HARK_MSG_STATUS_SEND_SUCC, "the handle follows its send");
    assert_eq!((final_handle.seq, final_handle.timestamp), (sent.seq, sent.timestamp));

    let expected_push = PushSnap {
        title: "title".into(),
        desc: "desc".into(),
        ext: "ext".into(),
        disable_push: true,
        ios_sound: "ios.caf".into(),
        ignore_ios_badge: true,
        ios_push_type: 1,
        android_sound: "android.mp3".into(),
        android_oppo_channel_id: "oppo".into(),
        android_fcm_channel_id: "fcm".into(),
        android_xiaomi_channel_id: "mi".into(),
        android_vivo_classification: 2,
        android_huawei_category: "IM".into(),
    };
    let expected_elems = vec![
        ElemSnap::Custom {
            data: b"{\"k\":1}".to_vec(),
            desc: "a description".into(),
            ext: "an extension".into(),
        },
        ElemSnap::Text("and some text".into()),
        ElemSnap::Custom { data: vec![], desc: String::new(), ext: String::new() },
    ];
    for snap in [&sent, &p.bob_inbox.msg()] {
        assert_eq!(snap.elems, expected_elems);
        assert_eq!(snap.push, expected_push);
        assert_eq!(snap.priority, HARK_PRIORITY_LOW);
        assert_eq!(snap.msg_id, stamped.msg_id);
    }

    // A clone is a snapshot the app owns; it outlives the original.
    let copy = Msg(unsafe { hark_message_clone(m.0) });
    drop(m);
    assert_eq!(copy.snap(), final_handle);
}

#[test]
fn resending_a_message_keeps_its_msg_id_and_is_delivered_once() {
    let p = pair();
    let m = Msg::text("only once");
    let bob = cstr("bob");
    let send = || {
        let (cb, rx) = send_callback();
        let rc = unsafe {
            hark_send_message(
                p.alice.ptr,
                m.0,
                bob.as_ptr(),
                ptr::null(),
                0,
                false,
                ptr::null(),
                cb,
                ptr::null_mut(),
                0,
            )
        };
        assert_eq!(rc, 0);
        rx.sent()
    };
    let first = send();
    let second = send();
    assert_eq!(
        (second.msg_id.as_str(), second.seq, second.timestamp),
        (first.msg_id.as_str(), first.seq, first.timestamp)
    );
    assert_eq!(p.bob_inbox.msg().msg_id, first.msg_id);
    let next = p.alice.send_c2c_text("after", "bob");
    assert_eq!(p.bob_inbox.msg().msg_id, next.msg_id, "the resend was not delivered again");
    let history = p.bob.history(Some("alice"), None, 10, ptr::null());
    assert_eq!(history.iter().map(Snap::text).collect::<Vec<_>>(), ["after", "only once"]);
}

#[test]
fn group_messages_reach_every_member() {
    let p = pair();
    let carol = Client::new(&p.server.url, p.server.sdkappid);
    let carol_inbox = carol.listen();
    carol.login("carol", &p.server.user_sig("carol"));

    let group = p.alice.create_group("Public", Some("team-1"), &["bob"]);
    assert_eq!(group, "team-1");
    let mut members = {
        let (cb, rx) = members_callback();
        let g = cstr(&group);
        assert_eq!(unsafe { hark_get_group_member_list(p.alice.ptr, g.as_ptr(), cb) }, 0);
        rx.members()
    };
    members.sort();
    assert_eq!(members.len(), 2);
    assert_eq!((members[0].0.as_str(), members[0].1), ("alice", HARK_GROUP_MEMBER_ROLE_OWNER));
    assert_eq!((members[1].0.as_str(), members[1].1), ("bob", HARK_GROUP_MEMBER_ROLE_MEMBER));
    assert!(members.iter().all(|m| m.2 > 1_600_000_000));

    // Simple group text with a priority.
    let (cb, rx) = send_callback();
    let (text, g) = (cstr("hi team"), cstr(&group));
    let mut id = [0 as c_char; HARK_MSG_ID_SIZE];
    let rc = unsafe {
        hark_send_group_text_message(
            p.alice.ptr,
            text.as_ptr(),
            g.as_ptr(),
            HARK_PRIORITY_HIGH,
            cb,
            id.as_mut_ptr(),
            id.len(),
        )
    };
    assert_eq!(rc, 0);
    let sent = rx.sent();
    assert_eq!(sent.msg_id, msg_id(&id));
    assert_eq!(
        (sent.group_id.as_str(), sent.user_id.as_str(), sent.priority),
        ("team-1", "", HARK_PRIORITY_HIGH)
    );
    let got = p.bob_inbox.msg();
    assert_eq!(
        (got.group_id.as_str(), got.user_id.as_str(), got.sender.as_str()),
        ("team-1", "", "alice")
    );
    assert_eq!(
        (got.msg_id.as_str(), got.seq, got.priority, got.is_self),
        (sent.msg_id.as_str(), sent.seq, HARK_PRIORITY_HIGH, false)
    );
    assert_eq!(got.text(), "hi team");

    // Carol joins, then gets group custom messages.
    let (cb, rx) = callback();
    let note = cstr("let me in");
    assert_eq!(unsafe { hark_join_group(carol.ptr, g.as_ptr(), note.as_ptr(), cb) }, 0);
    rx.ok();
    let (cb, rx) = send_callback();
    let data = [9u8, 0, 9];
    let rc = unsafe {
        hark_send_group_custom_message(
            p.bob.ptr,
            data.as_ptr(),
            data.len(),
            g.as_ptr(),
            HARK_PRIORITY_NORMAL,
            cb,
            ptr::null_mut(),
            0,
        )
    };
    assert_eq!(rc, 0);
    let sent = rx.sent();
    assert_eq!(sent.seq, 2);
    let got = carol_inbox.msg();
    assert_eq!(
        got.elems,
        vec![ElemSnap::Custom { data: data.to_vec(), desc: String::new(), ext: String::new() }]
    );
    assert_eq!(
        (got.sender.as_str(), got.group_id.as_str(), got.priority),
        ("bob", "team-1", HARK_PRIORITY_NORMAL)
    );

    // Carol quits and no longer may send.
    let (cb, rx) = callback();
    assert_eq!(unsafe { hark_quit_group(carol.ptr, g.as_ptr(), cb) }, 0);
    rx.ok();
    let (cb, rx) = send_callback();
    let rc = unsafe {
        hark_send_group_text_message(
            carol.ptr,
            text.as_ptr(),
            g.as_ptr(),
            0,
            cb,
            ptr::null_mut(),
            0,
        )
    };
    assert_eq!(rc, 0);
    assert_eq!(rx.err(), Code::GroupPermissionDeny as i32);

    // The owner dismisses it; then it is gone.
    let (cb, rx) = callback();
    assert_eq!(unsafe { hark_dismiss_group(p.alice.ptr, g.as_ptr(), cb) }, 0);
    rx.ok();
    let (cb, rx) = send_callback();
    let rc = unsafe {
        hark_send_group_text_message(
            p.alice.ptr,
            text.as_ptr(),
            g.as_ptr(),
            0,
            cb,
            ptr::null_mut(),
            0,
        )
    };
    assert_eq!(rc, 0);
    assert_eq!(rx.err(), Code::GroupNotFound as i32);
}

#[test]
fn server_assigns_a_group_id_when_none_is_given() {
    let p = pair();
    let group = p.alice.create_group("Public", None, &["bob"]);
    assert!(!group.is_empty());
    let (cb, rx) = members_callback();
    let g = cstr(&group);
    assert_eq!(unsafe { hark_get_group_member_list(p.bob.ptr, g.as_ptr(), cb) }, 0);
    assert_eq!(rx.members().len(), 2);
}

#[test]
fn a_work_group_member_invites_and_each_user_gets_its_result() {
    let p = pair();
    logged_in(&p.server, "carol").logout();
    let group = p.alice.create_group("Work", Some("crew"), &[]);
    let invite = |who: &Client, users: &[&str]| {
        let (cb, rx) = invite_callback();
        let ids: Vec<_> = users.iter().map(|u| cstr(u)).collect();
        let ptrs: Vec<_> = ids.iter().map(|i| i.as_ptr()).collect();
        let g = cstr(&group);
        let rc = unsafe {
            hark_invite_user_to_group(who.ptr, g.as_ptr(), ptrs.as_ptr(), ptrs.len(), cb)
        };
        if rc != 0 {
            return Err(rx.refused(rc));
        }
        match rx.terminal() {
            Ev::Invited(results) => Ok(results),
            Ev::Err(code, _) => Err(code),
            other => panic!("{other:?}"),
        }
    };
    let results = invite(&p.alice, &["bob", "alice", "nobody"]).unwrap();
    assert_eq!(
        results,
        [
            ("bob".to_owned(), HARK_GROUP_MEMBER_RESULT_SUCC),
            ("alice".to_owned(), HARK_GROUP_MEMBER_RESULT_INVALID),
            ("nobody".to_owned(), HARK_GROUP_MEMBER_RESULT_FAIL),
        ]
    );
    // bob is a member now, and may invite in a Work group himself.
    p.alice.send_group_text("welcome", &group);
    assert_eq!(p.bob_inbox.msg().text(), "welcome");
    assert_eq!(invite(&p.bob, &["carol"]).unwrap()[0].1, HARK_GROUP_MEMBER_RESULT_SUCC);
    assert_eq!(invite(&p.bob, &[]), Err(Code::InvalidParameters as i32));
    let public = p.alice.create_group("Public", Some("open"), &[]);
    let (cb, rx) = invite_callback();
    let (g, bob) = (cstr(&public), cstr("bob"));
    let ids = [bob.as_ptr()];
    assert_eq!(
        unsafe { hark_invite_user_to_group(p.alice.ptr, g.as_ptr(), ids.as_ptr(), 1, cb) },
        0
    );
    assert_eq!(rx.err(), Code::GroupPermissionDeny as i32, "a Public group takes no invitations");
}

#[test]
fn targeted_group_message_reaches_only_its_member() {
    let p = pair();
    let carol = Client::new(&p.server.url, p.server.sdkappid);
    let carol_inbox = carol.listen();
    carol.login("carol", &p.server.user_sig("carol"));
    let group = p.alice.create_group("Work", Some("targets"), &["bob", "carol"]);

    let m = Msg::text("psst, bob");
    let (cb, rx) = send_callback();
    let (bob, g) = (cstr("bob"), cstr(&group));
    let rc = unsafe {
        hark_send_message(
            p.alice.ptr,
            m.0,
            bob.as_ptr(),
            g.as_ptr(),
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
    assert_eq!((sent.group_id.as_str(), sent.user_id.as_str()), ("targets", ""));
    let got = p.bob_inbox.msg();
    assert_eq!((got.text(), got.group_id.as_str()), ("psst, bob", "targets"));

    let everyone = p.alice.send_group_text("hello all", &group);
    assert_eq!(carol_inbox.msg().msg_id, everyone.msg_id, "carol never saw the targeted one");
    assert_eq!(p.bob_inbox.msg().msg_id, everyone.msg_id);
}

#[test]
fn online_only_messages_are_delivered_but_not_stored() {
    let p = pair();
    let m = Msg::text("typing...");
    let (cb, rx) = send_callback();
    let bob = cstr("bob");
    let rc = unsafe {
        hark_send_message(
            p.alice.ptr,
            m.0,
            bob.as_ptr(),
            ptr::null(),
            0,
            true,
            ptr::null(),
            cb,
            ptr::null_mut(),
            0,
        )
    };
    assert_eq!(rc, 0);
    rx.sent();
    assert_eq!(p.bob_inbox.msg().text(), "typing...");
    assert!(p.bob.history(Some("alice"), None, 10, ptr::null()).is_empty());
}

#[test]
fn every_listener_sees_every_message_until_removed() {
    let p = pair();
    let (l, second) = msg_listener(None);
    let id = unsafe { hark_add_advanced_msg_listener(p.bob.ptr, l) };
    assert!(id > 0);
    let one = p.alice.send_c2c_text("one", "bob");
    assert_eq!(p.bob_inbox.msg().msg_id, one.msg_id);
    assert_eq!(second.msg().msg_id, one.msg_id);

    assert_eq!(unsafe { hark_remove_advanced_msg_listener(p.bob.ptr, id) }, 0);
    assert_eq!(second.event(), Ev::Freed);
    second.assert_done();
    let two = p.alice.send_c2c_text("two", "bob");
    assert_eq!(p.bob_inbox.msg().msg_id, two.msg_id);
}

#[test]
fn a_newer_login_on_the_same_platform_kicks_the_older_one() {
    let server = TestServer::start();
    let first = Client::with_options(&server.url, server.sdkappid, 2, 0);
    let events = first.conn_listener();
    first.login("dora", &server.user_sig("dora"));
    assert_eq!([events.event(), events.event()], [Ev::Connecting, Ev::Connected]);

    let other_platform = Client::with_options(&server.url, server.sdkappid, 3, 0);
    other_platform.login("dora", &server.user_sig("dora"));
    let second = Client::with_options(&server.url, server.sdkappid, 2, 0);
    second.login("dora", &server.user_sig("dora"));

    assert_eq!(events.event(), Ev::Kicked);
    assert_eq!(unsafe { hark_get_login_status(first.ptr) }, HARK_LOGIN_STATUS_LOGOUT);
    assert_eq!(first.login_user(), "");
    assert_eq!(unsafe { hark_get_login_status(other_platform.ptr) }, HARK_LOGIN_STATUS_LOGINED);
    first.free();
    assert_eq!(events.next().ev, Ev::Freed);
}
