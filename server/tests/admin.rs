//! The REST API in Tencent's format, end to end: each call's OK path seen by a WebSocket
//! session (and in history), and its failures with Tencent's ErrorCode.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::http::{self, Auth};
use common::ws::Conn;
use hark_proto::media::{MediaInfo, MediaKind, UploadRequest, UploadState, HEADER_OFFSET};
use hark_proto::media::{MEDIA_PATH, UPLOADS_PATH};
use hark_proto::{Code, Elem, ImageKind};
use harkd::core::usersig;
use harkd::testing::TestServer;
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;

const ADMIN: &str = "administrator";

fn admin_sig(s: &TestServer, identifier: &str, expire: i64) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    usersig::generate(&s.key, s.sdkappid.into(), identifier, now, expire)
}

/// One call with an explicit query; answers the JSON body (always HTTP 200).
async fn call_with(s: &TestServer, cmd: &str, query: &str, body: &[u8]) -> Value {
    let path = format!("/v4/{cmd}?{query}");
    let r = http::request(s.port, "POST", &path, None, &[], body).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

async fn call(s: &TestServer, cmd: &str, body: Value) -> Value {
    let query = format!(
        "sdkappid={}&identifier={ADMIN}&usersig={}&random=12345&contenttype=json",
        s.sdkappid,
        admin_sig(s, ADMIN, 3600)
    );
    call_with(s, cmd, &query, body.to_string().as_bytes()).await
}

fn assert_ok(v: &Value) {
    assert_eq!((v["ActionStatus"].as_str(), v["ErrorCode"].as_i64()), (Some("OK"), Some(0)), "{v}");
}

fn assert_fail(v: &Value, code: i64) {
    assert_eq!(v["ActionStatus"], "FAIL", "{v}");
    assert_eq!(v["ErrorCode"].as_i64(), Some(code), "{v}");
    assert!(!v["ErrorInfo"].as_str().unwrap_or("").is_empty(), "{v}");
}

fn text_body(text: &str) -> Value {
    json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}])
}

const SENDMSG: &str = "openim/sendmsg";
const SEND_GROUP: &str = "group_open_http_svc/send_group_msg";
const CREATE: &str = "group_open_http_svc/create_group";
const ADD: &str = "group_open_http_svc/add_group_member";

#[tokio::test]
async fn sendmsg_reaches_the_peer_and_history_as_the_admin_or_a_user() {
    let s = TestServer::start();
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let mut alice = Conn::login_as(&s, "alice", "1").await;

    let body = json!({
        "To_Account": "bob", "MsgRandom": 7, "MsgBody": [
            {"MsgType": "TIMTextElem", "MsgContent": {"Text": "hello"}},
            {"MsgType": "TIMCustomElem", "MsgContent": {"Data": "d", "Desc": "s", "Ext": "e"}},
            {"MsgType": "TIMLocationElem", "MsgContent": {"Desc": "here", "Latitude": 1.5, "Longitude": 2.5}},
            {"MsgType": "TIMFaceElem", "MsgContent": {"Index": 3, "Data": "f"}}],
        "OfflinePushInfo": {"PushFlag": 0, "Title": "t", "Desc": "d", "ApnsInfo": {"Sound": "a.caf"},
                            "AndroidInfo": {"Sound": "b"}}
    });
    let v = call(&s, SENDMSG, body).await;
    assert_ok(&v);
    let key = v["MsgKey"].as_str().unwrap().to_owned();
    assert!(v["MsgTime"].as_i64().unwrap() > 0);
    let (pos, m) = bob.push().await;
    assert!(pos > 0);
    assert_eq!(
        (m.msg_id.as_str(), m.sender.as_str(), m.seq, m.random),
        (key.as_str(), ADMIN, 1, 7)
    );
    assert_eq!(m.elems.len(), 4);
    assert_eq!(m.elems[0], Elem::Text { text: "hello".into() });
    assert_eq!(m.elems[3], Elem::Face { index: 3, data: b"f".to_vec() });
    let push = m.push.unwrap();
    assert_eq!(
        (push.title.as_str(), push.ios_sound.as_str(), push.android_sound.as_str()),
        ("t", "a.caf", "b")
    );
    assert_eq!(bob.history(ADMIN, "").await[0].msg_id, key);

    // As alice: her own session gets it too (SyncOtherMachine), and it is in her history.
    let v = call(&s, SENDMSG, json!({"From_Account": "alice", "To_Account": "bob", "MsgRandom": 8, "MsgBody": text_body("from alice")})).await;
    assert_ok(&v);
    assert_eq!(bob.push().await.1.sender, "alice");
    assert_eq!(alice.push().await.1.msg_id, v["MsgKey"].as_str().unwrap());
    assert_eq!(bob.history("alice", "").await.len(), 1);

    // MsgLifeTime 0: online only.
    let v = call(&s, SENDMSG, json!({"To_Account": "bob", "MsgLifeTime": 0, "MsgRandom": 9, "MsgBody": text_body("typing")})).await;
    assert_ok(&v);
    let (pos, m) = bob.push().await;
    assert_eq!((pos, m.online_only), (0, true));
    assert_eq!(bob.history(ADMIN, "").await.len(), 1);
}

