//! Messages harkd pushes, on their way to the app: which ones are new (the log cursor, and
//! the echoes of this user's own sends replayed after a reconnect), gathered into bursts.

use std::collections::HashSet;
use std::sync::Arc;

use crate::message::Message;

use super::log_cursor::{LogCursor, LogKey};

#[derive(Default)]
pub struct Arrivals {
    log: LogCursor,
    /// Messages of the current burst, posted as one event.
    burst: Vec<Message>,
    /// msgIDs of sends that were waiting when a connection broke. harkd may have stored them
    /// and replays them, as the user's own messages, right after the next login: those are
    /// echoes, not news. The replay ends before harkd's first answer, which ends this.
    echoes: HashSet<String>,
}

impl Arrivals {
    /// A new session of `key`'s user goes on from what this process has seen.
    pub fn resume(&mut self, key: LogKey) {
        // The cursor left behind is remembered first: it may be the same user's.
        drop(std::mem::take(&mut self.log));
        self.log = LogCursor::resume(key);
    }

    /// The highest log position seen, for the login to ask harkd to go on from.
    pub fn last_seen(&self) -> u64 {
        self.log.last()
    }

    /// A message harkd pushed at log position `pos`, for user `me`: kept for the burst
    /// unless it was seen already or is an echo.
    pub fn pushed(&mut self, pos: u64, msg: hark_proto::Message, me: &str, base: &Arc<str>) {
        // Online-only messages are never stored: they take no part in the log, whatever
        // position they came with.
        let pos = if msg.online_only { 0 } else { pos };
        if self.log.accept(pos) && !self.is_echo(&msg, me) {
            self.burst.push(Message::received(msg, me, base));
        }
    }

    /// A replayed copy of this user's own send whose ack the broken connection lost.
    fn is_echo(&mut self, msg: &hark_proto::Message, me: &str) -> bool {
        !self.echoes.is_empty() && msg.sender == me && self.echoes.remove(&msg.msg_id)
    }

    /// The log position harkd gave one of this session's sends.
    pub fn own_send(&mut self, pos: u64) {
        self.log.own_send(pos);
    }

    /// The position to acknowledge, once per advance.
    pub fn take_ack(&mut self) -> Option<u64> {
        self.log.take_ack()
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
