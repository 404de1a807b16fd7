//! The session's life: login, logout, and every way a session ends (kicked, UserSig expired,
//! connection lost, timeout, client freed). A lost connection of a logged-in session starts
//! a reconnect (`start_reconnect`): the backoff, a new connection, the same login again.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use hark_proto::{ClientFrame, PROTOCOL_VERSION};
use tokio::time::Instant;

use crate::dispatch::{ConnEvent, Reply};
use crate::error::{Code, Failure};

use super::command::encode;
use super::connection::Connection;
use super::log_cursor::LogKey;
use super::login_state::LoginState;
use super::outbox::Pending;
use super::reconnect::Backoff;
use super::Engine;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Phase {
    Offline,
    /// The connection was lost; waiting for the backoff before connecting again.
    Waiting,
    Connecting,
    /// Connected, `login` sent, waiting for `login_ok`.
    LoggingIn,
    Online,
    /// `logout` sent, waiting for its answer.
    LoggingOut,
}

/// A connection being opened for a login.
pub(super) struct Attempt {
    pub connect: Pin<Box<dyn Future<Output = Result<Connection, Failure>>>>,
    pub sig: String,
    /// The app's login; `None` when the engine reconnects by itself.
    pub reply: Option<Reply<()>>,
}

/// Who is logged in, or logging in, and how far that got.
pub(super) struct Session {
    pub phase: Phase,
    /// The status the API reads from other threads.
    pub login: LoginState,
    /// The user logged in, or logging in; empty when offline.
    pub user: Arc<str>,
    /// The UserSig of the session, for media requests and logging in again; empty when
    /// offline.
    pub sig: Arc<str>,
    /// When harkd said the UserSig expires (seconds since the epoch; 0: not known).
    pub sig_expire_at: i64,
    /// The session was lost and the engine is logging in again by itself.
    pub reconnecting: bool,
    pub backoff: Backoff,
    /// When the next reconnect attempt starts (phase `Waiting`).
    pub retry_at: Option<Instant>,
    pub attempt: Option<Attempt>,
    /// The `req` of the logout in flight, which ends with success when the session ends.
    pub logout_req: Option<u64>,
}

impl Session {
    pub fn new(login: LoginState) -> Session {
        Session {
            phase: Phase::Offline,
            login,
            user: "".into(),
            sig: "".into(),
            sig_expire_at: 0,
            reconnecting: false,
            backoff: Backoff::default(),
            retry_at: None,
            attempt: None,
            logout_req: None,
        }
    }

    fn schedule_retry(&mut self) {
        self.phase = Phase::Waiting;
        self.retry_at = Some(Instant::now() + self.backoff.next_delay());
    }

    fn sig_expired(&self) -> bool {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        self.sig_expire_at > 0 && i64::try_from(now).unwrap_or(i64::MAX) >= self.sig_expire_at
    }

    fn go_offline(&mut self) {
        self.phase = Phase::Offline;
        self.user = "".into();
        self.sig = "".into();
        self.sig_expire_at = 0;
        self.reconnecting = false;
        self.retry_at = None;
        self.backoff.reset();
        self.login.logout();
    }
}

impl Engine {
    pub(super) async fn login(&mut self, user: String, sig: String, reply: Reply<()>) {
        match self.session.phase {
            Phase::Online if *self.session.user == *user => return reply.ok(()),
            Phase::Online => {
                let failure = Failure::with_detail(Code::NetDisconnect, "another user logged in");
                self.end_session(None, failure).await;
            }
            Phase::Offline => {}
            // A reconnect is a login in progress too.
            Phase::Waiting | Phase::Connecting | Phase::LoggingIn | Phase::LoggingOut => {
                return reply.fail(Code::InProgress)
            }
        }
        self.session.user = user.into();
        self.session.login.logining();
        self.connect(sig, Some(reply));
    }

    /// Opens a connection for a login: the app's (`reply`), or a reconnect.
    fn connect(&mut self, sig: String, reply: Option<Reply<()>>) {
        self.session.phase = Phase::Connecting;
        self.post(ConnEvent::Connecting);
        let connect = Connection::open(
            self.config.ws_url(),
            self.config.tls.clone(),
            self.config.request_timeout,
        );
        self.session.attempt = Some(Attempt { connect: Box::pin(connect), sig, reply });
    }

