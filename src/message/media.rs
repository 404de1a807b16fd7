//! Media elems on the sender's side: the local files a create call picked (see
//! `crate::media::local`, which checks them), and whether the elem still waits for their
//! upload.

use std::path::Path;

use hark_proto::media::MediaKind;
use hark_proto::{Code, Elem};

/// A file the sender picked for a media elem. Only the sending client has it.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalFile {
    pub path: String,
    pub kind: MediaKind,
}

impl LocalFile {
    /// The name harkd records for the upload: the last part of the path.
    pub fn file_name(&self) -> &str {
        Path::new(&self.path).file_name().and_then(|n| n.to_str()).unwrap_or_default()
    }
}

/// A media elem as created, and the files it will upload (the video first, then its
/// snapshot).
pub type Created = (Elem, Vec<LocalFile>);

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
    fn locations_must_be_on_earth() {
        assert!(location(String::new(), 180.0, -90.0).is_ok());
        for (lon, lat) in [(180.1, 0.0), (0.0, 90.5), (f64::NAN, 0.0), (0.0, f64::INFINITY)] {
            assert_eq!(location(String::new(), lon, lat), Err(Code::InvalidParameters));
        }
    }
}
