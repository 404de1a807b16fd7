//! The media HTTP API against a real harkd: resumable uploads, image versions, ranges, sends
//! that carry media, and who may download what.

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::http::{self, Auth, Reply};
use common::ws::{error_code, Conn};
use hark_proto::media::{
    MediaInfo, MediaKind, UploadRequest, UploadState, HEADER_OFFSET, MEDIA_PATH, UPLOADS_PATH,
};
use hark_proto::{ClientFrame, Code, Elem, ImageInfo, ImageKind, Message, ServerFrame};
use harkd::testing::TestServer;
use image::{DynamicImage, GenericImageView, ImageFormat};
use tokio::io::AsyncWriteExt;

/// A logged-in user (so harkd knows it) with its media credentials.
struct User {
    ws: Conn,
    auth: Auth,
    port: u16,
    sent: u32,
}

impl User {
    async fn login(s: &TestServer, name: &str) -> User {
        let ws = Conn::login_as(s, name, "1").await;
        let auth = Auth { app: s.sdkappid, user: name.into(), sig: s.user_sig(name) };
        User { ws, auth, port: s.port, sent: 0 }
    }

    async fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, String)],
        body: &[u8],
    ) -> Reply {
        http::request(self.port, method, path, Some(&self.auth), headers, body).await
    }

    async fn start(&self, kind: MediaKind, size: u64, name: &str) -> Reply {
        let req = UploadRequest { kind, size, name: name.into() };
        self.call("POST", UPLOADS_PATH, &[], &serde_json::to_vec(&req).unwrap()).await
    }

    async fn new_upload(&self, kind: MediaKind, size: u64, name: &str) -> String {
        let r = self.start(kind, size, name).await;
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.offset(), 0);
        let state: UploadState = r.json();
        assert_eq!((state.offset, state.size), (0, size));
        assert_eq!(r.header("location"), Some(upload_path(&state.upload_id).as_str()));
        state.upload_id
    }

    async fn patch(&self, id: &str, offset: u64, bytes: &[u8]) -> Reply {
        self.call("PATCH", &upload_path(id), &[(HEADER_OFFSET, offset.to_string())], bytes).await
    }

    async fn head(&self, id: &str) -> Reply {
        self.call("HEAD", &upload_path(id), &[], &[]).await
    }

    /// Uploads `bytes` in one PATCH and returns what harkd stored.
    async fn upload(&self, kind: MediaKind, bytes: &[u8], name: &str) -> MediaInfo {
        let id = self.new_upload(kind, bytes.len() as u64, name).await;
        let r = self.patch(&id, 0, bytes).await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json::<UploadState>().media.expect("a stored file")
    }

    async fn download(&self, uuid: &str, range: Option<&str>) -> Reply {
        let headers: Vec<(&str, String)> =
            range.map(|r| ("Range", r.to_owned())).into_iter().collect();
        self.call("GET", &format!("{MEDIA_PATH}/{uuid}"), &headers, &[]).await
    }

    async fn send(&mut self, receiver: &str, group: &str, elems: Vec<Elem>) -> ServerFrame {
        self.sent += 1;
        let msg = Message {
            msg_id: format!("{}-{}", self.auth.user, self.sent),
            receiver: receiver.into(),
            group: group.into(),
            elems,
            ..Default::default()
        };
        self.ws.send_msg(msg).await
    }

    async fn create_group(&mut self, group: &str, members: &[&str]) {
        let members = members.iter().map(|m| m.to_string()).collect();
        let f = self
            .ws
            .request(|req| ClientFrame::GroupCreate {
                req,
                group_type: "Public".into(),
                group: group.into(),
                name: String::new(),
                members,
            })
            .await;
        assert!(matches!(f, ServerFrame::GroupCreated { .. }), "{f:?}");
    }
}

fn upload_path(id: &str) -> String {
    format!("{UPLOADS_PATH}/{id}")
}

fn acked(f: &ServerFrame) {
    assert!(matches!(f, ServerFrame::SendAck { .. }), "{f:?}");
}

/// Bytes that are no picture, the same every run.
fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    encode(DynamicImage::ImageRgb8(img), format)
}

