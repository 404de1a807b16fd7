//! Every error of media messages: bad files at creation and at send time, the append rule,
//! getters asked for the wrong thing, refused downloads, and a failed upload (6008) whose
//! resend goes on from what was already uploaded.

mod common;

use std::ffi::c_char;
use std::path::Path;
use std::ptr;

use common::media::*;
use common::proxy::Proxy;
use common::*;
use hark::ffi::*;
use hark_proto::limits;
use hark_proto::Code;
use harkd::testing::TestServer;

fn code(c: Code) -> i32 {
    c as i32
}

const MB: u64 = 1024 * 1024;

#[test]
fn bad_files_are_refused_at_creation() {
    let dir = tempfile::Builder::new().prefix("坏 ü").tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    let (png, text, empty) = (at("ok.png"), at("text.png"), at("empty.mp3"));
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n and the rest").unwrap();
    std::fs::write(&text, b"hello, not an image").unwrap();
    std::fs::write(&empty, b"").unwrap();
    let (missing, folder) = (at("missing.bmp"), dir.path().to_owned());
    let nf = code(Code::FileNotFound);

    for path in [&missing, &folder] {
        assert_eq!(Msg::image(path).err(), Some(nf));
        assert_eq!(Msg::sound(path, 1).err(), Some(nf));
        assert_eq!(Msg::file(path, "x").err(), Some(nf));
        assert_eq!(Msg::video(path, "mp4", 1, &png).err(), Some(nf));
        assert_eq!(Msg::video(&text, "mp4", 1, path).err(), Some(nf));
    }
    assert_eq!(Msg::sound(&empty, 1).err(), Some(code(Code::FileSizeEmpty)));
    assert_eq!(Msg::file(&empty, "e").err(), Some(code(Code::FileSizeEmpty)));
    assert_eq!(Msg::image(&text).err(), Some(code(Code::InvalidMsgElem)));
    assert_eq!(Msg::video(&text, "mp4", 1, &text).err(), Some(code(Code::InvalidMsgElem)));
    assert!(Msg::video(&text, "mp4", 1, &png).is_ok());
    assert!(Msg::image(&png).is_ok());

    // Limits: 28 MB for images and sounds, 100 MB for videos and files (sparse files).
    let big = at("big.bmp");
    type Make<'a> = Box<dyn Fn(&Path) -> Result<Msg, i32> + 'a>;
    let makers: [(u64, Make); 5] = [
        (limits::MAX_IMAGE_BYTES, Box::new(Msg::image)),
        (limits::MAX_SOUND_BYTES, Box::new(|p| Msg::sound(p, 1))),
        (limits::MAX_VIDEO_BYTES, Box::new(|p| Msg::video(p, "mp4", 1, &png))),
        (limits::MAX_IMAGE_BYTES, Box::new(|p| Msg::video(&png, "mp4", 1, p))),
        (limits::MAX_FILE_BYTES, Box::new(|p| Msg::file(p, "f"))),
    ];
    for (limit, make) in makers {
        write_sparse(&big, b"BM", limit);
        assert!(make(&big).is_ok(), "exactly at the limit");
        write_sparse(&big, b"BM", limit + 1);
        assert_eq!(make(&big).err(), Some(code(Code::FileTooLarge)));
    }
}

