//! The media HTTP API: uploads (resumable) and downloads. See `docs/protocol.md`.
//!
//! Every request names its user with `X-Hark-SdkAppId`, `X-Hark-User` and
//! `Authorization: UserSig <usersig>`. Errors answer a JSON [`HttpError`] with a Tencent code.

use serde::{Deserialize, Serialize};

use crate::limits;
use crate::{Code, ImageInfo, ImageKind};

pub const HEADER_APP: &str = "x-hark-sdkappid";
pub const HEADER_USER: &str = "x-hark-user";
/// `Authorization: UserSig <usersig>`.
pub const AUTH_SCHEME: &str = "UserSig";
/// The offset an upload's next bytes start at (request) or has reached (response).
pub const HEADER_OFFSET: &str = "upload-offset";

/// Starts an upload: `POST /v1/media/uploads`.
pub const UPLOADS_PATH: &str = "/v1/media/uploads";
/// A stored file: `GET /v1/media/<uuid>`, with Range support.
pub const MEDIA_PATH: &str = "/v1/media";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Image,
    Sound,
    Video,
    File,
    /// A video's snapshot: an image, stored like one, without large and thumbnail versions.
    Snapshot,
}

impl MediaKind {
    /// The largest file of this kind (V2TIM's limits).
    pub fn max_bytes(self) -> u64 {
        match self {
            MediaKind::Image | MediaKind::Snapshot => limits::MAX_IMAGE_BYTES,
            MediaKind::Sound => limits::MAX_SOUND_BYTES,
            MediaKind::Video => limits::MAX_VIDEO_BYTES,
            MediaKind::File => limits::MAX_FILE_BYTES,
        }
    }
}

/// Body of `POST /v1/media/uploads`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadRequest {
    pub kind: MediaKind,
    /// The whole file's size in bytes.
    pub size: u64,
    /// The file's name as the user sees it (files keep it; others may leave it empty).
    #[serde(default)]
    pub name: String,
}

/// Where an upload stands: the answer to POST, HEAD (as headers), PATCH and GET of an upload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadState {
    pub upload_id: String,
    pub offset: u64,
    pub size: u64,
    /// Set once every byte arrived and harkd stored the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaInfo>,
}

/// One version of a stored image.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub uuid: String,
    pub size: u64,
    pub width: u32,
    pub height: u32,
}

/// A stored file, as harkd measured it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MediaInfo {
    pub uuid: String,
    pub kind: MediaKind,
    pub size: u64,
    #[serde(default)]
    pub name: String,
    /// Images and snapshots: their pixel size; 0 otherwise.
    #[serde(default)]
    pub width: u32,
    #[serde(default)]
    pub height: u32,
    /// Images: the large (shorter side 720) and thumbnail (198) versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large: Option<Variant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumb: Option<Variant>,
}

/// The JSON body of every media error response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HttpError {
    pub code: i32,
    pub desc: String,
}

impl crate::Elem {
    /// The stored files a media elem names, each with the kind it must have, in the order
    /// [`Elem::complete`](crate::Elem::complete) takes their records: an image's one
    /// original; a sound's or file's file; a video and then its snapshot. Empty for an elem
    /// without media; 6016 for an image that does not name exactly one original.
    pub fn named_files(&self) -> Result<Vec<(&str, MediaKind)>, Code> {
        use crate::Elem;
        Ok(match self {
            Elem::Image { images } => {
                let mut origins = images.iter().filter(|i| i.kind == ImageKind::Origin);
                let (Some(origin), None) = (origins.next(), origins.next()) else {
                    return Err(Code::InvalidMsgElem);
                };
                vec![(origin.uuid.as_str(), MediaKind::Image)]
            }
            Elem::Sound { uuid, .. } => vec![(uuid.as_str(), MediaKind::Sound)],
            Elem::File { uuid, .. } => vec![(uuid.as_str(), MediaKind::File)],
            Elem::Video { uuid, snapshot_uuid, .. } => {
                vec![
                    (uuid.as_str(), MediaKind::Video),
                    (snapshot_uuid.as_str(), MediaKind::Snapshot),
                ]
            }
            Elem::Text { .. } | Elem::Custom { .. } | Elem::Location { .. } | Elem::Face { .. } => {
                Vec::new()
            }
        })
    }

