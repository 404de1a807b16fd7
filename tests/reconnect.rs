//! Automatic reconnection against a real harkd, through a TCP fault proxy that cuts, refuses,
//! stalls and delays connections: what the connection listener sees, that sends in flight or
//! made while disconnected end exactly once and arrive exactly once in order, that timed-out
//! sends can be resent without copies, which endings do not reconnect, and that the heartbeat
//! notices a silent connection and keeps a quiet healthy one.

mod common;

use std::thread;
use std::time::{Duration, Instant};

use common::proxy::Proxy;
use common::*;
use hark::ffi::*;
use hark_proto::Code;
use harkd::testing::TestServer;

fn client(server: &TestServer, url: &str, user: &str, timeout_ms: u32) -> Client {
    let c = Client::with_options(url, server.sdkappid, 0, timeout_ms);
    c.login(user, &server.user_sig(user));
    c
}

/// Bob connects to harkd directly and listens; alice connects through the proxy (with this
/// request timeout) and her connection listener is on. Fields drop clients first.
struct Pair {
    events: Rx,
    alice: Client,
    pos: Rx,
    bob: Client,
    proxy: Proxy,
    server: TestServer,
}

fn pair(timeout_ms: u32) -> Pair {
    pair_with(|o| {
        if timeout_ms != 0 {
            o.request_timeout_ms = timeout_ms;
        }
    })
}

/// Like `pair`, with alice's options changed by `tweak`.
fn pair_with(tweak: impl FnOnce(&mut hark_client_options)) -> Pair {
    let server = TestServer::start();
    let proxy = Proxy::start(&server.url);
    let bob = Client::new(&server.url, server.sdkappid);
    let pos = bob.listen();
    bob.login("bob", &server.user_sig("bob"));
    let alice = Client::with(&proxy.url, server.sdkappid, tweak);
    alice.login("alice", &server.user_sig("alice"));
    let events = alice.conn_listener();
    Pair { events, alice, pos, bob, proxy, server }
}

/// After a ConnectFailed: failed attempts (connecting, connect_failed), then connecting and
/// connect_success. Returns how many attempts failed.
fn expect_reconnect(events: &Rx) -> usize {
    let mut failed = 0;
    loop {
        assert_eq!(events.event(), Ev::Connecting);
        match events.event() {
            Ev::Connected => return failed,
            Ev::ConnectFailed(9508, _) => failed += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
}

fn expect_lost(events: &Rx) {
    let ev = events.event();
    assert!(matches!(ev, Ev::ConnectFailed(9508, _)), "{ev:?}");
}

/// Sends text without waiting; the callbacks come back on the Rx.
fn send_text(c: &Client, m: &Msg, to: &str) -> Rx {
    let (rc, rx) = c.send_message(m, Some(to), None, 0, false, None);
    assert_eq!(rc, 0);
    rx
}

/// The texts the listener gets, up to and including `end`.
fn texts_until(pos: &Rx, end: &str) -> Vec<String> {
    let mut got = Vec::new();
    loop {
        let text = pos.msg().text().to_owned();
        if text == end {
            return got;
        }
        got.push(text);
    }
}

/// The texts of `c`'s last 10 messages with `peer`, oldest first.
fn c2c_history(c: &Client, peer: &str) -> Vec<String> {
    let history = c.history(Some(peer), None, 10, std::ptr::null());
    history.iter().rev().map(|m| m.text().to_owned()).collect()
}

fn numbered(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix} {i}")).collect()
}

#[test]
fn a_cut_while_idle_reconnects_and_catches_up_once_in_order() {
    let server = TestServer::start();
    let proxy = Proxy::start(&server.url);
    let alice = client(&server, &server.url, "alice", 0);
    let bob = Client::new(&proxy.url, server.sdkappid);
    let pos = bob.listen();
    bob.login("bob", &server.user_sig("bob"));
    let events = bob.conn_listener();
    alice.send_c2c_text("before", "bob");
    assert_eq!(pos.msg().text(), "before");

    proxy.go_down();
    expect_lost(&events);
    assert_eq!(bob.status(), HARK_LOGIN_STATUS_LOGINING);
    assert_eq!(bob.login_user(), "");
    for text in numbered("away", 5) {
        alice.send_c2c_text(&text, "bob");
    }
    proxy.refuse(false);
    expect_reconnect(&events);
    bob.wait_status(HARK_LOGIN_STATUS_LOGINED);
    assert_eq!(bob.login_user(), "bob");
    alice.send_c2c_text("after", "bob");
    alice.send_c2c_text("end", "bob");
    let mut want = numbered("away", 5);
    want.push("after".into());
    assert_eq!(texts_until(&pos, "end"), want, "each once, in order");
    // And bob can send again.
    bob.send_c2c_text("back", "alice");
    events.assert_empty();
}

#[test]
fn fifty_sends_cut_in_flight_each_end_once_and_arrive_once_in_order() {
    let Pair { server: _server, proxy, bob: _bob, pos, alice, events } = pair(0);

    // Cut in the middle of the traffic the sends make, mid-frame.
    proxy.cut_after(3_000);
    let texts = numbered("burst", 50);
    let sends: Vec<(Msg, Rx)> = texts
        .iter()
        .map(|t| {
            let m = Msg::text(t);
            let rx = send_text(&alice, &m, "bob");
            (m, rx)
        })
        .collect();
    let mut last_seq = 0;
    for (m, rx) in &sends {
        let sent = rx.sent();
        assert!(sent.seq > last_seq, "seqs follow the send order");
        last_seq = sent.seq;
        assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_SUCC);
    }
    assert_eq!(proxy.cuts(), 1, "the cut happened during the burst");
    expect_lost(&events);
    expect_reconnect(&events);
    alice.send_c2c_text("end", "bob");
    assert_eq!(texts_until(&pos, "end"), texts);
}