    pub(super) async fn on_connected(&mut self, result: Result<Connection, Failure>) {
        let Some(Attempt { sig, reply, .. }) = self.session.attempt.take() else { return };
        let conn = match result {
            Ok(conn) => conn,
            Err(failure) if self.session.reconnecting => {
                self.post(ConnEvent::ConnectFailed(failure));
                return self.session.schedule_retry();
            }
            Err(failure) => {
                self.go_offline();
                self.post(ConnEvent::ConnectFailed(failure.clone()));
                if let Some(reply) = reply {
                    reply.fail(failure);
                }
                return;
            }
        };
        self.link.up(conn);
        self.session.phase = Phase::LoggingIn;
        self.session.sig = sig.as_str().into();
        self.post(ConnEvent::ConnectSuccess);
        // A reconnect goes on from what this session has seen.
        if !self.session.reconnecting {
            self.arrivals.resume(self.log_key());
        }
        let req = self.outbox.next_req();
        let frame = ClientFrame::Login {
            req,
            ver: PROTOCOL_VERSION,
            sdkappid: self.config.sdk_app_id,
            user: self.session.user.to_string(),
            sig,
            platform: self.config.platform.to_string(),
            pos: self.arrivals.last_seen(),
        };
        self.outbox.insert(req, Pending::Login(reply));
        self.write(encode(&frame)).await;
        self.flush().await;
    }

    pub(super) async fn logged_in(&mut self, reply: Option<Reply<()>>, sig_expire_at: i64) {
        self.session.phase = Phase::Online;
        self.session.sig_expire_at = sig_expire_at;
        self.session.backoff.reset();
        self.session.login.logined(self.session.user.clone());
        self.restore_push_config().await;
        if std::mem::take(&mut self.session.reconnecting) {
            // In their original order, before anything asked from now on.
            for text in self.outbox.resend_frames() {
                self.write(text).await;
            }
        }
        if let Some(reply) = reply {
            reply.ok(());
        }
        // After the login's callback: the listeners hear the sync start once logged in.
        self.start_sync().await;
    }

    /// harkd refused a login. The app's own login just fails; a reconnect stops, reporting
    /// why to the connection listener.
    pub(super) async fn login_refused(&mut self, reply: Option<Reply<()>>, refusal: Failure) {
        let failure = Failure::with_detail(Code::NetDisconnect, "login refused");
        let Some(reply) = reply else {
            let event = if refusal.code == Code::UserSigExpired as i32 {
                ConnEvent::UserSigExpired
            } else {
                ConnEvent::ConnectFailed(refusal)
            };
            return self.end_session(Some(event), failure).await;
        };
        // Logged out before the callback runs, so it sees the final status.
        self.end_session(None, failure).await;
        reply.fail(refusal);
    }

    pub(super) async fn logout(&mut self, reply: Reply<()>) {
        match self.session.phase {
            Phase::Offline => reply.ok(()),
            Phase::LoggingOut => reply.fail(Code::InProgress),
            Phase::Waiting | Phase::Connecting | Phase::LoggingIn => {
                let failure = Failure::with_detail(
                    Code::NetDisconnect,
                    "logged out before the login finished",
                );
                self.end_session(None, failure).await;
                reply.ok(());
            }
            Phase::Online => {
                let req = self.outbox.next_req();
                self.outbox.insert(req, Pending::Logout(reply));
                self.session.logout_req = Some(req);
                self.session.phase = Phase::LoggingOut;
                self.write(encode(&ClientFrame::Logout { req })).await;
            }
        }
    }

    /// harkd answered the logout (or the session ended while it was in flight).
    pub(super) async fn logged_out(&mut self, reply: Reply<()>) {
        self.session.logout_req = None;
        let failure = Failure::with_detail(Code::NetDisconnect, "logged out");
        self.end_session(None, failure).await;
        reply.ok(());
    }