fn encode(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn file_elem(info: &MediaInfo) -> Elem {
    Elem::File { uuid: info.uuid.clone(), name: "report.pdf".into(), size: 1 }
}

#[tokio::test]
async fn an_upload_resumes_where_a_dropped_connection_left_it() {
    let s = TestServer::start();
    let alice = User::login(&s, "alice").await;
    let bytes = data(300_000);
    let id = alice.new_upload(MediaKind::File, 300_000, "notes.txt").await;

    let r = alice.patch(&id, 0, &bytes[..100_000]).await;
    assert_eq!((r.status, r.offset()), (200, 100_000));
    let wrong = alice.patch(&id, 50_000, &bytes[50_000..60_000]).await;
    assert_eq!(wrong.error(), (409, Code::InvalidParameters as i32));
    assert_eq!(wrong.offset(), 100_000);

    // Half of the next 200 KB, then the client goes away.
    let headers = [(HEADER_OFFSET, "100000".to_owned()), ("Content-Length", "200000".to_owned())];
    let mut cut =
        http::start(s.port, "PATCH", &upload_path(&id), Some(&alice.auth), &headers).await;
    cut.write_all(&bytes[100_000..150_000]).await.unwrap();
    cut.flush().await.unwrap();
    drop(cut);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let head = alice.head(&id).await;
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty());
        if head.offset() == 150_000 {
            break;
        }
        assert!(Instant::now() < deadline, "harkd kept {} bytes", head.offset());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let state: UploadState = alice.call("GET", &upload_path(&id), &[], &[]).await.json();
    assert_eq!((state.offset, state.media), (150_000, None));

    let done = loop {
        let r = alice.patch(&id, 150_000, &bytes[150_000..]).await;
        // The cut request may still be letting go of the upload.
        if r.status != 409 {
            break r;
        }
        assert_eq!(r.error().1, Code::InProgress as i32);
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!((done.status, done.offset()), (200, 300_000));
    let media = done.json::<UploadState>().media.unwrap();
    assert_eq!(
        (media.kind, media.size, media.name.as_str()),
        (MediaKind::File, 300_000, "notes.txt")
    );
    assert_eq!((media.width, media.height, &media.large, &media.thumb), (0, 0, &None, &None));
    assert_eq!(alice.download(&media.uuid, None).await.body, bytes);

    // A stored upload answers an empty PATCH at its end with the same result, and says
    // where it ends to any other.
    let again = alice.patch(&id, 300_000, &[]).await;
    assert_eq!(again.json::<UploadState>().media, Some(media.clone()));
    let late = alice.patch(&id, 0, &bytes[..10]).await;
    assert_eq!((late.error(), late.offset()), ((409, Code::InvalidParameters as i32), 300_000));
    let state: UploadState = alice.call("GET", &upload_path(&id), &[], &[]).await.json();
    assert_eq!((state.offset, state.media), (300_000, Some(media)));
}

#[tokio::test]
async fn uploads_are_checked() {
    let s = TestServer::start();
    let alice = User::login(&s, "alice").await;
    let bob = User::login(&s, "bob").await;

    assert_eq!(
        alice.start(MediaKind::File, 0, "").await.error(),
        (400, Code::FileSizeEmpty as i32)
    );
    let too_big = 28 * 1024 * 1024 + 1;
    for kind in [MediaKind::Image, MediaKind::Sound, MediaKind::Snapshot] {
        assert_eq!(alice.start(kind, too_big, "").await.error(), (413, Code::FileTooLarge as i32));
    }
    let too_big = 100 * 1024 * 1024 + 1;
    for kind in [MediaKind::Video, MediaKind::File] {
        assert_eq!(alice.start(kind, too_big, "").await.error(), (413, Code::FileTooLarge as i32));
    }
    for junk in [&b"{"[..], br#"{"kind":"hologram","size":3}"#, br#"{"kind":"file"}"#] {
        let r = alice.call("POST", UPLOADS_PATH, &[], junk).await;
        assert_eq!(r.error(), (400, Code::InvalidParameters as i32));
    }

    // Bytes past the declared size: refused whole when the length is known up front...
    let id = alice.new_upload(MediaKind::File, 10, "ten").await;
    let over = alice.patch(&id, 0, b"0123456789abcde").await;
    assert_eq!((over.error(), over.offset()), ((400, Code::InvalidParameters as i32), 0));
    // ...and cut at the size when it is not; an empty PATCH at the end then finishes it.
    let headers = [(HEADER_OFFSET, "0".to_owned()), ("Transfer-Encoding", "chunked".to_owned())];
    let mut chunked =
        http::start(s.port, "PATCH", &upload_path(&id), Some(&alice.auth), &headers).await;
    chunked.write_all(b"f\r\n0123456789abcde\r\n0\r\n\r\n").await.unwrap();
    let over = http::finish(chunked).await;
    assert_eq!((over.error(), over.offset()), ((400, Code::InvalidParameters as i32), 10));
    assert_eq!(alice.head(&id).await.offset(), 10);
    let done = alice.patch(&id, 10, &[]).await.json::<UploadState>().media.unwrap();
    assert_eq!(alice.download(&done.uuid, None).await.body, b"0123456789");

    // Another user's upload is as unknown as a made-up one; so is anything not an id.
    let id = alice.new_upload(MediaKind::File, 100, "").await;
    assert_eq!(bob.head(&id).await.status, 404);
    assert_eq!(bob.patch(&id, 0, b"x").await.error(), (404, Code::ResNotFound as i32));
    assert_eq!(
        bob.call("GET", &upload_path(&id), &[], &[]).await.error().1,
        Code::ResNotFound as i32
    );
    for bad in ["0123456789abcdef0123456789abcdef", "..%2F..%2Fhark.db", "x"] {
        assert_eq!(alice.patch(bad, 0, b"x").await.error(), (404, Code::ResNotFound as i32));
        assert_eq!(alice.download(bad, None).await.error(), (404, Code::ResNotFound as i32));
    }
    assert_eq!(alice.head(&id).await.offset(), 0, "bob's attempts wrote nothing");

    // One PATCH at a time per upload.
    let bytes = data(100);
    let headers = [(HEADER_OFFSET, "0".to_owned()), ("Content-Length", "100".to_owned())];
    let mut first =
        http::start(s.port, "PATCH", &upload_path(&id), Some(&alice.auth), &headers).await;
    first.write_all(&bytes[..40]).await.unwrap();
    first.flush().await.unwrap();
    // Once its bytes are on disk the first PATCH holds the upload. (Probing with PATCHes
    // before that could take the upload from under it and turn it away instead.)
    // Generous: on a loaded machine the first PATCH may take a while to reach its handler.
    let deadline = Instant::now() + Duration::from_secs(20);
    while alice.head(&id).await.offset() < 40 {
        assert!(Instant::now() < deadline, "the first PATCH never wrote its bytes");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let second = alice.patch(&id, 40, &[]).await;
    assert_eq!((second.error(), second.offset()), ((409, Code::InProgress as i32), 40));
    first.write_all(&bytes[40..]).await.unwrap();
    let r = http::finish(first).await;
    assert_eq!((r.status, r.offset()), (200, 100));

    // Images and snapshots must be pictures; an upload that is not one is gone.
    for kind in [MediaKind::Image, MediaKind::Snapshot] {
        let id = alice.new_upload(kind, 1000, "fake.jpg").await;
        let r = alice.patch(&id, 0, &data(1000)).await;
        assert_eq!(r.error(), (415, Code::InvalidMsgElem as i32));
        assert_eq!(alice.head(&id).await.status, 404);
    }
}

#[tokio::test]
async fn every_request_is_authenticated() {
    let s = TestServer::start();
    let alice = User::login(&s, "alice").await;
    let port = s.port;
    let post = |auth: Option<Auth>| async move {
        let body = br#"{"kind":"file","size":5}"#;
        http::request(port, "POST", UPLOADS_PATH, auth.as_ref(), &[], body).await.error()
    };
    let with = |user: &str, sig: String, app: u32| Some(Auth { app, user: user.into(), sig });
    let app = s.sdkappid;
    assert_eq!(post(None).await, (401, Code::UserSigInvalid as i32));
    assert_eq!(
        post(with("alice", "garbage".into(), app)).await,
        (401, Code::UserSigInvalid as i32)
    );
    let mismatch = post(with("alice", s.user_sig("bob"), app)).await;
    assert_eq!(mismatch, (401, Code::UserSigIdentifierMismatch as i32));
    let expired = post(with("alice", s.user_sig_with_expire("alice", 0), app)).await;
    assert_eq!(expired, (401, Code::UserSigExpired as i32));
    let other_app = post(with("alice", s.user_sig("alice"), app + 1)).await;
    assert_eq!(other_app, (401, Code::UserSigAppIdMismatch as i32));
    let stranger = post(with("nobody", s.user_sig("nobody"), app)).await;
    assert_eq!(stranger, (401, Code::MsgInvalidId as i32));

    let info = alice.upload(MediaKind::File, b"hello", "").await;
    let anonymous =
        http::request(port, "GET", &format!("{MEDIA_PATH}/{}", info.uuid), None, &[], &[]).await;
    assert_eq!(anonymous.error(), (401, Code::UserSigInvalid as i32));
}

/// Width and height of a downloaded version, checking it is whole and in `format`.
async fn version_of(
    user: &User,
    v: &hark_proto::media::Variant,
    format: ImageFormat,
) -> (u32, u32) {
    let r = user.download(&v.uuid, None).await;
    assert_eq!((r.status, r.body.len() as u64), (200, v.size));
    assert_eq!(image::guess_format(&r.body).unwrap(), format);
    let img = image::load_from_memory(&r.body).unwrap();
    assert_eq!(img.dimensions(), (v.width, v.height));
    img.dimensions()
}

#[tokio::test]
async fn images_get_large_and_thumbnail_versions_by_tencents_rule() {
    let s = TestServer::start();
    let alice = User::login(&s, "alice").await;

    // Shorter side over 720: both versions scaled, JPEG.
    let big = alice.upload(MediaKind::Image, &picture(2000, 1000, ImageFormat::Jpeg), "").await;
    assert_eq!((big.width, big.height), (2000, 1000));
    let (large, thumb) = (big.large.clone().unwrap(), big.thumb.clone().unwrap());
    assert_ne!(large.uuid, big.uuid);
    assert_ne!(thumb.uuid, large.uuid);
    assert_eq!(version_of(&alice, &large, ImageFormat::Jpeg).await, (1440, 720));
    assert_eq!(version_of(&alice, &thumb, ImageFormat::Jpeg).await, (396, 198));

    // Between 198 and 720: the original is the large version.
    let mid = alice.upload(MediaKind::Image, &picture(500, 400, ImageFormat::Png), "").await;
    let (large, thumb) = (mid.large.clone().unwrap(), mid.thumb.clone().unwrap());
    assert_eq!((large.uuid.as_str(), large.width, large.height), (mid.uuid.as_str(), 500, 400));
    assert_eq!(version_of(&alice, &thumb, ImageFormat::Jpeg).await, (248, 198));
    let webp = alice.upload(MediaKind::Image, &picture(300, 250, ImageFormat::WebP), "").await;
    assert_eq!(webp.large.unwrap().uuid, webp.uuid);
    assert_eq!(version_of(&alice, &webp.thumb.unwrap(), ImageFormat::Jpeg).await, (238, 198));

    // Under 198: all three are the original.
    let small = alice.upload(MediaKind::Image, &picture(100, 80, ImageFormat::Bmp), "").await;
    for v in [small.large.unwrap(), small.thumb.unwrap()] {
        assert_eq!((v.uuid, v.size, v.width, v.height), (small.uuid.clone(), small.size, 100, 80));
    }

    // Transparency survives: those versions are PNG.
    let clear =
        image::RgbaImage::from_fn(1000, 800, |x, _| image::Rgba([0, 0, 255, (x % 256) as u8]));
    let png = encode(DynamicImage::ImageRgba8(clear), ImageFormat::Png);
    let clear = alice.upload(MediaKind::Image, &png, "").await;
    assert_eq!(version_of(&alice, &clear.large.unwrap(), ImageFormat::Png).await, (900, 720));
    assert_eq!(version_of(&alice, &clear.thumb.unwrap(), ImageFormat::Png).await, (248, 198));

    // A snapshot is measured, with no versions.
    let snap = alice.upload(MediaKind::Snapshot, &picture(640, 360, ImageFormat::Jpeg), "").await;
    assert_eq!((snap.width, snap.height, snap.large, snap.thumb), (640, 360, None, None));
}

#[tokio::test]
async fn downloads_stream_whole_or_one_range() {
    let s = TestServer::start();
    let alice = User::login(&s, "alice").await;
    let bytes = data(1000);
    let info = alice.upload(MediaKind::File, &bytes, "").await;

    let whole = alice.download(&info.uuid, None).await;
    assert_eq!((whole.status, whole.body.as_slice()), (200, bytes.as_slice()));
    assert_eq!(whole.header("content-length"), Some("1000"));
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    for (range, first, last) in [
        ("bytes=0-9", 0, 9),
        ("bytes=990-5000", 990, 999),
        ("bytes=500-", 500, 999),
        ("bytes=-5", 995, 999),
    ] {
        let r = alice.download(&info.uuid, Some(range)).await;
        assert_eq!(r.status, 206, "{range}");
        assert_eq!(r.body, &bytes[first..=last], "{range}");
        assert_eq!(r.header("content-range"), Some(format!("bytes {first}-{last}/1000").as_str()));
        assert_eq!(r.header("content-length"), Some((last - first + 1).to_string().as_str()));
    }
    let r = alice.download(&info.uuid, Some("bytes=1000-")).await;
    assert_eq!(r.status, 416);
    assert_eq!(r.header("content-range"), Some("bytes */1000"));
    assert_eq!(alice.download(&info.uuid, Some("bytes=0-1,5-6")).await.body, bytes);
}

#[tokio::test]
async fn downloads_carry_the_type_harkd_knows_and_nosniff() {
    let s = TestServer::start();
    let alice = User::login(&s, "alice").await;
    let type_of = |r: &Reply| {
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        r.header("content-type").unwrap().to_owned()
    };

    // Images: the format harkd decoded, whatever the name says; versions as encoded.
    let png = alice.upload(MediaKind::Image, &picture(1000, 800, ImageFormat::Png), "a.jpg").await;
    assert_eq!(type_of(&alice.download(&png.uuid, None).await), "image/png");
    for v in [png.large.unwrap(), png.thumb.unwrap()] {
        assert_eq!(type_of(&alice.download(&v.uuid, None).await), "image/jpeg");
    }
    let clear = image::RgbaImage::from_fn(300, 300, |x, _| image::Rgba([9, 9, 9, x as u8]));
    let clear = encode(DynamicImage::ImageRgba8(clear), ImageFormat::Png);
    let clear = alice.upload(MediaKind::Image, &clear, "").await;
    assert_eq!(type_of(&alice.download(&clear.thumb.unwrap().uuid, None).await), "image/png");
    for (format, kind, want) in [
        (ImageFormat::Jpeg, MediaKind::Image, "image/jpeg"),
        (ImageFormat::Gif, MediaKind::Image, "image/gif"),
        (ImageFormat::Bmp, MediaKind::Image, "image/bmp"),
        (ImageFormat::WebP, MediaKind::Image, "image/webp"),
        (ImageFormat::Jpeg, MediaKind::Snapshot, "image/jpeg"),
    ] {
        let info = alice.upload(kind, &picture(40, 30, format), "picture.png").await;
        assert_eq!(type_of(&alice.download(&info.uuid, None).await), want, "{format:?}");
    }

    // Anything else: its name's extension, from a fixed list; octet-stream otherwise.
    for (kind, name, want) in [
        (MediaKind::Sound, "voice.m4a", "audio/mp4"),
        (MediaKind::Video, "clip.MP4", "video/mp4"),
        (MediaKind::File, "report.pdf", "application/pdf"),
        (MediaKind::File, "notes.txt", "text/plain"),
        (MediaKind::File, "page.html", "application/octet-stream"),
        (MediaKind::File, "drawing.svg", "application/octet-stream"),
        (MediaKind::File, "", "application/octet-stream"),
    ] {
        let info = alice.upload(kind, &data(100), name).await;
        assert_eq!(type_of(&alice.download(&info.uuid, None).await), want, "{name}");
        let part = alice.download(&info.uuid, Some("bytes=0-9")).await;
        assert_eq!((part.status, type_of(&part)), (206, want.to_owned()), "{name}");
    }
}

#[tokio::test]
async fn a_file_is_downloaded_by_whoever_a_message_naming_it_reached() {
    let s = TestServer::start();
    let mut alice = User::login(&s, "alice").await;
    let bob = User::login(&s, "bob").await;
    let mut carol = User::login(&s, "carol").await;
    let mut dave = User::login(&s, "dave").await;

    // C2C: the two sides, nobody else; an image's versions go with it.
    let img = alice.upload(MediaKind::Image, &picture(1000, 1000, ImageFormat::Png), "").await;
    let thumb = img.thumb.clone().unwrap().uuid;
    assert_eq!(
        bob.download(&img.uuid, None).await.error(),
        (403, Code::GroupPermissionDeny as i32)
    );
    let origin =
        ImageInfo { kind: ImageKind::Origin, uuid: img.uuid.clone(), size: 0, width: 0, height: 0 };
    acked(&alice.send("bob", "", vec![Elem::Image { images: vec![origin] }]).await);
    for uuid in [&img.uuid, &thumb] {
        assert_eq!(alice.download(uuid, None).await.status, 200);
        assert_eq!(bob.download(uuid, None).await.status, 200);
        assert_eq!(
            carol.download(uuid, None).await.error(),
            (403, Code::GroupPermissionDeny as i32)
        );
    }

    // A group: its current members.
    alice.create_group("g1", &["bob", "carol"]).await;
    let shared = alice.upload(MediaKind::File, b"for the group", "").await;
    acked(&alice.send("", "g1", vec![file_elem(&shared)]).await);
    assert_eq!(carol.download(&shared.uuid, None).await.status, 200);
    assert_eq!(dave.download(&shared.uuid, None).await.status, 403);
    let joined = dave
        .ws
        .request(|req| ClientFrame::GroupJoin { req, group: "g1".into(), note: String::new() })
        .await;
    assert!(matches!(joined, ServerFrame::Ok { .. }), "{joined:?}");
    assert_eq!(dave.download(&shared.uuid, None).await.status, 200);
    let quit = carol.ws.request(|req| ClientFrame::GroupQuit { req, group: "g1".into() }).await;
    assert!(matches!(quit, ServerFrame::Ok { .. }), "{quit:?}");
    assert_eq!(carol.download(&shared.uuid, None).await.status, 403);

    // A targeted group message: only its target (and the sender).
    let secret = alice.upload(MediaKind::File, b"for bob only", "").await;
    acked(&alice.send("bob", "g1", vec![file_elem(&secret)]).await);
    assert_eq!(bob.download(&secret.uuid, None).await.status, 200);
    assert_eq!(dave.download(&secret.uuid, None).await.status, 403);
}

#[tokio::test]
async fn sends_carry_harkds_numbers_for_the_senders_own_finished_uploads() {
    let s = TestServer::start();
    let mut alice = User::login(&s, "alice").await;
    let mut bob = User::login(&s, "bob").await;

    let img = alice.upload(MediaKind::Image, &picture(2000, 1000, ImageFormat::Jpeg), "").await;
    let lie =
        |kind, uuid: &str| ImageInfo { kind, uuid: uuid.into(), size: 1, width: 2, height: 3 };
    let thumb = img.thumb.clone().unwrap();
    let claimed = vec![lie(ImageKind::Thumb, &thumb.uuid), lie(ImageKind::Origin, &img.uuid)];
    acked(
        &alice
            .send(
                "bob",
                "",
                vec![Elem::Image { images: claimed }, Elem::Text { text: "look".into() }],
            )
            .await,
    );
    let (_, msg) = bob.ws.push().await;
    let Elem::Image { images } = &msg.elems[0] else { panic!("{msg:?}") };
    let seen: Vec<_> =
        images.iter().map(|i| (i.kind, i.uuid.as_str(), i.size, i.width, i.height)).collect();
    let large = img.large.clone().unwrap();
    assert_eq!(
        seen,
        vec![
            (ImageKind::Origin, img.uuid.as_str(), img.size, 2000, 1000),
            (ImageKind::Large, large.uuid.as_str(), large.size, 1440, 720),
            (ImageKind::Thumb, thumb.uuid.as_str(), thumb.size, 396, 198),
        ]
    );
    assert_eq!(msg.elems[1], Elem::Text { text: "look".into() });

    let video = alice.upload(MediaKind::Video, &data(5000), "clip.mp4").await;
    let snap = alice.upload(MediaKind::Snapshot, &picture(640, 360, ImageFormat::Jpeg), "").await;
    let sound = alice.upload(MediaKind::Sound, &data(700), "").await;
    let file = alice.upload(MediaKind::File, &data(900), "stored-name.bin").await;
    let sent = [
        Elem::Video {
            uuid: video.uuid.clone(),
            size: 1,
            video_type: "mp4".into(),
            duration: 12,
            snapshot_uuid: snap.uuid.clone(),
            snapshot_size: 1,
            snapshot_width: 1,
            snapshot_height: 1,
        },
        Elem::Sound { uuid: sound.uuid.clone(), size: 1, duration: 3 },
        file_elem(&file),
    ];
    let expected = [
        Elem::Video {
            uuid: video.uuid.clone(),
            size: 5000,
            video_type: "mp4".into(),
            duration: 12,
            snapshot_uuid: snap.uuid.clone(),
            snapshot_size: snap.size,
            snapshot_width: 640,
            snapshot_height: 360,
        },
        Elem::Sound { uuid: sound.uuid.clone(), size: 700, duration: 3 },
        Elem::File { uuid: file.uuid.clone(), name: "report.pdf".into(), size: 900 },
    ];
    for (elem, want) in sent.into_iter().zip(expected) {
        acked(&alice.send("bob", "", vec![elem]).await);
        assert_eq!(bob.ws.push().await.1.elems, vec![want]);
    }
    let history = bob
        .ws
        .request(|req| ClientFrame::History {
            req,
            user: "alice".into(),
            group: String::new(),
            count: 1,
            before_seq: None,
        })
        .await;
    let ServerFrame::History { msgs, .. } = history else { panic!("{history:?}") };
    assert!(matches!(&msgs[0].elems[0], Elem::File { size: 900, .. }), "{msgs:?}");

    // Refused: someone else's file, an upload not finished, a made-up id...
    let bobs = bob.upload(MediaKind::File, b"bob's", "").await;
    let unfinished = alice.new_upload(MediaKind::File, 10, "").await;
    alice.patch(&unfinished, 0, b"12345").await;
    for uuid in [bobs.uuid.as_str(), unfinished.as_str(), "0123456789abcdef0123456789abcdef"] {
        let elem = Elem::File { uuid: uuid.into(), name: "x".into(), size: 5 };
        assert_eq!(error_code(&alice.send("bob", "", vec![elem]).await), Code::ResNotFound as i32);
    }
    // ...the wrong kind, another image's version, media anywhere but first.
    let wrong_kind = Elem::Sound { uuid: file.uuid.clone(), size: 900, duration: 1 };
    let not_its_version = Elem::Image {
        images: vec![lie(ImageKind::Origin, &img.uuid), lie(ImageKind::Thumb, &snap.uuid)],
    };
    let no_origin = Elem::Image { images: vec![lie(ImageKind::Thumb, &thumb.uuid)] };
    let no_snapshot = Elem::Video {
        uuid: video.uuid.clone(),
        size: 1,
        video_type: "mp4".into(),
        duration: 1,
        snapshot_uuid: String::new(),
        snapshot_size: 0,
        snapshot_width: 0,
        snapshot_height: 0,
    };
    let origin = Elem::Image { images: vec![lie(ImageKind::Origin, &img.uuid)] };
    let text = Elem::Text { text: "hi".into() };
    for elems in [
        vec![wrong_kind],
        vec![not_its_version],
        vec![no_origin],
        vec![no_snapshot],
        vec![text.clone(), origin.clone()],
        vec![origin.clone(), origin],
        vec![text, file_elem(&file)],
    ] {
        assert_eq!(error_code(&alice.send("bob", "", elems).await), Code::InvalidMsgElem as i32);
    }
    assert!(bob.ws.quiet().await, "a refused send was delivered");
}

#[tokio::test]
async fn a_file_over_28_mb_arrives_whole_in_pieces() {
    let s = TestServer::start();
    let alice = User::login(&s, "alice").await;
    let len = 40 * 1024 * 1024;
    let bytes = data(len);
    let id = alice.new_upload(MediaKind::File, len as u64, "big.bin").await;
    let piece = len / 4;
    for at in (0..len).step_by(piece) {
        let r = alice.patch(&id, at as u64, &bytes[at..at + piece]).await;
        assert_eq!((r.status, r.offset()), (200, (at + piece) as u64));
    }
    let media = alice.head(&id).await;
    assert_eq!(media.offset(), len as u64);
    let state: UploadState = alice.call("GET", &upload_path(&id), &[], &[]).await.json();
    let info = state.media.unwrap();
    assert_eq!(info.size, len as u64);
    let r = alice.download(&info.uuid, None).await;
    assert!(r.body == bytes, "the download differs from the upload");
}

/// Sets when the file at `path` last changed.
fn touch(path: &std::path::Path, at: SystemTime) {
    std::fs::File::options().write(true).open(path).unwrap().set_modified(at).unwrap();
}

/// Waits (generously: the machine may be loaded) until `done` holds.
async fn eventually<F: std::future::Future<Output = bool>>(
    what: &str,
    mut done: impl FnMut() -> F,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done().await {
        assert!(Instant::now() < deadline, "{what}: not within 30 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn abandoned_uploads_are_removed_and_finished_ones_kept() {
    let s = TestServer::start_with(|c| c.media.abandoned_upload_secs = Some(3));
    let mut alice = User::login(&s, "alice").await;
    let bob = User::login(&s, "bob").await;
    let uploads = s.data_dir.join("media").join("uploads");
    let hour = Duration::from_secs(3600);

    // Finished uploads stay, sent or not.
    let sent = alice.upload(MediaKind::File, &data(100), "sent.bin").await;
    acked(&alice.send("bob", "", vec![file_elem(&sent)]).await);
    let unsent = alice.new_upload(MediaKind::File, 50, "unsent.bin").await;
    let unsent_media = alice.patch(&unsent, 0, &data(50)).await.json::<UploadState>().media;

    // One still receiving bytes (its file changed lately; here, in the future), and one
    // that stopped: started after the first, so whichever sweep takes it saw both.
    let busy = alice.new_upload(MediaKind::File, 100, "busy.bin").await;
    assert_eq!(alice.patch(&busy, 0, &data(10)).await.offset(), 10);
    touch(&uploads.join(&busy), SystemTime::now() + hour);
    let idle = alice.new_upload(MediaKind::File, 100, "idle.bin").await;
    assert_eq!(alice.patch(&idle, 0, &data(10)).await.offset(), 10);
    // A leftover no upload owns, and a file harkd did not name.
    let stray = uploads.join("0123456789abcdef0123456789abcdef");
    let foreign = uploads.join("README");
    for path in [&stray, &foreign] {
        std::fs::write(path, b"left over").unwrap();
        touch(path, SystemTime::now() - hour);
    }

    eventually("the idle upload removed", || async { alice.head(&idle).await.status == 404 }).await;
    assert!(!uploads.join(&idle).exists(), "its bytes are gone");
    // Resuming it now is resuming an unknown upload.
    assert_eq!(alice.patch(&idle, 10, &data(90)).await.error(), (404, Code::ResNotFound as i32));
    let state = alice.call("GET", &upload_path(&idle), &[], &[]).await;
    assert_eq!(state.error(), (404, Code::ResNotFound as i32));
    let head = alice.head(&busy).await;
    assert_eq!(head.status, 200, "an upload with recent bytes stays");
    assert_eq!(head.offset(), 10);
    eventually("the stray file removed", || async { !stray.exists() }).await;
    assert!(foreign.exists());

    assert_eq!(bob.download(&sent.uuid, None).await.body, data(100));
    let again: UploadState = alice.call("GET", &upload_path(&unsent), &[], &[]).await.json();
    assert_eq!(again.media, unsent_media);
    assert_eq!(alice.download(&unsent_media.unwrap().uuid, None).await.body, data(50));

    // Once its bytes stop changing, the other one goes too.
    touch(&uploads.join(&busy), SystemTime::now() - hour);
    eventually("the busy upload removed", || async { alice.head(&busy).await.status == 404 }).await;
    assert!(!uploads.join(&busy).exists());
}

/// Every file under `dir`, relative to it.
fn walk(dir: &std::path::Path) -> std::collections::BTreeSet<std::path::PathBuf> {
    let mut found = std::collections::BTreeSet::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                found.insert(path.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    found
}

#[tokio::test]
async fn path_like_names_and_torn_uploads_stay_inside_the_data_directory() {
    let parent = tempfile::tempdir().unwrap();
    let data_dir = parent.path().join("data");
    std::fs::create_dir(&data_dir).unwrap();
    let s = TestServer::start_in(&data_dir, |_| {});
    let alice = User::login(&s, "alice").await;
    let before = walk(parent.path());

    // File names are data: kept as given (up to 255 bytes), never used as paths.
    let long = "a".repeat(255);
    let names = [
        "../../etc/passwd",
        "a/b",
        "/etc/passwd",
        "..\\..\\boot.ini",
        "C:\\Windows\\x",
        "nul\0byte",
        "..",
        long.as_str(),
    ];
    for (i, name) in names.iter().enumerate() {
        let bytes = data(100 + i);
        let media = alice.upload(MediaKind::File, &bytes, name).await;
        assert_eq!(media.name, *name);
        assert_eq!(alice.download(&media.uuid, None).await.body, bytes);
    }
    let too_long = "b/".repeat(200);
    assert_eq!(
        alice.start(MediaKind::File, 10, &too_long).await.error(),
        (400, Code::InvalidParameters as i32)
    );

    // Torn mid-body, then PATCHes at the wrong offsets: behind and ahead of what was kept.
    let bytes = data(50_000);
    let id = alice.new_upload(MediaKind::File, 50_000, "../torn").await;
    let headers = [(HEADER_OFFSET, "0".to_owned()), ("Content-Length", "50000".to_owned())];
    let mut cut =
        http::start(s.port, "PATCH", &upload_path(&id), Some(&alice.auth), &headers).await;
    cut.write_all(&bytes[..20_000]).await.unwrap();
    cut.flush().await.unwrap();
    drop(cut);
    // The torn PATCH's bytes are on their way; wait until harkd has taken some, so the
    // probes below cannot overtake it.
    let deadline = Instant::now() + Duration::from_secs(20);
    while alice.head(&id).await.offset() == 0 {
        assert!(Instant::now() < deadline, "the torn PATCH never reached harkd");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let kept = loop {
        let r = alice.patch(&id, 0, &bytes[..10]).await;
        match r.error().1 {
            c if c == Code::InProgress as i32 => {
                tokio::time::sleep(Duration::from_millis(20)).await
            }
            c => {
                assert_eq!((r.status, c), (409, Code::InvalidParameters as i32));
                break r.offset();
            }
        }
    };
    assert!(kept > 0 && kept <= 20_000, "{kept}");
    let ahead = alice.patch(&id, kept + 1, &bytes[kept as usize + 1..]).await;
    assert_eq!((ahead.error(), ahead.offset()), ((409, Code::InvalidParameters as i32), kept));
    let done = alice.patch(&id, kept, &bytes[kept as usize..]).await;
    let media = done.json::<UploadState>().media.unwrap();
    assert_eq!(alice.download(&media.uuid, None).await.body, bytes);

    // Everything harkd wrote is inside its data directory.
    let outside: Vec<_> = walk(parent.path())
        .difference(&before)
        .filter(|p| !p.starts_with("data"))
        .cloned()
        .collect();
    assert!(outside.is_empty(), "written outside the data directory: {outside:?}");
}

/// A PNG of `side`×`side` transparent pixels (RGBA, 8 bits), made as a decompression bomb
/// is: a few hundred KB that decode to side²×4 bytes. The pixels are never held: one group
/// of 100 compressed rows, repeated (each ends in a full flush, so none depends on the
/// ones before), then the zlib trailer, whose checksum of all-zero bytes is known.
fn png_bomb(side: u32) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    const ROWS: usize = 100;
    assert_eq!(side as usize % ROWS, 0);
    let row = 1 + side as usize * 4;
    let raw = vec![0u8; row * ROWS];
    let mut deflate = Compress::new(Compression::best(), false);
    let mut group = Vec::with_capacity(raw.len() / 100);
    while (deflate.total_in() as usize) < raw.len() || deflate.total_out() == 0 {
        group.reserve(64 * 1024);
        let at = deflate.total_in() as usize;
        deflate.compress_vec(&raw[at..], &mut group, FlushCompress::Full).unwrap();
    }
    let mut zlib = vec![0x78, 0x9c];
    for _ in 0..side as usize / ROWS {
        zlib.extend_from_slice(&group);
    }
    // An empty final block, then Adler-32 of row × side zeros: a = 1, b = their count.
    zlib.extend_from_slice(&[0x03, 0x00]);
    let b = (row as u64 * u64::from(side) % 65521) as u32;
    zlib.extend_from_slice(&((b << 16) | 1).to_be_bytes());

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        png.extend_from_slice(&crc.sum().to_be_bytes());
    };
    let mut ihdr = [side.to_be_bytes(), side.to_be_bytes()].concat();
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &zlib);
    chunk(b"IEND", &[]);
    png
}

/// The most memory this process (the test and its in-process harkd) has held, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

#[tokio::test]
async fn an_image_over_the_pixel_budget_is_refused_from_its_header() {
    let s = TestServer::start();
    let alice = User::login(&s, "alice").await;
    // 100 megapixels in about 400 KB: 400 MB decoded, under the image crate's own limit.
    let bomb = png_bomb(10_000);
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let decoded = image::load_from_memory(&png_bomb(200)).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (200, 200), "a valid PNG");

    let before = peak_rss();
    let started = Instant::now();
    for kind in [MediaKind::Image, MediaKind::Snapshot] {
        let id = alice.new_upload(kind, bomb.len() as u64, "bomb.png").await;
        let r = alice.patch(&id, 0, &bomb).await;
        assert_eq!(r.error(), (413, Code::FileTooLarge as i32));
        let said = r.json::<hark_proto::media::HttpError>().desc;
        assert!(said.contains("10000x10000") && said.contains("50000000"), "{said}");
        assert_eq!(alice.head(&id).await.status, 404, "the upload is discarded");
    }
    // Decoding it would take over 400 MB; the margin is for the other tests running beside.
    let grew = peak_rss().saturating_sub(before);
    assert!(grew < 160 << 20, "harkd's memory grew by {} MB", grew >> 20);
    assert!(started.elapsed() < Duration::from_secs(20), "refused from the header, not decoded");
}

#[tokio::test]
async fn images_wait_for_decode_memory_and_all_succeed() {
    // 40 MiB: one 1200x900 image with its versions at a time (about 25 MB each).
    let s = TestServer::start_with(|c| c.limits.image_decode_memory_bytes = 40 << 20);
    let alice = User::login(&s, "alice").await;
    let photo = picture(1200, 900, ImageFormat::Jpeg);
    let uploads = (0..6).map(|i| {
        let (alice, photo) = (&alice, &photo);
        async move { alice.upload(MediaKind::Image, photo, &format!("p{i}.jpg")).await }
    });
    let stored = futures_util::future::join_all(uploads).await;
    assert_eq!(stored.len(), 6);
    for info in &stored {
        assert_eq!((info.width, info.height), (1200, 900));
        assert_eq!(info.large.as_ref().map(|l| (l.width, l.height)), Some((960, 720)));
    }
    // Under the pixel budget, but alone more than the whole memory budget: refused.
    let big = png_bomb(4_000);
    let id = alice.new_upload(MediaKind::Image, big.len() as u64, "big.png").await;
    let r = alice.patch(&id, 0, &big).await;
    assert_eq!(r.error(), (413, Code::FileTooLarge as i32));
}

/// Every refusal of the media API is a JSON error with a Tencent code, those axum makes
/// itself included: a wrong method, a path that names nothing, a body over the limit, a
/// malformed path or body, another content type, missing credentials.
#[tokio::test]
async fn every_refusal_is_a_json_error() {
    let s = TestServer::start();
    let alice = User::login(&s, "alice").await;
    let stored = alice.upload(MediaKind::File, b"hello", "").await;
    let id = alice.new_upload(MediaKind::File, 5, "").await;
    let refused = |r: Reply, status: u16, code: Code| {
        assert_eq!(r.header("content-type"), Some("application/json"), "{r:?}");
        assert_eq!(r.error(), (status, code as i32));
        assert!(!r.json::<hark_proto::media::HttpError>().desc.is_empty());
        r
    };
    let invalid = Code::InvalidParameters;

    // Methods a path does not take: 405, with what it does take.
    let wrong = [
        ("GET", UPLOADS_PATH.to_owned()),
        ("DELETE", upload_path(&id)),
        ("POST", upload_path(&id)),
        ("PUT", format!("{MEDIA_PATH}/{}", stored.uuid)),
        ("PATCH", format!("{MEDIA_PATH}/{}", stored.uuid)),
    ];
    for (method, path) in wrong {
        let r = refused(alice.call(method, &path, &[], &[]).await, 405, invalid);
        assert!(r.header("allow").is_some(), "{method} {path}");
    }
    // Paths that name nothing: 404, with or without credentials.
    for path in ["/v1/media", "/v1/media/", "/v1/media/a/b", "/v1/media/uploads/x/y"] {
        refused(alice.call("GET", path, &[], &[]).await, 404, Code::ResNotFound);
        let r = http::request(s.port, "POST", path, None, &[], b"{}").await;
        refused(r, 404, Code::ResNotFound);
    }
    // A path that is not UTF-8 once decoded.
    refused(alice.call("GET", "/v1/media/%FF%FE", &[], &[]).await, 400, invalid);
    // An upload request over 2 MB: the first bytes past the limit are enough.
    let headers = [("Content-Length", (20 << 20).to_string())];
    let mut stream = http::start(s.port, "POST", UPLOADS_PATH, Some(&alice.auth), &headers).await;
    let _ = stream.write_all(&vec![b' '; (2 << 20) + 1]).await;
    refused(http::finish(stream).await, 413, invalid);
    // Malformed JSON, and a body in another format, whatever the Content-Type says; JSON
    // is read as JSON whatever it says.
    let form = ("Content-Type", "application/x-www-form-urlencoded".to_owned());
    refused(alice.call("POST", UPLOADS_PATH, &[], b"{\"kind\": ").await, 400, invalid);
    refused(alice.call("POST", UPLOADS_PATH, &[form], b"kind=file&size=5").await, 400, invalid);
    let text = ("Content-Type", "text/plain".to_owned());
    let r = alice.call("POST", UPLOADS_PATH, &[text], br#"{"kind":"file","size":5}"#).await;
    assert_eq!(r.status, 201);
    // A PATCH without its offset; requests without credentials.
    refused(alice.call("PATCH", &upload_path(&id), &[], b"hello").await, 400, invalid);
    refused(
        http::request(s.port, "GET", &upload_path(&id), None, &[], &[]).await,
        401,
        Code::UserSigInvalid,
    );
}
