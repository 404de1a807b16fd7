//! Every error code the C API promises: an error found at once is only returned (nothing is
//! called, not even free_user_data), a later one reaches on_error.

mod common;

use std::ffi::c_char;
use std::ptr;
use std::time::Duration;

use common::proxy::Proxy;
use common::*;
use hark::ffi::*;
use hark_proto::Code;
use harkd::testing::TestServer;

fn code(c: Code) -> i32 {
    c as i32
}

/// The call returned `want` and called nothing.
fn refused(rc: i32, rx: Rx, want: Code) {
    assert_eq!(rx.refused(rc), code(want));
}

unsafe fn send(
    c: &Client,
    m: *mut hark_message,
    to: Option<&str>,
    group: Option<&str>,
    priority: i32,
) -> (i32, Rx) {
    let (cb, rx) = send_callback();
    let (to, group) = (to.map(cstr), group.map(cstr));
    let rc = hark_send_message(
        c.ptr,
        m,
        to.as_ref().map_or(ptr::null(), |t| t.as_ptr()),
        group.as_ref().map_or(ptr::null(), |g| g.as_ptr()),
        priority,
        false,
        ptr::null(),
        cb,
        ptr::null_mut(),
        0,
    );
    (rc, rx)
}

const BAD_UTF8: &[u8] = b"caf\xc3\0";

#[test]
fn a_null_client_returns_6013_and_calls_nothing() {
    let nul = ptr::null_mut();
    let s = cstr("x");
    let m = Msg::text("x");
    unsafe {
        let (cb, rx) = callback();
        assert_eq!(hark_login(nul, s.as_ptr(), s.as_ptr(), cb), code(Code::NotInitialized));
        rx.reclaim();
        let (cb, rx) = callback();
        assert_eq!(hark_logout(nul, cb), code(Code::NotInitialized));
        rx.reclaim();
        let (cb, rx) = send_callback();
        let rc = hark_send_message(
            nul,
            m.0,
            s.as_ptr(),
            ptr::null(),
            0,
            false,
            ptr::null(),
            cb,
            ptr::null_mut(),
            0,
        );
        assert_eq!(rc, code(Code::NotInitialized));
        rx.reclaim();
        let (cb, rx) = send_callback();
        assert_eq!(
            hark_send_c2c_text_message(nul, s.as_ptr(), s.as_ptr(), cb, ptr::null_mut(), 0),
            code(Code::NotInitialized)
        );
        rx.reclaim();
        let (cb, rx) = send_callback();
        assert_eq!(
            hark_send_group_custom_message(
                nul,
                ptr::null(),
                0,
                s.as_ptr(),
                0,
                cb,
                ptr::null_mut(),
                0
            ),
            code(Code::NotInitialized)
        );
        rx.reclaim();
        let (cb, rx) = history_callback();
        assert_eq!(
            hark_get_c2c_history_message_list(nul, s.as_ptr(), 1, ptr::null(), cb),
            code(Code::NotInitialized)
        );
        rx.reclaim();
        let (cb, rx) = string_callback();
        assert_eq!(
            hark_create_group(nul, s.as_ptr(), ptr::null(), s.as_ptr(), ptr::null(), 0, cb),
            code(Code::NotInitialized)
        );
        rx.reclaim();
        let (cb, rx) = members_callback();
        assert_eq!(hark_get_group_member_list(nul, s.as_ptr(), cb), code(Code::NotInitialized));
        rx.reclaim();
        let (l, rx) = msg_listener(None);
        assert_eq!(hark_add_advanced_msg_listener(nul, l), 0);
        rx.reclaim();
        let (l, rx) = conn_listener();
        assert_eq!(hark_set_conn_listener(nul, &l), code(Code::NotInitialized));
        rx.reclaim();
        assert_eq!(hark_remove_advanced_msg_listener(nul, 1), code(Code::NotInitialized));
        assert_eq!(hark_get_login_status(nul), HARK_LOGIN_STATUS_LOGOUT);
        let mut buf = [b'z' as c_char; 4];
        assert_eq!(hark_get_login_user(nul, buf.as_mut_ptr(), buf.len()), 0);
        assert_eq!(buf[0], 0);
        hark_client_free(nul);
    }
}

