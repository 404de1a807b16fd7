//! Reading image, sound, video, file, location and face elems. Each struct getter fills the
//! app's struct with pointers borrowed from the message, valid until it is freed or changed,
//! like `hark_message_get_offline_push_info`. Paths are the sender's local files ("" on
//! received messages); URLs are where harkd serves the stored files.

use std::ffi::c_char;
use std::ptr;

use hark_proto::Elem;

use super::c_strings::ElemCStrings;
use crate::error::Code;

use super::boundary::PANICKED;
use super::message::{bytes_ptr, handle_ref, hark_message};

/// One version of an image. `uuid` and `url` are never NULL ("" before the upload).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_image {
    /// HARK_IMAGE_TYPE_ORIGIN, _THUMB or _LARGE.
    pub r#type: i32,
    pub uuid: *const c_char,
    /// Bytes.
    pub size: u64,
    /// Pixels.
    pub width: u32,
    pub height: u32,
    pub url: *const c_char,
}

/// V2TIMSoundElem.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_sound_elem {
    pub path: *const c_char,
    pub uuid: *const c_char,
    /// Bytes.
    pub data_size: u64,
    /// Seconds.
    pub duration: u32,
    pub url: *const c_char,
}

/// V2TIMVideoElem.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_video_elem {
    pub video_path: *const c_char,
    pub snapshot_path: *const c_char,
    pub video_uuid: *const c_char,
    pub video_size: u64,
    /// The container, e.g. "mp4".
    pub video_type: *const c_char,
    /// Seconds.
    pub duration: u32,
    pub video_url: *const c_char,
    pub snapshot_uuid: *const c_char,
    pub snapshot_size: u64,
    /// Pixels (0 until harkd measured the snapshot).
    pub snapshot_width: u32,
    pub snapshot_height: u32,
    pub snapshot_url: *const c_char,
}

/// V2TIMFileElem.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_file_elem {
    pub path: *const c_char,
    pub uuid: *const c_char,
    pub file_name: *const c_char,
    pub file_size: u64,
    pub url: *const c_char,
}

/// V2TIMLocationElem, in degrees.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_location_elem {
    pub desc: *const c_char,
    pub longitude: f64,
    pub latitude: f64,
}

/// V2TIMFaceElem: the app's index and data, unchanged. `data` is never NULL.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_face_elem {
    pub index: u32,
    pub data: *const u8,
    pub data_len: usize,
}

/// Elem `index` and its C strings.
unsafe fn elem_at<'a>(
    message: *const hark_message,
    index: usize,
) -> Option<(&'a Elem, &'a ElemCStrings)> {
    let handle = handle_ref(message)?;
    Some((handle.message().elems().get(index)?, handle.c_elem(index)?))
}

/// Writes `value` to `*out` and returns 0, or returns 6017 and leaves `*out` alone.
unsafe fn fill<T>(out: *mut T, value: impl FnOnce() -> Option<T>) -> i32 {
    let Some(out) = out.as_mut() else { return Code::InvalidParameters as i32 };
    match value() {
        Some(value) => {
            *out = value;
            0
        }
        None => Code::InvalidParameters as i32,
    }
}

/// The sender's local path of image elem `index` ("" on received messages); NULL when it
/// is not an image elem.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_image_path(
    message: *const hark_message,
    index: usize,
) -> *const c_char {
    ffi_boundary!(ptr::null(), {
        match elem_at(message, index) {
            Some((_, ElemCStrings::Image { path, .. })) => path.as_ptr(),
            _ => ptr::null(),
        }
    })
}

/// How many versions image elem `index` has: 0 before the upload; after it the original,
/// then the large and thumbnail versions harkd made. 0 when it is not an image elem.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_image_count(
    message: *const hark_message,
    index: usize,
) -> usize {
    ffi_boundary!(0, {
        match elem_at(message, index) {
            Some((Elem::Image { images }, _)) => images.len(),
            _ => 0,
        }
    })
}