#[tokio::test]
async fn groups_are_created_filled_and_sent_to() {
    let s = TestServer::start();
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let mut carol = Conn::login_as(&s, "carol", "1").await;
    drop(Conn::login_as(&s, "alice", "1").await);

    let v = call(&s, CREATE, json!({"Owner_Account": "alice", "Type": "Public", "GroupId": "rg", "Name": "R", "MemberList": [{"Member_Account": "bob"}]})).await;
    assert_ok(&v);
    assert_eq!(v["GroupId"], "rg");
    let v = call(&s, CREATE, json!({"Type": "Private", "Name": "assigned"})).await;
    assert_ok(&v);
    assert!(v["GroupId"].as_str().unwrap().starts_with("@TGS#"));

    let v = call(
        &s,
        SEND_GROUP,
        json!({"GroupId": "rg", "Random": 1, "MsgPriority": "High", "MsgBody": text_body("news")}),
    )
    .await;
    assert_ok(&v);
    assert_eq!(v["MsgSeq"], 1);
    assert!(v.get("MsgDropReason").is_none());
    let (_, m) = bob.push().await;
    assert_eq!(
        (m.group.as_str(), m.sender.as_str(), m.seq, m.priority),
        ("rg", ADMIN, 1, hark_proto::Priority::High)
    );
    assert!(carol.quiet().await, "carol is no member yet");

    let v = call(&s, ADD, json!({"GroupId": "rg", "MemberList": [{"Member_Account": "carol"}, {"Member_Account": "bob"}, {"Member_Account": "nobody"}]})).await;
    assert_ok(&v);
    let results: Vec<(String, i64)> = v["MemberList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["Member_Account"].as_str().unwrap().to_owned(), m["Result"].as_i64().unwrap()))
        .collect();
    assert_eq!(results, [("carol".into(), 1), ("bob".into(), 2), ("nobody".into(), 0)]);

    // Targeted at carol, as bob; then online only.
    let v = call(&s, SEND_GROUP, json!({"GroupId": "rg", "From_Account": "bob", "To_Account": ["carol"], "MsgBody": text_body("psst")})).await;
    assert_ok(&v);
    assert_eq!(v["MsgSeq"], 2);
    let (_, m) = carol.push().await;
    assert_eq!((m.sender.as_str(), m.targets.clone()), ("bob", vec!["carol".to_owned()]));
    assert_eq!(bob.push().await.1.seq, 2, "the sender's own session is synced");
    let v = call(
        &s,
        SEND_GROUP,
        json!({"GroupId": "rg", "OnlineOnlyFlag": 1, "MsgBody": text_body("live")}),
    )
    .await;
    assert_ok(&v);
    assert_eq!(v["MsgSeq"], 0);
    for c in [&mut bob, &mut carol] {
        let (pos, m) = c.push().await;
        assert_eq!((pos, m.online_only), (0, true));
    }
    // Carol was added after the first message: a Public group's history starts at the join.
    let seen: Vec<u64> = carol.history("", "rg").await.iter().map(|m| m.seq).collect();
    assert_eq!(seen, [2]);
    let seen: Vec<u64> = bob.history("", "rg").await.iter().map(|m| m.seq).collect();
    assert_eq!(seen, [2, 1]);
}

#[tokio::test]
async fn group_sends_over_the_rate_limit_report_a_drop_reason() {
    let s = TestServer::start();
    let v = call(&s, CREATE, json!({"Type": "Public", "GroupId": "busy"})).await;
    assert_ok(&v);
    let mut dropped = 0;
    for i in 0..40 {
        let v = call(&s, SEND_GROUP, json!({"GroupId": "busy", "Random": i, "MsgPriority": "Low", "MsgBody": text_body("x")})).await;
        assert_ok(&v);
        if v["MsgDropReason"] == "MsgFreqCtrl" {
            assert_eq!(v["MsgSeq"], 0);
            dropped += 1;
        }
    }
    assert!(dropped > 0, "40 LOW sends at once were all admitted");
}

#[tokio::test]
async fn failures_carry_tencents_codes() {
    let s = TestServer::start();
    drop(Conn::login_as(&s, "bob", "1").await);
    drop(Conn::login_as(&s, "alice", "1").await);
    let body = json!({"To_Account": "bob", "MsgRandom": 1, "MsgBody": text_body("x")}).to_string();
    let body = body.as_bytes();
    let q = |identifier: &str, sig: &str, app: u32| {
        format!("sdkappid={app}&identifier={identifier}&usersig={sig}&random=1&contenttype=json")
    };
    let app = s.sdkappid;
    assert_fail(&call_with(&s, SENDMSG, &q(ADMIN, "garbage", app), body).await, 70003);
    assert_fail(
        &call_with(&s, SENDMSG, &q(ADMIN, &admin_sig(&s, ADMIN, -10), app), body).await,
        70001,
    );
    assert_fail(
        &call_with(&s, SENDMSG, &q(ADMIN, &admin_sig(&s, "bob", 3600), app), body).await,
        70013,
    );
    assert_fail(
        &call_with(&s, SENDMSG, &q("bob", &admin_sig(&s, "bob", 3600), app), body).await,
        90009,
    );
    assert_fail(
        &call_with(&s, SENDMSG, &q(ADMIN, &admin_sig(&s, ADMIN, 3600), 1), body).await,
        70014,
    );
    assert_fail(&call_with(&s, SENDMSG, "", body).await, 60012);

    let image = json!([{"MsgType": "TIMImageElem", "MsgContent": {"UUID": "x"}}]);
    let big = "x".repeat(12 * 1024 + 1);
    for (body, code) in [
        (json!({"MsgBody": text_body("x")}), 90001),
        (json!({"To_Account": "nobody", "MsgBody": text_body("x")}), 20003),
        (json!({"To_Account": "bob", "MsgBody": []}), 90002),
        (json!({"To_Account": "bob", "MsgBody": image}), 90002),
        (json!({"To_Account": "bob", "MsgBody": text_body(&big)}), 80002),
        (json!({"From_Account": "ghost", "To_Account": "bob", "MsgBody": text_body("x")}), 20003),
    ] {
        assert_fail(&call(&s, SENDMSG, body).await, code);
    }
    let bad_json =
        call_with(&s, SENDMSG, &q(ADMIN, &admin_sig(&s, ADMIN, 3600), app), b"{not json").await;
    assert_fail(&bad_json, 90001);

    assert_ok(
        &call(&s, CREATE, json!({"Owner_Account": "alice", "Type": "AVChatRoom", "GroupId": "av"}))
            .await,
    );
    assert_ok(&call(&s, CREATE, json!({"Owner_Account": "alice", "Type": "Public", "GroupId": "g", "MemberList": [{"Member_Account": "bob"}]})).await);
    let fifty_one: Vec<String> = (0..51).map(|i| format!("u{i}")).collect();
    for (cmd, body, code) in [
        (SEND_GROUP, json!({"MsgBody": text_body("x")}), 10004),
        (SEND_GROUP, json!({"GroupId": "none", "MsgBody": text_body("x")}), 10010),
        (SEND_GROUP, json!({"GroupId": "@TGS#", "MsgBody": text_body("x")}), 10015),
        (
            SEND_GROUP,
            json!({"GroupId": "g", "MsgPriority": "high", "MsgBody": text_body("x")}),
            10004,
        ),
        (SEND_GROUP, json!({"GroupId": "g", "MsgBody": image}), 10004),
        (SEND_GROUP, json!({"GroupId": "g", "MsgBody": text_body(&big)}), 80002),
        (
            SEND_GROUP,
            json!({"GroupId": "g", "To_Account": fifty_one, "MsgBody": text_body("x")}),
            10004,
        ),
        (
            SEND_GROUP,
            json!({"GroupId": "g", "To_Account": ["nobody"], "MsgBody": text_body("x")}),
            10007,
        ),
        (
            SEND_GROUP,
            json!({"GroupId": "av", "To_Account": ["alice"], "MsgBody": text_body("x")}),
            10004,
        ),
        (
            SEND_GROUP,
            json!({"GroupId": "av", "OnlineOnlyFlag": 1, "MsgBody": text_body("x")}),
            10004,
        ),
        (CREATE, json!({"Type": "Secret"}), 10004),
        (CREATE, json!({"Type": "Public", "GroupId": "g"}), 10021),
        (CREATE, json!({"Type": "Public", "GroupId": "@TGS#x"}), 10015),
        (CREATE, json!({"Owner_Account": "ghost", "Type": "Public"}), 20003),
        (CREATE, json!({"Type": "Public", "MemberList": [{"Member_Account": "ghost"}]}), 20003),
        (ADD, json!({"GroupId": "none", "MemberList": [{"Member_Account": "bob"}]}), 10010),
        (ADD, json!({"GroupId": "g", "MemberList": []}), 10004),
        (ADD, json!({"GroupId": "", "MemberList": [{"Member_Account": "bob"}]}), 10015),
        (ADD, json!({"GroupId": "av", "MemberList": [{"Member_Account": "bob"}]}), 10007),
    ] {
        assert_fail(&call(&s, cmd, body.clone()).await, code);
    }
}

fn auth(s: &TestServer, user: &str) -> Auth {
    Auth { app: s.sdkappid, user: user.into(), sig: s.user_sig(user) }
}

/// Starts an upload as `user` through the media API; answers its id.
async fn start_upload(s: &TestServer, user: &str, kind: MediaKind, size: u64) -> String {
    let req = serde_json::to_vec(&UploadRequest { kind, size, name: String::new() }).unwrap();
    let r = http::request(s.port, "POST", UPLOADS_PATH, Some(&auth(s, user)), &[], &req).await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    r.json::<UploadState>().upload_id
}

/// Uploads `bytes` as `user` in one PATCH; answers what harkd stored.
async fn upload(s: &TestServer, user: &str, kind: MediaKind, bytes: &[u8]) -> MediaInfo {
    let id = start_upload(s, user, kind, bytes.len() as u64).await;
    let path = format!("{UPLOADS_PATH}/{id}");
    let offset = [(HEADER_OFFSET, "0".to_owned())];
    let r = http::request(s.port, "PATCH", &path, Some(&auth(s, user)), &offset, bytes).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json::<UploadState>().media.expect("a stored file")
}

async fn download(s: &TestServer, user: &str, uuid: &str) -> http::Reply {
    let path = format!("{MEDIA_PATH}/{uuid}");
    http::request(s.port, "GET", &path, Some(&auth(s, user)), &[], &[]).await
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn media_body(kind: &str, content: Value) -> Value {
    json!([{"MsgType": kind, "MsgContent": content}, {"MsgType": "TIMTextElem", "MsgContent": {"Text": "caption"}}])
}

#[tokio::test]
async fn media_uploaded_by_the_admin_or_the_sender_is_sent_filled_and_downloadable() {
    let s = TestServer::start();
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut carol = Conn::login_as(&s, "carol", "1").await;

    // The administrator uploads before any REST call made its user row.
    let picture = png(1000, 800);
    let img = upload(&s, ADMIN, MediaKind::Image, &picture).await;
    let body = media_body(
        "TIMImageElem",
        json!({"UUID": img.uuid, "ImageFormat": 3,
               "ImageInfoArray": [{"Type": 1, "Size": 1, "Width": 1, "Height": 1, "URL": "http://elsewhere/x"}]}),
    );
    assert_ok(
        &call(&s, SENDMSG, json!({"To_Account": "bob", "MsgRandom": 1, "MsgBody": body})).await,
    );
    let (_, m) = bob.push().await;
    let Elem::Image { images } = &m.elems[0] else { panic!("an image: {:?}", m.elems) };
    let got: Vec<_> = images.iter().map(|i| (i.kind, i.uuid.clone(), i.width, i.height)).collect();
    let (large, thumb) = (img.large.clone().unwrap(), img.thumb.clone().unwrap());
    assert_eq!(
        got,
        [
            (ImageKind::Origin, img.uuid.clone(), 1000, 800),
            (ImageKind::Large, large.uuid.clone(), large.width, large.height),
            (ImageKind::Thumb, thumb.uuid.clone(), thumb.width, thumb.height),
        ]
    );
    assert_eq!(images[0].size, picture.len() as u64);
    assert_eq!(m.elems[1], Elem::Text { text: "caption".into() });
    let r = download(&s, "bob", &img.uuid).await;
    assert_eq!((r.status, r.body == picture), (200, true));
    assert_eq!(download(&s, "bob", &thumb.uuid).await.status, 200);
    assert_eq!(download(&s, "carol", &img.uuid).await.status, 403);

    // As alice: the administrator's file and her own both go; sizes come from harkd.
    let admins = upload(&s, ADMIN, MediaKind::File, b"the admin's report").await;
    let hers = upload(&s, "alice", MediaKind::Sound, b"alice's voice").await;
    let file = json!({"UUID": admins.uuid, "FileName": "report.pdf", "FileSize": 1, "Url": "x"});
    let sound = json!({"UUID": hers.uuid, "Second": 4, "Size": 1});
    for (kind, content, want) in [
        (
            "TIMFileElem",
            file,
            Elem::File { uuid: admins.uuid.clone(), name: "report.pdf".into(), size: 18 },
        ),
        ("TIMSoundElem", sound, Elem::Sound { uuid: hers.uuid.clone(), size: 13, duration: 4 }),
    ] {
        let body = json!({"From_Account": "alice", "To_Account": "bob", "MsgBody": media_body(kind, content)});
        assert_ok(&call(&s, SENDMSG, body).await);
        let (_, m) = bob.push().await;
        assert_eq!((m.sender.as_str(), &m.elems[0]), ("alice", &want));
        assert_eq!(alice.push().await.1.elems[0], want);
    }
    let r = download(&s, "bob", &admins.uuid).await;
    assert_eq!((r.status, r.body.as_slice()), (200, &b"the admin's report"[..]));
    assert_eq!(download(&s, "alice", &admins.uuid).await.status, 200);
    assert_eq!(download(&s, "bob", &hers.uuid).await.status, 200);

    // A group the administrator is no member of: a video and its snapshot.
    assert_ok(&call(&s, CREATE, json!({"Owner_Account": "alice", "Type": "Public", "GroupId": "vg", "MemberList": [{"Member_Account": "bob"}]})).await);
    let video = upload(&s, ADMIN, MediaKind::Video, b"not really an mp4").await;
    let snap = upload(&s, ADMIN, MediaKind::Snapshot, &png(64, 48)).await;
    let content = json!({"VideoUUID": video.uuid, "VideoSecond": 9, "VideoFormat": "mp4", "VideoSize": 1,
                         "ThumbUUID": snap.uuid, "ThumbWidth": 1, "ThumbHeight": 1});
    let v = call(
        &s,
        SEND_GROUP,
        json!({"GroupId": "vg", "MsgBody": media_body("TIMVideoFileElem", content)}),
    )
    .await;
    assert_ok(&v);
    let (_, m) = bob.push().await;
    assert_eq!(
        m.elems[0],
        Elem::Video {
            uuid: video.uuid.clone(),
            size: 17,
            video_type: "mp4".into(),
            duration: 9,
            snapshot_uuid: snap.uuid.clone(),
            snapshot_size: snap.size,
            snapshot_width: 64,
            snapshot_height: 48,
        }
    );
    assert_eq!(alice.push().await.1.seq, 1);
    for uuid in [&video.uuid, &snap.uuid] {
        assert_eq!(download(&s, "alice", uuid).await.status, 200);
        assert_eq!(download(&s, "carol", uuid).await.status, 403);
    }

    // Refused: an unknown uuid, another user's upload (carol's, sent as alice or the
    // administrator), a wrong kind, an upload still in progress, a media elem past the first.
    let carols = upload(&s, "carol", MediaKind::File, b"carol's").await;
    let unfinished = start_upload(&s, ADMIN, MediaKind::File, 10).await;
    let file = |uuid: &str| media_body("TIMFileElem", json!({"UUID": uuid, "FileName": "f"}));
    let late = json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "x"}},
                      {"MsgType": "TIMFileElem", "MsgContent": {"UUID": admins.uuid}}]);
    for (from, body) in [
        ("", file("no-such-upload")),
        ("alice", file(&carols.uuid)),
        ("", file(&carols.uuid)),
        ("", media_body("TIMImageElem", json!({"UUID": admins.uuid}))),
        ("", media_body("TIMSoundElem", json!({"UUID": img.uuid, "Second": 1}))),
        ("", file(&unfinished)),
        ("", late),
    ] {
        let send = json!({"From_Account": from, "To_Account": "bob", "MsgBody": body.clone()});
        assert_fail(&call(&s, SENDMSG, send).await, 90002);
        let send = json!({"From_Account": from, "GroupId": "vg", "MsgBody": body});
        assert_fail(&call(&s, SEND_GROUP, send).await, 10004);
    }
    assert!(bob.quiet().await && carol.quiet().await);
    assert_eq!(download(&s, "bob", &carols.uuid).await.status, 403);
}

