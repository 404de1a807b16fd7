//! The server REST API as an app's backend uses it: curl posts Tencent-format requests as the
//! administrator, and libhark clients receive the messages like any other.

mod common;

use std::path::Path;
use std::process::Command;

use common::media::*;
use common::*;
use hark::ffi::*;
use harkd::testing::TestServer;
use serde_json::Value;

/// POSTs `body` to a REST endpoint with curl, as the administrator; returns the answer.
fn curl(server: &TestServer, path: &str, body: &str) -> Value {
    let admin_sig = server.user_sig("administrator");
    let url = format!(
        "http://127.0.0.1:{}{path}?sdkappid={}&identifier=administrator&usersig={admin_sig}&random=42&contenttype=json",
        server.port, server.sdkappid
    );
    let out = Command::new("curl")
        .args(["-sS", "-X", "POST", "-H", "Content-Type: application/json", "--data", body, &url])
        .output()
        .expect("curl is installed");
    assert!(out.status.success(), "curl: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("a JSON answer")
}

/// Uploads a file through the media API with curl, as the administrator, in one PATCH;
/// answers the stored file's uuid.
fn curl_upload(server: &TestServer, kind: &str, path: &Path) -> String {
    let uploads = format!("http://127.0.0.1:{}/v1/media/uploads", server.port);
    let run = |args: &[&str]| -> Value {
        let app = format!("X-Hark-SdkAppId: {}", server.sdkappid);
        let sig = format!("Authorization: UserSig {}", server.user_sig("administrator"));
        let out = Command::new("curl")
            .args(["-sS", "-f", "-H", &app, "-H", "X-Hark-User: administrator", "-H", &sig])
            .args(args)
            .output()
            .expect("curl is installed");
        assert!(out.status.success(), "curl: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("a JSON answer")
    };
    let size = std::fs::metadata(path).unwrap().len();
    let start = format!(r#"{{"kind":"{kind}","size":{size},"name":""}}"#);
    let state =
        run(&["-X", "POST", "-H", "Content-Type: application/json", "--data", &start, &uploads]);
    let id = state["upload_id"].as_str().expect("an upload id");
    let data = format!("@{}", path.to_str().unwrap());
    let url = format!("{uploads}/{id}");
    let state = run(&["-X", "PATCH", "-H", "Upload-Offset: 0", "--data-binary", &data, &url]);
    state["media"]["uuid"].as_str().expect("a stored file").to_owned()
}

#[test]
fn rest_messages_reach_libhark_clients_and_history() {
    let server = TestServer::start();
    let alice = logged_in(&server, "alice");
    let bob = logged_in(&server, "bob");
    let bob_rx = bob.listen();

    let sent = curl(
        &server,
        "/v4/openim/sendmsg",
        r#"{"SyncOtherMachine":2,"From_Account":"alice","To_Account":"bob","MsgRandom":7,
            "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"from the backend"}},
                       {"MsgType":"TIMCustomElem","MsgContent":{"Data":"order-42","Desc":"d","Ext":"e"}}]}"#,
    );
    assert_eq!(sent["ActionStatus"], "OK", "{sent}");
    assert_eq!(sent["ErrorCode"], 0);
    let got = bob_rx.msg();
    assert_eq!((got.sender.as_str(), got.text()), ("alice", "from the backend"));
    assert_eq!(got.elems.len(), 2);
    assert!(got.seq > 0);

    let created = curl(
        &server,
        "/v4/group_open_http_svc/create_group",
        r#"{"Owner_Account":"alice","Type":"Public","GroupId":"ops","Name":"Ops",
            "MemberList":[{"Member_Account":"bob"}]}"#,
    );
    assert_eq!(created["GroupId"], "ops", "{created}");
    let group_msg = curl(
        &server,
        "/v4/group_open_http_svc/send_group_msg",
        r#"{"GroupId":"ops","Random":9,"MsgPriority":"High","From_Account":"alice",
            "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"deploy at noon"}}]}"#,
    );
    assert_eq!(group_msg["ActionStatus"], "OK", "{group_msg}");
    assert_eq!(group_msg["MsgSeq"], 1);
    let got = bob_rx.msg();
    assert_eq!((got.group_id.as_str(), got.text()), ("ops", "deploy at noon"));
    assert_eq!(got.priority, HARK_PRIORITY_HIGH);

    let history = alice.history(None, Some("ops"), 10, std::ptr::null());
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].text(), "deploy at noon");

    let refused = curl(
        &server,
        "/v4/group_open_http_svc/send_group_msg",
        r#"{"GroupId":"nope","Random":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}"#,
    );
    assert_eq!(
        (refused["ActionStatus"].as_str(), refused["ErrorCode"].as_i64()),
        (Some("FAIL"), Some(10010))
    );
}

