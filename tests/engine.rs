//! Engine behaviour a healthy harkd does not produce on demand, driven through the C API
//! against a scripted fake server: timeouts, resends, lost connections, bursts of pushes,
//! odd frames.

mod common;

use std::ptr;

use common::fake::{push, Fake, FAKE_APP};
use common::*;
use hark::ffi::*;
use hark_proto::Code;
use serde_json::json;

fn logged_in(fake: &Fake, user: &str, platform: u32, timeout_ms: u32) -> Client {
    let c = Client::with_options(&fake.url, FAKE_APP, platform, timeout_ms);
    c.login(user, "sig");
    c
}

unsafe fn send(c: &Client, m: &Msg) -> Rx {
    let (cb, rx) = send_callback();
    let to = cstr("peer");
    let rc = hark_send_message(
        c.ptr,
        m.0,
        to.as_ptr(),
        ptr::null(),
        0,
        false,
        ptr::null(),
        cb,
        ptr::null_mut(),
        0,
    );
    assert_eq!(rc, 0);
    rx
}

#[test]
fn the_login_frame_carries_version_platform_and_app() {
    let fake = Fake::start();
    let _c = logged_in(&fake, "ivy", 7, 0);
    let login = fake.expect("login");
    assert_eq!(login["ver"], hark_proto::PROTOCOL_VERSION);
    assert_eq!(login["sdkappid"], FAKE_APP);
    assert_eq!((login["user"].as_str(), login["sig"].as_str()), (Some("ivy"), Some("sig")));
    assert_eq!(login["platform"], "7");
    assert_eq!(login["pos"], 0);
}

#[test]
fn an_unanswered_send_times_out_and_a_resend_keeps_its_msg_id() {
    let fake = Fake::start();
    let c = logged_in(&fake, "jay", 0, 300);
    fake.expect("login");
    let m = Msg::text("are you there?");
    let rx = unsafe { send(&c, &m) };
    let first = fake.expect("send");
    assert_eq!(rx.err(), Code::NetWaitAckTimeout as i32);
    assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_FAIL);
    // The frame leaves the sender out (harkd takes it from the session).
    assert!(first["msg"].get("sender").is_none());

    let rx = unsafe { send(&c, &m) };
    let again = fake.expect("send");
    assert_eq!(again["msg"]["msg_id"], first["msg"]["msg_id"]);
    assert_eq!(again["msg"]["random"], first["msg"]["random"]);
    // A late answer to the first attempt is ignored; the second one's answer counts.
    fake.say_one(json!({"t": "send_ack", "req": first["req"], "msg_id": "x", "seq": 1, "time": 1}));
    fake.say_one(json!({"t": "send_ack", "req": again["req"], "msg_id": again["msg"]["msg_id"], "seq": 7, "time": 1_700_000_123}));
    let sent = rx.sent();
    assert_eq!((sent.seq, sent.timestamp, sent.sender.as_str()), (7, 1_700_000_123, "jay"));
    let handle = m.snap();
    assert_eq!((handle.status, handle.seq), (HARK_MSG_STATUS_SEND_SUCC, 7));

    let (cb, rx) = history_callback();
    let peer = cstr("peer");
    assert_eq!(
        unsafe { hark_get_c2c_history_message_list(c.ptr, peer.as_ptr(), 5, ptr::null(), cb) },
        0
    );
    fake.expect("history");
    assert_eq!(rx.err(), Code::NetWaitAckTimeout as i32);
}

