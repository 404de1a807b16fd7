//! Large uploads: every percent of a 100 MB file reported, a 50 MB upload cut in the middle
//! that resumes instead of starting over, other requests served while an upload runs, and a
//! client freed in the middle of one. Big files are sparse where their content does not
//! matter, and live in a temporary directory.

mod common;

use std::time::{Duration, Instant};

use common::media::*;
use common::proxy::Proxy;
use common::*;
use hark::ffi::*;
use hark_proto::{limits, Code};
use harkd::testing::TestServer;

const MB: u64 = 1024 * 1024;

#[test]
fn a_100_mb_file_reports_every_percent_before_the_end() {
    let server = TestServer::start();
    let alice = logged_in(&server, "alice");
    let bob = Client::new(&server.url, server.sdkappid);
    let keeps = Keeper::listen(&bob);
    bob.login("bob", &server.user_sig("bob"));
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.iso");
    write_sparse(&big, b"start", limits::MAX_FILE_BYTES);
    let m = Msg::file(&big, "big.iso").unwrap();

    let out = send(&alice, &m, Some("bob"), None);
    assert_eq!(
        out.progress,
        (0..=100).collect::<Vec<u32>>(),
        "0..100, each once, all before the end"
    );
    let ElemSnap::File { size, .. } = &out.sent().elems[0] else { panic!("a file") };
    assert_eq!(*size, limits::MAX_FILE_BYTES);
    let ElemSnap::File { size, .. } = &keeps.next().snap().elems[0] else { panic!("a file") };
    assert_eq!(*size, limits::MAX_FILE_BYTES);
}

#[test]
fn a_cut_upload_resumes_where_it_broke() {
    let server = TestServer::start();
    let proxy = Proxy::start(&server.url);
    let alice = logged_in_via(&server, &proxy.url, "alice");
    let bob = Client::new(&server.url, server.sdkappid);
    let keeps = Keeper::listen(&bob);
    bob.login("bob", &server.user_sig("bob"));
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("数据 ü.bin");
    let size = 50 * MB;
    write_pattern(&src, size, 42);
    let m = Msg::file(&src, "数据 ü.bin").unwrap();

    proxy.cut_media_at(size / 2);
    let out = send(&alice, &m, Some("bob"), None);
    out.assert_full_progress();
    let cut = proxy.cut_at().expect("the first connection was cut");
    assert!(cut > size / 3, "cut after about half: {cut}");
    let after = proxy.media_bytes() - cut;
    assert!(after < size * 6 / 10, "resumed, not restarted: {after} bytes sent after the cut");

    let got = keeps.next();
    let down = dir.path().join("下载.bin");
    download(&bob, &got, 0, Part::File, &down).unwrap();
    assert!(same_file(&src, &down));
}

#[test]
fn other_requests_go_on_while_an_upload_runs() {
    let server = TestServer::start();
    let proxy = Proxy::start(&server.url);
    let alice = logged_in_via(&server, &proxy.url, "alice");
    let bob = Client::new(&server.url, server.sdkappid);
    let pos = bob.listen();
    bob.login("bob", &server.user_sig("bob"));
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("voice.m4a");
    write_pattern(&src, 4 * MB, 9);
    let m = Msg::sound(&src, 30).unwrap();

    proxy.hold_media(true);
    let (rc, upload) = start_send(&alice, &m, Some("bob"), None);
    assert_eq!(rc, 0);
    assert_eq!(upload.event(), Ev::Progress(0), "the upload started");
    let text = alice.send_c2c_text("meanwhile", "bob");
    assert_eq!(pos.msg().text(), "meanwhile");
    assert_eq!(alice.history(Some("bob"), None, 5, std::ptr::null()).len(), 1);
    assert!(upload.arrived().is_empty(), "the upload is still held");

    proxy.hold_media(false);
    let out = outcome(&upload);
    assert_eq!(out.progress.first(), Some(&1), "{:?}", out.progress);
    assert_eq!(out.progress.last(), Some(&100));
    assert!(out.sent().seq > text.seq);
    assert!(matches!(pos.msg().elems[0], ElemSnap::Sound { duration: 30, .. }));
}

#[test]
fn freeing_the_client_mid_upload_ends_the_send() {
    let server = TestServer::start();
    let proxy = Proxy::start(&server.url);
    let alice = logged_in_via(&server, &proxy.url, "alice");
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("movie.mp4");
    let snapshot = dir.path().join("cover.bmp");
    write_sparse(&src, b"", 20 * MB);
    write_bmp(&snapshot, 64, 48);
    let m = Msg::video(&src, "mp4", 60, &snapshot).unwrap();

    proxy.hold_media(true);
    let (rc, upload) = start_send(&alice, &m, Some("bob"), None);
    assert_eq!(rc, 0);
    assert_eq!(upload.event(), Ev::Progress(0));
    let started = Instant::now();
    alice.free();
    assert!(started.elapsed() < Duration::from_secs(5), "freeing took {:?}", started.elapsed());
    let out = outcome(&upload);
    assert!(out.progress.is_empty(), "{:?}", out.progress);
    assert_eq!(out.err(), Code::NetDisconnect as i32);
    assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_FAIL);
}

#[test]
fn freeing_the_client_mid_download_ends_it_and_leaves_no_file() {
    let server = TestServer::start();
    let proxy = Proxy::start(&server.url);
    let alice = logged_in(&server, "alice");
    let bob = Client::new(&proxy.url, server.sdkappid);
    let keeps = Keeper::listen(&bob);
    bob.login("bob", &server.user_sig("bob"));
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("f.bin");
    write_pattern(&src, 4 * MB, 1);
    send(&alice, &Msg::file(&src, "f.bin").unwrap(), Some("bob"), None).assert_full_progress();
    let got = keeps.next();

    proxy.hold_media(true);
    let down = dir.path().join("down.bin");
    let (rc, rx) = start_download(&bob, got.0, 0, Part::File, &down);
    assert_eq!(rc, 0);
    // Once the request is out (and held), the temporary file exists.
    let started = Instant::now();
    while std::fs::read_dir(dir.path()).unwrap().count() < 2 {
        assert!(started.elapsed() < WAIT, "the download did not start");
        std::thread::sleep(Duration::from_millis(10));
    }
    bob.free();
    let (progress, end) = rx.progress_then_terminal();
    assert!(progress.is_empty(), "{progress:?}");
    assert!(matches!(end, Ev::Err(c, _) if c == Code::NetDisconnect as i32), "{end:?}");
    let left: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, [std::ffi::OsString::from("f.bin")]);
}
