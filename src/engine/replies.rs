//! Frames from harkd: pushes, and answers matched to their request by `req`.

use hark_proto::ServerFrame;

use crate::conversation::{ConvPage, Conversation, Receipt};
use crate::dispatch::{ConnEvent, Event, Reply};
use crate::error::{Code, Failure};
use crate::message::{Ack, Message, Outgoing};

use super::outbox::{Pending, ReadReply};
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
            ServerFrame::ConvChanged { convs } => {
                let convs = self.conversations(convs);
                self.tell(convs);
            }
            ServerFrame::ConvDeleted { ids } => self.refreshed(&ids, Vec::new()),
            ServerFrame::ReceiptsChanged { receipts } => {
                self.post_arrived();
                let _ = self.events.send(Event::MessageReceipts(receipts));
            }
            ServerFrame::C2cRead { user, read_seq, time } => {
                self.post_arrived();
                let receipt = Receipt { user, read_seq, time };
                let _ = self.events.send(Event::C2cReadReceipts(vec![receipt]));
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
            (Pending::Read { reply, .. }, answer) => self.read_answered(reply, answer),
            (Pending::Done(reply), ServerFrame::Ok { .. }) => reply.ok(()),
            (Pending::GroupCreated(reply), ServerFrame::GroupCreated { group, .. }) => {
                reply.ok(group)
            }
            (Pending::Invited { members, reply }, ServerFrame::MemberResults { results, .. }) => {
                reply.ok(members.into_iter().zip(results).collect())
            }
            (Pending::ConvChanged { conv, reply }, ServerFrame::Ok { .. }) => {
                reply.ok(());
                self.conversation_changed(conv);
            }
            (Pending::SyncPage(_), ServerFrame::ConvList { convs, next, finished, .. }) => {
                let convs = self.conversations(convs);
                self.sync_page(convs, next, finished).await;
            }
            (Pending::ConvRefresh(asked), ServerFrame::ConvList { convs, .. }) => {
                let convs = self.conversations(convs);
                self.refreshed(&asked, convs);
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

    fn read_answered(&mut self, reply: ReadReply, answer: ServerFrame) {
        match (reply, answer) {
            (
                ReadReply::History(reply),
                ServerFrame::History { msgs, read_seq, peer_read_seq, .. },
            ) => {
                let base = &self.config.media.base;
                reply.ok(msgs
                    .into_iter()
                    .map(|m| {
                        Message::received(m, &self.session.user, base)
                            .with_read_marks(read_seq, peer_read_seq)
                    })
                    .collect());
            }
            (ReadReply::Members(reply), ServerFrame::GroupMembers { members, .. }) => {
                reply.ok(members)
            }
            (ReadReply::ConvPage(reply), ServerFrame::ConvList { convs, next, finished, .. }) => {
                reply.ok(ConvPage { convs: self.conversations(convs), next_seq: next, finished })
            }
            (ReadReply::Convs { ids, reply }, ServerFrame::ConvList { convs, .. }) => {
                let mut have = self.conversations(convs);
                // One per id asked, in order; an empty one where the user has none yet.
                let convs = ids
                    .iter()
                    .filter_map(|id| match have.iter().position(|c| c.id() == id) {
                        Some(at) => Some(have.swap_remove(at)),
                        None => Conversation::empty(id),
                    })
                    .collect();
                reply.ok(convs)
            }
            (ReadReply::UnreadTotal(reply), ServerFrame::UnreadTotal { count, .. }) => {
                reply.ok(count)
            }
            (ReadReply::Receipts(reply), ServerFrame::Receipts { receipts, .. }) => {
                reply.ok(receipts)
            }
            (reply, ServerFrame::Error { code, desc, .. }) => reply.fail(Failure::new(code, desc)),
            (reply, _) => reply
                .fail(Failure::with_detail(Code::Internal, "unexpected answer from the server")),
        }
    }

    /// harkd's conversations, for this user.
    fn conversations(&self, convs: Vec<hark_proto::Conversation>) -> Vec<Conversation> {
        let (me, base) = (&self.session.user, &self.config.media.base);
        convs.into_iter().map(|c| Conversation::received(c, me, base)).collect()
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
        let message = Message::sent(wire, files, ack.dropped, &self.config.media.base);
        self.conversations_touched(std::slice::from_ref(&message));
        reply.ok(message);
    }
}

/// A frame from harkd, or None for one this version does not understand.
pub fn decode_frame(text: &str) -> Option<ServerFrame> {
    serde_json::from_str(text).ok()
}