    /// Completes a media elem from harkd's records of its files (in the order of
    /// [`Elem::named_files`], or of the files the sender uploads): ids, sizes and
    /// dimensions as harkd measured them, never as a client said. An image gets its
    /// original, large and thumbnail versions; one too small for a version has its
    /// original there. An elem without media has nothing to complete: true with no records.
    /// Returns false when `stored` does not fit the elem.
    pub fn complete(&mut self, stored: &[MediaInfo]) -> bool {
        use crate::Elem;
        match (self, stored) {
            (Elem::Image { images }, [stored]) => {
                let original = Variant {
                    uuid: stored.uuid.clone(),
                    size: stored.size,
                    width: stored.width,
                    height: stored.height,
                };
                let large = stored.large.as_ref().unwrap_or(&original);
                let thumb = stored.thumb.as_ref().unwrap_or(&original);
                *images = [
                    (ImageKind::Origin, &original),
                    (ImageKind::Large, large),
                    (ImageKind::Thumb, thumb),
                ]
                .map(|(kind, v)| ImageInfo {
                    kind,
                    uuid: v.uuid.clone(),
                    size: v.size,
                    width: v.width,
                    height: v.height,
                })
                .into();
                true
            }
            (Elem::Sound { uuid, size, .. }, [sound]) => {
                (*uuid, *size) = (sound.uuid.clone(), sound.size);
                true
            }
            (Elem::File { uuid, size, .. }, [file]) => {
                (*uuid, *size) = (file.uuid.clone(), file.size);
                true
            }
            (
                Elem::Video {
                    uuid,
                    size,
                    snapshot_uuid,
                    snapshot_size,
                    snapshot_width,
                    snapshot_height,
                    ..
                },
                [video, snapshot],
            ) => {
                (*uuid, *size) = (video.uuid.clone(), video.size);
                (*snapshot_uuid, *snapshot_size) = (snapshot.uuid.clone(), snapshot.size);
                (*snapshot_width, *snapshot_height) = (snapshot.width, snapshot.height);
                true
            }
            (
                Elem::Text { .. } | Elem::Custom { .. } | Elem::Location { .. } | Elem::Face { .. },
                [],
            ) => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Elem;

    fn info(uuid: &str, kind: MediaKind, size: u64, w: u32, h: u32) -> MediaInfo {
        MediaInfo {
            uuid: uuid.into(),
            kind,
            size,
            name: String::new(),
            width: w,
            height: h,
            large: None,
            thumb: None,
        }
    }

    #[test]
    fn completes_each_kind_from_the_stored_files() {
        let mut img = Elem::Image { images: Vec::new() };
        assert_eq!(img.named_files(), Err(Code::InvalidMsgElem), "no original");
        let mut stored = info("o", MediaKind::Image, 100, 1000, 800);
        stored.large = Some(Variant { uuid: "l".into(), size: 50, width: 900, height: 720 });
        stored.thumb = Some(Variant { uuid: "t".into(), size: 5, width: 247, height: 198 });
        assert!(img.complete(&[stored]));
        let Elem::Image { images } = &img else { unreachable!() };
        let kinds: Vec<_> = images.iter().map(|i| (i.kind, i.uuid.as_str(), i.height)).collect();
        assert_eq!(
            kinds,
            [
                (ImageKind::Origin, "o", 800),
                (ImageKind::Large, "l", 720),
                (ImageKind::Thumb, "t", 198)
            ]
        );
        assert_eq!(img.named_files(), Ok(vec![("o", MediaKind::Image)]));
        let mut small = Elem::Image { images: Vec::new() };
        assert!(small.complete(&[info("s", MediaKind::Image, 9, 100, 80)]));
        let Elem::Image { images } = &small else { unreachable!() };
        assert_eq!(images.len(), 3);
        assert!(images.iter().all(|i| i.uuid == "s" && i.width == 100));

        let mut video = Elem::Video {
            uuid: String::new(),
            size: 1,
            video_type: "mp4".into(),
            duration: 3,
            snapshot_uuid: String::new(),
            snapshot_size: 1,
            snapshot_width: 0,
            snapshot_height: 0,
        };
        assert!(!video.complete(&[info("v", MediaKind::Video, 9, 0, 0)]));
        let pair =
            [info("v", MediaKind::Video, 9, 0, 0), info("s", MediaKind::Snapshot, 4, 32, 24)];
        assert!(video.complete(&pair));
        assert!(matches!(
            video,
            Elem::Video { ref uuid, size: 9, snapshot_size: 4, snapshot_width: 32, snapshot_height: 24, .. }
                if uuid == "v"
        ));
        assert_eq!(
            video.named_files(),
            Ok(vec![("v", MediaKind::Video), ("s", MediaKind::Snapshot)])
        );
        let mut text = Elem::Text { text: "hi".into() };
        assert_eq!(text.named_files(), Ok(vec![]));
        assert!(text.complete(&[]), "nothing to complete");
        assert!(!text.complete(&pair), "records for an elem without media");
    }
}
