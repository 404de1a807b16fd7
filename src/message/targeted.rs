//! Targeted group messages (V2TIM's CreateTargetedGroupMessage): a group message that only
//! some members (and the sender) see.

use hark_proto::{limits, Code};

use super::validate::{check_user_id, Target};
use super::{Message, Status};

/// 1 to 50 valid user ids (else 6017, or 7003 for an invalid one); repeats count once.
pub fn check_targets(ids: Vec<String>) -> Result<Vec<String>, Code> {
    if ids.is_empty() || ids.len() > limits::MAX_TARGETS {
        return Err(Code::InvalidParameters);
    }
    let mut targets: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        check_user_id(&id)?;
        if !targets.contains(&id) {
            targets.push(id);
        }
    }
    Ok(targets)
}

/// A message created targeted goes to a group, with no receiver besides its targets.
pub fn check_addressing(message: &Message, target: &Target) -> Result<(), Code> {
    if !message.wire.targets.is_empty() && (target.group.is_empty() || !target.receiver.is_empty())
    {
        return Err(Code::InvalidParameters);
    }
    Ok(())
}

impl Message {
    /// A new, unsent copy of this message's content (elems, the sender's files and whether
    /// it wants read receipts) for `targets`, already checked by [`check_targets`].
    pub fn targeted(&self, targets: Vec<String>) -> Message {
        let wire = hark_proto::Message {
            elems: self.elems().to_vec(),
            targets,
            need_read_receipt: self.wire.need_read_receipt,
            ..Default::default()
        };
        let mut message = Message::from_parts(wire, Status::Sending, true, None);
        message.files = self.files.clone();
        message
    }

    /// The members a group message is for: its targets, or the one receiver of a group
    /// message sent with both a receiver and a group; empty for others.
    pub fn targets(&self) -> &[String] {
        let wire = &self.wire;
        if !wire.targets.is_empty() {
            &wire.targets
        } else if wire.is_group() && !wire.receiver.is_empty() {
            std::slice::from_ref(&wire.receiver)
        } else {
            &[]
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use hark_proto::{Elem, Priority};

    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("u{i}")).collect()
    }

    #[test]
    fn one_to_fifty_valid_ids() {
        assert_eq!(check_targets(Vec::new()), Err(Code::InvalidParameters));
        assert_eq!(check_targets(ids(51)), Err(Code::InvalidParameters));
        assert_eq!(check_targets(ids(50)).map(|t| t.len()), Ok(50));
        assert_eq!(check_targets(vec!["ok".into(), "a b".into()]), Err(Code::InvalidIdentifier));
        let deduped = check_targets(vec!["b".into(), "a".into(), "b".into()]);
        assert_eq!(deduped, Ok(vec!["b".to_owned(), "a".to_owned()]));
    }

    #[test]
    fn a_targeted_copy_is_new_and_goes_to_a_group_only() {
        let mut original = Message::new(Elem::Text { text: "hi".into() });
        original.set_need_read_receipt(true).unwrap();
        let base: Arc<str> = "http://h".into();
        let to_bob = Target::new(Some("bob"), None).unwrap();
        original.prepare_send("me", to_bob.clone(), Priority::Default, false, None, &base);

        let copy = original.targeted(vec!["bob".into(), "carol".into()]);
        assert!(copy.wire.msg_id.is_empty());
        assert!(copy.wire.need_read_receipt, "it wants receipts as the original did");
        assert_eq!(copy.elems(), original.elems());
        assert_eq!(copy.targets(), ["bob", "carol"]);

        let group = Target::new(None, Some("g")).unwrap();
        let both = Target::new(Some("bob"), Some("g")).unwrap();
        assert_eq!(check_addressing(&copy, &group), Ok(()));
        assert_eq!(check_addressing(&copy, &to_bob), Err(Code::InvalidParameters));
        assert_eq!(check_addressing(&copy, &both), Err(Code::InvalidParameters));
        assert_eq!(check_addressing(&original, &both), Ok(()));
    }

    #[test]
    fn a_group_message_with_a_receiver_has_that_one_target() {
        let mut m = Message::new(Elem::Text { text: "hi".into() });
        let base: Arc<str> = "http://h".into();
        let both = Target::new(Some("bob"), Some("g")).unwrap();
        m.prepare_send("me", both, Priority::Default, false, None, &base);
        assert_eq!(m.targets(), ["bob"]);
        let c2c = Target::new(Some("bob"), None).unwrap();
        m.prepare_send("me", c2c, Priority::Default, false, None, &base);
        assert!(m.targets().is_empty());
    }
}
