//! V2TIMOfflinePushInfo as a C struct, in both directions.

use std::ffi::c_char;

use hark_proto::OfflinePushInfo;

use crate::error::Code;

use super::args::owned_str_arg;
use super::boundary::PANICKED;
use super::message::{handle_ref, hark_message};

/// Offline push settings of a message. Strings in are copied (NULL = empty); strings out are
/// never NULL and borrowed from the message, valid until it is freed or changed.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct hark_offline_push_info {
    pub title: *const c_char,
    pub desc: *const c_char,
    pub ext: *const c_char,
    pub disable_push: bool,
    pub ios_sound: *const c_char,
    pub ignore_ios_badge: bool,
    pub ios_push_type: i32,
    pub android_sound: *const c_char,
    pub android_oppo_channel_id: *const c_char,
    pub android_fcm_channel_id: *const c_char,
    pub android_xiaomi_channel_id: *const c_char,
    pub android_vivo_classification: i32,
    pub android_huawei_category: *const c_char,
}

/// Copies the app's struct; NULL means "no push settings".
pub(super) unsafe fn read_push_info(
    info: *const hark_offline_push_info,
) -> Result<Option<OfflinePushInfo>, Code> {
    let Some(info) = info.as_ref() else { return Ok(None) };
    Ok(Some(OfflinePushInfo {
        title: owned_str_arg(info.title)?,
        desc: owned_str_arg(info.desc)?,
        ext: owned_str_arg(info.ext)?,
        disable_push: info.disable_push,
        ios_sound: owned_str_arg(info.ios_sound)?,
        ignore_ios_badge: info.ignore_ios_badge,
        ios_push_type: info.ios_push_type,
        android_sound: owned_str_arg(info.android_sound)?,
        android_oppo_channel_id: owned_str_arg(info.android_oppo_channel_id)?,
        android_fcm_channel_id: owned_str_arg(info.android_fcm_channel_id)?,
        android_xiaomi_channel_id: owned_str_arg(info.android_xiaomi_channel_id)?,
        android_vivo_classification: info.android_vivo_classification,
        android_huawei_category: owned_str_arg(info.android_huawei_category)?,
    }))
}

/// Fills `*out` with the message's push settings (all empty when it has none). Returns 0, or
/// 6017 when an argument is NULL.
#[no_mangle]
pub unsafe extern "C" fn hark_message_get_offline_push_info(
    message: *const hark_message,
    out: *mut hark_offline_push_info,
) -> i32 {
    ffi_boundary!(PANICKED, {
        let (Some(handle), Some(out)) = (handle_ref(message), out.as_mut()) else {
            return Code::InvalidParameters as i32;
        };
        let push = handle.message().push();
        let c = handle.c_push();
        *out = hark_offline_push_info {
            title: c.title.as_ptr(),
            desc: c.desc.as_ptr(),
            ext: c.ext.as_ptr(),
            disable_push: push.disable_push,
            ios_sound: c.ios_sound.as_ptr(),
            ignore_ios_badge: push.ignore_ios_badge,
            ios_push_type: push.ios_push_type,
            android_sound: c.android_sound.as_ptr(),
            android_oppo_channel_id: c.android_oppo_channel_id.as_ptr(),
            android_fcm_channel_id: c.android_fcm_channel_id.as_ptr(),
            android_xiaomi_channel_id: c.android_xiaomi_channel_id.as_ptr(),
            android_vivo_classification: push.android_vivo_classification,
            android_huawei_category: c.android_huawei_category.as_ptr(),
        };
        0
    })
}