    pub(super) async fn connection_lost(&mut self, failure: Failure) {
        match self.session.phase {
            Phase::Offline | Phase::Waiting | Phase::Connecting => {}
            Phase::LoggingOut => self.end_session(None, failure).await,
            // The app's own login fails; the app decides what next.
            Phase::LoggingIn if !self.session.reconnecting => {
                self.end_session(Some(ConnEvent::ConnectFailed(failure.clone())), failure).await
            }
            Phase::LoggingIn | Phase::Online => self.start_reconnect(failure),
        }
    }

    /// A logged-in session lost its connection. Sends and reads wait for the next one (their
    /// deadlines keep running); everything else fails with `failure`.
    fn start_reconnect(&mut self, failure: Failure) {
        self.post_arrived();
        // The broken connection cannot carry the ack; the next login asks harkd to go on
        // from here instead.
        let _ = self.arrivals.take_ack();
        self.link.drop_broken();
        self.session.reconnecting = true;
        self.session.login.reconnecting(Arc::clone(&self.session.user));
        self.post(ConnEvent::ConnectFailed(failure.clone()));
        for lost in self.outbox.take_lost() {
            lost.fail(failure.clone());
        }
        self.arrivals.expect_echoes(self.outbox.send_ids());
        self.session.schedule_retry();
    }

    /// The backoff is over: connect again, unless the UserSig has expired meanwhile.
    pub(super) async fn retry(&mut self) {
        self.session.retry_at = None;
        if self.session.sig_expired() {
            let failure = Failure::with_detail(Code::NetDisconnect, "UserSig expired");
            return self.end_session(Some(ConnEvent::UserSigExpired), failure).await;
        }
        let sig = self.session.sig.to_string();
        self.connect(sig, None);
    }

    pub(super) async fn timed_out(&mut self, pending: Pending) {
        let timeout = Failure::from(Code::NetWaitAckTimeout);
        match pending {
            // A reconnect's login: the connection is no good, try another.
            Pending::Login(None) => {
                let failure = Failure::with_detail(Code::NetDisconnect, "login timed out");
                self.connection_lost(failure).await;
            }
            Pending::Login(Some(reply)) => {
                let failure = Failure::with_detail(Code::NetDisconnect, "login timed out");
                self.end_session(None, failure).await;
                reply.fail(timeout);
            }
            Pending::Logout(reply) => self.logged_out(reply).await,
            sync @ Pending::SyncPage(_) => {
                self.sync_abandoned();
                sync.fail(timeout);
            }
            // Read again with the next page of changes.
            Pending::ConvRefresh(ids) => self.conversations_stale(ids),
            other => other.fail(timeout),
        }
    }

    /// The client is being freed: every request still in flight fails, the logout included.
    pub(super) async fn shut_down(&mut self) {
        let failure = Failure::with_detail(Code::NetDisconnect, "the client was freed");
        if let Some(logout) = self.session.logout_req.take().and_then(|req| self.outbox.take(req)) {
            logout.fail(failure.clone());
        }
        self.end_session(None, failure).await;
    }

    /// Closes the connection and ends the session, a reconnect included: `event` goes to the
    /// connection listener, then every request in flight fails with `failure`; a logout in
    /// flight succeeds.
    pub(super) async fn end_session(&mut self, event: Option<ConnEvent>, failure: Failure) {
        self.post_arrived();
        let ack = self.arrivals.take_ack();
        self.link.close(ack).await;
        self.go_offline();
        if let Some(event) = event {
            self.post(event);
        }
        if let Some(reply) = self.session.attempt.take().and_then(|attempt| attempt.reply) {
            reply.fail(failure.clone());
        }
        self.uploads.fail_all(&failure);
        let logout = self.session.logout_req.take().and_then(|req| self.outbox.take(req));
        for pending in self.outbox.take_all() {
            pending.fail(failure.clone());
        }
        if let Some(Pending::Logout(reply)) = logout {
            reply.ok(());
        }
    }

    fn go_offline(&mut self) {
        self.session.go_offline();
        self.arrivals.end_echoes();
    }

    fn log_key(&self) -> LogKey {
        LogKey {
            server: self.config.server.clone(),
            sdk_app_id: self.config.sdk_app_id,
            user: self.session.user.to_string(),
        }
    }
}
