//! Durability off the sequencer's thread, for `store.synchronous = "full"`.
//!
//! The write connection commits without syncing (SQLite's NORMAL): a committed batch is in
//! the WAL, in the OS's cache, and survives a crash of harkd. This thread then syncs the WAL
//! to disk, and only then lets the batch's answers go. Messages go out as soon as the
//! batch commits, so a message's latency does not carry the fsync while its sender's ack
//! does; and the sequencer goes on to the next batch while this one syncs. One sync covers
//! every batch committed before it.
//!
//! What a power loss (not a crash) can do: drop the last batches before their sync, whose
//! senders got no ack and resend them, while their recipients may have seen them already.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::{deliver, Effect};
use crate::core::hub::Hub;

pub(super) struct Syncer {
    tx: Sender<Vec<Effect>>,
    thread: JoinHandle<()>,
}

impl Syncer {
    /// Syncs `wal`, the write connection's WAL file.
    pub fn start(wal: PathBuf, hub: Arc<Hub>) -> Syncer {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("harkd-syncer".into())
            .spawn(move || run(&wal, &hub, &rx))
            .expect("spawning the syncer thread");
        Syncer { tx, thread }
    }

    /// Runs `effects` once everything committed so far is on disk.
    pub fn after_sync(&self, effects: Vec<Effect>) {
        if !effects.is_empty() && self.tx.send(effects).is_err() {
            tracing::error!("the syncer is gone; dropping acks");
        }
    }

    /// Waits for what is queued to be synced and answered.
    pub fn stop(self) {
        drop(self.tx);
        let _ = self.thread.join();
    }
}

fn run(wal: &Path, hub: &Hub, rx: &Receiver<Vec<Effect>>) {
    let mut file = None;
    while let Ok(first) = rx.recv() {
        let mut ready = vec![first];
        ready.extend(rx.try_iter());
        if let Err(e) = sync(&mut file, wal) {
            // Acks promise the disk has the messages; without a working sync none can go,
            // and what the OS did with the failed pages is unknown. Stop, as databases do.
            tracing::error!("cannot sync {}: {e}; stopping", wal.display());
            std::process::abort();
        }
        for effects in ready {
            deliver(hub, effects);
        }
    }
}

/// The WAL file lives as long as the write connection, so it is opened once.
fn sync(file: &mut Option<File>, wal: &Path) -> std::io::Result<()> {
    let f = match file {
        Some(f) => f,
        None => file.insert(File::open(wal)?),
    };
    f.sync_data()
}
