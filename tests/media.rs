//! Every elem type end to end through the C API against a real harkd, C2C and in a group:
//! created, sent (uploading its files with progress), received with every field, and each
//! file downloaded and compared byte for byte. Non-ASCII names and paths throughout.

mod common;

use std::path::{Path, PathBuf};

use common::media::*;
use common::*;
use hark::ffi::*;
use harkd::testing::TestServer;

struct World {
    server: TestServer,
    alice: Client,
    bob: Client,
    bob_keeps: Keeper,
    dir: tempfile::TempDir,
}

fn world() -> World {
    let server = TestServer::start();
    let alice = Client::new(&server.url, server.sdkappid);
    alice.login("alice", &server.user_sig("alice"));
    let bob = Client::new(&server.url, server.sdkappid);
    let bob_keeps = Keeper::listen(&bob);
    bob.login("bob", &server.user_sig("bob"));
    let dir = tempfile::Builder::new().prefix("媒体 ü").tempdir().unwrap();
    World { server, alice, bob, bob_keeps, dir }
}

impl World {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn url(&self, uuid: &str) -> String {
        format!("http://127.0.0.1:{}/v1/media/{uuid}", self.server.port)
    }

    /// Sends from alice and returns her success snapshot and bob's copy.
    fn deliver(&self, m: &Msg, to: Option<&str>, group: Option<&str>) -> (SendOutcome, Msg) {
        let out = send(&self.alice, m, to, group);
        let sent = out.sent();
        assert_eq!(sent.status, HARK_MSG_STATUS_SEND_SUCC);
        let got = self.bob_keeps.next();
        let snap = got.snap();
        assert_eq!(snap.msg_id, sent.msg_id);
        assert_eq!((snap.sender.as_str(), snap.is_self), ("alice", false));
        assert_eq!(snap.group_id, group.unwrap_or_default());
        // The handle follows its send, files and all.
        assert_eq!(m.snap().elems, sent.elems);
        (out, got)
    }

    /// Bob downloads a part; it must equal `original` (when given) and report rising
    /// progress that ends at the file's size.
    fn fetch(
        &self,
        m: &Msg,
        elem: usize,
        part: Part,
        size: u64,
        original: Option<&Path>,
    ) -> PathBuf {
        let to = self.path(&format!("下载 {part:?} {elem}.bin"));
        let progress = download(&self.bob, m, elem, part, &to).unwrap();
        assert_eq!(progress.last(), Some(&(size, size)), "{progress:?}");
        assert!(progress.windows(2).all(|w| w[0].0 < w[1].0), "{progress:?}");
        assert_eq!(std::fs::metadata(&to).unwrap().len(), size);
        if let Some(original) = original {
            assert!(same_file(original, &to), "{part:?} differs from what was sent");
        }
        to
    }
}

fn path_string(p: &Path) -> String {
    p.to_str().unwrap().to_owned()
}

fn image_with_caption(w: &World, to: Option<&str>, group: Option<&str>) {
    let src = w.path("照片 ü.bmp");
    write_bmp(&src, 1000, 800);
    let size = std::fs::metadata(&src).unwrap().len();
    let m = Msg::image(&src).unwrap();
    assert_eq!(m.append_text("caption ✓"), 0);
    let before = m.snap();
    assert_eq!(before.elems[0], ElemSnap::Image { path: path_string(&src), images: vec![] });

    let (out, got) = w.deliver(&m, to, group);
    out.assert_full_progress();
    let ElemSnap::Image { path, images } = &out.sent().elems[0] else { panic!("an image") };
    assert_eq!(path, &path_string(&src), "the sender keeps its path");
    let received = got.snap();
    assert_eq!(received.elems[0], ElemSnap::Image { path: String::new(), images: images.clone() });
    assert_eq!(received.elems[1], ElemSnap::Text("caption ✓".into()));

    let kinds: Vec<i32> = images.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [HARK_IMAGE_TYPE_ORIGIN, HARK_IMAGE_TYPE_LARGE, HARK_IMAGE_TYPE_THUMB]);
    for image in images {
        assert_eq!(image.url, w.url(&image.uuid));
        assert!(image.size > 0);
    }
    let (origin, large, thumb) = (&images[0], &images[1], &images[2]);
    assert_eq!((origin.width, origin.height, origin.size), (1000, 800, size));
    assert_eq!((large.width, large.height), (900, 720));
    assert_eq!(thumb.height, 198);
    assert!((247..=248).contains(&thumb.width), "{}", thumb.width);
    assert!(large.size < size && thumb.size < large.size);

    w.fetch(&got, 0, Part::Image(HARK_IMAGE_TYPE_ORIGIN), size, Some(&src));
    for version in [large, thumb] {
        let file = w.fetch(&got, 0, Part::Image(version.kind), version.size, None);
        let head = std::fs::read(file).unwrap();
        assert!(head.starts_with(&[0xff, 0xd8, 0xff]), "harkd's versions are JPEG");
    }
}

fn sound(w: &World, to: Option<&str>, group: Option<&str>) {
    let src = w.path("语音 ü.m4a");
    write_pattern(&src, 300_000, 7);
    let m = Msg::sound(&src, 12).unwrap();
    let (out, got) = w.deliver(&m, to, group);
    out.assert_full_progress();
    let ElemSnap::Sound { path, uuid, size, duration, url } = &out.sent().elems[0] else {
        panic!("a sound")
    };
    assert_eq!((path.as_str(), *size, *duration), (path_string(&src).as_str(), 300_000, 12));
    assert_eq!(url, &w.url(uuid));
    let expected = ElemSnap::Sound {
        path: String::new(),
        uuid: uuid.clone(),
        size: 300_000,
        duration: 12,
        url: url.clone(),
    };
    assert_eq!(got.snap().elems, [expected]);
    w.fetch(&got, 0, Part::Sound, 300_000, Some(&src));
}

