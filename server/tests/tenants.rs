//! Every SDKAppID is its own tenant: two apps on one harkd with the same user names and
//! group ids never see each other's users, messages, history, catch-up, groups, files or
//! REST calls (push tokens: `push.rs`).

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::http::{self, Auth};
use common::ws::{error_code, Conn};
use hark_proto::media::{MediaInfo, MediaKind, UploadRequest, UploadState};
use hark_proto::media::{HEADER_OFFSET, MEDIA_PATH, UPLOADS_PATH};
use hark_proto::{ClientFrame, Code, Elem, Message, ServerFrame};
use harkd::config::App;
use harkd::core::usersig;
use harkd::testing::TestServer;
use serde_json::{json, Value};

const APP2: u32 = 1400000002;
const KEY2: &str = "the-second-apps-own-secret-key-42";

fn two_apps() -> TestServer {
    TestServer::start_with(|c| c.apps.push(App { sdkappid: APP2, key: KEY2.into() }))
}

async fn in_app2(s: &TestServer, user: &str) -> Conn {
    Conn::login_in(s, APP2, KEY2, user).await
}

fn text_of(m: &Message) -> &str {
    match &m.elems[0] {
        Elem::Text { text } => text,
        other => panic!("expected text, got {other:?}"),
    }
}

fn acked(f: ServerFrame) {
    assert!(matches!(f, ServerFrame::SendAck { .. }), "{f:?}");
}

async fn create_group(c: &mut Conn, group: &str, members: &[&str]) -> ServerFrame {
    let members = members.iter().map(|m| m.to_string()).collect();
    c.request(|req| ClientFrame::GroupCreate {
        req,
        group_type: "Public".into(),
        group: group.into(),
        name: String::new(),
        members,
    })
    .await
}

#[tokio::test]
async fn users_with_the_same_name_in_two_apps_are_two_users() {
    let s = two_apps();
    let mut hank1 = Conn::login_as(&s, "hank", "1").await;
    let mut hank2 = in_app2(&s, "hank").await;
    let mut alice1 = Conn::login_as(&s, "alice", "1").await;
    let mut alice2 = in_app2(&s, "alice").await;

    acked(alice1.send_text("a1", "hank", "", "to the first app's hank").await);
    assert_eq!(text_of(&hank1.push().await.1), "to the first app's hank");
    assert!(hank2.quiet().await, "the second app's hank got the first app's message");
    acked(alice2.send_text("b1", "hank", "", "to the second app's hank").await);
    assert_eq!(text_of(&hank2.push().await.1), "to the second app's hank");
    assert!(hank1.quiet().await);

    // A user only the first app has is unknown to the second.
    drop(Conn::login_as(&s, "carol", "1").await);
    let f = alice2.send_text("b2", "carol", "", "hello?").await;
    assert_eq!(error_code(&f), Code::MsgInvalidId as i32);

    // History: each pair sees its own conversation.
    let h1 = hank1.history("alice", "").await;
    let h2 = hank2.history("alice", "").await;
    assert_eq!(h1.iter().map(text_of).collect::<Vec<_>>(), ["to the first app's hank"]);
    assert_eq!(h2.iter().map(text_of).collect::<Vec<_>>(), ["to the second app's hank"]);

    // Catch-up: what the first app's hank missed is replayed to him alone.
    drop((hank1, hank2));
    acked(alice1.send_text("a2", "hank", "", "while you were away").await);
    let mut hank2 = in_app2(&s, "hank").await;
    assert_eq!(text_of(&hank2.push().await.1), "to the second app's hank");
    assert!(hank2.quiet().await, "the second app's hank was replayed another's messages");
    let mut hank1 = Conn::login_as(&s, "hank", "1").await;
    let replayed = [hank1.push().await.1, hank1.push().await.1];
    assert_eq!(
        replayed.each_ref().map(text_of),
        ["to the first app's hank", "while you were away"]
    );
}

