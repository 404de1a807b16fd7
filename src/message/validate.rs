//! Checks made on the calling thread, before a request reaches the engine, so the app gets
//! V2TIM's error code back from the call itself.

use hark_proto::{limits, Code};

/// 1 to 32 bytes of printable ASCII, else 7003.
pub fn check_user_id(id: &str) -> Result<(), Code> {
    if limits::valid_user_id(id) {
        Ok(())
    } else {
        Err(Code::InvalidIdentifier)
    }
}

/// An existing group's id: 1 to 48 bytes of printable ASCII, else 10015. Ids harkd assigns
/// start with `@TGS#`, as Tencent's do, so that prefix is allowed here.
pub fn check_group_id(id: &str) -> Result<(), Code> {
    if limits::valid_group_id(id) {
        Ok(())
    } else {
        Err(Code::GroupInvalidGroupId)
    }
}

/// An id the app chooses for a new group: like [`check_group_id`], but `@TGS#` is reserved
/// for ids harkd assigns.
pub fn check_new_group_id(id: &str) -> Result<(), Code> {
    if limits::valid_new_group_id(id) {
        Ok(())
    } else {
        Err(Code::GroupInvalidGroupId)
    }
}

/// A message about to be sent: proto's content rules, the ones harkd applies to it too
/// ([`hark_proto::Message::check_content`]): its elems add up to at most 12 KB (else 8001),
/// each elem is valid (a location's coordinates: 6017), media only first (6016).
pub fn check_content(msg: &hark_proto::Message) -> Result<(), Code> {
    msg.check_content()
}

/// A history page asks for 1 to 100 messages; more is clamped, 0 is 6017.
pub fn history_count(count: u32) -> Result<u32, Code> {
    if count == 0 {
        Err(Code::InvalidParameters)
    } else {
        Ok(count.min(limits::MAX_HISTORY_PAGE))
    }
}

/// Where a message goes: receiver only is C2C, group only is a group message, both is a
/// targeted group message seen only by that member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub receiver: String,
    pub group: String,
}

impl Target {
    /// `None` and `""` both mean "not given".
    pub fn new(receiver: Option<&str>, group: Option<&str>) -> Result<Target, Code> {
        let receiver = receiver.unwrap_or_default();
        let group = group.unwrap_or_default();
        if receiver.is_empty() && group.is_empty() {
            return Err(Code::InvalidParameters);
        }
        if !receiver.is_empty() {
            check_user_id(receiver)?;
        }
        if !group.is_empty() {
            check_group_id(group)?;
        }
        Ok(Target { receiver: receiver.to_owned(), group: group.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use hark_proto::Elem;

    use super::*;

    #[test]
    fn targets() {
        assert_eq!(Target::new(None, None), Err(Code::InvalidParameters));
        assert_eq!(Target::new(Some(""), Some("")), Err(Code::InvalidParameters));
        assert_eq!(Target::new(Some("a b"), None), Err(Code::InvalidIdentifier));
        assert_eq!(Target::new(Some(&"u".repeat(33)), None), Err(Code::InvalidIdentifier));
        assert_eq!(Target::new(None, Some("@TGS#")), Err(Code::GroupInvalidGroupId));
        assert_eq!(Target::new(None, Some("a b")), Err(Code::GroupInvalidGroupId));
        assert!(Target::new(None, Some("@TGS#19ab2")).is_ok());
        assert_eq!(Target::new(Some("bob"), Some(&"g".repeat(49))), Err(Code::GroupInvalidGroupId));
        let t = Target::new(Some("bob"), Some("g1")).unwrap();
        assert_eq!((t.receiver.as_str(), t.group.as_str()), ("bob", "g1"));
        let t = Target::new(None, Some("g1")).unwrap();
        assert!(t.receiver.is_empty());
    }

    #[test]
    fn assigned_group_ids_are_only_refused_for_new_groups() {
        assert_eq!(check_group_id("@TGS#abc"), Ok(()));
        assert_eq!(check_new_group_id("@TGS#abc"), Err(Code::GroupInvalidGroupId));
        assert_eq!(
            check_group_id(&format!("@TGS#{}", "g".repeat(44))),
            Err(Code::GroupInvalidGroupId)
        );
        assert_eq!(check_new_group_id("team"), Ok(()));
    }

    #[test]
    fn body_limit_counts_every_field() {
        let mut msg = hark_proto::Message {
            elems: vec![Elem::Text { text: "x".repeat(limits::MAX_BODY_BYTES) }],
            ..Default::default()
        };
        assert_eq!(check_content(&msg), Ok(()));
        msg.elems.push(Elem::Custom { data: vec![], desc: String::new(), ext: "e".into() });
        assert_eq!(check_content(&msg), Err(Code::MsgBodySizeLimit));
    }

    #[test]
    fn history_counts() {
        assert_eq!(history_count(0), Err(Code::InvalidParameters));
        assert_eq!(history_count(1), Ok(1));
        assert_eq!(history_count(100), Ok(100));
        assert_eq!(history_count(5000), Ok(100));
    }
}
