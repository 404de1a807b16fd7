//! The callback contract: one terminal callback on the dispatcher thread, free_user_data once,
//! callbacks calling back into the API, freeing the client with requests in flight or from
//! inside a callback, and NULL or invalid arguments.

mod common;

use std::ffi::{c_char, CStr};
use std::ptr;
use std::sync::mpsc::channel;

use common::fake::{push, Fake, FAKE_APP};
use common::*;
use hark::ffi::*;
use hark_proto::Code;
use harkd::testing::TestServer;

#[test]
fn callbacks_may_call_back_into_the_api() {
    let server = TestServer::start();
    let bob = Client::new(&server.url, server.sdkappid);
    bob.login("bob", &server.user_sig("bob"));
    // Bob answers pings from inside his listener.
    let (replies_tx, replies) = channel();
    let me = bob.handle();
    let (l, bob_inbox) = msg_listener(Some(Box::new(move |ev| {
        let Ev::Msg(m) = ev else { return };
        if m.text() != "ping" {
            return;
        }
        let (cb, rx) = send_callback();
        let (text, to) = (cstr(&format!("re: {}", m.text())), cstr(&m.sender));
        let rc = unsafe {
            hark_send_c2c_text_message(me.get(), text.as_ptr(), to.as_ptr(), cb, ptr::null_mut(), 0)
        };
        assert_eq!(rc, 0);
        replies_tx.send(Sendable(rx)).unwrap();
    })));
    assert!(unsafe { hark_add_advanced_msg_listener(bob.ptr, l) } > 0);

    // Alice's login callback checks her status and sends from inside the callback.
    let alice = Client::new(&server.url, server.sdkappid);
    let (inner_cb, inner_rx) = send_callback();
    let (status_tx, status) = channel();
    let inside = Sendable((alice.ptr, inner_cb));
    let mut inside = Some(inside);
    let hook: Hook = Box::new(move |ev| {
        assert_eq!(*ev, Ev::Ok);
        let Sendable((client, cb)) = inside.take().unwrap();
        unsafe {
            status_tx.send(hark_get_login_status(client)).unwrap();
            let (text, to) = (cstr("sent from a callback"), cstr("bob"));
            assert_eq!(
                hark_send_c2c_text_message(
                    client,
                    text.as_ptr(),
                    to.as_ptr(),
                    cb,
                    ptr::null_mut(),
                    0
                ),
                0
            );
        }
    });
    let (cb, rx) = hooked_callback(Some(hook));
    assert_eq!(alice.try_login("alice", &server.user_sig("alice"), cb), 0);
    rx.ok();
    assert_eq!(status.recv_timeout(WAIT).unwrap(), HARK_LOGIN_STATUS_LOGINED);
    assert_eq!(inner_rx.sent().text(), "sent from a callback");
    assert_eq!(bob_inbox.msg().text(), "sent from a callback");

    let alice_inbox = alice.listen();
    alice.send_c2c_text("ping", "bob");
    assert_eq!(bob_inbox.msg().text(), "ping");
    assert_eq!(replies.recv_timeout(WAIT).unwrap().0.sent().text(), "re: ping");
    assert_eq!(alice_inbox.msg().text(), "re: ping");
}

#[test]
fn callbacks_run_in_order_one_at_a_time() {
    let server = TestServer::start();
    let alice = Client::new(&server.url, server.sdkappid);
    alice.login("alice", &server.user_sig("alice"));
    let bob = Client::new(&server.url, server.sdkappid);
    bob.login("bob", &server.user_sig("bob"));

    let (order_tx, order) = channel();
    let to = cstr("bob");
    let probes: Vec<Rx> = (0..50)
        .map(|i| {
            let tx = order_tx.clone();
            let (cb, rx) = hooked_send_callback(Some(Box::new(move |_| tx.send(i).unwrap())));
            let text = cstr(&format!("n{i}"));
            assert_eq!(
                unsafe {
                    hark_send_c2c_text_message(
                        alice.ptr,
                        text.as_ptr(),
                        to.as_ptr(),
                        cb,
                        ptr::null_mut(),
                        0,
                    )
                },
                0
            );
            rx
        })
        .collect();
    let seqs: Vec<u64> = probes.iter().map(|rx| rx.sent().seq).collect();
    assert_eq!(seqs, (1..=50).collect::<Vec<u64>>());
    let got: Vec<i32> = order.try_iter().collect();
    assert_eq!(got, (0..50).collect::<Vec<i32>>());
}

