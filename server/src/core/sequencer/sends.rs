//! Sends: the checks a message passes, its dedupe by `(sender, msgID)`, its seq and log
//! position, its notifications, and its fan-out once committed. A stored message is one
//! row whoever its recipients; each online recipient gets the same encoded frame.

use std::time::Instant;

use hark_proto::limits::{self, valid_group_id, valid_user_id};
use hark_proto::{Code, Message, Priority};

use super::addressing::{self, Route};
use super::media_elem;
use super::state::Caches;
use super::unstored::FirstAck;
use super::{Apply, Effect, Fail};
use crate::core::request::{Answer, Origin};
use crate::store::write::{NewMessage, Sent};
use crate::store::{self, Batch};

impl Apply<'_, '_> {
    /// Stores and fans out a message. `admin`: a REST send, whose sender need not be a
    /// member. `owners`: whose uploads the message may name.
    pub(super) fn send(
        &mut self,
        from: &Origin,
        msg: &mut Message,
        admin: bool,
        owners: &[i64],
    ) -> Result<Answer, Fail> {
        let (tx, now) = (self.tx, self.now);
        check_message(msg)?;
        msg.sender = from.name.to_string();
        msg.time = now;
        msg.seq = 0;
        let mut route = addressing::route(tx, self.caches, from.app, from.user, msg, admin)?;
        // Only the first elem may carry media; text sends find none and touch no table.
        let media = media_elem::fill(tx, owners, &mut msg.elems[0])?;
        // A REST send as a user may name the administrator's uploads: the sender, whom the
        // message reaches too, may then download them (a group's, while a member).
        if owners.len() > 1
            && !route.ref_users.contains(&0)
            && !route.ref_users.contains(&from.user)
        {
            route.ref_users.push(from.user);
        }
        if !route.stored || msg.online_only {
            return self.send_unstored(from, msg, route, &media);
        }

        // A resend of a stored message gets the original ack and is not stored or sent
        // again; a msgID names one message, so one already used for another is refused.
        let dedupe_key = (from.user, std::mem::take(&mut msg.msg_id));
        let original = sent_before(tx, self.caches, &dedupe_key)?;
        let unstored_before = self.caches.unstored.get(&dedupe_key).is_some();
        msg.msg_id = dedupe_key.1.clone();
        if let Some(sent) = original {
            if sent.conv != route.conv {
                return Err(Code::InvalidParameters.into());
            }
            return Ok(sent_answer(msg, sent.seq, sent.time, sent.pos, false));
        }
        if unstored_before {
            return Err(Code::InvalidParameters.into());
        }
        if !admitted(self.caches, &route, msg.priority) {
            return Ok(sent_answer(msg, 0, now, 0, true));
        }
        add_media_refs(tx, &media, &route)?;

        msg.seq = self.caches.next_seq(tx, route.conv)?;
        let pos = self.caches.next_pos(tx)?;
        let body = serde_json::to_string(&*msg).expect("messages always serialize");
        tx.insert_message(&NewMessage {
            conv: route.conv,
            seq: msg.seq,
            pos,
            sender: from.user,
            msg_id: &msg.msg_id,
            time: now,
            targets: &route.targets,
            body: &body,
        })?;
        if msg.need_read_receipt {
            let readers = route.recipients.iter().filter(|&&u| u != from.user).count();
            tx.want_receipts(route.conv, msg.seq, from.user, readers as u64)?;
        }
        // Sending in a conversation reads it up to there, as on every chat app's home screen.
        self.caches.sent_in(route.conv, from.user, (msg.seq, pos, now));
        let sent = Sent { conv: route.conv, seq: msg.seq, time: now, pos };
        self.caches.sent.insert(dedupe_key, sent);
        let to = route.recipients;
        self.notifications.enqueue(tx, msg, from.user, &to)?;
        self.effects.push(Effect::Deliver { skip_session: from.session, to, pos, body });
        Ok(sent_answer(msg, msg.seq, now, pos, false))
    }