#[test]
fn sends_made_while_refused_go_out_in_order_once_it_accepts() {
    let Pair { server: _server, proxy, bob: _bob, pos, alice, events } = pair(0);

    proxy.go_down();
    expect_lost(&events);
    let texts = numbered("queued", 10);
    let sends: Vec<(Msg, Rx)> = texts
        .iter()
        .map(|t| {
            let m = Msg::text(t);
            let rx = send_text(&alice, &m, "bob");
            (m, rx)
        })
        .collect();
    // Online-only messages are for now: not kept for later.
    let typing = Msg::text("typing");
    let (rc, rx) = alice.send_message(&typing, Some("bob"), None, 0, true, None);
    assert_eq!(rc, 0);
    assert_eq!(rx.err(), Code::NetDisconnect as i32);
    for (m, rx) in &sends {
        assert_eq!(m.snap().status, HARK_MSG_STATUS_SENDING);
        rx.assert_empty();
    }
    // A request that is not a send is refused while reconnecting, as while logging in.
    let (cb, history) = history_callback();
    let peer = cstr("bob");
    let rc = unsafe {
        hark_get_c2c_history_message_list(alice.ptr, peer.as_ptr(), 5, std::ptr::null(), cb)
    };
    assert_eq!(history.refused(rc), Code::NotLoggedIn as i32);

    proxy.refuse(false);
    for (_, rx) in &sends {
        rx.sent();
    }
    expect_reconnect(&events);
    alice.send_c2c_text("end", "bob");
    assert_eq!(texts_until(&pos, "end"), texts);
}

#[test]
fn sends_time_out_while_the_server_is_away_and_resend_without_copies() {
    let Pair { server: _server, proxy, bob, pos, alice, events } = pair(2_000);

    // One send reaches harkd, and the connection breaks while its ack is on the way back.
    proxy.delay(Duration::from_millis(700));
    let stored = Msg::text("stored, ack lost");
    let stored_rx = send_text(&alice, &stored, "bob");
    assert_eq!(pos.msg().text(), "stored, ack lost");
    proxy.go_down();
    proxy.delay(Duration::ZERO);
    expect_lost(&events);
    let away = Msg::text("sent while away");
    let away_rx = send_text(&alice, &away, "bob");

    for (m, rx) in [(&stored, &stored_rx), (&away, &away_rx)] {
        let started = Instant::now();
        assert_eq!(rx.err(), Code::NetWaitAckTimeout as i32);
        assert!(started.elapsed() < Duration::from_secs(4));
        assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_FAIL);
    }
    proxy.refuse(false);
    alice.wait_status(HARK_LOGIN_STATUS_LOGINED);
    for m in [&stored, &away] {
        let sent = send_text(&alice, m, "bob").sent();
        assert_eq!(sent.msg_id, m.snap().msg_id);
        assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_SUCC);
    }
    alice.send_c2c_text("end", "bob");
    assert_eq!(texts_until(&pos, "end"), ["sent while away"], "nothing twice");
    assert_eq!(c2c_history(&bob, "alice"), ["stored, ack lost", "sent while away", "end"]);
}