#[test]
fn requests_need_a_login() {
    let server = TestServer::start();
    let c = Client::new(&server.url, server.sdkappid);
    let m = Msg::text("hi");
    unsafe {
        let (rc, rx) = send(&c, m.0, Some("bob"), None, 0);
        refused(rc, rx, Code::NotLoggedIn);
        assert_eq!(m.snap().msg_id, "", "a refused message is unchanged");
        let (cb, rx) = send_callback();
        let (t, g) = (cstr("t"), cstr("g"));
        refused(
            hark_send_group_text_message(c.ptr, t.as_ptr(), g.as_ptr(), 0, cb, ptr::null_mut(), 0),
            rx,
            Code::NotLoggedIn,
        );
        let (cb, rx) = history_callback();
        refused(
            hark_get_group_history_message_list(c.ptr, g.as_ptr(), 5, ptr::null(), cb),
            rx,
            Code::NotLoggedIn,
        );
        let (cb, rx) = callback();
        refused(hark_join_group(c.ptr, g.as_ptr(), ptr::null(), cb), rx, Code::NotLoggedIn);
        let (cb, rx) = string_callback();
        let work = cstr("Work");
        refused(
            hark_create_group(c.ptr, work.as_ptr(), ptr::null(), t.as_ptr(), ptr::null(), 0, cb),
            rx,
            Code::NotLoggedIn,
        );
    }
    // Logging out when logged out is fine.
    c.logout();
}

#[test]
fn send_arguments_are_checked_before_anything_is_sent() {
    let server = TestServer::start();
    let alice = logged_in(&server, "alice");
    let m = Msg::text("hi");
    unsafe {
        let (rc, rx) = send(&alice, m.0, None, None, 0);
        refused(rc, rx, Code::InvalidParameters);
        let (rc, rx) = send(&alice, m.0, Some(""), Some(""), 0);
        refused(rc, rx, Code::InvalidParameters);
        let (rc, rx) = send(&alice, ptr::null_mut(), Some("bob"), None, 0);
        refused(rc, rx, Code::InvalidParameters);
        for priority in [-1, 4] {
            let (rc, rx) = send(&alice, m.0, None, Some("g"), priority);
            refused(rc, rx, Code::InvalidParameters);
        }
        let (rc, rx) = send(&alice, m.0, Some("a b"), None, 0);
        refused(rc, rx, Code::InvalidIdentifier);
        let (rc, rx) = send(&alice, m.0, Some(&"u".repeat(33)), None, 0);
        refused(rc, rx, Code::InvalidIdentifier);
        let (rc, rx) = send(&alice, m.0, None, Some(&"g".repeat(49)), 0);
        refused(rc, rx, Code::GroupInvalidGroupId);
        let (rc, rx) = send(&alice, m.0, Some("bob"), Some("bad group"), 0);
        refused(rc, rx, Code::GroupInvalidGroupId);

        // A msgID buffer must hold HARK_MSG_ID_SIZE bytes; a short one is left alone.
        let (cb, rx) = send_callback();
        let bob = cstr("bob");
        let mut short = [b'z' as c_char; HARK_MSG_ID_SIZE - 1];
        let rc = hark_send_message(
            alice.ptr,
            m.0,
            bob.as_ptr(),
            ptr::null(),
            0,
            false,
            ptr::null(),
            cb,
            short.as_mut_ptr(),
            short.len(),
        );
        refused(rc, rx, Code::InvalidParameters);
        assert!(short.iter().all(|&c| c == b'z' as c_char));

        // Invalid UTF-8 anywhere is 6017.
        let (cb, rx) = send_callback();
        let rc = hark_send_c2c_text_message(
            alice.ptr,
            BAD_UTF8.as_ptr().cast(),
            bob.as_ptr(),
            cb,
            ptr::null_mut(),
            0,
        );
        refused(rc, rx, Code::InvalidParameters);
        let (cb, rx) = send_callback();
        let rc = hark_send_message(
            alice.ptr,
            m.0,
            BAD_UTF8.as_ptr().cast(),
            ptr::null(),
            0,
            false,
            ptr::null(),
            cb,
            ptr::null_mut(),
            0,
        );
        refused(rc, rx, Code::InvalidParameters);
        let mut push: hark_offline_push_info = std::mem::zeroed();
        push.title = BAD_UTF8.as_ptr().cast();
        let (cb, rx) = send_callback();
        let rc = hark_send_message(
            alice.ptr,
            m.0,
            bob.as_ptr(),
            ptr::null(),
            0,
            false,
            &push,
            cb,
            ptr::null_mut(),
            0,
        );
        refused(rc, rx, Code::InvalidParameters);
        let (cb, rx) = send_callback();
        let rc = hark_send_c2c_custom_message(
            alice.ptr,
            ptr::null(),
            3,
            bob.as_ptr(),
            cb,
            ptr::null_mut(),
            0,
        );
        refused(rc, rx, Code::InvalidParameters);
    }
    let untouched = m.snap();
    assert_eq!(
        (untouched.msg_id.as_str(), untouched.status, untouched.sender.as_str()),
        ("", HARK_MSG_STATUS_SENDING, "")
    );
}

