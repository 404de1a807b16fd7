//! The media HTTP API: uploads (resumable) and downloads. See `docs/protocol.md`.
//!
//! Every request names its user with `X-Hark-SdkAppId`, `X-Hark-User` and
//! `Authorization: UserSig <usersig>`. Errors answer a JSON [`HttpError`] with a Tencent code.

use serde::{Deserialize, Serialize};

use crate::limits;

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