#[test]
fn a_burst_of_pushes_is_delivered_in_order_and_acknowledged_once() {
    let fake = Fake::start();
    let c = Client::new(&fake.url, FAKE_APP);
    let pos = c.listen();
    c.login("kim", "sig");
    fake.expect("login");
    let total = 600u64;
    fake.say(
        (1..=total).map(|n| push(n, &format!("m{n}"), "peer", &format!("text {n}"))).collect(),
    );
    for n in 1..=total {
        let got = pos.msg();
        assert_eq!(
            (got.msg_id.as_str(), got.text()),
            (format!("m{n}").as_str(), format!("text {n}").as_str())
        );
        assert_eq!((got.user_id.as_str(), got.is_self), ("peer", false));
    }
    let mut acks = 0;
    loop {
        let ack = fake.expect("recv_ack");
        acks += 1;
        if ack["pos"] == total {
            break;
        }
    }
    assert!(acks < 20, "acknowledgements are coalesced, got {acks}");

    // Replayed numbers are skipped; online-only (0) always counts.
    fake.say(vec![
        push(3, "m3", "peer", "again"),
        push(total, "dup", "peer", "again"),
        push(0, "live", "peer", "typing"),
    ]);
    fake.say(vec![push(total + 1, "next", "peer", "next")]);
    assert_eq!(pos.msg().msg_id, "live");
    assert_eq!(pos.msg().msg_id, "next");
    assert_eq!(fake.expect("recv_ack")["pos"], total + 1);

    // A new client for the same user and server resumes after what this process has seen.
    c.free();
    let again = Client::new(&fake.url, FAKE_APP);
    again.login("kim", "sig");
    assert_eq!(fake.expect("login")["pos"], total + 1);
}

#[test]
fn own_sends_count_as_seen() {
    let fake = Fake::start();
    let c = logged_in(&fake, "lee", 0, 0);
    fake.expect("login");
    let pos = c.listen();
    let m = Msg::text("mine");
    let rx = unsafe { send(&c, &m) };
    let frame = fake.expect("send");
    fake.say_one(json!({"t": "send_ack", "req": frame["req"], "msg_id": frame["msg"]["msg_id"], "seq": 1, "time": 5, "pos": 1}));
    rx.sent();
    assert_eq!(fake.expect("recv_ack")["pos"], 1);
    fake.say(vec![push(1, "own", "lee", "mine"), push(2, "theirs", "peer", "hello")]);
    assert_eq!(pos.msg().msg_id, "theirs");
}

#[test]
fn a_lost_connection_reconnects_and_resends_what_was_in_flight() {
    let fake = Fake::start();
    let c = logged_in(&fake, "max", 0, 0);
    fake.expect("login");
    let events = c.conn_listener();
    let pos = c.listen();
    fake.say(vec![push(1, "before", "peer", "before")]);
    assert_eq!(pos.msg().msg_id, "before");
    assert_eq!(fake.expect("recv_ack")["pos"], 1);
    let m = Msg::text("in flight");
    let rx = unsafe { send(&c, &m) };
    let first = fake.expect("send");
    let (cb, history) = history_callback();
    let peer = cstr("peer");
    assert_eq!(
        unsafe { hark_get_c2c_history_message_list(c.ptr, peer.as_ptr(), 5, ptr::null(), cb) },
        0
    );
    let asked = fake.expect("history");
    let (cb, join) = callback();
    let group = cstr("g1");
    assert_eq!(unsafe { hark_join_group(c.ptr, group.as_ptr(), ptr::null(), cb) }, 0);
    fake.expect("group_join");
    fake.close();

    // A group change is not idempotent: it fails. The send and the read wait.
    assert!(matches!(events.event(), Ev::ConnectFailed(9508, _)));
    assert_eq!(join.err(), Code::NetDisconnect as i32);
    assert_eq!(events.event(), Ev::Connecting);
    assert_eq!(events.event(), Ev::Connected);
    // Logs in again, going on after what it has seen.
    let login = fake.expect("login");
    assert_eq!((login["user"].as_str(), login["pos"].as_u64()), (Some("max"), Some(1)));
    let again = fake.expect("send");
    assert_eq!((&again["req"], &again["msg"]), (&first["req"], &first["msg"]));
    assert_eq!(fake.expect("history"), asked);
    c.wait_status(HARK_LOGIN_STATUS_LOGINED);
    assert_eq!(c.login_user(), "max");
    fake.say_one(json!({"t": "history", "req": asked["req"], "msgs": []}));
    assert_eq!(history.history(), []);
    let id = &again["msg"]["msg_id"];
    fake.say_one(json!({"t": "send_ack", "req": again["req"], "msg_id": id, "seq": 3, "time": 9}));
    assert_eq!(rx.sent().seq, 3);
    assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_SUCC);
    events.assert_empty();
}

