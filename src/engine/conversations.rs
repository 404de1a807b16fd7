//! What the conversation listeners hear, while at least one is registered: a sync of the
//! whole list after each login (OnSyncServerStart, the conversations, OnSyncServerFinish),
//! then the conversations that pushes, own sends and changes touch, read again from harkd,
//! and the total unread count whenever it moves. Without a listener none of it runs, so a
//! client that does not show a list pays nothing for it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use hark_proto::conversation::MAX_PAGE;
use hark_proto::ClientFrame;

use crate::conversation::Conversation;
use crate::dispatch::{ConvEvent, Event};
use crate::message::Message;

use super::command::encode;
use super::outbox::{Pending, SyncFailed};
use super::session::Phase;
use super::Engine;

#[derive(Default)]
pub struct ConvWatch {
    watching: bool,
    /// Whose conversations `known` holds.
    user: Arc<str>,
    /// The unread count of each conversation the listeners were told about.
    known: HashMap<String, u64>,
    /// The conversations the sync in progress has seen so far; `None` when none runs.
    syncing: Option<HashSet<String>>,
    /// Whether a sync finished, so `known` is the whole list and its sum the total.
    complete: bool,
    /// The total last told.
    told_total: Option<u64>,
    /// Conversations to read again, and the request reading some of them now.
    stale: BTreeSet<String>,
    refresh_req: Option<u64>,
}

impl ConvWatch {
    /// The conversation a message stored in it belongs to, to read again.
    fn touched(&mut self, message: &Message) {
        if message.seq() == 0 {
            return;
        }
        self.stale.insert(message.conversation_id());
    }

    /// Splits `convs` into the ones the listeners have not seen and the ones they have, and
    /// remembers their unread counts.
    fn sort(&mut self, convs: Vec<Conversation>) -> (Vec<Conversation>, Vec<Conversation>) {
        let (mut new, mut changed) = (Vec::new(), Vec::new());
        for conv in convs {
            if let Some(seen) = self.syncing.as_mut() {
                seen.insert(conv.id().to_owned());
            }
            match self.known.insert(conv.id().to_owned(), conv.unread()) {
                None => new.push(conv),
                Some(_) => changed.push(conv),
            }
        }
        (new, changed)
    }

    /// The total to tell, when it is known and moved.
    fn total_to_tell(&mut self) -> Option<u64> {
        if !self.complete || self.syncing.is_some() {
            return None;
        }
        let total = self.known.values().sum();
        (self.told_total != Some(total)).then(|| {
            self.told_total = Some(total);
            total
        })
    }
}

impl Engine {
    /// A conversation listener was added (`true`, the first) or the last one removed.
    pub(super) async fn watch_conversations(&mut self, on: bool) {
        if on == self.convs.watching {
            return;
        }
        self.convs = ConvWatch { watching: on, ..ConvWatch::default() };
        if on && self.session.phase == Phase::Online {
            self.start_sync().await;
        }
    }

    /// Logged in: the listeners hear the whole list again. A login of another user than
    /// the one they heard about starts their list afresh.
    pub(super) async fn start_sync(&mut self) {
        if !self.convs.watching {
            return;
        }
        if self.convs.user != self.session.user {
            let user = Arc::clone(&self.session.user);
            self.convs = ConvWatch { watching: true, user, ..ConvWatch::default() };
        }
        self.post_conv(ConvEvent::SyncStart);
        self.convs.syncing = Some(HashSet::new());
        self.ask_sync_page(0).await;
    }

    async fn ask_sync_page(&mut self, next: u64) {
        let req = self.outbox.next_req();
        let frame = ClientFrame::ConvList { req, next, count: MAX_PAGE };
        self.outbox.insert(req, Pending::SyncPage(SyncFailed(self.events.clone())));
        self.write(encode(&frame)).await;
    }

