//! Media elems made from local files: a create call checks each file (existence, size, image
//! format) so that it returns the error itself, and the elem starts with the sizes found.

use hark_proto::media::MediaKind;
use hark_proto::{Code, Elem};

use crate::message::media::Created;
use crate::message::LocalFile;

use super::probe;

fn checked(path: &str, kind: MediaKind) -> Result<(LocalFile, u64), Code> {
    let size = probe::check(path, kind).map_err(|f| code_of(f.code))?;
    Ok((LocalFile { path: path.to_owned(), kind }, size))
}

/// probe's failures carry known codes; this only turns the number back into one.
fn code_of(n: i32) -> Code {
    Code::from_i32(n).unwrap_or(Code::Internal)
}

pub fn image(path: &str) -> Result<Created, Code> {
    let (file, _) = checked(path, MediaKind::Image)?;
    Ok((Elem::Image { images: Vec::new() }, vec![file]))
}

pub fn sound(path: &str, duration: u32) -> Result<Created, Code> {
    let (file, size) = checked(path, MediaKind::Sound)?;
    Ok((Elem::Sound { uuid: String::new(), size, duration }, vec![file]))
}

pub fn video(
    path: &str,
    video_type: &str,
    duration: u32,
    snapshot_path: &str,
) -> Result<Created, Code> {
    let (video, size) = checked(path, MediaKind::Video)?;
    let (snapshot, snapshot_size) = checked(snapshot_path, MediaKind::Snapshot)?;
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
    let (file, size) = checked(path, MediaKind::File)?;
    let name = if name.is_empty() { file.file_name() } else { name }.to_owned();
    Ok((Elem::File { uuid: String::new(), name, size }, vec![file]))
}

#[cfg(test)]
mod tests {
    use crate::message::media::needs_upload;

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
}