#[test]
fn null_and_malformed_arguments_are_6017_and_leave_out_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.bin");
    std::fs::write(&file, b"data").unwrap();
    let (path, bad) = (path_str(&file), bad_utf8());
    let invalid = code(Code::InvalidParameters);
    let sentinel = 0x5a5a as *mut hark_message;
    let mut out = sentinel;
    unsafe {
        let mp4 = cstr("mp4");
        let calls: Vec<i32> = vec![
            hark_create_image_message(ptr::null(), &mut out),
            hark_create_image_message(bad.as_ptr(), &mut out),
            hark_create_sound_message(ptr::null(), 1, &mut out),
            hark_create_video_message(path.as_ptr(), ptr::null(), 1, path.as_ptr(), &mut out),
            hark_create_video_message(path.as_ptr(), mp4.as_ptr(), 1, ptr::null(), &mut out),
            hark_create_video_message(ptr::null(), mp4.as_ptr(), 1, path.as_ptr(), &mut out),
            hark_create_file_message(path.as_ptr(), ptr::null(), &mut out),
            hark_create_file_message(path.as_ptr(), bad.as_ptr(), &mut out),
            hark_create_location_message(bad.as_ptr(), 0.0, 0.0, &mut out),
            hark_create_location_message(ptr::null(), f64::NAN, 0.0, &mut out),
            hark_create_location_message(ptr::null(), 0.0, f64::NAN, &mut out),
            hark_create_location_message(ptr::null(), 180.5, 0.0, &mut out),
            hark_create_location_message(ptr::null(), 0.0, -90.5, &mut out),
            hark_create_face_message(1, ptr::null(), 3, &mut out),
            hark_create_file_message(path.as_ptr(), path.as_ptr(), ptr::null_mut()),
            hark_create_face_message(1, ptr::null(), 0, ptr::null_mut()),
        ];
        assert!(calls.iter().all(|&rc| rc == invalid), "{calls:?}");
        assert_eq!(out, sentinel);

        // NULL desc and empty face data are fine.
        assert_eq!(hark_create_location_message(ptr::null(), -180.0, 90.0, &mut out), 0);
        let location = Msg(out);
        assert_eq!(
            location.snap().elems,
            [ElemSnap::Location { desc: String::new(), longitude: -180.0, latitude: 90.0 }]
        );
        assert_eq!(hark_create_face_message(9, ptr::null(), 0, &mut out), 0);
        let face = Msg(out);
        assert_eq!(face.snap().elems, [ElemSnap::Face { index: 9, data: vec![] }]);
        assert_eq!(location.append_location("x", 0.0, f64::NAN), invalid);
        assert_eq!(hark_message_append_face(location.0, 1, ptr::null(), 1), invalid);
        assert_eq!(hark_message_append_face(ptr::null_mut(), 1, ptr::null(), 0), invalid);
        assert_eq!(location.snap().elems.len(), 1);
    }
}

#[test]
fn only_text_custom_face_and_location_follow_the_first_elem() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("a.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n...").unwrap();
    let image = Msg::image(&png).unwrap();
    let sound = Msg::sound(&png, 1).unwrap();
    let file = Msg::file(&png, "f").unwrap();
    let video = Msg::video(&png, "mp4", 1, &png).unwrap();
    let text = Msg::text("t");
    let location = Msg::location("here", 1.0, 2.0).unwrap();
    let face = Msg::face(1, b"f").unwrap();
    let custom = Msg::custom(b"c", None, None);
    let invalid = code(Code::InvalidParameters);
    unsafe {
        for first in [&image, &text, &video, &location] {
            let before = first.snap();
            for media in [&image, &sound, &video, &file] {
                assert_eq!(hark_message_append_elem(first.0, media.0, 0), invalid);
            }
            assert_eq!(first.snap(), before, "a refused append changes nothing");
        }
        // image+text, video+text, location+text, and every allowed kind after any first.
        for first in [&image, &video, &location, &sound] {
            assert_eq!(first.append_text("caption"), 0);
            for more in [&text, &custom, &face, &location] {
                assert_eq!(hark_message_append_elem(first.0, more.0, 0), 0);
            }
            assert_eq!(first.snap().elems.len(), 6);
        }
        assert_eq!(hark_message_append_elem(image.0, text.0, 1), invalid, "no such elem");
        assert_eq!(hark_message_append_elem(image.0, ptr::null(), 0), invalid);
        assert_eq!(hark_message_append_elem(ptr::null_mut(), text.0, 0), invalid);
    }
}

