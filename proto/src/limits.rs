//! Limits that both sides enforce, with V2TIM's numbers.

/// Sum of every elem field's length in one message (V2TIM: "≤ 12k").
pub const MAX_BODY_BYTES: usize = 12 * 1024;
/// User ids: printable ASCII, at most 32 bytes.
pub const MAX_USER_ID_BYTES: usize = 32;
/// Group ids: printable ASCII, at most 48 bytes, no `@TGS#` prefix.
pub const MAX_GROUP_ID_BYTES: usize = 48;
/// Images and sounds (V2TIM: 28 MB).
pub const MAX_IMAGE_BYTES: u64 = 28 * 1024 * 1024;
pub const MAX_SOUND_BYTES: u64 = 28 * 1024 * 1024;
/// Videos and files (V2TIM: 100 MB).
pub const MAX_VIDEO_BYTES: u64 = 100 * 1024 * 1024;
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// Image versions harkd makes: the shorter side scaled to these (Tencent's rule); an
/// image whose shorter side is already at most that keeps its size.
pub const LARGE_SHORT_SIDE: u32 = 720;
pub const THUMB_SHORT_SIDE: u32 = 198;

/// Members one targeted group message may name.
pub const MAX_TARGETS: usize = 50;

/// Group names, bytes.
pub const MAX_GROUP_NAME_BYTES: usize = 100;
/// Members named at group creation.
pub const MAX_INITIAL_MEMBERS: usize = 500;
/// One WebSocket frame (V2TIM's 9522 limit).
pub const MAX_FRAME_BYTES: usize = 1024 * 1024;
/// Messages one history page may return.
pub const MAX_HISTORY_PAGE: u32 = 100;
/// Messages one read receipt request (report or query) may name.
pub const MAX_RECEIPT_MESSAGES: usize = 100;
/// msgIDs are made by the client; harkd refuses longer ones.
pub const MAX_MSG_ID_BYTES: usize = 64;

fn printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// 1..=32 bytes of printable ASCII, no spaces.
pub fn valid_user_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_USER_ID_BYTES && printable_ascii(s)
}

/// Ids harkd assigns to groups created without one start with this, as Tencent's do.
pub const ASSIGNED_GROUP_PREFIX: &str = "@TGS#";

/// An id an app may choose for a new group: 1..=48 bytes of printable ASCII, without the
/// reserved `@TGS#` prefix.
pub fn valid_new_group_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_GROUP_ID_BYTES
        && printable_ascii(s)
        && !s.starts_with(ASSIGNED_GROUP_PREFIX)
}

/// Any group's id: one an app chose, or one harkd assigned (`@TGS#` and a suffix).
pub fn valid_group_id(s: &str) -> bool {
    s.len() <= MAX_GROUP_ID_BYTES
        && valid_new_group_id(s.strip_prefix(ASSIGNED_GROUP_PREFIX).unwrap_or(s))
}

/// Group types with V2TIM's names.
pub const GROUP_TYPES: &[&str] = &["Work", "Public", "Meeting", "AVChatRoom", "Community"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(valid_user_id("alice"));
        assert!(valid_user_id(&"a".repeat(32)));
        assert!(!valid_user_id(&"a".repeat(33)));
        assert!(!valid_user_id(""));
        assert!(!valid_user_id("a b"));
        assert!(!valid_user_id("用户"));
        assert!(valid_group_id(&"g".repeat(48)));
        assert!(!valid_group_id(&"g".repeat(49)));
        assert!(!valid_new_group_id("@TGS#abc"));
        assert!(valid_group_id("@TGS#abc"));
        assert!(!valid_group_id("@TGS#"));
    }
}