#[test]
fn sends_while_reconnecting_wait_and_go_out_in_order() {
    let fake = Fake::start();
    let c = logged_in(&fake, "mia", 0, 0);
    fake.expect("login");
    let events = c.conn_listener();
    // Sent right after the connection broke: most likely before the reconnect, in any case
    // in order.
    fake.close();
    assert!(matches!(events.event(), Ev::ConnectFailed(9508, _)));
    let queued: Vec<(Msg, Rx)> = (0..3)
        .map(|i| {
            let m = Msg::text(&format!("queued {i}"));
            let rx = unsafe { send(&c, &m) };
            (m, rx)
        })
        .collect();
    fake.expect("login");
    for (i, (_, rx)) in queued.iter().enumerate() {
        let frame = loop {
            let frame = fake.seen_next();
            if frame["t"] == "send" {
                break frame;
            }
        };
        assert_eq!(frame["msg"]["elems"][0]["text"], format!("queued {i}"));
        let id = &frame["msg"]["msg_id"];
        fake.say_one(
            json!({"t": "send_ack", "req": frame["req"], "msg_id": id, "seq": i + 1, "time": 9}),
        );
        assert_eq!(rx.sent().seq, i as u64 + 1);
    }
}

#[test]
fn sig_expired_and_kicked_end_the_session() {
    for (push_type, event) in [("sig_expired", Ev::SigExpired), ("kicked", Ev::Kicked)] {
        let fake = Fake::start();
        let c = logged_in(&fake, "ned", 0, 0);
        fake.expect("login");
        let events = c.conn_listener();
        let m = Msg::text("in flight");
        let rx = unsafe { send(&c, &m) };
        fake.expect("send");
        fake.say_one(json!({"t": push_type}));
        assert_eq!(events.event(), event);
        assert_eq!(rx.err(), Code::NetDisconnect as i32);
        assert_eq!(unsafe { hark_get_login_status(c.ptr) }, HARK_LOGIN_STATUS_LOGOUT);
        assert_eq!(c.login_user(), "");
        // The client can log in again.
        c.login("ned", "sig");
    }
}

#[test]
fn odd_frames_from_the_server_are_harmless() {
    let fake = Fake::start();
    let c = logged_in(&fake, "oli", 0, 0);
    fake.expect("login");
    let pos = c.listen();
    let m = Msg::text("hi");
    let rx = unsafe { send(&c, &m) };
    let frame = fake.expect("send");
    fake.say(vec![
        "not json".into(),
        json!({"t": "from_the_future", "x": 1}).to_string(),
        json!({"t": "ok", "req": 999_999}).to_string(),
        // The wrong kind of answer for a send.
        json!({"t": "ok", "req": frame["req"]}).to_string(),
        push(1, "nul\u{0}id", "pe\u{0}er", "a\u{0}b"),
    ]);
    assert_eq!(rx.err(), Code::Internal as i32);
    let odd = pos.msg();
    assert_eq!((odd.msg_id.as_str(), odd.sender.as_str(), odd.text()), ("nul", "pe", "a"));
    fake.say(vec![push(2, "fine", "peer", "fine")]);
    assert_eq!(pos.msg().msg_id, "fine");
}

