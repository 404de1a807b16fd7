//! Login status and user: the only client state shared outside the engine thread, so API calls
//! can answer `hark_get_login_status` and check "logged in" without a round trip.

use std::sync::{Arc, Mutex, PoisonError};

/// V2TIMLoginStatus, with V2TIM's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum LoginStatus {
    Logined = 1,
    Logining = 2,
    Logout = 3,
}

#[derive(Debug)]
struct Snapshot {
    status: LoginStatus,
    /// Empty unless logged in, or logging in again after a lost connection.
    user: Arc<str>,
}

/// Written by the engine only; read by any thread.
#[derive(Clone, Debug)]
pub struct LoginState(Arc<Mutex<Snapshot>>);

impl Default for LoginState {
    fn default() -> LoginState {
        LoginState(Arc::new(Mutex::new(Snapshot { status: LoginStatus::Logout, user: "".into() })))
    }
}

impl LoginState {
    fn lock(&self) -> std::sync::MutexGuard<'_, Snapshot> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn status(&self) -> LoginStatus {
        self.lock().status
    }

    /// The logged-in user; `None` while logging in or logged out.
    pub fn user(&self) -> Option<Arc<str>> {
        let snapshot = self.lock();
        (snapshot.status == LoginStatus::Logined).then(|| Arc::clone(&snapshot.user))
    }

    /// Who sends: the logged-in user, also while the engine reconnects (sends made then wait
    /// for the new connection). `None` while logged out or in a first login.
    pub fn sender(&self) -> Option<Arc<str>> {
        let snapshot = self.lock();
        (!snapshot.user.is_empty()).then(|| Arc::clone(&snapshot.user))
    }

    pub(super) fn logined(&self, user: Arc<str>) {
        *self.lock() = Snapshot { status: LoginStatus::Logined, user };
    }

    pub(super) fn logining(&self) {
        *self.lock() = Snapshot { status: LoginStatus::Logining, user: "".into() };
    }

    /// The connection was lost and the engine logs `user` in again: V2TIM reports that as
    /// logging in.
    pub(super) fn reconnecting(&self, user: Arc<str>) {
        *self.lock() = Snapshot { status: LoginStatus::Logining, user };
    }

    pub(super) fn logout(&self) {
        *self.lock() = Snapshot { status: LoginStatus::Logout, user: "".into() };
    }
}