#[test]
fn freeing_the_client_ends_requests_in_flight_and_waits_for_their_callbacks() {
    let fake = Fake::start();
    let c = Client::new(&fake.url, FAKE_APP);
    c.login("me", "sig");
    fake.expect("login");
    let conn = c.conn_listener();
    let pos = c.listen();
    let handles: Vec<Msg> = (0..3).map(|i| Msg::text(&format!("pending {i}"))).collect();
    let to = cstr("peer");
    let sends: Vec<Rx> = handles
        .iter()
        .map(|m| {
            let (cb, rx) = send_callback();
            let rc = unsafe {
                hark_send_message(
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
                )
            };
            assert_eq!(rc, 0);
            rx
        })
        .collect();
    let (cb, history) = history_callback();
    assert_eq!(
        unsafe { hark_get_c2c_history_message_list(c.ptr, to.as_ptr(), 5, ptr::null(), cb) },
        0
    );
    for _ in 0..3 {
        fake.expect("send");
    }
    fake.expect("history");

    c.free();
    // Everything already happened when free returned.
    for rx in sends.iter().chain([&history]) {
        match &rx.arrived()[..] {
            [Ev::Err(9508, _), Ev::Freed] => {}
            other => panic!("expected 9508 then free, got {other:?}"),
        }
    }
    assert_eq!(conn.arrived(), [Ev::Freed]);
    assert_eq!(pos.arrived(), [Ev::Freed]);
    assert!(handles.iter().all(|m| m.snap().status == HARK_MSG_STATUS_SEND_FAIL));
}

#[test]
fn a_callback_may_free_its_own_client() {
    let fake = Fake::start();
    let c = Client::new(&fake.url, FAKE_APP);
    c.login("me", "sig");
    fake.expect("login");
    let (cb, pending) = send_callback();
    let (text, to) = (cstr("never answered"), cstr("peer"));
    assert_eq!(
        unsafe {
            hark_send_c2c_text_message(c.ptr, text.as_ptr(), to.as_ptr(), cb, ptr::null_mut(), 0)
        },
        0
    );
    fake.expect("send");

    let mut own = Some(c.handle());
    let (l, pos) = msg_listener(Some(Box::new(move |_| {
        let Sendable(client) = own.take().expect("freed once");
        unsafe { hark_client_free(client) };
    })));
    assert!(unsafe { hark_add_advanced_msg_listener(c.ptr, l) } > 0);
    let _freed_by_the_callback = c.into_raw();
    fake.say(vec![push(1, "m1", "peer", "free me")]);

    // The free returned inside the callback; the rest runs after it.
    assert_eq!(pos.msg().text(), "free me");
    assert_eq!(pending.err(), Code::NetDisconnect as i32);
    assert_eq!(pos.event(), Ev::Freed);
    pos.assert_done();
}

#[test]
fn listeners_are_released_once_when_replaced_or_removed() {
    let server = TestServer::start();
    let c = Client::new(&server.url, server.sdkappid);
    let first = c.conn_listener();
    let second = c.conn_listener();
    assert_eq!(first.event(), Ev::Freed);
    first.assert_done();
    assert_eq!(unsafe { hark_set_conn_listener(c.ptr, ptr::null()) }, 0);
    assert_eq!(second.event(), Ev::Freed);
    second.assert_done();

    // Listeners without callbacks or user data are fine too.
    let silent = hark_conn_listener {
        on_connecting: None,
        on_connect_success: None,
        on_connect_failed: None,
        on_kicked_offline: None,
        on_user_sig_expired: None,
        user_data: ptr::null_mut(),
        free_user_data: None,
    };
    assert_eq!(unsafe { hark_set_conn_listener(c.ptr, &silent) }, 0);
    let quiet = hark_msg_listener {
        on_recv_new_message: None,
        on_recv_c2c_read_receipt: None,
        on_recv_message_read_receipts: None,
        user_data: ptr::null_mut(),
        free_user_data: None,
    };
    let id = unsafe { hark_add_advanced_msg_listener(c.ptr, quiet) };
    assert!(id > 0);
    let none = hark_callback {
        on_success: None,
        on_error: None,
        user_data: ptr::null_mut(),
        free_user_data: None,
    };
    assert_eq!(c.try_login("zoe", &server.user_sig("zoe"), none), 0);

    let kept = c.listen();
    assert_eq!(unsafe { hark_remove_advanced_msg_listener(c.ptr, id) }, 0);
    assert_eq!(unsafe { hark_remove_advanced_msg_listener(c.ptr, 424_242) }, 0);
    assert_eq!(
        unsafe { hark_remove_advanced_msg_listener(c.ptr, 0) },
        Code::InvalidParameters as i32
    );
    c.free();
    assert_eq!(kept.event(), Ev::Freed);
    kept.assert_done();
}

