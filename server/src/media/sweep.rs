//! The sweep of abandoned uploads: every `[media]` sweep period (and once at start), harkd
//! removes the unfinished uploads that have received no bytes for `abandoned_upload_hours`,
//! their bytes and their records. Stored files, and the records of finished uploads, are
//! never touched.
//!
//! An upload's last activity is when its partial file last changed (every PATCH writes to
//! it), or when it started if no bytes reached the disk; so a long upload that keeps going
//! is not cut short, and no PATCH costs a database write.
//!
//! Each upload is claimed like a PATCH claims it and checked again under the claim, so a
//! PATCH never runs beside its removal; the record goes first (through the sequencer), then
//! the bytes. Files left in `uploads/` with no unfinished upload (a crash between those two
//! steps, or between storing a file and removing its upload's bytes) go once they are as
//! old as an abandoned upload.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::{commit, is_id, Claim, Media};
use crate::store::files::UploadChange;
use crate::store::ReadPool;

/// Uploads removed per commit, so one sweep never makes a huge transaction.
const PER_COMMIT: usize = 256;

/// Starts the sweep on the current runtime; it ends when `stopping` flips.
pub fn spawn(shared: Arc<Media>, mut stopping: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(shared.core.config.media.sweep_every());
        every.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = every.tick() => {}
                _ = stopping.changed() => return,
            }
            let swept = tokio::select! {
                swept = sweep(&shared) => swept,
                _ = stopping.changed() => return,
            };
            match swept {
                Ok(Swept { uploads: 0, strays: 0 }) => {}
                Ok(Swept { uploads, strays }) => {
                    tracing::info!(uploads, strays, "removed abandoned uploads");
                }
                Err(e) => tracing::warn!("sweeping abandoned uploads: {e}"),
            }
        }
    })
}

#[derive(Debug, Default)]
struct Swept {
    /// Unfinished uploads removed, record and bytes.
    uploads: usize,
    /// Files in `uploads/` that belonged to no unfinished upload.
    strays: usize,
}

async fn sweep(shared: &Arc<Media>) -> Result<Swept, String> {
    let cutoff = SystemTime::now() - shared.core.config.media.abandoned_after();
    let cutoff_secs = cutoff.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let (reads, media) = (shared.core.reads.clone(), shared.clone());
    let stale = blocking(move || {
        let ids = reads.unfinished_before(cutoff_secs).map_err(|c| format!("{c:?}"))?;
        Ok(ids.into_iter().filter(|id| idle_since(&media, id, cutoff)).collect::<Vec<_>>())
    })
    .await?;

    let mut swept = Swept::default();
    for ids in stale.chunks(PER_COMMIT) {
        // Under the claim no PATCH can write; one that ran before may have, so look again.
        let claims: Vec<Claim> = ids.iter().filter_map(|id| shared.claim(id)).collect();
        let (reads, media) = (shared.core.reads.clone(), shared.clone());
        let claimed: Vec<String> = claims.iter().map(|c| c.id.clone()).collect();
        let gone = blocking(move || {
            let mut gone = Vec::with_capacity(claimed.len());
            for id in claimed {
                let unfinished = reads.upload(&id).map_err(|c| format!("{c:?}"))?;
                if unfinished.is_some_and(|u| u.media.is_none()) && idle_since(&media, &id, cutoff)
                {
                    gone.push(id);
                }
            }
            Ok(gone)
        })
        .await?;
        if gone.is_empty() {
            continue;
        }
        commit(shared, UploadChange::Expire { upload_ids: gone.clone() })
            .await
            .map_err(|e| format!("{e:?}"))?;
        let paths: Vec<PathBuf> = gone.iter().map(|id| shared.partial(id)).collect();
        blocking(move || remove_all(paths)).await?;
        swept.uploads += gone.len();
        drop(claims);
    }

    let (reads, media) = (shared.core.reads.clone(), shared.clone());
    let strays = blocking(move || strays(&reads, &media, cutoff)).await?;
    let claims: Vec<Claim> = strays.iter().filter_map(|id| shared.claim(id)).collect();
    let paths: Vec<PathBuf> = claims.iter().map(|c| shared.partial(&c.id)).collect();
    swept.strays = blocking(move || remove_all(paths)).await?;
    drop(claims);
    Ok(swept)
}

/// Runs blocking work (the database, the file system) off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(f).await.map_err(|e| e.to_string())?
}

/// Whether upload `id`'s bytes last changed before `cutoff`; true when it has none on disk
/// (then its start, already before the cutoff, is its last activity).
fn idle_since(media: &Media, id: &str, cutoff: SystemTime) -> bool {
    match std::fs::metadata(media.partial(id)).and_then(|m| m.modified()) {
        Ok(changed) => changed < cutoff,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => {
            tracing::warn!("cannot tell when upload {id} last changed: {e}");
            false
        }
    }
}

/// Files in `uploads/`, named as harkd names them, unchanged since `cutoff`, that belong
/// to no unfinished upload. Anything else there is left alone.
fn strays(reads: &ReadPool, media: &Media, cutoff: SystemTime) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(&media.uploads).map_err(|e| e.to_string())?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let Some(id) = entry.file_name().to_str().filter(|n| is_id(n)).map(str::to_owned) else {
            continue;
        };
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < cutoff);
        if !old {
            continue;
        }
        let upload = reads.upload(&id).map_err(|c| format!("{c:?}"))?;
        if upload.is_none_or(|u| u.media.is_some()) {
            found.push(id);
        }
    }
    Ok(found)
}

/// Removes the files; returns how many were there.
fn remove_all(paths: Vec<PathBuf>) -> Result<usize, String> {
    let mut removed = 0;
    for path in paths {
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot remove {}: {e}", path.display())),
        }
    }
    Ok(removed)
}
