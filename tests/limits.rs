//! The protocol's limits through the C API against a real harkd: the 1 MB frame limit in
//! both directions, and the rate limits surfacing as error codes.

mod common;

use std::ptr;
use std::time::Duration;

use common::*;
use hark::ffi::*;
use hark_proto::limits::MAX_FRAME_BYTES;
use hark_proto::Code;
use harkd::testing::TestServer;

fn join(c: &Client, group: &str, note: &str) -> i32 {
    let (cb, rx) = callback();
    let (group, note) = (cstr(group), cstr(note));
    assert_eq!(unsafe { hark_join_group(c.ptr, group.as_ptr(), note.as_ptr(), cb) }, 0);
    rx.err()
}

#[test]
fn frames_over_1_mb_are_refused_and_history_pages_over_1_mb_arrive() {
    let server = TestServer::start();
    let alice = logged_in(&server, "alice");
    let bob = logged_in(&server, "bob");

    // A join note is the one request that can grow past 1 MB: refused before it is sent.
    assert_eq!(join(&bob, "missing", &"n".repeat(MAX_FRAME_BYTES)), Code::NetPkgSizeLimit as i32);
    assert_eq!(join(&bob, "missing", "short"), Code::GroupNotFound as i32);

    // Each control character is one byte of the 12 KB body but six in JSON ("\u0001"):
    // 20 such messages make a history page of about 1.3 MB.
    let text = "\u{1}".repeat(11_000);
    for _ in 0..20 {
        alice.send_c2c_text(&text, "bob");
    }
    let page = bob.history(Some("alice"), None, 20, ptr::null());
    assert_eq!(page.len(), 20);
    assert!(page.iter().all(|m| m.text() == text));
    assert_eq!(bob.status(), HARK_LOGIN_STATUS_LOGINED);
}

#[test]
fn rate_limits_reach_the_send_callback_and_the_session_stays() {
    let server = TestServer::start_with(|c| {
        c.limits.connection_requests_per_sec = 20;
        c.limits.connection_burst = 10;
    });
    let alice = logged_in(&server, "alice");
    logged_in(&server, "bob");
    // 40 sends at once: about the burst goes through (less what the login's own frames took,
    // more what refilled meanwhile), most of the rest are refused with 9506.
    let sends: Vec<_> = (0..40)
        .map(|i| {
            let (rc, rx) =
                alice.send_message(&Msg::text(&format!("m{i}")), Some("bob"), None, 0, false, None);
            assert_eq!(rc, 0);
            rx
        })
        .collect();
    let (mut sent, mut limited) = (0, 0);
    for rx in sends {
        match rx.terminal() {
            Ev::Sent(_) => sent += 1,
            Ev::Err(code, _) => {
                assert_eq!(code, Code::NetFreqLimit as i32);
                limited += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(sent >= 5 && limited >= 10, "{sent} sent, {limited} limited");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(alice.send_c2c_text("later", "bob").text(), "later");
    assert_eq!(alice.status(), HARK_LOGIN_STATUS_LOGINED);
}
