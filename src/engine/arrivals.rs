//! Messages harkd pushes, on their way to the app: which ones are new (the inbox cursor, and
//! the echoes of this user's own sends replayed after a reconnect), gathered into bursts.

use std::collections::HashSet;
use std::sync::Arc;

use crate::message::Message;

use super::inbox::{InboxCursor, InboxKey};

#[derive(Default)]
pub struct Arrivals {
    inbox: InboxCursor,
    /// Messages of the current burst, posted as one event.
    burst: Vec<Message>,
    /// msgIDs of sends that were waiting when a connection broke. harkd may have stored them
    /// and replays them, as the user's own messages, right after the next login: those are
    /// echoes, not news. The replay ends before harkd's first answer, which ends this.
    echoes: HashSet<String>,
}

impl Arrivals {
    /// A new session of `key`'s user goes on from what this process has seen.
    pub fn resume(&mut self, key: InboxKey) {
        self.inbox = InboxCursor::resume(key);
    }

    /// The highest inbox number seen, for the login to ask harkd to go on from.
    pub fn last_seen(&self) -> u64 {
        self.inbox.last()
    }

    /// A message harkd pushed with inbox number `inbox`, for user `me`: kept for the burst
    /// unless it was seen already or is an echo.
    pub fn pushed(&mut self, inbox: u64, msg: hark_proto::Message, me: &str, base: &Arc<str>) {
        // Online-only messages are never stored: they take no part in the inbox numbering,
        // whatever number they came with.
        let inbox = if msg.online_only { 0 } else { inbox };
        if self.inbox.accept(inbox) && !self.is_echo(&msg, me) {
            self.burst.push(Message::received(msg, me, base));
        }
    }

    /// A replayed copy of this user's own send whose ack the broken connection lost.
    fn is_echo(&mut self, msg: &hark_proto::Message, me: &str) -> bool {
        !self.echoes.is_empty() && msg.sender == me && self.echoes.remove(&msg.msg_id)
    }

    /// The inbox number harkd gave one of this session's sends.
    pub fn own_send(&mut self, inbox: u64) {
        self.inbox.own_send(inbox);
    }

    /// The number to acknowledge, once per advance.
    pub fn take_ack(&mut self) -> Option<u64> {
        self.inbox.take_ack()
    }

    /// The burst so far, if it has any message.
    pub fn take_burst(&mut self) -> Option<Vec<Message>> {
        (!self.burst.is_empty()).then(|| std::mem::take(&mut self.burst))
    }

    /// Sends that were waiting when the connection broke: their replays are echoes.
    pub fn expect_echoes<'a>(&mut self, msg_ids: impl Iterator<Item = &'a str>) {
        self.echoes.extend(msg_ids.map(str::to_owned));
    }

    /// No echo can follow any more.
    pub fn end_echoes(&mut self) {
        self.echoes.clear();
    }
}
