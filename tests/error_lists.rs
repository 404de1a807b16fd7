//! The error-code lists of the bindings against the one enum, `hark_proto::Code`.
//!
//! Java (`BaseConstants`), Objective-C (`TIMErrorCode.h`) and C++ (`V2TIMErrorCode.h`) each
//! name the codes with V2TIM's names. Every binding names every code of the enum, no more and
//! no less, each by the name `v2tim_name` gives and with the enum's number: a code libhark
//! reports has a name in every language an app is written in. C++ takes its numbers from
//! hark.h's `HARK_ERR_*` (generated from the enum; tests/header.rs keeps include/hark.h
//! current), so its entries are resolved through that header.

use hark_proto::Code;
use std::collections::BTreeMap;

const JAVA: &str =
    include_str!("../bindings/java/src/main/java/io/hark/imsdk/v2/BaseConstants.java");
const OBJC: &str = include_str!("../bindings/objc/include/TIMErrorCode.h");
const CPP: &str = include_str!("../include/v2tim/V2TIMErrorCode.h");
const HEADER: &str = include_str!("../include/hark.h");

/// V2TIM's name for each code (Tencent's V2TIMErrorCode.h, spelling included). Tencent has no
/// 6999 and uses 70398 for another meaning, so those two carry Hark's own `ERR_HARK_` names.
/// The match has no wildcard: a new code does not compile until it is named here.
fn v2tim_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "ERR_SUCC",
        Code::UploadFailed => "ERR_FILE_TRANS_UPLOAD_FAILED",
        Code::NotInitialized => "ERR_SDK_NOT_INITIALIZED",
        Code::NotLoggedIn => "ERR_SDK_NOT_LOGGED_IN",
        Code::InProgress => "ERR_IN_PROGESS",
        Code::InvalidMsgElem => "ERR_INVALID_MSG_ELEM",
        Code::InvalidParameters => "ERR_INVALID_PARAMETERS",
        Code::IoOperationFailed => "ERR_IO_OPERATION_FAILED",
        Code::InvalidIdentifier => "ERR_SDK_COMM_INVALID_IDENTIFIER",
        Code::FileNotFound => "ERR_SDK_COMM_FILE_NOT_FOUND",
        Code::FileTooLarge => "ERR_SDK_COMM_FILE_TOO_LARGE",
        Code::FileSizeEmpty => "ERR_SDK_COMM_FILE_SIZE_EMPTY",
        Code::ApiCallFrequencyLimit => "ERR_SDK_COMM_API_CALL_FREQUENCY_LIMIT",
        Code::MsgBodySizeLimit => "ERR_SDK_MSG_BODY_SIZE_LIMIT",
        Code::NetFreqLimit => "ERR_SDK_NET_FREQ_LIMIT",
        Code::NetDisconnect => "ERR_SDK_NET_DISCONNECT",
        Code::NetWaitAckTimeout => "ERR_SDK_NET_WAIT_ACK_TIMEOUT",
        Code::NetPkgSizeLimit => "ERR_SDK_NET_PKG_SIZE_LIMIT",
        Code::GroupInvalidParameters => "ERR_SVR_GROUP_INVALID_PARAMETERS",
        Code::GroupPermissionDeny => "ERR_SVR_GROUP_PERMISSION_DENY",
        Code::GroupOwnerCannotQuit => "ERR_SVR_GROUP_SUPER_NOT_ALLOW_QUIT",
        Code::GroupNotFound => "ERR_SVR_GROUP_NOT_FOUND",
        Code::GroupAlreadyMember => "ERR_SVR_GROUP_ALLREADY_MEMBER",
        Code::GroupFullMemberCount => "ERR_SVR_GROUP_FULL_MEMBER_COUNT",
        Code::GroupInvalidGroupId => "ERR_SVR_GROUP_INVALID_GROUPID",
        Code::GroupIdInUse => "ERR_SVR_GROUP_GROUPID_IN_USED",
        Code::GroupSendMsgFreqLimit => "ERR_SVR_GROUP_SEND_MSG_FREQ_LIMIT",
        Code::MsgInvalidId => "ERR_SVR_MSG_INVALID_ID",
        Code::UserSigExpired => "ERR_SVR_ACCOUNT_USERSIG_EXPIRED",
        Code::UserSigInvalid => "ERR_SVR_ACCOUNT_USERSIG_CHECK_FAILED",
        Code::UserSigIdentifierMismatch => "ERR_SVR_ACCOUNT_USERSIG_MISMATCH_ID",
        Code::UserSigAppIdMismatch => "ERR_SVR_ACCOUNT_USERSIG_MISMATCH_SDKAPPID",
        Code::ProtocolVersion => "ERR_HARK_PROTOCOL_VERSION",
        Code::SensitiveText => "ERR_SVR_COMM_SENSITIVE_TEXT",
        Code::ServerBodySizeLimit => "ERR_SVR_COMM_BODY_SIZE_LIMIT",
        Code::ResNotFound => "ERR_SVR_RES_NOT_FOUND",
        Code::Internal => "ERR_HARK_INTERNAL",
    }
}