#[test]
fn getters_refuse_the_wrong_elem_and_leave_out_alone() {
    let dir = tempfile::tempdir().unwrap();
    let bmp = dir.path().join("照片.bmp");
    write_bmp(&bmp, 4, 3);
    let image = Msg::image(&bmp).unwrap();
    assert_eq!(image.append_text("t"), 0);
    let invalid = code(Code::InvalidParameters);
    unsafe {
        // Before sending: the local path, no versions yet.
        assert_eq!(string(hark_message_get_image_path(image.0, 0)), bmp.to_str().unwrap());
        assert_eq!(hark_message_get_image_count(image.0, 0), 0);
        for (m, elem) in [(image.0, 1), (image.0, 2), (ptr::null_mut(), 0)] {
            assert!(hark_message_get_image_path(m, elem).is_null());
            assert_eq!(hark_message_get_image_count(m, elem), 0);
        }
        let mut img: hark_image = std::mem::zeroed();
        img.size = 77;
        assert_eq!(hark_message_get_image(image.0, 0, 0, &mut img), invalid, "no versions yet");
        assert_eq!(hark_message_get_image(image.0, 1, 0, &mut img), invalid);
        assert_eq!(img.size, 77);
        assert_eq!(hark_message_get_image(image.0, 0, 0, ptr::null_mut()), invalid);

        let mut sound: hark_sound_elem = std::mem::zeroed();
        sound.duration = 77;
        let mut video: hark_video_elem = std::mem::zeroed();
        video.duration = 77;
        let mut file: hark_file_elem = std::mem::zeroed();
        file.file_size = 77;
        let mut location: hark_location_elem = std::mem::zeroed();
        location.latitude = 77.0;
        let mut face: hark_face_elem = std::mem::zeroed();
        face.index = 77;
        for (m, elem) in [(image.0, 0), (image.0, 1), (image.0, 9), (ptr::null_mut(), 0)] {
            assert_eq!(hark_message_get_sound(m, elem, &mut sound), invalid);
            assert_eq!(hark_message_get_video(m, elem, &mut video), invalid);
            assert_eq!(hark_message_get_file(m, elem, &mut file), invalid);
            assert_eq!(hark_message_get_location(m, elem, &mut location), invalid);
            assert_eq!(hark_message_get_face(m, elem, &mut face), invalid);
        }
        assert_eq!((sound.duration, video.duration, file.file_size), (77, 77, 77));
        assert_eq!((location.latitude, face.index), (77.0, 77));

        // Before the upload a sound knows its size, not its id or URL.
        let sound_msg = Msg::sound(&bmp, 3).unwrap();
        assert_eq!(hark_message_get_sound(sound_msg.0, 0, &mut sound), 0);
        assert_eq!((string(sound.uuid), string(sound.url)), (String::new(), String::new()));
        assert_eq!((sound.data_size, sound.duration), (std::fs::metadata(&bmp).unwrap().len(), 3));
        assert_eq!(hark_message_get_sound(sound_msg.0, 0, ptr::null_mut()), invalid);
    }
}

#[test]
fn a_file_that_changed_since_creation_fails_the_send() {
    let server = TestServer::start();
    let alice = logged_in(&server, "alice");
    let _bob = logged_in(&server, "bob");
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f.bin");
    let fails = |m: &Msg, want: Code| {
        let out = send(&alice, m, Some("bob"), None);
        assert_eq!(out.err(), code(want));
        assert!(out.progress.is_empty(), "{:?}", out.progress);
        assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_FAIL);
    };

    std::fs::write(&f, b"data").unwrap();
    let m = Msg::file(&f, "f").unwrap();
    std::fs::remove_file(&f).unwrap();
    fails(&m, Code::FileNotFound);
    std::fs::create_dir(&f).unwrap();
    fails(&m, Code::FileNotFound);
    std::fs::remove_dir(&f).unwrap();
    std::fs::write(&f, b"").unwrap();
    fails(&m, Code::FileSizeEmpty);
    write_sparse(&f, b"", limits::MAX_FILE_BYTES + 1);
    fails(&m, Code::FileTooLarge);

    let png = dir.path().join("p.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n...").unwrap();
    let image = Msg::image(&png).unwrap();
    std::fs::write(&png, b"no longer an image").unwrap();
    fails(&image, Code::InvalidMsgElem);

    // Put right, the same message goes.
    std::fs::write(&f, b"fixed").unwrap();
    let out = send(&alice, &m, Some("bob"), None);
    out.assert_full_progress();
}