#[test]
fn unstored_sends_whose_ack_was_lost_are_resent_and_arrive_once() {
    let Pair { server: _server, proxy, bob: _bob, pos, alice, events } = pair(0);
    let live = alice.create_group("AVChatRoom", Some("live"), &["bob"]);

    // AVChatRoom and online-only messages are not stored: harkd remembers their msgIDs
    // for a while instead, so the resend after the reconnect reaches nobody again.
    for (text, receiver, group, online_only) in
        [("on air", None, Some(live.as_str()), false), ("typing", Some("bob"), None, true)]
    {
        proxy.delay(Duration::from_millis(700));
        let m = Msg::text(text);
        let (rc, rx) = alice.send_message(&m, receiver, group, 0, online_only, None);
        assert_eq!(rc, 0);
        assert_eq!(pos.msg().text(), text);
        proxy.go_down();
        proxy.delay(Duration::ZERO);
        expect_lost(&events);
        proxy.refuse(false);
        expect_reconnect(&events);
        let sent = rx.sent();
        assert_eq!((sent.msg_id, sent.seq), (m.snap().msg_id, 0));
        assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_SUCC);
    }
    alice.send_c2c_text("end", "bob");
    assert_eq!(texts_until(&pos, "end"), Vec::<String>::new(), "nothing twice");
}

/// No new connection within a while: the client did not try to reconnect.
fn assert_no_reconnect(proxy: &Proxy, events: &Rx) {
    let accepted = proxy.accepted();
    thread::sleep(Duration::from_millis(800));
    assert_eq!(proxy.accepted(), accepted, "no new connection");
    events.assert_empty();
}