#[tokio::test]
async fn groups_with_the_same_id_in_two_apps_are_two_groups() {
    let s = two_apps();
    let mut alice1 = Conn::login_as(&s, "alice", "1").await;
    let mut hank1 = Conn::login_as(&s, "hank", "1").await;
    let mut alice2 = in_app2(&s, "alice").await;
    let mut hank2 = in_app2(&s, "hank").await;

    assert!(matches!(
        create_group(&mut alice1, "team", &["hank"]).await,
        ServerFrame::GroupCreated { .. }
    ));
    let f = create_group(&mut alice2, "team", &[]).await;
    assert!(
        matches!(f, ServerFrame::GroupCreated { .. }),
        "the id is taken only in the first app: {f:?}"
    );
    assert!(matches!(
        create_group(&mut alice1, "dev", &[]).await,
        ServerFrame::GroupCreated { .. }
    ));

    // The second app has no "dev", and its "team" does not have the first app's hank.
    let f = hank2
        .request(|req| ClientFrame::GroupJoin { req, group: "dev".into(), note: String::new() })
        .await;
    assert_eq!(error_code(&f), Code::GroupNotFound as i32);
    let f = hank2.send_text("h1", "", "team", "am I in?").await;
    assert_eq!(error_code(&f), Code::GroupPermissionDeny as i32);
    let f = hank2.request(|req| ClientFrame::GroupMembers { req, group: "dev".into() }).await;
    assert_eq!(error_code(&f), Code::GroupNotFound as i32);

    acked(alice1.send_text("t1", "", "team", "first app's team").await);
    assert_eq!(text_of(&hank1.push().await.1), "first app's team");
    assert!(alice2.quiet().await, "the second app's team got the first app's message");
    assert!(alice2.history("", "team").await.is_empty());
    assert_eq!(alice1.history("", "team").await.len(), 1);
    match alice2.request(|req| ClientFrame::GroupMembers { req, group: "team".into() }).await {
        ServerFrame::GroupMembers { members, .. } => {
            assert_eq!(members.iter().map(|m| m.user.as_str()).collect::<Vec<_>>(), ["alice"])
        }
        other => panic!("{other:?}"),
    }
    // Dismissing one app's group leaves the other's.
    let f = alice2.request(|req| ClientFrame::GroupDismiss { req, group: "team".into() }).await;
    assert!(matches!(f, ServerFrame::Ok { .. }), "{f:?}");
    acked(alice1.send_text("t2", "", "team", "still here").await);
    assert_eq!(text_of(&hank1.push().await.1), "still here");
}

fn auth(app: u32, key: &str, user: &str) -> Auth {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    Auth { app, user: user.into(), sig: usersig::generate(key, app.into(), user, now, 3600) }
}

async fn upload(s: &TestServer, who: &Auth, bytes: &[u8]) -> MediaInfo {
    let req =
        UploadRequest { kind: MediaKind::File, size: bytes.len() as u64, name: "x.txt".into() };
    let r = http::request(
        s.port,
        "POST",
        UPLOADS_PATH,
        Some(who),
        &[],
        &serde_json::to_vec(&req).unwrap(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let id = r.json::<UploadState>().upload_id;
    let offset = [(HEADER_OFFSET, "0".to_owned())];
    let r =
        http::request(s.port, "PATCH", &format!("{UPLOADS_PATH}/{id}"), Some(who), &offset, bytes)
            .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json::<UploadState>().media.expect("a stored file")
}

#[tokio::test]
async fn files_reach_only_the_users_of_their_app() {
    let s = two_apps();
    let key1 = s.key.clone();
    let mut alice1 = Conn::login_as(&s, "alice", "1").await;
    drop(Conn::login_as(&s, "hank", "1").await);
    drop(in_app2(&s, "alice").await);
    drop(in_app2(&s, "hank").await);

    let file = upload(&s, &auth(s.sdkappid, &key1, "alice"), b"the first app's file").await;
    let elem = Elem::File { uuid: file.uuid.clone(), name: "x.txt".into(), size: 1 };
    let msg = Message {
        msg_id: "f1".into(),
        receiver: "hank".into(),
        elems: vec![elem],
        ..Default::default()
    };
    acked(alice1.send_msg(msg).await);

    let path = format!("{MEDIA_PATH}/{}", file.uuid);
    let get = |who: Auth| {
        let path = path.clone();
        async move { http::request(s.port, "GET", &path, Some(&who), &[], &[]).await }
    };
    let r = get(auth(s.sdkappid, &key1, "hank")).await;
    assert_eq!((r.status, r.body.as_slice()), (200, b"the first app's file".as_slice()));
    for user in ["hank", "alice"] {
        let r = get(auth(APP2, KEY2, user)).await;
        assert_ne!(r.status, 200, "the second app's {user} downloaded the first app's file");
    }
    // The second app's alice cannot send it either: it is not her upload.
    let mut alice2 = in_app2(&s, "alice").await;
    let elem = Elem::File { uuid: file.uuid.clone(), name: "x.txt".into(), size: 1 };
    let msg = Message {
        msg_id: "f2".into(),
        receiver: "hank".into(),
        elems: vec![elem],
        ..Default::default()
    };
    assert!(matches!(alice2.send_msg(msg).await, ServerFrame::Error { .. }));
}

async fn rest(s: &TestServer, app: u32, key: &str, cmd: &str, body: Value) -> Value {
    let sig = auth(app, key, "administrator").sig;
    let path = format!(
        "/v4/{cmd}?sdkappid={app}&identifier=administrator&usersig={sig}&random=1&contenttype=json"
    );
    let r = http::request(s.port, "POST", &path, None, &[], body.to_string().as_bytes()).await;
    assert_eq!(r.status, 200);
    r.json()
}

fn text_body(text: &str) -> Value {
    json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}])
}