/// `NAME = VALUE` entries of `text`, one a line, after `prefix` on the line (Java's
/// `public static final int `), with the value up to `,` or `;`; comment lines are skipped.
fn entries(text: &str, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix(prefix) else { continue };
        let Some((name, value)) = rest.split_once('=') else { continue };
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let value = value.split([',', ';']).next().unwrap_or_default().trim();
        out.push((name.to_owned(), value.to_owned()));
    }
    out
}

/// The body of `enum <name> { ... };` in `text`.
fn enum_body<'a>(text: &'a str, name: &str) -> &'a str {
    let open = format!("enum {name} {{");
    let start = text.find(&open).unwrap_or_else(|| panic!("no `{open}`")) + open.len();
    let len = text[start..].find("};").unwrap_or_else(|| panic!("`{open}` is not closed"));
    &text[start..start + len]
}

/// hark.h's `HARK_ERR_*` macros and their numbers.
fn header_codes() -> BTreeMap<String, i32> {
    HEADER
        .lines()
        .filter_map(|l| l.strip_prefix("#define HARK_ERR_"))
        .map(|rest| {
            let mut words = rest.split_whitespace();
            let name = format!("HARK_ERR_{}", words.next().unwrap());
            let number = words.next().and_then(|n| n.parse().ok());
            (name.clone(), number.unwrap_or_else(|| panic!("{name} has no number")))
        })
        .collect()
}

/// Each entry's name with its number, `number` turning a value into one; a name given twice
/// is an error.
fn numbered(
    list: &str,
    entries: Vec<(String, String)>,
    number: impl Fn(&str) -> Option<i32>,
) -> BTreeMap<String, i32> {
    let mut out = BTreeMap::new();
    for (name, value) in entries {
        let n = number(&value).unwrap_or_else(|| panic!("{list}: {name} = {value} is no code"));
        assert!(out.insert(name.clone(), n).is_none(), "{list}: {name} is named twice");
    }
    out
}

/// The list must name exactly the enum's codes, by V2TIM's names, with the enum's numbers.
fn check(list: &str, named: &BTreeMap<String, i32>) {
    let mut wrong = Vec::new();
    for &code in Code::ALL {
        let name = v2tim_name(code);
        match named.get(name) {
            Some(&n) if n == code as i32 => {}
            Some(&n) => {
                wrong.push(format!("{name} is {n}, the enum's {:?} is {}", code, code as i32))
            }
            None => wrong.push(format!("{name} ({}) is missing", code as i32)),
        }
    }
    for (name, n) in named {
        if !Code::ALL.iter().any(|&c| v2tim_name(c) == name) {
            wrong.push(format!("{name} = {n} names no code of hark_proto::Code"));
        }
    }
    assert!(wrong.is_empty(), "{list} disagrees with hark_proto::Code:\n  {}", wrong.join("\n  "));
}

#[test]
fn v2tim_names_are_distinct() {
    let mut seen = std::collections::HashSet::new();
    for &code in Code::ALL {
        assert!(seen.insert(v2tim_name(code)), "{} names two codes", v2tim_name(code));
    }
}

#[test]
fn java_base_constants_match_the_enum() {
    let named = numbered("BaseConstants.java", entries(JAVA, "public static final int "), |v| {
        v.parse().ok()
    });
    check("BaseConstants.java", &named);
}

#[test]
fn objc_error_codes_match_the_enum() {
    let named =
        numbered("TIMErrorCode.h", entries(enum_body(OBJC, "ERROR_CODE"), ""), |v| v.parse().ok());
    check("TIMErrorCode.h", &named);
}

#[test]
fn cpp_error_codes_match_the_enum() {
    let header = header_codes();
    let named = numbered("V2TIMErrorCode.h", entries(enum_body(CPP, "V2TIMErrorCode"), ""), |v| {
        header.get(v).copied()
    });
    check("V2TIMErrorCode.h", &named);
}
