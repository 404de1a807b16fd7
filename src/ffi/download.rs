//! Downloading the files of received (or sent) media elems to a local path.

use std::ffi::{c_char, c_void};
use std::path::PathBuf;
use std::sync::Arc;

use hark_proto::Elem;

use crate::dispatch::Completion;
use crate::error::{Code, Failure};
use crate::media::http::safe_id;

use super::args::str_arg;
use super::boundary::PANICKED;
use super::callbacks::{impl_user_data, report, Owned, UserDataPtr};
use super::client::{client_ref, hark_client, submit};
use super::message::{hark_message, message_ref};

/// Ends a download. `on_progress(current, total)` reports bytes written so far and the file's
/// size, whenever the percent grows, all before the terminal callback.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_download_callback {
    pub on_progress: Option<unsafe extern "C" fn(current: u64, total: u64, user_data: *mut c_void)>,
    pub on_success: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
    pub on_error:
        Option<unsafe extern "C" fn(code: i32, desc: *const c_char, user_data: *mut c_void)>,
    pub user_data: *mut c_void,
    pub free_user_data: Option<unsafe extern "C" fn(user_data: *mut c_void)>,
}

impl_user_data!(hark_download_callback);

impl Completion<()> for Owned<hark_download_callback> {
    fn complete(self: Box<Self>, result: Result<(), Failure>) {
        // SAFETY: a terminal call of the app's callback, once, on the dispatcher thread, as
        // for `hark_callback` (callbacks.rs).
        unsafe {
            match result {
                Ok(()) => {
                    if let Some(f) = self.0.on_success {
                        f(self.0.user_data);
                    }
                }
                Err(failure) => report(self.0.on_error, &failure, self.0.user_data),
            }
        }
    }
}

/// Which file of an elem to download.
enum Part {
    /// An image version by HARK_IMAGE_TYPE_*.
    Image(i32),
    Sound,
    Video,
    Snapshot,
    File,
}

impl Part {
    fn uuid(self, elem: &Elem) -> Option<&str> {
        match (self, elem) {
            (Part::Image(kind), Elem::Image { images }) => {
                images.iter().find(|i| i.kind.v2tim() == kind).map(|i| i.uuid.as_str())
            }
            (Part::Sound, Elem::Sound { uuid, .. })
            | (Part::Video, Elem::Video { uuid, .. })
            | (Part::Snapshot, Elem::Video { snapshot_uuid: uuid, .. })
            | (Part::File, Elem::File { uuid, .. }) => Some(uuid),
            _ => None,
        }
    }
}

unsafe fn download(
    client: *mut hark_client,
    message: *const hark_message,
    index: usize,
    part: Part,
    path: *const c_char,
    callback: hark_download_callback,
) -> i32 {
    let Some(client) = client_ref(client) else { return Code::NotInitialized as i32 };
    let progress = callback.on_progress.map(|on_progress| {
        let user_data = UserDataPtr(callback.user_data);
        // SAFETY: progress is reported on the dispatcher thread and only before the terminal
        // callback, so the user data is still the app's and on_progress may be called with it.
        let report =
            move |(current, total)| unsafe { on_progress(current, total, user_data.get()) };
        client.progress::<(u64, u64)>(Arc::new(report))
    });
    let checked = (|| {
        let elem = message_ref(message).and_then(|m| m.elems().get(index));
        // Not stored yet (no id), or another kind of elem.
        let uuid = elem.and_then(|e| part.uuid(e)).filter(|u| safe_id(u));
        let uuid = uuid.ok_or(Code::InvalidParameters)?.to_owned();
        let path = PathBuf::from(str_arg(path)?);
        if path.file_name().is_none() {
            return Err(Code::InvalidParameters);
        }
        client.check_logged_in()?;
        Ok((uuid, path))
    })();
    submit(client, callback, checked, |(uuid, path), reply| {
        client.download(uuid, path, reply, progress)
    })
}

/// Downloads version `image_type` (HARK_IMAGE_TYPE_*) of image elem `index` to `path`,
/// through a temporary file beside it that replaces `path` at the end. Returns 0, or the error
/// code (then nothing is called): 6013 NULL client; 6017 NULL, invalid UTF-8, no such elem or
/// version, or a message not sent yet; 6014 not logged in. Later errors: 6022 writing failed,
/// 9508 the connection failed, harkd's refusals (10007 not allowed to see the message, 114000
/// no such file).
#[no_mangle]
pub unsafe extern "C" fn hark_download_image(
    client: *mut hark_client,
    message: *const hark_message,
    index: usize,
    image_type: i32,
    path: *const c_char,
    callback: hark_download_callback,
) -> i32 {
    ffi_boundary!(PANICKED, {
        download(client, message, index, Part::Image(image_type), path, callback)
    })
}

/// Downloads the sound of sound elem `index`, like `hark_download_image`.
#[no_mangle]
pub unsafe extern "C" fn hark_download_sound(
    client: *mut hark_client,
    message: *const hark_message,
    index: usize,
    path: *const c_char,
    callback: hark_download_callback,
) -> i32 {
    ffi_boundary!(PANICKED, { download(client, message, index, Part::Sound, path, callback) })
}

/// Downloads the video of video elem `index`, like `hark_download_image`.
#[no_mangle]
pub unsafe extern "C" fn hark_download_video(
    client: *mut hark_client,
    message: *const hark_message,
    index: usize,
    path: *const c_char,
    callback: hark_download_callback,
) -> i32 {
    ffi_boundary!(PANICKED, { download(client, message, index, Part::Video, path, callback) })
}

/// Downloads the snapshot of video elem `index`, like `hark_download_image`.
#[no_mangle]
pub unsafe extern "C" fn hark_download_video_snapshot(
    client: *mut hark_client,
    message: *const hark_message,
    index: usize,
    path: *const c_char,
    callback: hark_download_callback,
) -> i32 {
    ffi_boundary!(PANICKED, { download(client, message, index, Part::Snapshot, path, callback) })
}

/// Downloads the file of file elem `index`, like `hark_download_image`.
#[no_mangle]
pub unsafe extern "C" fn hark_download_file(
    client: *mut hark_client,
    message: *const hark_message,
    index: usize,
    path: *const c_char,
    callback: hark_download_callback,
) -> i32 {
    ffi_boundary!(PANICKED, { download(client, message, index, Part::File, path, callback) })
}