#[tokio::test]
async fn a_location_libhark_would_refuse_is_refused_over_rest_too() {
    let s = TestServer::start();
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    assert_ok(
        &call(&s, CREATE, json!({"Owner_Account": "bob", "Type": "Public", "GroupId": "g"})).await,
    );
    let place = |lat: f64, lon: f64| {
        json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "here"}},
               {"MsgType": "TIMLocationElem", "MsgContent": {"Desc": "d", "Latitude": lat, "Longitude": lon}}])
    };
    for (lat, lon) in [(1e308, 0.0), (0.0, 200.0), (-90.5, 0.0), (0.0, -180.5)] {
        let v = call(
            &s,
            SENDMSG,
            json!({"To_Account": "bob", "MsgRandom": 1, "MsgBody": place(lat, lon)}),
        )
        .await;
        assert_fail(&v, 90002);
        assert!(v["ErrorInfo"].as_str().unwrap().contains("TIMLocationElem"), "{v}");
        let v =
            call(&s, SEND_GROUP, json!({"GroupId": "g", "Random": 1, "MsgBody": place(lat, lon)}))
                .await;
        assert_fail(&v, 10004);
    }
    assert!(bob.quiet().await);
    assert!(bob.history("", "g").await.is_empty());
    let v = call(
        &s,
        SENDMSG,
        json!({"To_Account": "bob", "MsgRandom": 2, "MsgBody": place(90.0, -180.0)}),
    )
    .await;
    assert_ok(&v);
    let (_, m) = bob.push().await;
    assert_eq!(m.elems[1], Elem::Location { desc: "d".into(), longitude: -180.0, latitude: 90.0 });
    assert_eq!(bob.history(ADMIN, "").await.len(), 1, "only the valid one was stored");
}

