//! Media elems on the sender's side: what a create call knows before the upload (the local
//! files and their sizes), and the elem completed from what harkd stored.

use std::path::Path;

use hark_proto::media::MediaKind;
use hark_proto::{Code, Elem};

use crate::media::probe;

/// A file the sender picked for a media elem. Only the sending client has it.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalFile {
    pub path: String,
    pub kind: MediaKind,
}

impl LocalFile {
    fn checked(path: &str, kind: MediaKind) -> Result<(LocalFile, u64), Code> {
        let size = probe::check(path, kind).map_err(|f| code_of(f.code))?;
        Ok((LocalFile { path: path.to_owned(), kind }, size))
    }

    /// The name harkd records for the upload: the last part of the path.
    pub fn file_name(&self) -> &str {
        Path::new(&self.path).file_name().and_then(|n| n.to_str()).unwrap_or_default()
    }
}

/// probe's failures carry known codes; this only turns the number back into one.
fn code_of(n: i32) -> Code {
    Code::from_i32(n).unwrap_or(Code::Internal)
}

/// A media elem as created, and the files it will upload (the video first, then its
/// snapshot).
pub type Created = (Elem, Vec<LocalFile>);

pub fn image(path: &str) -> Result<Created, Code> {
    let (file, _) = LocalFile::checked(path, MediaKind::Image)?;
    Ok((Elem::Image { images: Vec::new() }, vec![file]))
}

pub fn sound(path: &str, duration: u32) -> Result<Created, Code> {
    let (file, size) = LocalFile::checked(path, MediaKind::Sound)?;
    Ok((Elem::Sound { uuid: String::new(), size, duration }, vec![file]))
}

pub fn video(
    path: &str,
    video_type: &str,
    duration: u32,
    snapshot_path: &str,
) -> Result<Created, Code> {
    let (video, size) = LocalFile::checked(path, MediaKind::Video)?;
    let (snapshot, snapshot_size) = LocalFile::checked(snapshot_path, MediaKind::Snapshot)?;
    let elem = Elem::Video {
        uuid: String::new(),
        size,
        video_type: video_type.to_owned(),
        duration,
        snapshot_uuid: String::new(),
        snapshot_size,
        snapshot_width: 0,
        snapshot_height: 0,
    };
    Ok((elem, vec![video, snapshot]))
}

/// `name` empty: the path's file name.
pub fn file(path: &str, name: &str) -> Result<Created, Code> {
    let (file, size) = LocalFile::checked(path, MediaKind::File)?;
    let name = if name.is_empty() { file.file_name() } else { name }.to_owned();
    Ok((Elem::File { uuid: String::new(), name, size }, vec![file]))
}

/// Longitude -180..=180 and latitude -90..=90 (NaN is out of range), else 6017: proto's
/// [`Elem::check`], which harkd applies too.
pub fn location(desc: String, longitude: f64, latitude: f64) -> Result<Elem, Code> {
    let elem = Elem::Location { desc, longitude, latitude };
    elem.check()?;
    Ok(elem)
}

/// Whether the elem still lacks the ids of its uploaded files.
pub fn needs_upload(elem: &Elem) -> bool {
    match elem {
        Elem::Image { images } => images.is_empty(),
        Elem::Sound { uuid, .. } | Elem::File { uuid, .. } => uuid.is_empty(),
        Elem::Video { uuid, snapshot_uuid, .. } => uuid.is_empty() || snapshot_uuid.is_empty(),
        Elem::Text { .. } | Elem::Custom { .. } | Elem::Location { .. } | Elem::Face { .. } => {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_from_checked_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("声音 1.m4a");
        std::fs::write(&path, b"0123456789").unwrap();
        let path = path.to_str().unwrap();
        let (elem, files) = sound(path, 7).unwrap();
        assert_eq!(elem, Elem::Sound { uuid: String::new(), size: 10, duration: 7 });
        assert_eq!(files[0].file_name(), "声音 1.m4a");
        assert!(needs_upload(&elem));
        let (elem, _) = file(path, "").unwrap();
        assert!(matches!(elem, Elem::File { ref name, size: 10, .. } if name == "声音 1.m4a"));
        assert_eq!(image(path).unwrap_err(), Code::InvalidMsgElem);
        assert_eq!(video(path, "mp4", 1, path).unwrap_err(), Code::InvalidMsgElem);
        assert_eq!(sound("/no/such/file", 1).unwrap_err(), Code::FileNotFound);
    }

    #[test]
    fn locations_must_be_on_earth() {
        assert!(location(String::new(), 180.0, -90.0).is_ok());
        for (lon, lat) in [(180.1, 0.0), (0.0, 90.5), (f64::NAN, 0.0), (0.0, f64::INFINITY)] {
            assert_eq!(location(String::new(), lon, lat), Err(Code::InvalidParameters));
        }
    }
}
