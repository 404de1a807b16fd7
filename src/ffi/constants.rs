//! Enum values as `int32_t` constants with V2TIM's numbers, in the header's reading order:
//! login, messages, send, groups, conversations, media.

/// V2TIMLoginStatus.
pub const HARK_LOGIN_STATUS_LOGINED: i32 = 1;
pub const HARK_LOGIN_STATUS_LOGINING: i32 = 2;
pub const HARK_LOGIN_STATUS_LOGOUT: i32 = 3;

/// V2TIMMessageStatus.
pub const HARK_MSG_STATUS_SENDING: i32 = 1;
pub const HARK_MSG_STATUS_SEND_SUCC: i32 = 2;
pub const HARK_MSG_STATUS_SEND_FAIL: i32 = 3;
pub const HARK_MSG_STATUS_HAS_DELETED: i32 = 4;
pub const HARK_MSG_STATUS_LOCAL_IMPORTED: i32 = 5;
pub const HARK_MSG_STATUS_LOCAL_REVOKED: i32 = 6;

/// V2TIMElemType.
pub const HARK_ELEM_TYPE_NONE: i32 = 0;
pub const HARK_ELEM_TYPE_TEXT: i32 = 1;
pub const HARK_ELEM_TYPE_CUSTOM: i32 = 2;
pub const HARK_ELEM_TYPE_IMAGE: i32 = 3;
pub const HARK_ELEM_TYPE_SOUND: i32 = 4;
pub const HARK_ELEM_TYPE_VIDEO: i32 = 5;
pub const HARK_ELEM_TYPE_FILE: i32 = 6;
pub const HARK_ELEM_TYPE_LOCATION: i32 = 7;
pub const HARK_ELEM_TYPE_FACE: i32 = 8;
pub const HARK_ELEM_TYPE_GROUP_TIPS: i32 = 9;
pub const HARK_ELEM_TYPE_MERGER: i32 = 10;

/// V2TIMMessagePriority.
pub const HARK_PRIORITY_DEFAULT: i32 = 0;
pub const HARK_PRIORITY_HIGH: i32 = 1;
pub const HARK_PRIORITY_NORMAL: i32 = 2;
pub const HARK_PRIORITY_LOW: i32 = 3;

/// Bytes a msgID buffer needs, NUL included.
pub const HARK_MSG_ID_SIZE: usize = 64;

/// V2TIMGroupMemberRole.
pub const HARK_GROUP_MEMBER_ROLE_MEMBER: u32 = 200;
pub const HARK_GROUP_MEMBER_ROLE_ADMIN: u32 = 300;
pub const HARK_GROUP_MEMBER_ROLE_OWNER: u32 = 400;

/// V2TIMGroupMemberResult: what an invitation did to one user.
pub const HARK_GROUP_MEMBER_RESULT_FAIL: i32 = 0;
pub const HARK_GROUP_MEMBER_RESULT_SUCC: i32 = 1;
pub const HARK_GROUP_MEMBER_RESULT_INVALID: i32 = 2;
pub const HARK_GROUP_MEMBER_RESULT_PENDING: i32 = 3;
pub const HARK_GROUP_MEMBER_RESULT_OVERLIMIT: i32 = 4;

/// V2TIMConversationType.
pub const HARK_CONVERSATION_TYPE_C2C: i32 = 1;
pub const HARK_CONVERSATION_TYPE_GROUP: i32 = 2;

/// V2TIMImageType: the versions of an image.
pub const HARK_IMAGE_TYPE_ORIGIN: i32 = 1;
pub const HARK_IMAGE_TYPE_THUMB: i32 = 2;
pub const HARK_IMAGE_TYPE_LARGE: i32 = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::LoginStatus;
    use crate::message::Status;

    #[test]
    fn constants_match_the_model() {
        assert_eq!(HARK_MSG_STATUS_SENDING, Status::Sending as i32);
        assert_eq!(HARK_MSG_STATUS_SEND_SUCC, Status::SendSucc as i32);
        assert_eq!(HARK_MSG_STATUS_SEND_FAIL, Status::SendFail as i32);
        assert_eq!(HARK_LOGIN_STATUS_LOGINED, LoginStatus::Logined as i32);
        assert_eq!(HARK_LOGIN_STATUS_LOGINING, LoginStatus::Logining as i32);
        assert_eq!(HARK_LOGIN_STATUS_LOGOUT, LoginStatus::Logout as i32);
        assert_eq!(HARK_MSG_ID_SIZE, hark_proto::limits::MAX_MSG_ID_BYTES);
        assert_eq!(HARK_CONVERSATION_TYPE_C2C, hark_proto::conversation::C2C as i32);
        assert_eq!(HARK_CONVERSATION_TYPE_GROUP, hark_proto::conversation::GROUP as i32);
        for (priority, n) in [
            (hark_proto::Priority::Default, HARK_PRIORITY_DEFAULT),
            (hark_proto::Priority::High, HARK_PRIORITY_HIGH),
            (hark_proto::Priority::Normal, HARK_PRIORITY_NORMAL),
            (hark_proto::Priority::Low, HARK_PRIORITY_LOW),
        ] {
            assert_eq!(priority.v2tim(), n);
        }
        let text = hark_proto::Elem::Text { text: String::new() };
        let custom =
            hark_proto::Elem::Custom { data: vec![], desc: String::new(), ext: String::new() };
        assert_eq!(text.v2tim_type(), HARK_ELEM_TYPE_TEXT);
        assert_eq!(custom.v2tim_type(), HARK_ELEM_TYPE_CUSTOM);
        let image = hark_proto::Elem::Image { images: vec![] };
        let face = hark_proto::Elem::Face { index: 0, data: vec![] };
        assert_eq!(image.v2tim_type(), HARK_ELEM_TYPE_IMAGE);
        assert_eq!(face.v2tim_type(), HARK_ELEM_TYPE_FACE);
        for (kind, n) in [
            (hark_proto::ImageKind::Origin, HARK_IMAGE_TYPE_ORIGIN),
            (hark_proto::ImageKind::Thumb, HARK_IMAGE_TYPE_THUMB),
            (hark_proto::ImageKind::Large, HARK_IMAGE_TYPE_LARGE),
        ] {
            assert_eq!(kind.v2tim(), n);
        }
    }
}