fn video_with_text(w: &World, to: Option<&str>, group: Option<&str>) {
    let (src, snapshot) = (w.path("视频 ü.mp4"), w.path("封面 ü.bmp"));
    write_pattern(&src, 2_000_000, 3);
    write_bmp(&snapshot, 320, 240);
    let snapshot_size = std::fs::metadata(&snapshot).unwrap().len();
    let m = Msg::video(&src, "mp4", 9, &snapshot).unwrap();
    assert_eq!(m.append_text("watch this"), 0);
    let (out, got) = w.deliver(&m, to, group);
    out.assert_full_progress();
    let ElemSnap::Video(sent) = &out.sent().elems[0] else { panic!("a video") };
    assert_eq!(
        (sent.video_path.clone(), sent.snapshot_path.clone()),
        (path_string(&src), path_string(&snapshot))
    );
    assert_eq!((sent.video_size, sent.video_type.as_str(), sent.duration), (2_000_000, "mp4", 9));
    assert_eq!(
        (sent.snapshot_size, sent.snapshot_width, sent.snapshot_height),
        (snapshot_size, 320, 240)
    );
    assert_eq!(sent.video_url, w.url(&sent.video_uuid));
    assert_eq!(sent.snapshot_url, w.url(&sent.snapshot_uuid));
    assert_ne!(sent.video_uuid, sent.snapshot_uuid);
    let received =
        VideoSnap { video_path: String::new(), snapshot_path: String::new(), ..sent.clone() };
    assert_eq!(got.snap().elems, [ElemSnap::Video(received), ElemSnap::Text("watch this".into())]);
    w.fetch(&got, 0, Part::Video, 2_000_000, Some(&src));
    w.fetch(&got, 0, Part::Snapshot, snapshot_size, Some(&snapshot));
}

fn file(w: &World, to: Option<&str>, group: Option<&str>) {
    let src = w.path("报告 ü.pdf");
    write_pattern(&src, 123_457, 11);
    let m = Msg::file(&src, "季度报告 ü.pdf").unwrap();
    let (out, got) = w.deliver(&m, to, group);
    out.assert_full_progress();
    let ElemSnap::File { path, uuid, name, size, url } = &out.sent().elems[0] else {
        panic!("a file")
    };
    assert_eq!(
        (path.as_str(), name.as_str(), *size),
        (path_string(&src).as_str(), "季度报告 ü.pdf", 123_457)
    );
    let expected = ElemSnap::File {
        path: String::new(),
        uuid: uuid.clone(),
        name: name.clone(),
        size: 123_457,
        url: url.clone(),
    };
    assert_eq!(got.snap().elems, [expected]);
    w.fetch(&got, 0, Part::File, 123_457, Some(&src));
}

fn location_face_text(w: &World, to: Option<&str>, group: Option<&str>) {
    let m = Msg::location("腾讯滨海大厦 ✓", 113.934_3, 22.522_6).unwrap();
    let face = [0u8, 1, 254, 255];
    assert_eq!(m.append_face(5, &face), 0);
    assert_eq!(m.append_location("", -180.0, 90.0), 0);
    assert_eq!(m.append_text("here"), 0);
    let out = send(&w.alice, &m, to, group);
    assert!(out.progress.is_empty(), "no upload, no progress: {:?}", out.progress);
    let expected = vec![
        ElemSnap::Location {
            desc: "腾讯滨海大厦 ✓".into(),
            longitude: 113.934_3,
            latitude: 22.522_6,
        },
        ElemSnap::Face { index: 5, data: face.to_vec() },
        ElemSnap::Location { desc: String::new(), longitude: -180.0, latitude: 90.0 },
        ElemSnap::Text("here".into()),
    ];
    assert_eq!(out.sent().elems, expected);
    assert_eq!(w.bob_keeps.next().snap().elems, expected);
}

fn every_type(w: &World, to: Option<&str>, group: Option<&str>) {
    image_with_caption(w, to, group);
    sound(w, to, group);
    video_with_text(w, to, group);
    file(w, to, group);
    location_face_text(w, to, group);
}

#[test]
fn every_elem_type_c2c() {
    let w = world();
    every_type(&w, Some("bob"), None);
}

#[test]
fn every_elem_type_in_a_group() {
    let w = world();
    let group = w.alice.create_group("Work", None, &["bob"]);
    every_type(&w, None, Some(&group));
}

#[test]
fn the_sender_can_download_its_own_files_and_a_resend_uploads_nothing() {
    let w = world();
    let src = w.path("mine.bin");
    write_pattern(&src, 50_000, 1);
    let m = Msg::file(&src, "").unwrap();
    let first = send(&w.alice, &m, Some("bob"), None);
    let ElemSnap::File { name, .. } = &first.sent().elems[0] else { panic!("a file") };
    assert_eq!(name, "mine.bin", "an empty name takes the path's");
    let back = w.path("back.bin");
    download(&w.alice, &m, 0, Part::File, &back).unwrap();
    assert!(same_file(&src, &back));
    let _ = w.bob_keeps.next();

    // Sent again: same msgID, the stored file reused (no progress, nothing delivered twice).
    std::fs::remove_file(&src).unwrap();
    let again = send(&w.alice, &m, Some("bob"), None);
    assert!(again.progress.is_empty(), "{:?}", again.progress);
    assert_eq!(again.sent().msg_id, first.sent().msg_id);
    assert_eq!(again.sent().elems, first.sent().elems);
    w.alice.send_c2c_text("after", "bob");
    assert_eq!(w.bob_keeps.next().snap().text(), "after");
}