    pub(super) async fn sync_page(&mut self, convs: Vec<Conversation>, next: u64, finished: bool) {
        if self.convs.syncing.is_none() {
            return;
        }
        // What the page shows is as new as what arrived before it; what arrived for the
        // conversations on pages already read is read again once the sync is over.
        for conv in &convs {
            self.convs.stale.remove(conv.id());
        }
        self.tell(convs);
        if !finished {
            return self.ask_sync_page(next).await;
        }
        let seen = self.convs.syncing.take().unwrap_or_default();
        // Those no longer on the list (deleted on another device) no longer count.
        self.convs.known.retain(|id, _| seen.contains(id));
        self.convs.complete = true;
        self.post_conv(ConvEvent::SyncFinish);
        self.tell_total();
        self.refresh_conversations().await;
    }

    /// The sync's page timed out: the list stays as the listeners last heard it until the
    /// next login syncs again.
    pub(super) fn sync_abandoned(&mut self) {
        self.convs.syncing = None;
    }

    /// Conversations harkd sent as they are now: after a change on another session, or read
    /// again here.
    pub(super) fn tell(&mut self, convs: Vec<Conversation>) {
        if !self.convs.watching {
            return;
        }
        let (new, changed) = self.convs.sort(convs);
        if !new.is_empty() {
            self.post_conv(ConvEvent::New(new));
        }
        if !changed.is_empty() {
            self.post_conv(ConvEvent::Changed(changed));
        }
        self.tell_total();
    }

    /// Conversations read again: those asked for and not sent are off the list (deleted).
    pub(super) fn refreshed(&mut self, asked: &[String], convs: Vec<Conversation>) {
        for id in asked {
            if !convs.iter().any(|c| c.id() == id) {
                self.convs.known.remove(id);
            }
        }
        self.tell(convs);
    }

    fn tell_total(&mut self) {
        if let Some(total) = self.convs.total_to_tell() {
            self.post_conv(ConvEvent::TotalUnread(total));
        }
    }

    /// Messages of the burst about to be posted change their conversations.
    pub(super) fn conversations_touched(&mut self, burst: &[Message]) {
        // Checked once per burst: without a listener the receive path pays nothing more.
        if !self.convs.watching {
            return;
        }
        for message in burst {
            self.convs.touched(message);
        }
    }

    /// This session's own change to `conv` (`None`: a read of all of them) was made.
    pub(super) fn conversation_changed(&mut self, conv: Option<String>) {
        if !self.convs.watching {
            return;
        }
        match conv {
            Some(id) => {
                self.convs.stale.insert(id);
            }
            None => {
                let unread = self.convs.known.iter().filter(|(_, &n)| n > 0);
                let ids: Vec<String> = unread.map(|(id, _)| id.clone()).collect();
                self.convs.stale.extend(ids);
            }
        }
    }

    /// Conversations whose reading again timed out: they are read again later.
    pub(super) fn conversations_stale(&mut self, ids: Vec<String>) {
        if self.convs.watching {
            self.convs.stale.extend(ids);
        }
    }

    /// Reads again, one page at a time, the conversations that changed.
    pub(super) async fn refresh_conversations(&mut self) {
        let in_flight = self.convs.refresh_req.is_some_and(|req| self.outbox.is_waiting(req));
        let syncing = self.convs.syncing.is_some();
        if in_flight
            || syncing
            || self.convs.stale.is_empty()
            || self.session.phase != Phase::Online
        {
            return;
        }
        let mut ids = Vec::new();
        while ids.len() < MAX_PAGE as usize {
            let Some(id) = self.convs.stale.pop_first() else { break };
            ids.push(id);
        }
        let req = self.outbox.next_req();
        let frame = encode(&ClientFrame::ConvGet { req, ids: ids.clone() });
        self.outbox.insert(req, Pending::ConvRefresh(ids));
        self.convs.refresh_req = Some(req);
        self.write(frame).await;
    }

    fn post_conv(&mut self, event: ConvEvent) {
        // Messages that arrived earlier are delivered first.
        self.post_arrived();
        let _ = self.events.send(Event::Conv(event));
    }
}
