//! Offline push end to end: raw WebSocket clients, harkd with the webhook provider, and a
//! small webhook receiver inside the test.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use common::ws::{error_code, Conn};
use futures_util::StreamExt;
use hark_proto::{ClientFrame, Elem, Message, OfflinePushInfo, ServerFrame};
use harkd::config::{Config, PushConfig, PushProvider};
use harkd::testing::TestServer;
use serde_json::{json, Value};
use tokio::sync::mpsc;

/// A webhook receiver that answers 500 to the first `fail_first` POSTs.
struct Hook {
    url: String,
    state: Arc<HookState>,
    delivered: mpsc::UnboundedReceiver<Value>,
}

struct HookState {
    fail_first: usize,
    posts: AtomicUsize,
    delivered: mpsc::UnboundedSender<Value>,
}

async fn receive(State(s): State<Arc<HookState>>, body: String) -> StatusCode {
    if s.posts.fetch_add(1, Ordering::SeqCst) < s.fail_first {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    let _ = s.delivered.send(serde_json::from_str(&body).expect("a JSON notification"));
    StatusCode::OK
}

impl Hook {
    async fn start(fail_first: usize) -> Hook {
        let (tx, delivered) = mpsc::unbounded_channel();
        let state = Arc::new(HookState { fail_first, posts: AtomicUsize::new(0), delivered: tx });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/push", listener.local_addr().unwrap());
        let app = Router::new().route("/push", post(receive)).with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Hook { url, state, delivered }
    }

    async fn next(&mut self) -> Value {
        tokio::time::timeout(Duration::from_secs(5), self.delivered.recv())
            .await
            .expect("no push within 5 s")
            .unwrap()
    }

    /// True when nothing more is delivered for a moment.
    async fn quiet(&mut self) -> bool {
        tokio::time::timeout(Duration::from_millis(400), self.delivered.recv()).await.is_err()
    }

    fn posts(&self) -> usize {
        self.state.posts.load(Ordering::SeqCst)
    }
}

/// Webhook to `url`, with retries quick enough for tests.
fn push_to(url: &str, max_attempts: u32) -> impl FnOnce(&mut Config) {
    let url = url.to_owned();
    move |c| {
        c.push = PushConfig {
            provider: PushProvider::Webhook,
            url,
            timeout_ms: 2_000,
            max_attempts,
            backoff_initial_ms: 20,
            backoff_max_ms: 100,
        }
    }
}

async fn set_push(c: &mut Conn, business_id: u32, token: &str) -> ServerFrame {
    let token = token.to_owned();
    c.request(|req| ClientFrame::SetPushConfig { req, business_id, token }).await
}

async fn clear_push(c: &mut Conn) -> ServerFrame {
    c.request(|req| ClientFrame::ClearPushConfig { req }).await
}

/// Logs out and waits until harkd closed the socket, which it does after the session left
/// the online set.
async fn go_offline(mut c: Conn) {
    let _ = c.request(|req| ClientFrame::Logout { req }).await;
    while let Ok(Some(Ok(_))) = tokio::time::timeout(Duration::from_secs(5), c.ws.next()).await {}
}

/// A user with a registered device token who is now offline.
async fn offline_with_token(s: &TestServer, user: &str, token: &str) {
    let mut c = Conn::login_as(s, user, "1").await;
    let set = set_push(&mut c, 7, token).await;
    assert!(matches!(set, ServerFrame::Ok { .. }), "{set:?}");
    go_offline(c).await;
}

fn message(id: &str, receiver: &str, group: &str, elem: Elem) -> Message {
    Message {
        msg_id: id.into(),
        receiver: receiver.into(),
        group: group.into(),
        elems: vec![elem],
        ..Default::default()
    }
}

fn text(t: &str) -> Elem {
    Elem::Text { text: t.into() }
}

async fn send_ok(c: &mut Conn, m: Message) -> u64 {
    match c.send_msg(m).await {
        ServerFrame::SendAck { seq, .. } => seq,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_offline_device_gets_one_notification_with_every_field() {
    let mut hook = Hook::start(0).await;
    let s = TestServer::start_with(push_to(&hook.url, 5));
    offline_with_token(&s, "bob", "tok-bob").await;
    let mut alice = Conn::login_as(&s, "alice", "1").await;

    let mut m = message("m1", "bob", "", text("hello bob"));
    m.push = Some(OfflinePushInfo {
        title: "New message".into(),
        desc: "Alice wrote".into(),
        ext: "{\"open\":\"chat\"}".into(),
        ios_sound: "ping.caf".into(),
        ignore_ios_badge: true,
        ios_push_type: 1,
        android_sound: "ping".into(),
        android_oppo_channel_id: "oppo".into(),
        android_fcm_channel_id: "fcm".into(),
        android_xiaomi_channel_id: "mi".into(),
        android_vivo_classification: 1,
        android_huawei_category: "IM".into(),
        disable_push: false,
    });
    let seq = send_ok(&mut alice, m).await;
    let n = hook.next().await;
    let time = n["time"].as_i64().unwrap();
    assert!(time > 0);
    assert_eq!(
        n,
        json!({
            "sdkappid": s.sdkappid, "token": "tok-bob", "business_id": 7, "receiver": "bob",
            "sender": "alice",
            "group": "", "msg_id": "m1", "seq": seq, "time": time,
            "title": "New message", "desc": "Alice wrote", "ext": "{\"open\":\"chat\"}",
            "ios": {"sound": "ping.caf", "ignore_badge": true, "push_type": 1},
            "android": {"sound": "ping", "oppo_channel_id": "oppo", "fcm_channel_id": "fcm",
                        "xiaomi_channel_id": "mi", "vivo_classification": 1,
                        "huawei_category": "IM"}
        })
    );
    assert!(hook.quiet().await, "one message, one notification");

    // Without offlinePushInfo: the sender as title, Tencent's text from the first elem.
    let defaults = [
        ("m2", text("plain words"), "plain words"),
        ("m3", Elem::Location { desc: "here".into(), longitude: 1.5, latitude: 2.5 }, "[Location]"),
        ("m4", Elem::Face { index: 3, data: vec![1, 2] }, "[Face]"),
        ("m5", Elem::Custom { data: vec![9], desc: "a card".into(), ext: "e".into() }, "a card"),
    ];
    for (id, elem, desc) in defaults {
        send_ok(&mut alice, message(id, "bob", "", elem)).await;
        let n = hook.next().await;
        assert_eq!((n["msg_id"].as_str(), n["title"].as_str()), (Some(id), Some("alice")));
        assert_eq!(n["desc"], desc);
        assert_eq!(n["ios"]["sound"], "");
    }
    assert!(hook.quiet().await);
    assert_eq!(hook.posts(), 5);
}

#[tokio::test]
async fn nothing_is_pushed_when_it_should_not_be() {
    let mut hook = Hook::start(0).await;
    let s = TestServer::start_with(push_to(&hook.url, 5));
    offline_with_token(&s, "bob", "tok-bob").await;
    // Online recipient with a token.
    offline_with_token(&s, "erin", "tok-erin").await;
    let _erin = Conn::login_as(&s, "erin", "1").await;
    // No token at all.
    go_offline(Conn::login_as(&s, "carol", "1").await).await;
    // A token cleared by the session that registered it.
    let mut dave = Conn::login_as(&s, "dave", "1").await;
    set_push(&mut dave, 7, "tok-dave").await;
    assert!(matches!(clear_push(&mut dave).await, ServerFrame::Ok { .. }));
    go_offline(dave).await;
    // Tokens cleared by a later session that registered none: all of the user's go.
    offline_with_token(&s, "frank", "tok-frank").await;
    let mut frank = Conn::login_as(&s, "frank", "2").await;
    assert!(matches!(clear_push(&mut frank).await, ServerFrame::Ok { .. }));
    go_offline(frank).await;
    // A token moves to the last user who registered it.
    offline_with_token(&s, "gina", "tok-shared").await;
    offline_with_token(&s, "hank", "tok-shared").await;

    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let disabled = OfflinePushInfo { disable_push: true, ..Default::default() };
    let mut m = message("disabled", "bob", "", text("x"));
    m.push = Some(disabled);
    send_ok(&mut alice, m).await;
    let mut m = message("online-only", "bob", "", text("typing"));
    m.online_only = true;
    send_ok(&mut alice, m).await;
    let custom = Elem::Custom { data: vec![1], desc: String::new(), ext: String::new() };
    send_ok(&mut alice, message("custom", "bob", "", custom)).await;
    for to in ["erin", "carol", "dave", "frank", "gina"] {
        send_ok(&mut alice, message(&format!("to-{to}"), to, "", text("x"))).await;
    }

    // One that does push, sent last: once it arrives, the others had their chance.
    send_ok(&mut alice, message("sentinel", "bob", "", text("x"))).await;
    assert_eq!(hook.next().await["msg_id"], "sentinel");
    assert!(hook.quiet().await, "pushed what should not be");
}

#[tokio::test]
async fn bad_tokens_are_refused() {
    let s = TestServer::start();
    let mut bob = Conn::login_as(&s, "bob", "1").await;
    assert_eq!(error_code(&set_push(&mut bob, 1, "").await), 6017);
    assert_eq!(error_code(&set_push(&mut bob, 1, &"t".repeat(1025)).await), 6017);
    assert!(matches!(set_push(&mut bob, 1, &"t".repeat(1024)).await, ServerFrame::Ok { .. }));
}

#[tokio::test]
async fn group_messages_push_to_offline_members_and_targets_only() {
    let mut hook = Hook::start(0).await;
    let s = TestServer::start_with(push_to(&hook.url, 5));
    for user in ["bob", "carol", "erin"] {
        offline_with_token(&s, user, &format!("tok-{user}")).await;
    }
    go_offline(Conn::login_as(&s, "dave", "1").await).await;
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    set_push(&mut alice, 7, "tok-alice").await;
    let _carol = Conn::login_as(&s, "carol", "1").await;
    let created = alice
        .request(|req| ClientFrame::GroupCreate {
            req,
            group_type: "Work".into(),
            group: "g1".into(),
            name: String::new(),
            members: ["bob", "carol", "dave", "erin"].map(String::from).to_vec(),
        })
        .await;
    assert!(matches!(created, ServerFrame::GroupCreated { .. }), "{created:?}");

    let seq = send_ok(&mut alice, message("g-all", "", "g1", text("hi all"))).await;
    let mut got = [hook.next().await, hook.next().await];
    got.sort_by_key(|n| n["receiver"].as_str().unwrap().to_owned());
    for (n, user) in got.iter().zip(["bob", "erin"]) {
        assert_eq!(
            (n["receiver"].as_str(), n["token"].as_str()),
            (Some(user), Some(&*format!("tok-{user}")))
        );
        assert_eq!((n["group"].as_str(), n["title"].as_str()), (Some("g1"), Some("g1")));
        assert_eq!((n["sender"].as_str(), n["seq"].as_u64()), (Some("alice"), Some(seq)));
        assert_eq!(n["desc"], "hi all");
    }
    assert!(hook.quiet().await, "only offline members with tokens, never the sender");

    send_ok(&mut alice, message("g-erin", "erin", "g1", text("psst"))).await;
    let n = hook.next().await;
    assert_eq!((n["msg_id"].as_str(), n["receiver"].as_str()), (Some("g-erin"), Some("erin")));
    send_ok(&mut alice, message("g-carol", "carol", "g1", text("psst"))).await;
    assert!(hook.quiet().await, "a targeted message pushes to its offline target only");

    let mut m = message("g-some", "", "g1", text("you two"));
    m.targets = vec!["bob".into(), "carol".into()];
    send_ok(&mut alice, m).await;
    let n = hook.next().await;
    assert_eq!((n["msg_id"].as_str(), n["receiver"].as_str()), (Some("g-some"), Some("bob")));
    assert!(hook.quiet().await);
}

#[tokio::test]
async fn a_failing_webhook_is_retried_until_it_takes_the_push_once() {
    let mut hook = Hook::start(2).await;
    let s = TestServer::start_with(push_to(&hook.url, 5));
    offline_with_token(&s, "bob", "tok-bob").await;
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    send_ok(&mut alice, message("m1", "bob", "", text("again"))).await;
    assert_eq!(hook.next().await["msg_id"], "m1");
    assert!(hook.quiet().await);
    assert_eq!(hook.posts(), 3);
}

#[tokio::test]
async fn a_queued_push_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let down = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/push", l.local_addr().unwrap())
    };
    let s = TestServer::start_in(dir.path(), push_to(&down, 1000));
    offline_with_token(&s, "bob", "tok-bob").await;
    let mut alice = Conn::login_as(&s, "alice", "1").await;
    send_ok(&mut alice, message("kept", "bob", "", text("while down"))).await;
    // Let it fail a few times against the closed port.
    tokio::time::sleep(Duration::from_millis(200)).await;
    drop(alice);
    drop(s);

    let mut hook = Hook::start(0).await;
    let s = TestServer::start_in(dir.path(), push_to(&hook.url, 1000));
    let n = hook.next().await;
    assert_eq!((n["msg_id"].as_str(), n["receiver"].as_str()), (Some("kept"), Some("bob")));
    assert!(hook.quiet().await);
    drop(s);
}

#[tokio::test]
async fn each_app_pushes_to_its_own_users_tokens() {
    const APP2: u32 = 1400000002;
    const KEY2: &str = "the-second-apps-own-secret-key-42";
    let mut hook = Hook::start(0).await;
    let push = push_to(&hook.url, 5);
    let s = TestServer::start_with(|c| {
        push(c);
        c.apps.push(harkd::config::App { sdkappid: APP2, key: KEY2.into() });
    });
    // The same device token registered by a "bob" of each app: two registrations, neither
    // taking the other's.
    offline_with_token(&s, "bob", "tok-shared").await;
    let mut bob2 = Conn::login_in(&s, APP2, KEY2, "bob").await;
    assert!(matches!(set_push(&mut bob2, 9, "tok-shared").await, ServerFrame::Ok { .. }));
    go_offline(bob2).await;

    let mut alice1 = Conn::login_as(&s, "alice", "1").await;
    send_ok(&mut alice1, message("p1", "bob", "", text("first app"))).await;
    let n = hook.next().await;
    assert_eq!(
        (n["sdkappid"].as_u64(), n["business_id"].as_u64()),
        (Some(s.sdkappid.into()), Some(7))
    );
    assert_eq!((n["receiver"].as_str(), n["desc"].as_str()), (Some("bob"), Some("first app")));
    assert!(hook.quiet().await, "one notification, to the first app's device only");

    let mut alice2 = Conn::login_in(&s, APP2, KEY2, "alice").await;
    send_ok(&mut alice2, message("p2", "bob", "", text("second app"))).await;
    let n = hook.next().await;
    assert_eq!((n["sdkappid"].as_u64(), n["business_id"].as_u64()), (Some(APP2.into()), Some(9)));
    assert_eq!(n["desc"].as_str(), Some("second app"));
    assert!(hook.quiet().await);
}