#[test]
fn media_uploaded_by_the_backend_is_sent_by_rest_and_downloaded_by_libhark() {
    let server = TestServer::start();
    let bob = Client::new(&server.url, server.sdkappid);
    let bob_keeps = Keeper::listen(&bob);
    bob.login("bob", &server.user_sig("bob"));
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("picture.bmp");
    write_bmp(&picture, 800, 600);
    let report = dir.path().join("report.bin");
    write_pattern(&report, 300_000, 7);

    let image = curl_upload(&server, "image", &picture);
    let sent = curl(
        &server,
        "/v4/openim/sendmsg",
        &format!(
            r#"{{"To_Account":"bob","MsgRandom":1,"MsgBody":[
                {{"MsgType":"TIMImageElem","MsgContent":{{"UUID":"{image}","ImageFormat":255}}}},
                {{"MsgType":"TIMTextElem","MsgContent":{{"Text":"the chart"}}}}]}}"#
        ),
    );
    assert_eq!(sent["ActionStatus"], "OK", "{sent}");
    let got = bob_keeps.next();
    let snap = got.snap();
    assert_eq!(snap.sender, "administrator");
    let ElemSnap::Image { images, .. } = &snap.elems[0] else { panic!("an image: {snap:?}") };
    let kinds: Vec<i32> = images.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [HARK_IMAGE_TYPE_ORIGIN, HARK_IMAGE_TYPE_LARGE, HARK_IMAGE_TYPE_THUMB]);
    let size = std::fs::metadata(&picture).unwrap().len();
    assert_eq!(
        (images[0].uuid.as_str(), images[0].width, images[0].height),
        (image.as_str(), 800, 600)
    );
    assert_eq!(images[0].size, size);
    let url = format!("http://127.0.0.1:{}/v1/media/{image}", server.port);
    assert_eq!(images[0].url, url);
    assert_eq!(snap.elems[1], ElemSnap::Text("the chart".into()));
    let back = dir.path().join("picture back.bmp");
    download(&bob, &got, 0, Part::Image(HARK_IMAGE_TYPE_ORIGIN), &back).unwrap();
    assert!(same_file(&picture, &back));

    let file = curl_upload(&server, "file", &report);
    let sent = curl(
        &server,
        "/v4/openim/sendmsg",
        &format!(
            r#"{{"To_Account":"bob","MsgRandom":2,"MsgBody":[{{"MsgType":"TIMFileElem",
                "MsgContent":{{"UUID":"{file}","FileName":"report.bin","FileSize":1,"Url":"http://x/y"}}}}]}}"#
        ),
    );
    assert_eq!(sent["ActionStatus"], "OK", "{sent}");
    let got = bob_keeps.next();
    let url = format!("http://127.0.0.1:{}/v1/media/{file}", server.port);
    assert_eq!(
        got.snap().elems[0],
        ElemSnap::File {
            path: String::new(),
            uuid: file,
            name: "report.bin".into(),
            size: 300_000,
            url
        }
    );
    let back = dir.path().join("report back.bin");
    let progress = download(&bob, &got, 0, Part::File, &back).unwrap();
    assert_eq!(progress.last(), Some(&(300_000, 300_000)));
    assert!(same_file(&report, &back));

    // Not a finished upload of the administrator's: refused with 90002.
    let refused = curl(
        &server,
        "/v4/openim/sendmsg",
        r#"{"To_Account":"bob","MsgRandom":3,"MsgBody":[{"MsgType":"TIMFileElem","MsgContent":{"UUID":"nope","FileName":"f"}}]}"#,
    );
    assert_eq!(
        (refused["ActionStatus"].as_str(), refused["ErrorCode"].as_i64()),
        (Some("FAIL"), Some(90002))
    );
}