fn read(p: *const c_char) -> String {
    assert!(!p.is_null());
    unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned()
}

#[test]
fn null_and_invalid_arguments_are_errors_never_crashes() {
    let nul = ptr::null();
    let bad = c"\xff\xfe".as_ptr();
    unsafe {
        let mut m = ptr::null_mut();
        assert_eq!(hark_create_text_message(nul, &mut m), Code::InvalidParameters as i32);
        assert_eq!(hark_create_text_message(bad, &mut m), Code::InvalidParameters as i32);
        assert_eq!(
            hark_create_text_message(cstr("x").as_ptr(), ptr::null_mut()),
            Code::InvalidParameters as i32
        );
        assert_eq!(
            hark_create_custom_message(nul.cast(), 5, nul, nul, &mut m),
            Code::InvalidParameters as i32
        );
        assert_eq!(
            hark_create_custom_message(nul.cast(), 0, bad, nul, &mut m),
            Code::InvalidParameters as i32
        );
        assert!(m.is_null(), "out-params are written only on success");
        assert_eq!(
            hark_message_append_text(ptr::null_mut(), cstr("x").as_ptr()),
            Code::InvalidParameters as i32
        );

        // Getters on NULL answer empty values.
        let none: *const hark_message = ptr::null();
        assert_eq!(read(hark_message_get_msg_id(none)), "");
        assert_eq!(read(hark_message_get_sender(none)), "");
        assert_eq!(read(hark_message_get_user_id(none)), "");
        assert_eq!(read(hark_message_get_group_id(none)), "");
        assert_eq!(hark_message_get_timestamp(none), 0);
        assert_eq!(hark_message_get_seq(none), 0);
        assert_eq!(hark_message_get_random(none), 0);
        assert_eq!(hark_message_get_status(none), 0);
        assert!(!hark_message_is_self(none));
        assert_eq!(hark_message_get_priority(none), 0);
        assert_eq!(hark_message_get_elem_count(none), 0);
        assert_eq!(hark_message_get_elem_type(none, 0), HARK_ELEM_TYPE_NONE);
        assert!(hark_message_get_text(none, 0).is_null());
        let mut len = 9;
        assert!(hark_message_get_custom_data(none, 0, &mut len).is_null());
        assert_eq!(len, 0);
        assert!(hark_message_get_custom_desc(none, 0).is_null());
        let mut push: hark_offline_push_info = std::mem::zeroed();
        assert_eq!(
            hark_message_get_offline_push_info(none, &mut push),
            Code::InvalidParameters as i32
        );
        assert!(hark_message_clone(none).is_null());
        hark_message_free(ptr::null_mut());
        hark_client_options_init(ptr::null_mut());

        // A fresh message, read elem by elem.
        let m = Msg::text("first");
        assert_eq!(
            hark_message_append_custom(m.0, b"d".as_ptr(), 1, nul, bad),
            Code::InvalidParameters as i32
        );
        assert_eq!(
            hark_message_get_elem_count(m.0),
            1,
            "a refused append leaves the message unchanged"
        );
        assert_eq!(hark_message_append_custom(m.0, b"d".as_ptr(), 1, nul, nul), 0);
        assert_eq!(hark_message_get_elem_type(m.0, 5), HARK_ELEM_TYPE_NONE);
        assert!(hark_message_get_text(m.0, 1).is_null());
        assert!(hark_message_get_custom_data(m.0, 0, ptr::null_mut()).is_null());
        assert_eq!(read(hark_message_get_custom_extension(m.0, 1)), "");
        assert!(hark_message_get_custom_extension(m.0, 0).is_null());
        let snap = m.snap();
        assert_eq!(
            (snap.status, snap.is_self, snap.seq, snap.priority),
            (HARK_MSG_STATUS_SENDING, true, 0, HARK_PRIORITY_DEFAULT)
        );
        assert_eq!(snap.push, PushSnap::default());
    }
    let version = read(hark_version());
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    assert_eq!(read(hark_error_description(6014)), "not logged in");
}

#[test]
fn login_user_is_written_like_snprintf() {
    let server = TestServer::start();
    let c = Client::new(&server.url, server.sdkappid);
    c.login("henrietta", &server.user_sig("henrietta"));
    unsafe {
        assert_eq!(hark_get_login_user(c.ptr, ptr::null_mut(), 0), 9);
        let mut small = [b'z' as c_char; 4];
        assert_eq!(hark_get_login_user(c.ptr, small.as_mut_ptr(), small.len()), 9);
        assert_eq!(read(small.as_ptr()), "hen");
    }
}