#[test]
fn bodies_over_12_kb_are_refused_with_8001() {
    let server = TestServer::start();
    let alice = logged_in(&server, "alice");
    let _bob = logged_in(&server, "bob");
    let limit = 12 * 1024;
    let bob = cstr("bob");
    unsafe {
        let (cb, rx) = send_callback();
        let big = cstr(&"x".repeat(limit + 1));
        let rc = hark_send_c2c_text_message(
            alice.ptr,
            big.as_ptr(),
            bob.as_ptr(),
            cb,
            ptr::null_mut(),
            0,
        );
        refused(rc, rx, Code::MsgBodySizeLimit);

        // Every field of every elem counts: exactly 12 KB is allowed, one byte more is not.
        let full = || Msg::custom(&vec![7u8; limit - 10], Some("12345"), Some("12345"));
        assert_eq!(alice_sends(&alice, &full()), None);
        let over = full();
        let one_more = cstr("!");
        assert_eq!(hark_message_append_text(over.0, one_more.as_ptr()), 0);
        let (rc, rx) = send(&alice, over.0, Some("bob"), None, 0);
        refused(rc, rx, Code::MsgBodySizeLimit);
    }

    fn alice_sends(alice: &Client, m: &Msg) -> Option<i32> {
        let (rc, rx) = unsafe { send(alice, m.0, Some("bob"), None, 0) };
        assert_eq!(rc, 0);
        match rx.terminal() {
            Ev::Sent(_) => None,
            other => panic!("exactly 12 KB is allowed, got {other:?}"),
        }
    }
}

#[test]
fn server_errors_pass_through() {
    let server = TestServer::start();
    let alice = logged_in(&server, "alice");
    let bob = logged_in(&server, "bob");
    let m = Msg::text("hi");
    unsafe {
        let (rc, rx) = send(&alice, m.0, Some("nobody"), None, 0);
        assert_eq!(rc, 0);
        assert_eq!(rx.err(), code(Code::MsgInvalidId));
        assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_FAIL);

        let (rc, rx) = send(&alice, m.0, None, Some("no-such-group"), 0);
        assert_eq!(rc, 0);
        assert_eq!(rx.err(), code(Code::GroupNotFound));

        let group = alice.create_group("Public", Some("club"), &[]);
        let g = cstr(&group);
        let (rc, rx) = send(&bob, Msg::text("let me talk").0, None, Some(&group), 0);
        assert_eq!(rc, 0);
        assert_eq!(rx.err(), code(Code::GroupPermissionDeny));
        let (cb, rx) = history_callback();
        assert_eq!(hark_get_group_history_message_list(bob.ptr, g.as_ptr(), 5, ptr::null(), cb), 0);
        assert_eq!(rx.err(), code(Code::GroupPermissionDeny));
        let (cb, rx) = members_callback();
        assert_eq!(hark_get_group_member_list(bob.ptr, g.as_ptr(), cb), 0);
        assert_eq!(rx.err(), code(Code::GroupPermissionDeny));
        let (cb, rx) = callback();
        assert_eq!(hark_dismiss_group(bob.ptr, g.as_ptr(), cb), 0);
        assert_eq!(rx.err(), code(Code::GroupPermissionDeny));
        let (cb, rx) = callback();
        assert_eq!(hark_quit_group(alice.ptr, g.as_ptr(), cb), 0);
        assert_eq!(rx.err(), code(Code::GroupOwnerCannotQuit));
        let (cb, rx) = callback();
        let missing = cstr("missing");
        assert_eq!(hark_join_group(bob.ptr, missing.as_ptr(), ptr::null(), cb), 0);
        assert_eq!(rx.err(), code(Code::GroupNotFound));

        let (cb, rx) = string_callback();
        let (public, name) = (cstr("Public"), cstr("again"));
        assert_eq!(
            hark_create_group(
                bob.ptr,
                public.as_ptr(),
                g.as_ptr(),
                name.as_ptr(),
                ptr::null(),
                0,
                cb
            ),
            0
        );
        assert_eq!(rx.err(), code(Code::GroupIdInUse));
    }
}

