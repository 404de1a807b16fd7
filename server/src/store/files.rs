//! Uploads, stored files and the message references that let users download them.
//! Writes run inside the sequencer's transaction; reads take any connection.

use hark_proto::media::{MediaInfo, MediaKind, Variant};
use hark_proto::Code;
use rusqlite::types::{FromSql, FromSqlError, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::Batch;

use super::ReadPool;

/// An upload as recorded when it started.
#[derive(Clone, Debug)]
pub struct Upload {
    pub id: String,
    pub owner: i64,
    pub kind: MediaKind,
    pub size: u64,
    pub name: String,
    /// The stored original's uuid, once every byte arrived and harkd kept the file.
    pub media: Option<String>,
}

/// One stored file: an original, or a version harkd made of an image.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredFile {
    pub uuid: String,
    pub kind: MediaKind,
    pub size: u64,
    pub name: String,
    pub width: u32,
    pub height: u32,
    /// A version: the original it was made from (its access follows the original's).
    pub original: Option<String>,
    /// An image: its large and thumbnail versions, its own uuid where it was small enough.
    pub large: Option<String>,
    pub thumb: Option<String>,
    /// What it is served as (`media::types`); None for files stored at schema version 1,
    /// before harkd recorded it.
    pub content_type: Option<String>,
}

/// Upload bookkeeping, committed by the sequencer.
#[derive(Debug)]
pub enum UploadChange {
    Create(Upload),
    /// The files are in place: `files[0]` is the original, the rest its versions.
    Complete {
        upload_id: String,
        owner: i64,
        files: Vec<StoredFile>,
    },
    /// The bytes were refused (an image that does not decode): the upload is gone.
    Discard {
        upload_id: String,
    },
    /// Abandoned: these uploads are gone, those of them still unfinished.
    Expire {
        upload_ids: Vec<String>,
    },
}

struct Kind(MediaKind);

impl FromSql for Kind {
    fn column_result(v: ValueRef<'_>) -> Result<Self, FromSqlError> {
        Ok(Kind(match v.as_str()? {
            "image" => MediaKind::Image,
            "sound" => MediaKind::Sound,
            "video" => MediaKind::Video,
            "file" => MediaKind::File,
            "snapshot" => MediaKind::Snapshot,
            _ => return Err(FromSqlError::InvalidType),
        }))
    }
}

fn kind_name(k: MediaKind) -> &'static str {
    match k {
        MediaKind::Image => "image",
        MediaKind::Sound => "sound",
        MediaKind::Video => "video",
        MediaKind::File => "file",
        MediaKind::Snapshot => "snapshot",
    }
}

const FILE_COLUMNS: &str =
    "owner, uuid, kind, size, name, width, height, original, large, thumb, content_type FROM media";

fn file_row(r: &Row) -> rusqlite::Result<(i64, StoredFile)> {
    Ok((
        r.get(0)?,
        StoredFile {
            uuid: r.get(1)?,
            kind: r.get::<_, Kind>(2)?.0,
            size: r.get::<_, i64>(3)? as u64,
            name: r.get(4)?,
            width: r.get(5)?,
            height: r.get(6)?,
            original: r.get(7)?,
            large: r.get(8)?,
            thumb: r.get(9)?,
            content_type: r.get(10)?,
        },
    ))
}

/// A stored file and its owner.
fn file(c: &Connection, uuid: &str) -> rusqlite::Result<Option<(i64, StoredFile)>> {
    c.prepare_cached(&format!("SELECT {FILE_COLUMNS} WHERE uuid = ?1"))?
        .query_row([uuid], file_row)
        .optional()
}

/// An original (not a version) with its owner and what harkd measured of it.
fn find_original(c: &Connection, uuid: &str) -> rusqlite::Result<Option<(i64, MediaInfo)>> {
    let Some((owner, f)) = file(c, uuid)? else { return Ok(None) };
    if f.original.is_some() {
        return Ok(None);
    }
    let mut versions = Vec::with_capacity(2);
    for v in [&f.large, &f.thumb].into_iter().flatten() {
        if *v != f.uuid {
            versions.extend(file(c, v)?.map(|(_, v)| v));
        }
    }
    Ok(Some((owner, media_info(&f, &versions))))
}

/// What a client is told about an original and its versions.
pub fn media_info(original: &StoredFile, versions: &[StoredFile]) -> MediaInfo {
    let variant = |uuid: &Option<String>| {
        let uuid = uuid.as_ref()?;
        let f = std::iter::once(original).chain(versions).find(|f| &f.uuid == uuid)?;
        Some(Variant { uuid: f.uuid.clone(), size: f.size, width: f.width, height: f.height })
    };
    MediaInfo {
        uuid: original.uuid.clone(),
        kind: original.kind,
        size: original.size,
        name: original.name.clone(),
        width: original.width,
        height: original.height,
        large: variant(&original.large),
        thumb: variant(&original.thumb),
    }
}

