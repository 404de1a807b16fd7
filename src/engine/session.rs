//! The session's life: login, logout, and every way a session ends (kicked, UserSig expired,
//! connection lost, timeout, client freed). Automatic reconnection will start from
//! `connection_lost`.

use hark_proto::{ClientFrame, PROTOCOL_VERSION};

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
            Phase::Connecting | Phase::LoggingIn | Phase::LoggingOut => {
                return reply.fail(Code::InProgress)
            }
        }
        self.user = user.into();
        self.phase = Phase::Connecting;
        self.login.logining();
        self.post(ConnEvent::Connecting);
        let connect = Connection::open(self.config.ws_url(), self.config.request_timeout);
        self.attempt = Some(Attempt { connect: Box::pin(connect), sig, reply });
    }

    pub(super) async fn on_connected(&mut self, result: Result<Connection, Failure>) {
        let Some(Attempt { sig, reply, .. }) = self.attempt.take() else { return };
        let conn = match result {
            Ok(conn) => conn,
            Err(failure) => {
                self.go_offline();
                self.post(ConnEvent::ConnectFailed(failure.clone()));
                return reply.fail(failure);
            }
        };
        self.conn = Some(conn);
        self.phase = Phase::LoggingIn;
        self.sig = sig.as_str().into();
        self.post(ConnEvent::ConnectSuccess);
        self.inbox = InboxCursor::resume(self.inbox_key());
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

    pub(super) async fn logged_in(&mut self, reply: Reply<()>) {
        self.phase = Phase::Online;
        self.login.logined(self.user.clone());
        self.restore_push_config().await;
        reply.ok(());
    }

    pub(super) async fn logout(&mut self, reply: Reply<()>) {
        match self.phase {
            Phase::Offline => reply.ok(()),
            Phase::LoggingOut => reply.fail(Code::InProgress),
            Phase::Connecting | Phase::LoggingIn => {
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
            Phase::Offline | Phase::Connecting => {}
            Phase::LoggingOut => self.end_session(None, failure).await,
            Phase::LoggingIn | Phase::Online => {
                self.end_session(Some(ConnEvent::ConnectFailed(failure.clone())), failure).await
            }
        }
    }

    pub(super) async fn timed_out(&mut self, pending: Pending) {
        let timeout = Failure::from(Code::NetWaitAckTimeout);
        match pending {
            Pending::Login(reply) => {
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

    /// Closes the connection and ends the session: `event` goes to the connection listener,
    /// then every request in flight fails with `failure`; a logout in flight succeeds.
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
        if let Some(attempt) = self.attempt.take() {
            attempt.reply.fail(failure.clone());
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
