//! Replays the fuzz corpus (`fuzz/corpus/<target>/*`) through the fuzz targets' code, so
//! every input the fuzzers kept, crashes found included, stays a regression test without
//! nightly.

use std::path::Path;
use std::sync::Mutex;

#[path = "../fuzz/src/lib.rs"]
mod targets;

/// Panics caught inside the C ABI's boundary would otherwise go unnoticed; the hook sees
/// them all.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn replay(target: &str, run: fn(&[u8])) {
    std::panic::set_hook(Box::new(|info| {
        PANICS.lock().unwrap_or_else(|p| p.into_inner()).push(info.to_string())
    }));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut inputs = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data));
        let panics = std::mem::take(&mut *PANICS.lock().unwrap_or_else(|p| p.into_inner()));
        assert!(outcome.is_ok() && panics.is_empty(), "{}: {panics:?}", path.display());
        inputs += 1;
    }
    assert!(inputs > 0, "no corpus in {}", dir.display());
}

// One test: the panic hook is process-wide, so the targets run one after another.
#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    replay("client_frame", targets::client_frame);
    replay("server_frame", targets::server_frame);
    replay("usersig", targets::usersig);
}