fn upload(c: &Connection, id: &str) -> rusqlite::Result<Option<Upload>> {
    c.prepare_cached("SELECT owner, kind, size, name, media FROM uploads WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Upload {
                id: id.to_owned(),
                owner: r.get(0)?,
                kind: r.get::<_, Kind>(1)?.0,
                size: r.get::<_, i64>(2)? as u64,
                name: r.get(3)?,
                media: r.get(4)?,
            })
        })
        .optional()
}

/// Whether a message that reached `user` named `uuid` (an original).
fn referenced_for(c: &Connection, uuid: &str, user: i64) -> rusqlite::Result<bool> {
    c.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM media_refs r WHERE r.uuid = ?1 AND (
             (r.grp = 0 AND r.target = ?2)
             OR (r.grp <> 0 AND r.target IN (0, ?2)
                 AND EXISTS(SELECT 1 FROM members m WHERE m.grp = r.grp AND m.user = ?2))))",
    )?
    .query_row(params![uuid, user], |r| r.get(0))
}

impl ReadPool {
    /// A user's id, if the user ever logged in.
    pub fn user(&self, app: u32, name: &str) -> Result<Option<i64>, Code> {
        self.with(|c| super::read::user_id(c, app, name))
    }

    pub fn upload(&self, id: &str) -> Result<Option<Upload>, Code> {
        self.with(|c| upload(c, id))
    }

    /// The unfinished uploads started before `secs` (Unix time).
    pub fn unfinished_before(&self, secs: i64) -> Result<Vec<String>, Code> {
        self.with(|c| {
            c.prepare_cached("SELECT id FROM uploads WHERE media IS NULL AND created < ?1")?
                .query_map([secs], |r| r.get(0))?
                .collect()
        })
    }

    /// What harkd measured of a stored original.
    pub fn media(&self, uuid: &str) -> Result<Option<MediaInfo>, Code> {
        self.with(|c| Ok(find_original(c, uuid)?.map(|(_, info)| info)))
    }

    /// A stored file and whether `user` may download it: the uploader may, and so may
    /// whoever a message naming it (or, for a version, its original) reached.
    pub fn download(&self, uuid: &str, user: i64) -> Result<Option<(StoredFile, bool)>, Code> {
        self.with(|c| {
            let Some((owner, f)) = file(c, uuid)? else { return Ok(None) };
            let allowed =
                owner == user || referenced_for(c, f.original.as_ref().unwrap_or(&f.uuid), user)?;
            Ok(Some((f, allowed)))
        })
    }
}

impl Batch<'_> {
    /// An original (not a version) with its owner and what harkd measured of it.
    pub fn find_original(&self, uuid: &str) -> super::Result<Option<(i64, MediaInfo)>> {
        Ok(find_original(&self.tx, uuid)?)
    }

    pub fn apply_upload(&self, change: &UploadChange, now: i64) -> super::Result<()> {
        let tx = &self.tx;
        match change {
            UploadChange::Create(u) => {
                tx.execute(
                "INSERT INTO uploads(id, owner, kind, size, name, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![u.id, u.owner, kind_name(u.kind), u.size as i64, u.name, now],
            )?;
            }
            UploadChange::Complete { upload_id, owner, files } => {
                let mut insert = tx.prepare_cached(
                "INSERT INTO media(uuid, owner, kind, size, name, width, height, original, large, thumb,
                                   content_type, created)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
                for f in files {
                    insert.execute(params![
                        f.uuid,
                        owner,
                        kind_name(f.kind),
                        f.size as i64,
                        f.name,
                        f.width,
                        f.height,
                        f.original,
                        f.large,
                        f.thumb,
                        f.content_type,
                        now
                    ])?;
                }
                tx.execute(
                    "UPDATE uploads SET media = ?2 WHERE id = ?1",
                    params![upload_id, files.first().map(|f| &f.uuid)],
                )?;
            }
            UploadChange::Discard { upload_id } => {
                tx.execute("DELETE FROM uploads WHERE id = ?1", [upload_id])?;
            }
            UploadChange::Expire { upload_ids } => {
                let mut delete =
                    tx.prepare_cached("DELETE FROM uploads WHERE id = ?1 AND media IS NULL")?;
                for id in upload_ids {
                    delete.execute([id])?;
                }
            }
        }
        Ok(())
    }

    /// Records that a message naming `uuid` reached `target` (a C2C peer, `grp` 0) or the
    /// members of group row `grp` (`target` 0: all of them; else only that one, so a targeted
    /// message records one row per member it is for).
    pub fn insert_ref(&self, uuid: &str, grp: i64, target: i64) -> super::Result<()> {
        let tx = &self.tx;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO media_refs(uuid, grp, target) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![uuid, grp, target])?;
        Ok(())
    }
}
