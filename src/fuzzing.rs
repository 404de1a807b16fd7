//! Entry point for the fuzz targets in `fuzz/` and their corpus replay in `cargo test`; not
//! part of the API.

use std::mem::zeroed;
use std::ptr;
use std::sync::Arc;

use hark_proto::ServerFrame;

use crate::ffi::*;
use crate::message::Message;

/// Decodes `text` as the engine decodes a frame from harkd; the messages it carries become
/// received messages, as the engine makes them, and every C getter reads them.
pub fn server_frame(text: &str) {
    let msgs = match crate::engine::decode_frame(text) {
        Some(ServerFrame::Msg { msg, .. }) => vec![msg],
        Some(ServerFrame::History { msgs, .. }) => msgs,
        _ => return,
    };
    let base: Arc<str> = Arc::from("http://127.0.0.1:7000");
    for wire in msgs {
        let message = Message::received(wire, "alice", &base);
        // SAFETY: the handle borrows `message`, which outlives every call below.
        unsafe { read_everything(Handle::borrowed(&message).as_ptr()) };
    }
}

/// Calls every getter on every elem (and one past the end), then copies the message.
unsafe fn read_everything(m: *const hark_message) {
    hark_message_get_msg_id(m);
    hark_message_get_timestamp(m);
    hark_message_get_sender(m);
    hark_message_get_user_id(m);
    hark_message_get_group_id(m);
    hark_message_get_seq(m);
    hark_message_get_random(m);
    hark_message_get_status(m);
    hark_message_is_self(m);
    hark_message_is_dropped(m);
    hark_message_get_priority(m);
    let mut push: hark_offline_push_info = zeroed();
    hark_message_get_offline_push_info(m, &mut push);
    for t in 0..=hark_message_get_target_count(m) {
        hark_message_get_target(m, t);
    }
    let count = hark_message_get_elem_count(m);
    for i in 0..=count {
        hark_message_get_elem_type(m, i);
        hark_message_get_text(m, i);
        let mut len = 0;
        hark_message_get_custom_data(m, i, &mut len);
        hark_message_get_custom_desc(m, i);
        hark_message_get_custom_extension(m, i);
        hark_message_get_image_path(m, i);
        for v in 0..=hark_message_get_image_count(m, i) {
            let mut image: hark_image = zeroed();
            hark_message_get_image(m, i, v, &mut image);
        }
        let mut sound: hark_sound_elem = zeroed();
        hark_message_get_sound(m, i, &mut sound);
        let mut video: hark_video_elem = zeroed();
        hark_message_get_video(m, i, &mut video);
        let mut file: hark_file_elem = zeroed();
        hark_message_get_file(m, i, &mut file);
        let mut location: hark_location_elem = zeroed();
        hark_message_get_location(m, i, &mut location);
        let mut face: hark_face_elem = zeroed();
        hark_message_get_face(m, i, &mut face);
    }
    // Received elems copied into a new message, and the message into a targeted one.
    let mut grown = ptr::null_mut();
    if hark_create_text_message(c"x".as_ptr(), &mut grown) == 0 {
        for i in 0..count {
            hark_message_append_elem(grown, m, i);
        }
        hark_message_free(grown);
    }
    let receivers = [c"bob".as_ptr()];
    let mut targeted = ptr::null_mut();
    if hark_create_targeted_group_message(m, receivers.as_ptr(), 1, &mut targeted) == 0 {
        hark_message_free(targeted);
    }
    hark_message_free(hark_message_clone(m));
}