#[test]
fn history_and_group_arguments_are_checked() {
    let server = TestServer::start();
    let alice = logged_in(&server, "alice");
    let (bob, g, work, name) = (cstr("bob"), cstr("g"), cstr("Work"), cstr("name"));
    unsafe {
        let (cb, rx) = history_callback();
        refused(
            hark_get_c2c_history_message_list(alice.ptr, bob.as_ptr(), 0, ptr::null(), cb),
            rx,
            Code::InvalidParameters,
        );
        let (cb, rx) = history_callback();
        let bad = cstr("not valid");
        refused(
            hark_get_c2c_history_message_list(alice.ptr, bad.as_ptr(), 5, ptr::null(), cb),
            rx,
            Code::InvalidIdentifier,
        );
        let (cb, rx) = history_callback();
        refused(
            hark_get_group_history_message_list(alice.ptr, bad.as_ptr(), 5, ptr::null(), cb),
            rx,
            Code::GroupInvalidGroupId,
        );
        let (cb, rx) = history_callback();
        refused(
            hark_get_c2c_history_message_list(alice.ptr, ptr::null(), 5, ptr::null(), cb),
            rx,
            Code::InvalidParameters,
        );
        let never_sent = Msg::text("draft");
        let (cb, rx) = history_callback();
        refused(
            hark_get_c2c_history_message_list(alice.ptr, bob.as_ptr(), 5, never_sent.0, cb),
            rx,
            Code::InvalidParameters,
        );

        let (cb, rx) = string_callback();
        let private = cstr("Private");
        refused(
            hark_create_group(
                alice.ptr,
                private.as_ptr(),
                ptr::null(),
                name.as_ptr(),
                ptr::null(),
                0,
                cb,
            ),
            rx,
            Code::InvalidParameters,
        );
        let (cb, rx) = string_callback();
        refused(
            hark_create_group(
                alice.ptr,
                work.as_ptr(),
                ptr::null(),
                ptr::null(),
                ptr::null(),
                0,
                cb,
            ),
            rx,
            Code::InvalidParameters,
        );
        let (cb, rx) = string_callback();
        refused(
            hark_create_group(
                alice.ptr,
                work.as_ptr(),
                ptr::null(),
                name.as_ptr(),
                ptr::null(),
                2,
                cb,
            ),
            rx,
            Code::InvalidParameters,
        );
        let (cb, rx) = string_callback();
        let reserved = cstr("@TGS#mine");
        refused(
            hark_create_group(
                alice.ptr,
                work.as_ptr(),
                reserved.as_ptr(),
                name.as_ptr(),
                ptr::null(),
                0,
                cb,
            ),
            rx,
            Code::GroupInvalidGroupId,
        );
        let (cb, rx) = string_callback();
        let members = [bob.as_ptr(), bad.as_ptr()];
        refused(
            hark_create_group(
                alice.ptr,
                work.as_ptr(),
                g.as_ptr(),
                name.as_ptr(),
                members.as_ptr(),
                2,
                cb,
            ),
            rx,
            Code::InvalidIdentifier,
        );
        let (cb, rx) = callback();
        refused(hark_quit_group(alice.ptr, bad.as_ptr(), cb), rx, Code::GroupInvalidGroupId);
        let (cb, rx) = callback();
        refused(
            hark_join_group(alice.ptr, g.as_ptr(), BAD_UTF8.as_ptr().cast(), cb),
            rx,
            Code::InvalidParameters,
        );
        let (cb, rx) = members_callback();
        refused(
            hark_get_group_member_list(alice.ptr, ptr::null(), cb),
            rx,
            Code::InvalidParameters,
        );
    }
}