#[test]
fn an_image_over_harkds_pixel_budget_fails_the_send_with_7005() {
    let server = TestServer::start_with(|c| c.limits.image_max_pixels = 1_000_000);
    let alice = logged_in(&server, "alice");
    let _bob = logged_in(&server, "bob");
    let dir = tempfile::tempdir().unwrap();
    let (over, at) = (dir.path().join("over.bmp"), dir.path().join("at.bmp"));
    write_bmp(&over, 1_001, 1_000);
    write_bmp(&at, 1_000, 1_000);
    let m = Msg::image(&over).unwrap();
    let out = send(&alice, &m, Some("bob"), None);
    assert_eq!(out.err(), code(Code::FileTooLarge));
    assert_eq!(m.snap().status, HARK_MSG_STATUS_SEND_FAIL);
    let out = send(&alice, &Msg::image(&at).unwrap(), Some("bob"), None);
    out.assert_full_progress();
}

#[test]
fn the_body_limit_counts_every_elem() {
    let c = Client::new("ws://127.0.0.1:9", 1400000001);
    // A location counts its description and 16 bytes of coordinates: exactly at the limit.
    let m = Msg::location(&"d".repeat(limits::MAX_BODY_BYTES - 16), 0.0, 0.0).unwrap();
    let (rc, rx) = start_send(&c, &m, Some("bob"), None);
    assert_eq!(rx.refused(rc), code(Code::NotLoggedIn), "within the limit");
    // A face counts its data and 8 bytes for its index.
    assert_eq!(m.append_face(1, &[]), 0);
    let (rc, rx) = start_send(&c, &m, Some("bob"), None);
    assert_eq!(rx.refused(rc), code(Code::MsgBodySizeLimit), "checked before the login");
}

#[test]
fn refused_downloads() {
    let server = TestServer::start();
    let alice = logged_in(&server, "alice");
    let bob = Client::new(&server.url, server.sdkappid);
    let keeps = Keeper::listen(&bob);
    bob.login("bob", &server.user_sig("bob"));
    let carol = logged_in(&server, "carol");
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("s.bmp");
    write_bmp(&src, 30, 20);
    let m = Msg::image(&src).unwrap();
    let here = dir.path().join("down.bmp");
    let invalid = code(Code::InvalidParameters);

    // Not sent yet: nothing to download.
    assert_eq!(download(&alice, &m, 0, Part::Image(HARK_IMAGE_TYPE_ORIGIN), &here), Err(invalid));
    send(&alice, &m, Some("bob"), None).assert_full_progress();
    let got = keeps.next();
    for (elem, part) in [
        (1, Part::Image(HARK_IMAGE_TYPE_ORIGIN)),
        (0, Part::Image(3)),
        (0, Part::Sound),
        (0, Part::Video),
        (0, Part::Snapshot),
        (0, Part::File),
    ] {
        assert_eq!(download(&bob, &got, elem, part, &here), Err(invalid), "{elem} {part:?}");
    }
    let (rc, rx) = unsafe {
        let (cb, rx) = download_callback();
        (hark_download_file(bob.ptr, got.0, 0, ptr::null(), cb), rx)
    };
    assert_eq!(rx.refused(rc), invalid);
    let (cb, rx) = download_callback();
    let p = path_str(&here);
    assert_eq!(
        unsafe { hark_download_sound(ptr::null_mut(), got.0, 0, p.as_ptr(), cb) },
        code(Code::NotInitialized)
    );
    rx.reclaim();

    // Someone who cannot see the message: harkd's 10007 passes through.
    let origin = Part::Image(HARK_IMAGE_TYPE_ORIGIN);
    assert_eq!(download(&carol, &got, 0, origin, &here), Err(code(Code::GroupPermissionDeny)));
    assert!(!here.exists(), "nothing left behind");
    // A folder that does not exist: the write fails.
    let nowhere = dir.path().join("no such folder").join("x.bmp");
    assert_eq!(download(&bob, &got, 0, origin, &nowhere), Err(code(Code::IoOperationFailed)));
    // Logged out.
    bob.logout();
    assert_eq!(download(&bob, &got, 0, origin, &here), Err(code(Code::NotLoggedIn)));
    let leftovers: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary files: {leftovers:?}");
}