/// Answers harkd makes before a command runs are in Tencent's format too: HTTP 200 and a
/// FAIL with a Tencent code, never a bare status.
#[tokio::test]
async fn every_refusal_is_tencents_json() {
    let s = TestServer::start();
    let query = format!(
        "sdkappid={}&identifier={ADMIN}&usersig={}&random=1&contenttype=json",
        s.sdkappid,
        admin_sig(&s, ADMIN, 3600)
    );
    let raw = |method: &'static str,
               path: String,
               headers: Vec<(&'static str, String)>,
               body: Vec<u8>| {
        let port = s.port;
        async move {
            let r = http::request(port, method, &path, None, &headers, &body).await;
            assert_eq!(r.status, 200, "{method} {path}: {}", String::from_utf8_lossy(&r.body));
            assert_eq!(r.header("content-type"), Some("application/json"), "{method} {path}");
            r.json::<Value>()
        }
    };
    let body = json!({"To_Account": "bob", "MsgRandom": 1, "MsgBody": text_body("x")});
    let body = body.to_string().into_bytes();

    // A method other than POST.
    for method in ["GET", "PUT", "DELETE"] {
        let v = raw(method, format!("/v4/{SENDMSG}?{query}"), vec![], vec![]).await;
        assert_fail(&v, 60002);
    }
    let v = raw("GET", format!("/v4/{CREATE}?{query}"), vec![], vec![]).await;
    assert_fail(&v, 60002);
    // No such command, under either service or none.
    for cmd in ["openim/nosuch", "group_open_http_svc/nosuch", "x", "openim/sendmsg/more", ""] {
        let v = raw("POST", format!("/v4/{cmd}?{query}"), vec![], body.clone()).await;
        assert_fail(&v, 60009);
    }
    // A body over 2 MB: the first bytes past the limit are enough to be refused.
    for (cmd, code) in [(SENDMSG, 93000), (SEND_GROUP, 80002)] {
        let headers = [("Content-Length", (20 << 20).to_string())];
        let path = format!("/v4/{cmd}?{query}");
        let mut stream = http::start(s.port, "POST", &path, None, &headers).await;
        let _ = stream.write_all(&vec![b' '; (2 << 20) + 1]).await;
        let r = http::finish(stream).await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        assert_fail(&r.json(), code);
    }
    // Malformed JSON, and a body in another format: refused as not JSON, whatever the
    // Content-Type says; JSON is read as JSON whatever it says.
    let form = ("Content-Type", "application/x-www-form-urlencoded".to_owned());
    for (cmd, code) in [(SENDMSG, 90001), (SEND_GROUP, 10004), (CREATE, 10004)] {
        let path = format!("/v4/{cmd}?{query}");
        assert_fail(&raw("POST", path.clone(), vec![], b"{\"To_Account\": ".to_vec()).await, code);
        assert_fail(&raw("POST", path, vec![form.clone()], b"To_Account=bob".to_vec()).await, code);
    }
    drop(Conn::login_as(&s, "bob", "1").await);
    let text = ("Content-Type", "text/plain".to_owned());
    assert_ok(&raw("POST", format!("/v4/{SENDMSG}?{query}"), vec![text], body.clone()).await);
    // Missing query parameters, one at a time.
    let sig = admin_sig(&s, ADMIN, 3600);
    for (query, code) in [
        (format!("identifier={ADMIN}&usersig={sig}"), 60012),
        (format!("sdkappid=x&identifier={ADMIN}&usersig={sig}"), 70014),
        (format!("sdkappid={}&usersig={sig}", s.sdkappid), 90009),
        (format!("sdkappid={}&identifier={ADMIN}", s.sdkappid), 70003),
        (String::new(), 60012),
    ] {
        let v = raw("POST", format!("/v4/{SENDMSG}?{query}"), vec![], body.clone()).await;
        assert_fail(&v, code);
    }
    let v = raw("POST", format!("/v4/{SENDMSG}"), vec![], body.clone()).await;
    assert_fail(&v, 60012);
}

#[tokio::test]
async fn add_group_member_past_the_types_cap_adds_nobody() {
    let s = TestServer::start_with(|c| c.groups.max_members.public = 3);
    for user in ["bob", "carol", "dave"] {
        drop(Conn::login_as(&s, user, "1").await);
    }
    let v = call(&s, CREATE, json!({"Type": "Public", "GroupId": "small"})).await;
    assert_ok(&v);
    let members = |names: &[&str]| -> Vec<Value> {
        names.iter().map(|n| json!({"Member_Account": n})).collect()
    };
    let v = call(
        &s,
        ADD,
        json!({"GroupId": "small", "MemberList": members(&["bob", "carol", "dave"])}),
    )
    .await;
    assert_fail(&v, i64::from(Code::GroupFullMemberCount as i32));
    let v =
        call(&s, ADD, json!({"GroupId": "small", "MemberList": members(&["bob", "bob", "carol"])}))
            .await;
    assert_ok(&v);
    let results: Vec<i64> =
        v["MemberList"].as_array().unwrap().iter().map(|m| m["Result"].as_i64().unwrap()).collect();
    assert_eq!(results, [1, 2, 1], "the administrator, bob and carol make three");
}

/// Every row of every table in the server's database.
fn rows(s: &TestServer) -> i64 {
    let db = rusqlite::Connection::open(s.data_dir.join("hark.db")).unwrap();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .iter()
        .map(|t| db.query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get::<_, i64>(0)))
        .sum::<Result<i64, _>>()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_group_message_costs_the_same_rows_at_10_members_and_at_10000() {
    let s = TestServer::start();
    let names: Vec<String> = (0..10_000).map(|i| format!("m{i}")).collect();
    for chunk in names.chunks(100) {
        let v = call(&s, "im_open_login_svc/multiaccount_import", json!({"Accounts": chunk})).await;
        assert_ok(&v);
        assert_eq!(v["FailAccounts"], json!([]), "{v}");
    }
    for (group, n) in [("small", 10), ("big", 10_000)] {
        assert_ok(&call(&s, CREATE, json!({"Type": "Community", "GroupId": group})).await);
        for chunk in names[..n].chunks(500) {
            let list: Vec<Value> = chunk.iter().map(|m| json!({"Member_Account": m})).collect();
            assert_ok(&call(&s, ADD, json!({"GroupId": group, "MemberList": list})).await);
        }
    }
    let mut cost = Vec::new();
    for group in ["small", "big"] {
        let before = rows(&s);
        for i in 0..3 {
            let body = json!({"GroupId": group, "Random": i, "MsgBody": text_body("hi all")});
            assert_ok(&call(&s, SEND_GROUP, body).await);
        }
        cost.push(rows(&s) - before);
    }
    assert_eq!(cost, [3, 3], "one row per message, whatever the group's size");

    // Each member still gets them: the last one, logging in for the first time, catches up.
    let mut last = Conn::login_as(&s, "m9999", "").await;
    for seq in 1..=3 {
        let (_, m) = last.push().await;
        assert_eq!((m.group.as_str(), m.seq), ("big", seq));
    }
    assert!(last.quiet().await);
}

#[tokio::test]
async fn account_import_makes_accounts_and_names_the_ids_it_refused() {
    let s = TestServer::start();
    let v = call(&s, "im_open_login_svc/account_import", json!({"UserID": "dora"})).await;
    assert_ok(&v);
    let v =
        call(&s, "im_open_login_svc/multiaccount_import", json!({"Accounts": ["eve", "", "dora"]}))
            .await;
    assert_ok(&v);
    assert_eq!(v["FailAccounts"], json!([""]));
    // Imported accounts can be sent to before they ever log in.
    let v = call(
        &s,
        SENDMSG,
        json!({"To_Account": "eve", "MsgRandom": 1, "MsgBody": text_body("welcome")}),
    )
    .await;
    assert_ok(&v);
    let mut eve = Conn::login_as(&s, "eve", "").await;
    assert_eq!(eve.push().await.1.elems, [Elem::Text { text: "welcome".into() }]);
    let many: Vec<String> = (0..101).map(|i| format!("u{i}")).collect();
    let v = call(&s, "im_open_login_svc/multiaccount_import", json!({"Accounts": many})).await;
    assert_fail(&v, 70402);
    let v = call(&s, "im_open_login_svc/account_import", json!({"UserID": "x".repeat(200)})).await;
    assert_fail(&v, 70402);
}
