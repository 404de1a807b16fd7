//! Error codes (Tencent's numbers, defined once in `hark_proto::Code`) and the failure value
//! that travels to `on_error` callbacks.

use std::borrow::Cow;

pub use hark_proto::Code;

/// What an `on_error` callback receives. The code is an `i32`, not a `Code`, because harkd may
/// pass through numbers this library does not know yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub code: i32,
    pub desc: Cow<'static, str>,
}

impl Failure {
    /// A failure with its own description, e.g. an `error` frame from harkd.
    pub fn new(code: i32, desc: impl Into<Cow<'static, str>>) -> Failure {
        Failure { code, desc: desc.into() }
    }

    /// A known code with a more specific description than the generic one.
    pub fn with_detail(code: Code, detail: impl std::fmt::Display) -> Failure {
        Failure::new(code as i32, format!("{}: {detail}", code.description()))
    }
}

impl From<Code> for Failure {
    fn from(code: Code) -> Failure {
        Failure { code: code as i32, desc: Cow::Borrowed(code.description()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_carry_code_and_description() {
        let f = Failure::from(Code::NetWaitAckTimeout);
        assert_eq!(f.code, 9520);
        assert_eq!(f.desc, Code::NetWaitAckTimeout.description());
        let f = Failure::with_detail(Code::NetDisconnect, "refused");
        assert_eq!(f.desc, "not connected to the server: refused");
    }
}
