//! The session's life: login, logout, and every way a session ends (kicked, UserSig expired,
//! connection lost, timeout, client freed). A lost connection of a logged-in session starts
//! a reconnect (`start_reconnect`): the backoff, a new connection, the same login again.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use hark_proto::{ClientFrame, PROTOCOL_VERSION};
use tokio::time::Instant;

use crate::dispatch::{ConnEvent, Reply};
use crate::error::{Code, Failure};

use super::command::encode;
use super::connection::Connection;
use super::inbox::{InboxCursor, InboxKey};
use super::outbox::Pending;
use super::{Attempt, Engine, Phase};

impl Engine {
    pub(super) async fn login(&mut self, user: String, sig: String, reply: Reply<()>) {
        match self.phase {
            Phase::Online if *self.user == *user => return reply.ok(()),
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
        self.user = user.into();
        self.login.logining();
        self.connect(sig, Some(reply));
    }

    /// Opens a connection for a login: the app's (`reply`), or a reconnect.
    fn connect(&mut self, sig: String, reply: Option<Reply<()>>) {
        self.phase = Phase::Connecting;
        self.post(ConnEvent::Connecting);
        let connect = Connection::open(
            self.config.ws_url(),
            self.config.tls.clone(),
            self.config.request_timeout,
        );
        self.attempt = Some(Attempt { connect: Box::pin(connect), sig, reply });
    }

    pub(super) async fn on_connected(&mut self, result: Result<Connection, Failure>) {
        let Some(Attempt { sig, reply, .. }) = self.attempt.take() else { return };
        let conn = match result {
            Ok(conn) => conn,
            Err(failure) if self.reconnecting => {
                self.post(ConnEvent::ConnectFailed(failure));
                return self.schedule_retry();
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
        self.conn = Some(conn);
        self.start_heartbeat();
        self.phase = Phase::LoggingIn;
        self.sig = sig.as_str().into();
        self.post(ConnEvent::ConnectSuccess);
        // A reconnect goes on from what this session has seen.
        if !self.reconnecting {
            self.inbox = InboxCursor::resume(self.inbox_key());
        }
        let req = self.outbox.next_req();
        let frame = ClientFrame::Login {
            req,
            ver: PROTOCOL_VERSION,
            sdkappid: self.config.sdk_app_id,
            user: self.user.to_string(),
            sig,
            platform: self.config.platform.to_string(),
            inbox: self.inbox.last(),
        };
        self.outbox.insert(req, Pending::Login(reply));
        self.write(encode(&frame)).await;
        self.flush().await;
    }

    pub(super) async fn logged_in(&mut self, reply: Option<Reply<()>>, sig_expire_at: i64) {
        self.phase = Phase::Online;
        self.sig_expire_at = sig_expire_at;
        self.backoff.reset();
        self.login.logined(self.user.clone());
        self.restore_push_config().await;
        if std::mem::take(&mut self.reconnecting) {
            // In their original order, before anything asked from now on.
            for text in self.outbox.resend_frames() {
                self.write(text).await;
            }
        }
        if let Some(reply) = reply {
            reply.ok(());
        }
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
        match self.phase {
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
                self.logout_req = Some(req);
                self.phase = Phase::LoggingOut;
                self.write(encode(&ClientFrame::Logout { req })).await;
            }
        }
    }

    /// harkd answered the logout (or the session ended while it was in flight).
    pub(super) async fn logged_out(&mut self, reply: Reply<()>) {
        self.logout_req = None;
        let failure = Failure::with_detail(Code::NetDisconnect, "logged out");
        self.end_session(None, failure).await;
        reply.ok(());
    }

    pub(super) async fn connection_lost(&mut self, failure: Failure) {
        match self.phase {
            Phase::Offline | Phase::Waiting | Phase::Connecting => {}
            Phase::LoggingOut => self.end_session(None, failure).await,
            // The app's own login fails; the app decides what next.
            Phase::LoggingIn if !self.reconnecting => {
                self.end_session(Some(ConnEvent::ConnectFailed(failure.clone())), failure).await
            }
            Phase::LoggingIn | Phase::Online => self.start_reconnect(failure),
        }
    }

    /// A logged-in session lost its connection. Sends and reads wait for the next one (their
    /// deadlines keep running); everything else fails with `failure`.
    fn start_reconnect(&mut self, failure: Failure) {
        self.post_arrived();
        // Remembered process-wide; the next login asks harkd to go on from here.
        let _ = self.inbox.take_ack();
        // Dropped, not closed: the socket is broken, a close handshake would only wait.
        self.conn = None;
        self.reconnecting = true;
        self.login.reconnecting(Arc::clone(&self.user));
        self.post(ConnEvent::ConnectFailed(failure.clone()));
        for lost in self.outbox.take_lost() {
            lost.fail(failure.clone());
        }
        let echoes: Vec<String> = self.outbox.send_ids().map(str::to_owned).collect();
        self.echoes.extend(echoes);
        self.schedule_retry();
    }

    fn schedule_retry(&mut self) {
        self.phase = Phase::Waiting;
        self.retry_at = Some(Instant::now() + self.backoff.next_delay());
    }

    /// The backoff is over: connect again, unless the UserSig has expired meanwhile.
    pub(super) async fn retry(&mut self) {
        self.retry_at = None;
        if self.sig_expired() {
            let failure = Failure::with_detail(Code::NetDisconnect, "UserSig expired");
            return self.end_session(Some(ConnEvent::UserSigExpired), failure).await;
        }
        let sig = self.sig.to_string();
        self.connect(sig, None);
    }

    fn sig_expired(&self) -> bool {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        self.sig_expire_at > 0 && i64::try_from(now).unwrap_or(i64::MAX) >= self.sig_expire_at
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
            other => other.fail(timeout),
        }
    }

    /// The client is being freed: every request still in flight fails, the logout included.
    pub(super) async fn shut_down(&mut self) {
        let failure = Failure::with_detail(Code::NetDisconnect, "the client was freed");
        if let Some(logout) = self.logout_req.take().and_then(|req| self.outbox.take(req)) {
            logout.fail(failure.clone());
        }
        self.end_session(None, failure).await;
    }

    /// Closes the connection and ends the session, a reconnect included: `event` goes to the
    /// connection listener, then every request in flight fails with `failure`; a logout in
    /// flight succeeds.
    pub(super) async fn end_session(&mut self, event: Option<ConnEvent>, failure: Failure) {
        self.post_arrived();
        let ack = self.inbox.take_ack();
        if let Some(mut conn) = self.conn.take() {
            if let Some(inbox) = ack {
                let _ = conn.feed(encode(&ClientFrame::RecvAck { inbox })).await;
            }
            conn.close().await;
        }
        self.go_offline();
        if let Some(event) = event {
            self.post(event);
        }
        if let Some(reply) = self.attempt.take().and_then(|attempt| attempt.reply) {
            reply.fail(failure.clone());
        }
        self.uploads.fail_all(&failure);
        let logout = self.logout_req.take().and_then(|req| self.outbox.take(req));
        for pending in self.outbox.take_all() {
            pending.fail(failure.clone());
        }
        if let Some(Pending::Logout(reply)) = logout {
            reply.ok(());
        }
    }

    fn go_offline(&mut self) {
        self.phase = Phase::Offline;
        self.user = "".into();
        self.sig = "".into();
        self.sig_expire_at = 0;
        self.reconnecting = false;
        self.retry_at = None;
        self.echoes.clear();
        self.backoff.reset();
        self.login.logout();
    }

    fn inbox_key(&self) -> InboxKey {
        InboxKey {
            server: self.config.server.clone(),
            sdk_app_id: self.config.sdk_app_id,
            user: self.user.to_string(),
        }
    }
}