#[test]
fn logout_waits_for_the_server() {
    let fake = Fake::start();
    let c = logged_in(&fake, "pat", 0, 0);
    fake.expect("login");
    let (cb, rx) = callback();
    assert_eq!(unsafe { hark_logout(c.ptr, cb) }, 0);
    let frame = fake.expect("logout");
    rx.assert_empty();
    let (cb2, second) = callback();
    assert_eq!(unsafe { hark_logout(c.ptr, cb2) }, 0);
    assert_eq!(second.err(), Code::InProgress as i32);
    fake.say_one(json!({"t": "ok", "req": frame["req"]}));
    rx.ok();
    assert_eq!(unsafe { hark_get_login_status(c.ptr) }, HARK_LOGIN_STATUS_LOGOUT);
}

#[test]
fn a_dropped_group_message_succeeds_with_the_drop_flag_and_no_seq() {
    let fake = Fake::start();
    let c = logged_in(&fake, "quin", 0, 0);
    fake.expect("login");
    let m = Msg::text("too many");
    let (rc, rx) = c.send_message(&m, None, Some("g1"), HARK_PRIORITY_LOW, false, None);
    assert_eq!(rc, 0);
    let frame = fake.expect("send");
    assert_eq!(frame["msg"]["priority"], "low");
    let id = &frame["msg"]["msg_id"];
    fake.say_one(json!({"t": "send_ack", "req": frame["req"], "msg_id": id, "seq": 0, "time": 9, "dropped": true}));
    let sent = rx.sent();
    assert_eq!((sent.status, sent.seq, sent.dropped), (HARK_MSG_STATUS_SEND_SUCC, 0, true));
    let handle = m.snap();
    assert_eq!((handle.status, handle.seq, handle.dropped), (HARK_MSG_STATUS_SEND_SUCC, 0, true));
    // Nothing was stored, so nothing is acknowledged; a normal send is not dropped.
    let (rc, rx) = c.send_message(&Msg::text("fine"), None, Some("g1"), 0, false, None);
    assert_eq!(rc, 0);
    let frame = fake.expect("send");
    let id = &frame["msg"]["msg_id"];
    fake.say_one(
        json!({"t": "send_ack", "req": frame["req"], "msg_id": id, "seq": 1, "time": 9, "pos": 1}),
    );
    assert_eq!((rx.sent().dropped, m.snap().dropped), (false, true));
    assert_eq!(fake.expect("recv_ack")["pos"], 1);
}

#[test]
fn online_only_messages_have_no_seq_and_are_not_acknowledged() {
    let fake = Fake::start();
    let c = logged_in(&fake, "ray", 0, 0);
    fake.expect("login");
    let pos = c.listen();
    let typing = json!({"t": "msg", "pos": 0, "msg": {"msg_id": "typing", "sender": "peer",
        "receiver": "ray", "seq": 5, "online_only": true, "elems": [{"type": "text", "text": "…"}]}});
    // Even with a log position, an online-only message takes no part in the numbering.
    let mut numbered = typing.clone();
    numbered["pos"] = json!(7);
    numbered["msg"]["msg_id"] = json!("typing2");
    fake.say(vec![typing.to_string(), numbered.to_string(), push(1, "stored", "peer", "hi")]);
    for id in ["typing", "typing2"] {
        let got = pos.msg();
        assert_eq!((got.msg_id.as_str(), got.seq), (id, 0));
    }
    assert_eq!(pos.msg().seq, 1);
    assert_eq!(fake.expect("recv_ack")["pos"], 1);

    let m = Msg::text("typing…");
    let (rc, rx) = c.send_message(&m, Some("peer"), None, 0, true, None);
    assert_eq!(rc, 0);
    let frame = fake.expect("send");
    assert_eq!(frame["msg"]["online_only"], true);
    let id = &frame["msg"]["msg_id"];
    fake.say_one(
        json!({"t": "send_ack", "req": frame["req"], "msg_id": id, "seq": 3, "time": 9, "pos": 2}),
    );
    assert_eq!(rx.sent().seq, 0);
    assert_eq!(m.snap().seq, 0);
    // The online-only ack's log position is not counted as this session's own message.
    fake.say(vec![push(2, "next", "peer", "next")]);
    assert_eq!(pos.msg().msg_id, "next");
    assert_eq!(fake.expect("recv_ack")["pos"], 2);
}