#[test]
fn login_errors() {
    let server = TestServer::start();
    let c = Client::new(&server.url, server.sdkappid);
    let events = c.conn_listener();
    let (cb, rx) = callback();
    assert_eq!(c.try_login("erin", "not a usersig", cb), 0);
    assert_eq!([events.event(), events.event()], [Ev::Connecting, Ev::Connected]);
    assert_eq!(rx.err(), code(Code::UserSigInvalid));
    assert_eq!(unsafe { hark_get_login_status(c.ptr) }, HARK_LOGIN_STATUS_LOGOUT);

    let (cb, rx) = callback();
    assert_eq!(c.try_login("erin", &server.user_sig("frank"), cb), 0);
    assert_ne!(rx.err(), 0);
    let (cb, rx) = callback();
    assert_eq!(c.try_login("erin", &server.user_sig_with_expire("erin", 0), cb), 0);
    assert_eq!(rx.err(), code(Code::UserSigExpired));

    let (cb, rx) = callback();
    refused(c.try_login("not valid", "sig", cb), rx, Code::InvalidIdentifier);
    let (cb, rx) = callback();
    let erin = cstr("erin");
    refused(
        unsafe { hark_login(c.ptr, erin.as_ptr(), ptr::null(), cb) },
        rx,
        Code::InvalidParameters,
    );

    // A second login while the first runs is 6015; the first still completes. A proxy holds
    // each chunk back 300 ms, so the first is surely still running, even on a busy machine.
    let proxy = Proxy::start(&server.url);
    proxy.delay(Duration::from_millis(300));
    let slow = Client::new(&proxy.url, server.sdkappid);
    let (cb1, rx1) = callback();
    let (cb2, rx2) = callback();
    assert_eq!(slow.try_login("erin", &server.user_sig("erin"), cb1), 0);
    assert_eq!(slow.try_login("erin", &server.user_sig("erin"), cb2), 0);
    assert_eq!(rx2.err(), code(Code::InProgress));
    rx1.ok();
    // Logging in again as the same user succeeds at once.
    slow.login("erin", &server.user_sig("erin"));
}

#[test]
fn an_unreachable_server_fails_the_login_with_9508() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let c = Client::new(&format!("ws://127.0.0.1:{port}"), 1400000001);
    let events = c.conn_listener();
    let (cb, rx) = callback();
    assert_eq!(c.try_login("gina", "sig", cb), 0);
    assert_eq!(events.event(), Ev::Connecting);
    assert!(matches!(events.event(), Ev::ConnectFailed(9508, _)));
    assert_eq!(rx.err(), code(Code::NetDisconnect));
    assert_eq!(unsafe { hark_get_login_status(c.ptr) }, HARK_LOGIN_STATUS_LOGOUT);
}

#[test]
fn client_new_checks_its_arguments() {
    let mut out = ptr::null_mut();
    let good = cstr("ws://127.0.0.1:1");
    unsafe {
        for url in
            ["http://127.0.0.1:1", "https://127.0.0.1:1", "127.0.0.1:1", "ws://bad host:1", ""]
        {
            let url = cstr(url);
            assert_eq!(
                hark_client_new(1, url.as_ptr(), ptr::null(), &mut out),
                code(Code::InvalidParameters)
            );
        }
        assert_eq!(
            hark_client_new(1, BAD_UTF8.as_ptr().cast(), ptr::null(), &mut out),
            code(Code::InvalidParameters)
        );
        assert_eq!(
            hark_client_new(1, ptr::null(), ptr::null(), &mut out),
            code(Code::InvalidParameters)
        );
        assert_eq!(
            hark_client_new(0, good.as_ptr(), ptr::null(), &mut out),
            code(Code::InvalidParameters)
        );
        assert_eq!(
            hark_client_new(1, good.as_ptr(), ptr::null(), ptr::null_mut()),
            code(Code::InvalidParameters)
        );
        assert!(out.is_null(), "out-params are written only on success");
        assert_eq!(
            hark_client_new(1, cstr("ws://127.0.0.1:1/").as_ptr(), ptr::null(), &mut out),
            0
        );
        hark_client_free(out);
        out = ptr::null_mut();
        let secure = cstr("wss://127.0.0.1:1");
        assert_eq!(hark_client_new(1, secure.as_ptr(), ptr::null(), &mut out), 0);
        assert!(!out.is_null());
        hark_client_free(out);
    }
}