#[test]
fn kicked_and_expired_sessions_do_not_reconnect() {
    let server = TestServer::start();
    let proxy = Proxy::start(&server.url);
    let alice = client(&server, &proxy.url, "alice", 0);
    let events = alice.conn_listener();
    let _other = client(&server, &server.url, "alice", 0);
    assert_eq!(events.event(), Ev::Kicked);
    assert_eq!(alice.status(), HARK_LOGIN_STATUS_LOGOUT);
    assert_no_reconnect(&proxy, &events);

    // A UserSig that expires while connected: harkd ends the session.
    let carol = Client::new(&proxy.url, server.sdkappid);
    carol.login("carol", &server.user_sig_with_expire("carol", 2));
    let events = carol.conn_listener();
    assert_eq!(events.event(), Ev::SigExpired);
    assert_eq!(carol.status(), HARK_LOGIN_STATUS_LOGOUT);
    assert_no_reconnect(&proxy, &events);

    // One that expires while reconnecting: the client stops before trying with it, and what
    // waited for the connection fails.
    let dan = Client::new(&proxy.url, server.sdkappid);
    dan.login("dan", &server.user_sig_with_expire("dan", 3));
    let events = dan.conn_listener();
    proxy.go_down();
    expect_lost(&events);
    let m = Msg::text("never");
    let rx = send_text(&dan, &m, "alice");
    loop {
        match events.event() {
            Ev::SigExpired => break,
            Ev::Connecting | Ev::ConnectFailed(9508, _) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(rx.err(), Code::NetDisconnect as i32);
    assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_FAIL);
    assert_eq!(dan.status(), HARK_LOGIN_STATUS_LOGOUT);
    proxy.refuse(false);
    assert_no_reconnect(&proxy, &events);
}

#[test]
fn logout_while_reconnecting_stops_it() {
    let server = TestServer::start();
    let proxy = Proxy::start(&server.url);
    let alice = client(&server, &proxy.url, "alice", 0);
    let events = alice.conn_listener();
    proxy.go_down();
    expect_lost(&events);
    let m = Msg::text("queued");
    let rx = send_text(&alice, &m, "bob");
    alice.logout();
    assert_eq!(rx.err(), Code::NetDisconnect as i32);
    proxy.refuse(false);
    // Whatever attempt was under way when the logout came ends there.
    thread::sleep(Duration::from_millis(300));
    let _ = events.arrived();
    assert_no_reconnect(&proxy, &events);
    assert_eq!(alice.status(), HARK_LOGIN_STATUS_LOGOUT);
}

#[test]
fn free_while_reconnecting_returns_promptly() {
    let server = TestServer::start();
    // Refused: the client waits between attempts.
    let proxy = Proxy::start(&server.url);
    let alice = client(&server, &proxy.url, "alice", 0);
    let events = alice.conn_listener();
    proxy.go_down();
    expect_lost(&events);
    let m = Msg::text("queued");
    let rx = send_text(&alice, &m, "bob");
    let started = Instant::now();
    alice.free();
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(rx.err(), Code::NetDisconnect as i32);

    // Stalled: an attempt hangs in its handshake (the connect timeout is 15 s).
    let proxy = Proxy::start(&server.url);
    let bob = client(&server, &proxy.url, "bob", 0);
    let events = bob.conn_listener();
    proxy.stall(true);
    proxy.cut_all();
    expect_lost(&events);
    assert_eq!(events.event(), Ev::Connecting);
    let started = Instant::now();
    bob.free();
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
}

#[test]
fn a_stalled_connection_is_noticed_by_the_heartbeat_and_a_send_meanwhile_arrives_once() {
    let Pair { server: _server, proxy, bob, pos, alice, events } = pair_with(|o| {
        o.heartbeat_interval_ms = 500;
        o.heartbeat_timeout_ms = 1_500;
    });
    alice.send_c2c_text("before", "bob");
    assert_eq!(pos.msg().text(), "before");

    // The connection stays open but nothing goes through, either way; harkd's idle timeout
    // (90 s) and the send's (15 s) are far off, so only the heartbeat can notice.
    proxy.stall(true);
    let m = Msg::text("sent during the stall");
    let rx = send_text(&alice, &m, "bob");
    match events.event() {
        Ev::ConnectFailed(9508, desc) => assert!(desc.contains("ping"), "{desc}"),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(alice.status(), HARK_LOGIN_STATUS_LOGINING);
    rx.assert_empty();
    assert_eq!(m.snap().status, HARK_MSG_STATUS_SENDING);

    // The stalled bytes (the send among them) may still reach harkd on the old connection
    // once the proxy lets go; the resend on the new one carries the same msgID.
    proxy.stall(false);
    expect_reconnect(&events);
    let sent = rx.sent();
    assert_eq!(sent.msg_id, m.snap().msg_id);
    assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_SUCC);
    alice.send_c2c_text("end", "bob");
    assert_eq!(texts_until(&pos, "end"), ["sent during the stall"], "exactly once");
    assert_eq!(c2c_history(&bob, "alice"), ["before", "sent during the stall", "end"]);
}

#[test]
fn a_write_into_a_stalled_connection_gives_up_within_the_request_timeout() {
    // The heartbeat is 30 s away: only the write's own limit can notice.
    let Pair { server: _server, proxy, bob: _bob, pos, alice, events } =
        pair_with(|o| o.request_timeout_ms = 3_000);
    proxy.stall(true);
    // About 12 MB: more than the socket buffers on both sides of the proxy hold, so the
    // engine's write waits on a full socket.
    let pad = "x".repeat(11_000);
    let texts: Vec<String> = (0..1_100).map(|i| format!("{i} {pad}")).collect();
    let sends: Vec<Rx> = texts.iter().map(|t| send_text(&alice, &Msg::text(t), "bob")).collect();
    match events.event() {
        Ev::ConnectFailed(9508, desc) => assert!(desc.contains("write"), "{desc}"),
        other => panic!("unexpected {other:?}"),
    }
    proxy.stall(false);
    expect_reconnect(&events);
    let mut sent = std::collections::HashSet::new();
    for (text, rx) in texts.iter().zip(&sends) {
        match rx.terminal() {
            Ev::Sent(_) => {
                sent.insert(text.clone());
            }
            Ev::Err(9520, _) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    alice.send_c2c_text("end", "bob");
    let got = texts_until(&pos, "end");
    let unique: std::collections::HashSet<&String> = got.iter().collect();
    assert_eq!(unique.len(), got.len(), "a message arrived twice");
    assert!(sent.iter().all(|t| unique.contains(t)), "a sent message did not arrive");
}

#[test]
fn a_quiet_healthy_connection_is_kept_by_its_pings() {
    // harkd closes sessions it hears nothing from for 3 s.
    let server = TestServer::start_with(|c| c.limits.idle_timeout_secs = 3);
    let proxy = Proxy::start(&server.url);
    // Pings every 300 ms of quiet: harkd hears from it and it hears harkd's pongs.
    let alice = Client::with(&proxy.url, server.sdkappid, |o| {
        o.heartbeat_interval_ms = 300;
        o.heartbeat_timeout_ms = 3_000;
    });
    alice.login("alice", &server.user_sig("alice"));
    let events = alice.conn_listener();
    // The default heartbeat (30 s) is slower than this harkd's idle timeout: the control.
    let bob = Client::new(&server.url, server.sdkappid);
    bob.login("bob", &server.user_sig("bob"));
    let bob_events = bob.conn_listener();
    let accepted = proxy.accepted();

    // Nothing to say for over two of harkd's idle timeouts and 25 ping intervals.
    thread::sleep(Duration::from_secs(8));
    events.assert_empty();
    assert_eq!(proxy.accepted(), accepted, "alice kept her one connection");
    assert_eq!(alice.status(), HARK_LOGIN_STATUS_LOGINED);
    let dropped = bob_events.arrived();
    assert!(matches!(dropped.first(), Some(Ev::ConnectFailed(9508, _))), "{dropped:?}");

    // And the connection still carries messages both ways.
    let pos = alice.listen();
    bob.wait_status(HARK_LOGIN_STATUS_LOGINED);
    bob.send_c2c_text("still there?", "alice");
    assert_eq!(pos.msg().text(), "still there?");
    alice.send_c2c_text("yes", "bob");
    events.assert_empty();
}
