//! V2TIMMessageStatus, with V2TIM's numbers.

/// The states a message handle of this library can be in. V2TIM's other states (deleted,
/// imported, revoked) belong to local storage, which Hark does not have yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Status {
    Sending = 1,
    SendSucc = 2,
    SendFail = 3,
}

impl Status {
    pub fn from_i32(n: i32) -> Status {
        match n {
            2 => Status::SendSucc,
            3 => Status::SendFail,
            _ => Status::Sending,
        }
    }
}
