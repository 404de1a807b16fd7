//! Creating image, sound, video, file, location and face messages, and appending location
//! and face elems. Files are checked here (existence, size, image format), so the create call
//! itself returns their error; their bytes are read when the message is sent.

use std::ffi::c_char;

use hark_proto::Elem;

use crate::error::Code;
use crate::media::local;
use crate::message::{media, Message};

use super::args::{bytes_arg, owned_str_arg, str_arg};
use super::boundary::PANICKED;
use super::message::{append, create, hark_message, message_ref};

/// Creates an image message from a JPG, GIF, PNG, BMP or WebP file (recognised by its
/// content). Returns 0 and writes `*out`, or: 6017 NULL or invalid UTF-8; 7004 no such file,
/// or a folder; 7006 empty; 7005 over 28 MB; 6016 not an image. harkd makes the large and
/// thumbnail versions when the message is sent.
#[no_mangle]
pub unsafe extern "C" fn hark_create_image_message(
    image_path: *const c_char,
    out: *mut *mut hark_message,
) -> i32 {
    ffi_boundary!(PANICKED, {
        create(out, || local::image(str_arg(image_path)?).map(Message::with_files))
    })
}

/// Creates a sound message; `duration` in seconds. Errors as for images, without 6016.
#[no_mangle]
pub unsafe extern "C" fn hark_create_sound_message(
    sound_path: *const c_char,
    duration: u32,
    out: *mut *mut hark_message,
) -> i32 {
    ffi_boundary!(PANICKED, {
        create(out, || local::sound(str_arg(sound_path)?, duration).map(Message::with_files))
    })
}

/// Creates a video message: the video (at most 100 MB), its type (e.g. "mp4"), its duration
/// in seconds, and a snapshot image (checked like an image). Errors as for images.
#[no_mangle]
pub unsafe extern "C" fn hark_create_video_message(
    video_path: *const c_char,
    video_type: *const c_char,
    duration: u32,
    snapshot_path: *const c_char,
    out: *mut *mut hark_message,
) -> i32 {
    ffi_boundary!(PANICKED, {
        create(out, || {
            let (video, video_type) = (str_arg(video_path)?, str_arg(video_type)?);
            let snapshot = str_arg(snapshot_path)?;
            local::video(video, video_type, duration, snapshot).map(Message::with_files)
        })
    })
}

/// Creates a file message (at most 100 MB). `file_name` is the name the receiver sees; ""
/// takes the path's. Errors as for images, without 6016.
#[no_mangle]
pub unsafe extern "C" fn hark_create_file_message(
    file_path: *const c_char,
    file_name: *const c_char,
    out: *mut *mut hark_message,
) -> i32 {
    ffi_boundary!(PANICKED, {
        create(out, || {
            local::file(str_arg(file_path)?, str_arg(file_name)?).map(Message::with_files)
        })
    })
}

unsafe fn location_elem(desc: *const c_char, longitude: f64, latitude: f64) -> Result<Elem, Code> {
    media::location(owned_str_arg(desc)?, longitude, latitude)
}

unsafe fn face_elem(index: u32, data: *const u8, data_len: usize) -> Result<Elem, Code> {
    Ok(Elem::Face { index, data: bytes_arg(data, data_len)?.to_vec() })
}

/// Creates a location message: `desc` (NULL = empty), longitude -180..180 and latitude
/// -90..90 in degrees. Returns 0 and writes `*out`, or 6017 (out of range, NaN, invalid
/// UTF-8).
#[no_mangle]
pub unsafe extern "C" fn hark_create_location_message(
    desc: *const c_char,
    longitude: f64,
    latitude: f64,
    out: *mut *mut hark_message,
) -> i32 {
    ffi_boundary!(PANICKED, {
        create(out, || location_elem(desc, longitude, latitude).map(Message::new))
    })
}

/// Creates a face (sticker) message: an app-defined `index` and `data` (NULL when `data_len`
/// is 0), passed through unchanged. Returns 0 and writes `*out`, or 6017.
#[no_mangle]
pub unsafe extern "C" fn hark_create_face_message(
    index: u32,
    data: *const u8,
    data_len: usize,
    out: *mut *mut hark_message,
) -> i32 {
    ffi_boundary!(PANICKED, { create(out, || face_elem(index, data, data_len).map(Message::new)) })
}

/// Appends a location elem, under the rules of `hark_message_append_text`.
#[no_mangle]
pub unsafe extern "C" fn hark_message_append_location(
    message: *mut hark_message,
    desc: *const c_char,
    longitude: f64,
    latitude: f64,
) -> i32 {
    ffi_boundary!(PANICKED, { append(message, location_elem(desc, longitude, latitude)) })
}

/// Appends a face elem, under the rules of `hark_message_append_text`.
#[no_mangle]
pub unsafe extern "C" fn hark_message_append_face(
    message: *mut hark_message,
    index: u32,
    data: *const u8,
    data_len: usize,
) -> i32 {
    ffi_boundary!(PANICKED, { append(message, face_elem(index, data, data_len)) })
}

/// Appends a copy of elem `index` of `from` (any message, e.g. one made by a create call
/// only for this), like V2TIM's appendElem: only text, custom, face and location elems may
/// follow the first, so an image, sound, video or file elem is refused with 6017 and the
/// message is unchanged. Also 6017 for NULL or no such elem.
#[no_mangle]
pub unsafe extern "C" fn hark_message_append_elem(
    message: *mut hark_message,
    from: *const hark_message,
    index: usize,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let elem = message_ref(from).and_then(|m| m.elems().get(index)).cloned();
        append(message, elem.ok_or(Code::InvalidParameters))
    })
}