    /// Fans out an online-only or AVChatRoom message to whoever is online. Nothing is
    /// stored, so its msgID is remembered for a while instead: a resend gets the first
    /// ack and reaches nobody again.
    fn send_unstored(
        &mut self,
        from: &Origin,
        msg: &Message,
        route: Route,
        media: &[String],
    ) -> Result<Answer, Fail> {
        let (tx, now) = (self.tx, self.now);
        let key = (from.user, msg.msg_id.clone());
        if let Some(first) = self.caches.unstored.get(&key) {
            if first.conv != route.conv {
                return Err(Code::InvalidParameters.into());
            }
            return Ok(sent_answer(msg, 0, first.time, 0, first.dropped));
        }
        if sent_before(tx, self.caches, &key)?.is_some() {
            return Err(Code::InvalidParameters.into());
        }
        let dropped = !admitted(self.caches, &route, msg.priority);
        // Remembered in the batch's own transaction, so a restart remembers it too.
        tx.insert_unstored(from.user, &msg.msg_id, route.conv, now, dropped)?;
        self.caches.unstored.stage(key, FirstAck { conv: route.conv, time: now, dropped });
        if !dropped {
            add_media_refs(tx, media, &route)?;
            let body = serde_json::to_string(msg).expect("messages always serialize");
            let to = route.recipients;
            self.effects.push(Effect::Deliver { skip_session: from.session, to, pos: 0, body });
        }
        Ok(sent_answer(msg, 0, now, 0, dropped))
    }
}

/// Checks a message's shape; the sender's SDK checks the same, so this only refuses
/// clients that skipped it.
fn check_message(msg: &Message) -> Result<(), Code> {
    if msg.msg_id.is_empty() || msg.msg_id.len() > limits::MAX_MSG_ID_BYTES {
        return Err(Code::InvalidParameters);
    }
    // libhark's own rules, from the one function both sides use: the append rule, each
    // elem's fields (a location on Earth), the 12 KB body (answered as the server's 80002).
    msg.check_content().map_err(|c| match c {
        Code::MsgBodySizeLimit => Code::ServerBodySizeLimit,
        other => other,
    })?;
    if msg.group.is_empty() && msg.receiver.is_empty() {
        return Err(Code::InvalidParameters);
    }
    if !msg.group.is_empty() && !valid_group_id(&msg.group) {
        return Err(Code::GroupInvalidGroupId);
    }
    if !msg.receiver.is_empty() && !valid_user_id(&msg.receiver) {
        return Err(Code::MsgInvalidId);
    }
    Ok(())
}

/// How the sender's message with this msgID was stored, if it was: in the open batch or
/// before.
fn sent_before(tx: &Batch, caches: &Caches, key: &(i64, String)) -> store::Result<Option<Sent>> {
    match caches.sent.get(key) {
        Some(&hit) => Ok(Some(hit)),
        None => tx.find_sent(key.0, &key.1),
    }
}

/// Lets the message's audience download the media it names.
fn add_media_refs(tx: &Batch, media: &[String], route: &Route) -> store::Result<()> {
    for uuid in media {
        for &user in &route.ref_users {
            tx.insert_ref(uuid, route.ref_group, user)?;
        }
    }
    Ok(())
}

/// Whether the group's rate limit lets the message through. Tencent reports success for a
/// message its rate limit dropped; so do we (with `dropped` set).
fn admitted(caches: &mut Caches, route: &Route, priority: Priority) -> bool {
    match &route.limited {
        Some((grp, group_type)) => {
            caches.admission.admit(*grp, group_type, priority, Instant::now())
        }
        None => true,
    }
}

fn sent_answer(msg: &Message, seq: u64, time: i64, pos: u64, dropped: bool) -> Answer {
    Answer::Sent { msg_id: msg.msg_id.clone(), seq, time, pos, dropped }
}