/// Fills `*out` with version `image_index` of image elem `index`. Returns 0, or 6017 (NULL,
/// no such elem or version, not an image elem).
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_image(
    message: *const hark_message,
    index: usize,
    image_index: usize,
    out: *mut hark_image,
) -> i32 {
    ffi_boundary!(PANICKED, {
        fill(out, || match elem_at(message, index)? {
            (Elem::Image { images }, ElemCStrings::Image { images: strings, .. }) => {
                let (image, c) = (images.get(image_index)?, strings.get(image_index)?);
                Some(hark_image {
                    r#type: image.kind.v2tim(),
                    uuid: c.uuid.as_ptr(),
                    size: image.size,
                    width: image.width,
                    height: image.height,
                    url: c.url.as_ptr(),
                })
            }
            _ => None,
        })
    })
}

/// Fills `*out` with sound elem `index`. Returns 0, or 6017.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_sound(
    message: *const hark_message,
    index: usize,
    out: *mut hark_sound_elem,
) -> i32 {
    ffi_boundary!(PANICKED, {
        fill(out, || match elem_at(message, index)? {
            (Elem::Sound { size, duration, .. }, ElemCStrings::Sound { path, sound }) => {
                Some(hark_sound_elem {
                    path: path.as_ptr(),
                    uuid: sound.uuid.as_ptr(),
                    data_size: *size,
                    duration: *duration,
                    url: sound.url.as_ptr(),
                })
            }
            _ => None,
        })
    })
}

/// Fills `*out` with video elem `index`. Returns 0, or 6017.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_video(
    message: *const hark_message,
    index: usize,
    out: *mut hark_video_elem,
) -> i32 {
    ffi_boundary!(PANICKED, {
        fill(out, || match elem_at(message, index)? {
            (
                Elem::Video {
                    size, duration, snapshot_size, snapshot_width, snapshot_height, ..
                },
                ElemCStrings::Video { video_path, snapshot_path, video_type, video, snapshot },
            ) => Some(hark_video_elem {
                video_path: video_path.as_ptr(),
                snapshot_path: snapshot_path.as_ptr(),
                video_uuid: video.uuid.as_ptr(),
                video_size: *size,
                video_type: video_type.as_ptr(),
                duration: *duration,
                video_url: video.url.as_ptr(),
                snapshot_uuid: snapshot.uuid.as_ptr(),
                snapshot_size: *snapshot_size,
                snapshot_width: *snapshot_width,
                snapshot_height: *snapshot_height,
                snapshot_url: snapshot.url.as_ptr(),
            }),
            _ => None,
        })
    })
}

/// Fills `*out` with file elem `index`. Returns 0, or 6017.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_file(
    message: *const hark_message,
    index: usize,
    out: *mut hark_file_elem,
) -> i32 {
    ffi_boundary!(PANICKED, {
        fill(out, || match elem_at(message, index)? {
            (Elem::File { size, .. }, ElemCStrings::File { path, name, file }) => {
                Some(hark_file_elem {
                    path: path.as_ptr(),
                    uuid: file.uuid.as_ptr(),
                    file_name: name.as_ptr(),
                    file_size: *size,
                    url: file.url.as_ptr(),
                })
            }
            _ => None,
        })
    })
}

/// Fills `*out` with location elem `index`. Returns 0, or 6017.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_location(
    message: *const hark_message,
    index: usize,
    out: *mut hark_location_elem,
) -> i32 {
    ffi_boundary!(PANICKED, {
        fill(out, || match elem_at(message, index)? {
            (Elem::Location { longitude, latitude, .. }, ElemCStrings::Location { desc }) => {
                Some(hark_location_elem {
                    desc: desc.as_ptr(),
                    longitude: *longitude,
                    latitude: *latitude,
                })
            }
            _ => None,
        })
    })
}

/// Fills `*out` with face elem `index`. Returns 0, or 6017.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_face(
    message: *const hark_message,
    index: usize,
    out: *mut hark_face_elem,
) -> i32 {
    ffi_boundary!(PANICKED, {
        fill(out, || match elem_at(message, index)? {
            (Elem::Face { index, data }, _) => {
                Some(hark_face_elem { index: *index, data: bytes_ptr(data), data_len: data.len() })
            }
            _ => None,
        })
    })
}
