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
