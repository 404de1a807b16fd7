//! Checks for group requests, made on the calling thread.

use hark_proto::{limits, Code};

use crate::message::validate::{check_new_group_id, check_user_id};

/// A checked `group_create` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewGroup {
    pub group_type: String,
    /// Empty: harkd assigns an id.
    pub group_id: String,
    pub name: String,
    pub members: Vec<String>,
}

impl NewGroup {
    pub fn new(
        group_type: &str,
        group_id: Option<&str>,
        name: &str,
        members: Vec<String>,
    ) -> Result<NewGroup, Code> {
        if !limits::GROUP_TYPES.contains(&group_type)
            || name.len() > limits::MAX_GROUP_NAME_BYTES
            || members.len() > limits::MAX_INITIAL_MEMBERS
        {
            return Err(Code::InvalidParameters);
        }
        let group_id = group_id.unwrap_or_default();
        if !group_id.is_empty() {
            check_new_group_id(group_id)?;
        }
        members.iter().try_for_each(|m| check_user_id(m))?;
        Ok(NewGroup {
            group_type: group_type.to_owned(),
            group_id: group_id.to_owned(),
            name: name.to_owned(),
            members,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_type_id_name_and_members() {
        let ok = NewGroup::new("Work", None, "team", vec!["bob".into()]).unwrap();
        assert!(ok.group_id.is_empty());
        assert_eq!(NewGroup::new("Private", None, "x", vec![]), Err(Code::InvalidParameters));
        assert_eq!(
            NewGroup::new("Public", None, &"n".repeat(101), vec![]),
            Err(Code::InvalidParameters)
        );
        assert_eq!(
            NewGroup::new("Public", Some("@TGS#x"), "x", vec![]),
            Err(Code::GroupInvalidGroupId)
        );
        assert_eq!(
            NewGroup::new("Public", Some("g1"), "x", vec!["a b".into()]),
            Err(Code::InvalidIdentifier)
        );
        assert_eq!(NewGroup::new("Meeting", Some(""), "x", vec![]).unwrap().group_id, "");
    }
}
