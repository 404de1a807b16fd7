//! A data directory harkd wrote at schema version 1 (`tests/data/v1/`), opened by this
//! harkd: the database is migrated in place and everything in it still works.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::http::{self, Auth};
use common::ws::Conn;
use hark_proto::media::{UploadState, MEDIA_PATH, UPLOADS_PATH};
use hark_proto::{Elem, ServerFrame};
use harkd::testing::{TestServer, TEST_KEY, TEST_SDKAPPID};
use harkd::Config;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/v1");
const NOTES: &str = "9f753cb5ae7fb72a9b2acd9903169ba7";
const DOT: &str = "7cdc69535ceadb4421dfb4039e4b229b";
const NOTES_UPLOAD: &str = "a5ea97c3f29a201bf351c7ed9e00e94e";
/// Started in 2023 and never finished.
const ABANDONED: &str = "4d282d135faf2ed0931dcb7ff956be5e";

/// A data directory as the version 1 harkd left it: the database and the stored files.
fn v1_data_dir(dir: &Path) {
    let sql = std::fs::read_to_string(Path::new(FIXTURE).join("hark.sql")).unwrap();
    rusqlite::Connection::open(dir.join("hark.db")).unwrap().execute_batch(&sql).unwrap();
    let files = dir.join("media/files");
    std::fs::create_dir_all(&files).unwrap();
    for uuid in [NOTES, DOT] {
        std::fs::copy(Path::new(FIXTURE).join("media/files").join(uuid), files.join(uuid)).unwrap();
    }
}