#[tokio::test]
async fn rest_calls_act_in_the_app_that_signed_them() {
    let s = two_apps();
    let key1 = s.key.clone();
    let mut hank1 = Conn::login_as(&s, "hank", "1").await;
    let mut hank2 = in_app2(&s, "hank").await;
    drop(Conn::login_as(&s, "carol", "1").await);

    let v = rest(
        &s,
        APP2,
        KEY2,
        "openim/sendmsg",
        json!({"To_Account": "hank", "MsgBody": text_body("from the second app")}),
    )
    .await;
    assert_eq!(v["ActionStatus"], "OK", "{v}");
    assert_eq!(text_of(&hank2.push().await.1), "from the second app");
    assert!(hank1.quiet().await);
    let v = rest(
        &s,
        APP2,
        KEY2,
        "openim/sendmsg",
        json!({"To_Account": "carol", "MsgBody": text_body("x")}),
    )
    .await;
    assert_eq!(v["ErrorCode"], 20003, "{v}");
    let v = rest(
        &s,
        APP2,
        KEY2,
        "openim/sendmsg",
        json!({"From_Account": "carol", "To_Account": "hank", "MsgBody": text_body("x")}),
    )
    .await;
    assert_eq!(v["ErrorCode"], 20003, "{v}");

    // The same group id in both apps, each with its own members.
    let create =
        |members: Value| json!({"Type": "Public", "GroupId": "news", "MemberList": members});
    let v = rest(
        &s,
        s.sdkappid,
        &key1,
        "group_open_http_svc/create_group",
        create(json!([{"Member_Account": "hank"}])),
    )
    .await;
    assert_eq!(v["ActionStatus"], "OK", "{v}");
    let v = rest(&s, APP2, KEY2, "group_open_http_svc/create_group", create(json!([]))).await;
    assert_eq!(v["ActionStatus"], "OK", "{v}");
    let v = rest(
        &s,
        APP2,
        KEY2,
        "group_open_http_svc/add_group_member",
        json!({"GroupId": "news", "MemberList": [{"Member_Account": "carol"}]}),
    )
    .await;
    assert_eq!(v["MemberList"][0]["Result"], 0, "carol is no user of the second app: {v}");
    let v = rest(
        &s,
        APP2,
        KEY2,
        "group_open_http_svc/send_group_msg",
        json!({"GroupId": "news", "MsgBody": text_body("second app news")}),
    )
    .await;
    assert_eq!(v["ActionStatus"], "OK", "{v}");
    assert!(hank1.quiet().await, "the first app's member got the second app's group message");
    let v = rest(
        &s,
        s.sdkappid,
        &key1,
        "group_open_http_svc/send_group_msg",
        json!({"GroupId": "news", "MsgBody": text_body("first app news")}),
    )
    .await;
    assert_eq!(v["ActionStatus"], "OK", "{v}");
    assert_eq!(text_of(&hank1.push().await.1), "first app news");

    // A signature of one app does not open the other.
    let sig = auth(APP2, KEY2, "administrator").sig;
    let path = format!(
        "/v4/openim/sendmsg?sdkappid={}&identifier=administrator&usersig={sig}",
        s.sdkappid
    );
    let body = json!({"To_Account": "hank", "MsgBody": text_body("x")}).to_string();
    let v: Value = http::request(s.port, "POST", &path, None, &[], body.as_bytes()).await.json();
    assert_eq!(v["ActionStatus"], "FAIL", "{v}");
    assert!(hank1.quiet().await && hank2.quiet().await);
}
