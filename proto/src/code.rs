//! Error codes with Tencent's numbers (V2TIMErrorCode.h and the server error list).

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = $num:literal, $desc:literal; )*) => {
        /// Every error code Hark reports. The numbers are Tencent's, so apps that switch on
        /// V2TIM codes keep working.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(i32)]
        pub enum Code {
            $( $(#[$doc])* $name = $num, )*
        }

        impl Code {
            /// Every code, for tests and for generating other languages' tables.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// A readable, static description.
            pub fn description(self) -> &'static str {
                match self { $(Code::$name => $desc,)* }
            }

            /// The variant's name, e.g. `"NotLoggedIn"`; the C header derives `HARK_ERR_*` from it.
            pub fn name(self) -> &'static str {
                match self { $(Code::$name => stringify!($name),)* }
            }

            pub fn from_i32(n: i32) -> Option<Code> {
                match n { $($num => Some(Code::$name),)* _ => None }
            }
        }
    };
}

codes! {
    Ok = 0, "success";
    /// 6008: a media upload failed.
    UploadFailed = 6008, "file upload failed";
    /// 6013: the client handle is missing or was never initialized.
    NotInitialized = 6013, "SDK not initialized";
    /// 6014: the call needs a logged-in user.
    NotLoggedIn = 6014, "not logged in";
    /// 6015: the same operation is already running.
    InProgress = 6015, "operation already in progress";
    /// 6016: an elem is invalid for this message.
    InvalidMsgElem = 6016, "invalid message elem";
    /// 6017: a NULL, empty, malformed or out-of-range argument.
    InvalidParameters = 6017, "invalid parameters";
    /// 6022: a local file could not be read or written.
    IoOperationFailed = 6022, "I/O operation failed";
    /// 7003: user id empty, over 32 bytes, or not printable ASCII.
    InvalidIdentifier = 7003, "invalid user id: 1 to 32 bytes of printable ASCII";
    FileNotFound = 7004, "file not found";
    FileTooLarge = 7005, "file too large";
    FileSizeEmpty = 7006, "file is empty";
    ApiCallFrequencyLimit = 7008, "API called too often";
    /// 8001: the elems of one message add up to more than 12 KB.
    MsgBodySizeLimit = 8001, "message body over 12 KB";
    /// 9506: too many requests on this connection.
    NetFreqLimit = 9506, "request rate limit";
    /// 9508: the connection to harkd is down or was closed.
    NetDisconnect = 9508, "not connected to the server";
    /// 9520: harkd did not acknowledge in time.
    NetWaitAckTimeout = 9520, "timed out waiting for the server's acknowledgement";
    /// 9522: a frame over 1 MB.
    NetPkgSizeLimit = 9522, "packet over 1 MB";
    /// 10004: a group request with bad parameters.
    GroupInvalidParameters = 10004, "invalid group parameters";
    /// 10007: not allowed, for example not a member of the group.
    GroupPermissionDeny = 10007, "no permission: not a member, or not the owner";
    /// 10009: the owner cannot quit its own group.
    GroupOwnerCannotQuit = 10009, "the group owner cannot quit; dismiss the group instead";
    /// 10010: the group does not exist (or was dismissed).
    GroupNotFound = 10010, "group not found or dismissed";
    /// 10013: already a member.
    GroupAlreadyMember = 10013, "already a member of the group";
    /// 10014: the group has the most members its type allows (`[groups.max_members]`).
    GroupFullMemberCount = 10014, "the group is full";
    /// 10015: the group id is invalid.
    GroupInvalidGroupId = 10015, "invalid group id: 1 to 48 bytes of printable ASCII, no @TGS# prefix";
    /// 10021: the group id is taken.
    GroupIdInUse = 10021, "group id already in use";
    /// 10023: group send rate limit.
    GroupSendMsgFreqLimit = 10023, "group message rate limit";
    /// 20003: the receiver does not exist.
    MsgInvalidId = 20003, "invalid or unknown user id";
    /// 70001: UserSig expired.
    UserSigExpired = 70001, "UserSig expired";
    /// 70003: UserSig malformed or its signature does not verify.
    UserSigInvalid = 70003, "UserSig invalid";
    /// 70013: the UserSig was made for another user.
    UserSigIdentifierMismatch = 70013, "UserSig does not match the user id";
    /// 70014: the UserSig was made for another SDKAppID.
    UserSigAppIdMismatch = 70014, "UserSig does not match the SDKAppID";
    /// 70398: protocol version not supported.
    ProtocolVersion = 70398, "protocol version not supported by the server";
    /// 80001: text matched the server's word filter.
    SensitiveText = 80001, "text refused by the content filter";
    /// 80002: message body over the server's limit.
    ServerBodySizeLimit = 80002, "message body over the server's limit";
    /// 114000: no such upload or stored file (or not this user's).
    ResNotFound = 114000, "resource not found";
    /// 6999: an internal failure; the operation may be retried.
    Internal = 6999, "internal error";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.description(), *self as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &c in Code::ALL {
            assert!(seen.insert(c as i32), "duplicate {}", c as i32);
            assert_eq!(Code::from_i32(c as i32), Some(c));
            assert!(!c.description().is_empty());
        }
        assert_eq!(Code::from_i32(12345), None);
    }
}