#[test]
fn a_targeted_message_travels_with_its_targets_and_no_receiver() {
    let fake = Fake::start();
    let c = logged_in(&fake, "sam", 0, 0);
    fake.expect("login");
    let m = Msg::text("just you two").targeted(&["bob", "carol", "bob"]).unwrap();
    assert_eq!(m.snap().targets, ["bob", "carol"]);
    let (rc, rx) = c.send_message(&m, None, Some("g1"), 0, false, None);
    assert_eq!(rc, 0);
    let frame = fake.expect("send");
    assert_eq!(frame["msg"]["targets"], json!(["bob", "carol"]));
    assert_eq!(frame["msg"]["group"], "g1");
    assert!(frame["msg"].get("receiver").is_none());
    let id = &frame["msg"]["msg_id"];
    fake.say_one(json!({"t": "send_ack", "req": frame["req"], "msg_id": id, "seq": 4, "time": 9}));
    let sent = rx.sent();
    assert_eq!(
        (sent.targets.clone(), sent.group_id.as_str()),
        (vec!["bob".into(), "carol".into()], "g1")
    );
}

#[test]
fn the_push_config_is_registered_again_after_each_login_until_cleared() {
    let fake = Fake::start();
    let c = logged_in(&fake, "tia", 0, 0);
    fake.expect("login");
    let events = c.conn_listener();
    // The connection breaks and the client logs in again by itself.
    let lose_connection = || {
        fake.close();
        while !matches!(events.event(), Ev::ConnectFailed(..)) {}
        fake.expect("login");
        c.wait_status(HARK_LOGIN_STATUS_LOGINED);
    };
    let (rc, rx) = c.set_push_config(12345, Some("device-token"));
    assert_eq!(rc, 0);
    let frame = fake.expect("set_push_config");
    assert_eq!(
        (frame["business_id"].as_u64(), frame["token"].as_str()),
        (Some(12345), Some("device-token"))
    );
    fake.say_one(json!({"t": "ok", "req": frame["req"]}));
    rx.ok();

    // A lost connection and a new login of the same user: registered again, unasked.
    lose_connection();
    let again = fake.expect("set_push_config");
    assert_eq!(
        (again["business_id"].as_u64(), again["token"].as_str()),
        (Some(12345), Some("device-token"))
    );
    fake.say_one(json!({"t": "ok", "req": again["req"]}));

    // Another user does not inherit it: the next frame is that user's own registration,
    // which harkd refuses here, so tia's stays the one remembered.
    c.login("uma", "sig");
    fake.expect("login");
    let (rc, rx) = c.set_push_config(7, Some("uma-token"));
    assert_eq!(rc, 0);
    let own = fake.expect("set_push_config");
    assert_eq!(own["token"], "uma-token");
    fake.say_one(json!({"t": "error", "req": own["req"], "code": 6017, "desc": "refused"}));
    assert_eq!(rx.err(), 6017);

    c.login("tia", "sig");
    fake.expect("login");
    let third = fake.expect("set_push_config");
    assert_eq!(third["token"], "device-token");
    fake.say_one(json!({"t": "ok", "req": third["req"]}));
    let (rc, rx) = c.clear_push_config();
    assert_eq!(rc, 0);
    let clear = fake.expect("clear_push_config");
    fake.say_one(json!({"t": "ok", "req": clear["req"]}));
    rx.ok();
    lose_connection();
    // Cleared: the next frame is the app's own request, not a registration.
    let (rc, rx) = c.clear_push_config();
    assert_eq!(rc, 0);
    let clear = fake.expect("clear_push_config");
    fake.say_one(
        json!({"t": "error", "req": clear["req"], "code": 6017, "desc": "nothing to clear"}),
    );
    assert_eq!(rx.err(), 6017);
}