fn schema_version(dir: &Path) -> i64 {
    let db = rusqlite::Connection::open(dir.join("hark.db")).unwrap();
    db.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn a_version_1_data_directory_is_migrated_and_keeps_its_messages_and_files() {
    let dir = tempfile::tempdir().unwrap();
    v1_data_dir(dir.path());
    assert_eq!(schema_version(dir.path()), 1);
    let s = TestServer::start_in(dir.path(), |_| {});
    assert_eq!(schema_version(dir.path()), harkd::store::SCHEMA_VERSION);

    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let c2c = bob.history("alice", "").await;
    let ids: Vec<_> = c2c.iter().map(|m| (m.msg_id.as_str(), m.seq)).collect();
    assert_eq!(ids, [("a4", 4), ("a3", 3), ("b1", 2), ("a1", 1)]);
    assert_eq!(c2c[3].elems, [Elem::Text { text: "hello bob".into() }]);
    let team = bob.history("", "team").await;
    assert_eq!(team.len(), 1);
    assert_eq!(team[0].elems, [Elem::Text { text: "hello team".into() }]);

    // The files those messages name still reach bob, with their types worked out: by name
    // for the text file, by its bytes for the image (a PNG named dot.jpg).
    let auth = Auth { app: s.sdkappid, user: "bob".into(), sig: s.user_sig("bob") };
    for (uuid, content_type) in [(NOTES, "text/plain"), (DOT, "image/png")] {
        let r =
            http::request(s.port, "GET", &format!("{MEDIA_PATH}/{uuid}"), Some(&auth), &[], &[])
                .await;
        let want = std::fs::read(Path::new(FIXTURE).join("media/files").join(uuid)).unwrap();
        assert_eq!((r.status, &r.body), (200, &want), "{uuid}");
        assert_eq!(r.header("content-type"), Some(content_type));
    }

    // The upload abandoned long before the upgrade goes at the first sweep; finished ones
    // stay.
    let alice = Auth { app: s.sdkappid, user: "alice".into(), sig: s.user_sig("alice") };
    let upload = |id: &'static str| {
        let alice = alice.clone();
        let port = s.port;
        async move {
            http::request(port, "GET", &format!("{UPLOADS_PATH}/{id}"), Some(&alice), &[], &[])
                .await
        }
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while upload(ABANDONED).await.status != 404 {
        assert!(Instant::now() < deadline, "the abandoned upload is still there");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let notes: UploadState = upload(NOTES_UPLOAD).await.json();
    assert_eq!(notes.media.map(|m| m.uuid), Some(NOTES.to_owned()));

    // New writes go on from where the old ones stopped.
    let f = bob.send_text("b2", "alice", "", "after the upgrade").await;
    assert!(matches!(f, ServerFrame::SendAck { seq: 5, .. }), "{f:?}");
}

/// Each user's inbox becomes log positions: what it had acknowledged stays delivered, and
/// what it had not is its catch-up, in the order it was sent.
#[tokio::test]
async fn what_a_user_had_not_acknowledged_before_the_upgrade_is_its_catch_up() {
    let dir = tempfile::tempdir().unwrap();
    v1_data_dir(dir.path());
    // Bob had acknowledged his first three inbox rows (a1, b1 and the group's a2).
    let db = rusqlite::Connection::open(dir.path().join("hark.db")).unwrap();
    db.execute("UPDATE users SET acked_inbox = 3 WHERE name = 'bob'", []).unwrap();
    drop(db);
    let s = TestServer::start_in(dir.path(), |_| {});

    let mut bob = Conn::login_as(&s, "bob", "1").await;
    let mut got = Vec::new();
    for _ in 0..2 {
        let (pos, m) = bob.push().await;
        got.push((pos, m.msg_id));
    }
    assert_eq!(got, [(4, "a3".to_owned()), (5, "a4".to_owned())]);
    assert!(bob.quiet().await, "what bob acknowledged is not sent again");

    let mut alice = Conn::login_as(&s, "alice", "1").await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(alice.push().await.1.msg_id);
    }
    assert_eq!(ids, ["a1", "b1", "a2", "a3", "a4"]);
    assert!(alice.quiet().await);

    // Bob read what he had acknowledged; the conversation list counts from there.
    let db = rusqlite::Connection::open(dir.path().join("hark.db")).unwrap();
    let read: Vec<(String, i64)> = db
        .prepare(
            "SELECT v.key, c.read_seq FROM cursors c JOIN convs v ON v.id = c.conv
             JOIN users u ON u.id = c.user WHERE u.name = 'bob' ORDER BY v.key",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read, [("c:1:2".to_owned(), 2), ("g:1".to_owned(), 1)]);

    // New messages come after the old ones in the log.
    bob.send_text("b2", "alice", "", "after the upgrade").await;
    let (pos, m) = alice.push().await;
    assert_eq!((pos, m.msg_id.as_str(), m.seq), (6, "b2", 5));
}

#[test]
fn a_database_newer_than_this_harkd_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = rusqlite::Connection::open(dir.path().join("hark.db")).unwrap();
    db.pragma_update(None, "user_version", harkd::store::SCHEMA_VERSION + 1).unwrap();
    drop(db);
    let config = Config {
        data_dir: dir.path().to_owned(),
        apps: vec![harkd::config::App { sdkappid: TEST_SDKAPPID, key: TEST_KEY.into() }],
        ..Config::default()
    };
    let Err(e) = harkd::Harkd::open(config) else { panic!("a newer database was opened") };
    assert!(e.contains("newer than this harkd"), "{e}");
    assert_eq!(schema_version(dir.path()), harkd::store::SCHEMA_VERSION + 1);
}

const APP2: u32 = 1400000002;
const KEY2: &str = "the-second-apps-own-secret-key-42";

/// A data directory from before harkd kept apps apart belongs to the one app it was made
/// with. With two apps configured harkd cannot tell which, and refuses to start until
/// `store.legacy_sdkappid` says; then the rows are that app's, and the other app's users of
/// the same names are new users.
#[tokio::test]
async fn old_rows_belong_to_the_one_app_or_to_the_legacy_app_named() {
    let dir = tempfile::tempdir().unwrap();
    v1_data_dir(dir.path());
    let apps = vec![
        harkd::config::App { sdkappid: TEST_SDKAPPID, key: TEST_KEY.into() },
        harkd::config::App { sdkappid: APP2, key: KEY2.into() },
    ];
    let config =
        Config { data_dir: dir.path().to_owned(), apps: apps.clone(), ..Config::default() };
    let Err(e) = harkd::Harkd::open(config) else { panic!("opened with two apps and no owner") };
    assert!(e.contains("store.legacy_sdkappid"), "{e}");

    let s = TestServer::start_in(dir.path(), |c| {
        c.apps = apps;
        c.store.legacy_sdkappid = Some(APP2);
    });
    let mut bob2 = Conn::login_in(&s, APP2, KEY2, "bob").await;
    assert_eq!(bob2.history("alice", "").await.len(), 4, "the second app has the old rows");
    assert_eq!(bob2.history("", "team").await.len(), 1);
    let mut bob1 = Conn::login_as(&s, "bob", "1").await;
    let f = bob1
        .request(|req| hark_proto::ClientFrame::History {
            req,
            user: "alice".into(),
            group: String::new(),
            count: 10,
            before_seq: None,
        })
        .await;
    let unknown = hark_proto::Code::MsgInvalidId as i32;
    assert_eq!(common::ws::error_code(&f), unknown, "the first app has no alice");
    let f = bob1.send_text("b9", "", "team", "x").await;
    assert_eq!(common::ws::error_code(&f), hark_proto::Code::GroupNotFound as i32);
}
