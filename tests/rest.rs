//! The server REST API as an app's backend uses it: curl posts Tencent-format requests as the
//! administrator, and libhark clients receive the messages like any other.

mod common;

use std::process::Command;

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

fn logged_in(server: &TestServer, user: &str) -> Client {
    let c = Client::new(&server.url, server.sdkappid);
    c.login(user, &server.user_sig(user));
    c
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
