//! Frames from harkd: pushes, and answers matched to their request by `req`.

use hark_proto::ServerFrame;

use crate::dispatch::{ConnEvent, Reply};
use crate::error::{Code, Failure};
use crate::message::{Ack, Message, Outgoing};

use super::outbox::Pending;
use super::Engine;

impl Engine {
    pub(super) async fn on_frame(&mut self, text: &str) {
        // A frame this version does not understand is skipped, not fatal: newer servers may
        // add pushes.
        let Some(frame) = decode_frame(text) else { return };
        match frame {
            ServerFrame::Msg { pos, msg } => {
                self.arrivals.pushed(pos, msg, &self.session.user, &self.config.media.base);
            }
            ServerFrame::Kicked {} => {
                let failure = Failure::with_detail(Code::NetDisconnect, "kicked offline");
                self.end_session(Some(ConnEvent::KickedOffline), failure).await;
            }
            ServerFrame::SigExpired {} => {
                let failure = Failure::with_detail(Code::NetDisconnect, "UserSig expired");
                self.end_session(Some(ConnEvent::UserSigExpired), failure).await;
            }
            answer => self.on_answer(answer).await,
        }
    }

    async fn on_answer(&mut self, answer: ServerFrame) {
        // Messages that arrived before this answer are delivered before its callback.
        self.post_arrived();
        // A late answer to a request that already timed out has nobody waiting for it.
        let Some(pending) = answer.req().and_then(|req| self.outbox.take(req)) else {
            return;
        };
        // harkd answers only after its login replay: no echo can follow.
        if !matches!(pending, Pending::Login(_)) {
            self.arrivals.end_echoes();
        }
        match (pending, answer) {
            (Pending::Login(reply), ServerFrame::LoginOk { sig_expire_at, .. }) => {
                self.logged_in(reply, sig_expire_at).await
            }
            (Pending::Login(reply), ServerFrame::Error { code, desc, .. }) => {
                self.login_refused(reply, Failure::new(code, desc)).await
            }
            (Pending::Logout(reply), _) => self.logged_out(reply).await,
            (
                Pending::Send { outgoing, reply },
                ServerFrame::SendAck { seq, time, pos, dropped, .. },
            ) => self.acked(outgoing, reply, Ack { seq, time, dropped }, pos),
            (Pending::History { reply, .. }, ServerFrame::History { msgs, .. }) => {
                let base = &self.config.media.base;
                reply.ok(msgs
                    .into_iter()
                    .map(|m| Message::received(m, &self.session.user, base))
                    .collect());
            }
            (Pending::Done(reply), ServerFrame::Ok { .. }) => reply.ok(()),
            (Pending::GroupCreated(reply), ServerFrame::GroupCreated { group, .. }) => {
                reply.ok(group)
            }
            (Pending::Members { reply, .. }, ServerFrame::GroupMembers { members, .. }) => {
                reply.ok(members)
            }
            (Pending::PushConfig { config, reply }, ServerFrame::Ok { .. }) => {
                self.push_config_saved(config, reply)
            }
            (pending, ServerFrame::Error { code, desc, .. }) => {
                pending.fail(Failure::new(code, desc))
            }
            (pending, _) => pending
                .fail(Failure::with_detail(Code::Internal, "unexpected answer from the server")),
        }
    }

    /// harkd acknowledged a send: the message succeeded, possibly dropped by the rate limit.
    fn acked(&mut self, outgoing: Box<Outgoing>, reply: Reply<Message>, ack: Ack, pos: u64) {
        let Outgoing { mut wire, track, files } = *outgoing;
        // Neither an online-only message nor a dropped one is stored: no seq, no log position.
        let stored = !wire.online_only && !ack.dropped;
        let ack = if stored { ack } else { Ack { seq: 0, ..ack } };
        if stored {
            self.arrivals.own_send(pos);
        }
        wire.sender = self.session.user.to_string();
        wire.seq = ack.seq;
        wire.time = ack.time;
        track.succeeded(ack);
        reply.ok(Message::sent(wire, files, ack.dropped, &self.config.media.base));
    }
}

/// A frame from harkd, or None for one this version does not understand.
pub fn decode_frame(text: &str) -> Option<ServerFrame> {
    serde_json::from_str(text).ok()
}