#[test]
fn a_failed_upload_is_6008_and_its_resend_goes_on_from_there() {
    let server = TestServer::start();
    let proxy = Proxy::start(&server.url);
    let alice = logged_in_via(&server, &proxy.url, "alice");
    let bob = Client::new(&server.url, server.sdkappid);
    let keeps = Keeper::listen(&bob);
    bob.login("bob", &server.user_sig("bob"));
    let dir = tempfile::tempdir().unwrap();
    let (video, snapshot) = (dir.path().join("v.mp4"), dir.path().join("s.bmp"));
    write_pattern(&video, 2 * MB, 5);
    write_bmp(&snapshot, 600, 400);
    let snapshot_size = std::fs::metadata(&snapshot).unwrap().len();
    let m = Msg::video(&video, "mp4", 4, &snapshot).unwrap();

    // The video goes through; the snapshot breaks off a third of the way, then nothing gets
    // through any more.
    proxy.fail_media_at(2 * MB + snapshot_size / 3);
    let mut id = [0 as c_char; HARK_MSG_ID_SIZE];
    let (cb, rx) = progress_send_callback();
    let bob_id = cstr("bob");
    let rc = unsafe {
        hark_send_message(
            alice.ptr,
            m.0,
            bob_id.as_ptr(),
            ptr::null(),
            0,
            false,
            ptr::null(),
            cb,
            id.as_mut_ptr(),
            id.len(),
        )
    };
    assert_eq!(rc, 0);
    let failed = outcome(&rx);
    assert_eq!(failed.err(), code(Code::UploadFailed));
    assert!(!failed.progress.contains(&100) && failed.progress.len() > 50, "{:?}", failed.progress);
    assert!(failed.progress.windows(2).all(|w| w[0] < w[1]));
    let status = m.snap();
    assert_eq!(status.status, HARK_MSG_STATUS_SEND_FAIL);
    let msg_id = unsafe { string(id.as_ptr()) };
    assert_eq!(status.msg_id, msg_id);

    proxy.heal();
    let before = proxy.media_bytes();
    let resent = send(&alice, &m, Some("bob"), None);
    resent.assert_full_progress();
    assert_eq!(resent.sent().msg_id, msg_id, "the resend keeps the msgID");
    let again = proxy.media_bytes() - before;
    assert!(
        again < snapshot_size,
        "resumed, not restarted: {again} bytes for a {snapshot_size}-byte snapshot"
    );

    let got = keeps.next();
    assert_eq!(got.snap().msg_id, msg_id);
    let down = dir.path().join("down");
    download(&bob, &got, 0, Part::Video, &down).unwrap();
    assert!(same_file(&video, &down));
    download(&bob, &got, 0, Part::Snapshot, &down).unwrap();
    assert!(same_file(&snapshot, &down));
    bob.send_c2c_text("only once", "alice");
    alice.send_c2c_text("check", "bob");
    assert_eq!(keeps.next().snap().text(), "check", "the message arrived once");
}
