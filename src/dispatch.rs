//! The dispatcher thread: the one thread that calls the application back.
//!
//! Events arrive over a channel and are handled one at a time, in the order they were posted.
//! The thread also owns the listener registry; adding and removing listeners are events too, so
//! they take effect in order with everything else and no lock is held while user code runs.
//! The thread ends when every sender is gone (the client, the engine and any unanswered
//! [`Reply`]), so it outlives every request and runs every `free_user_data`.

use std::io;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::conversation::{Conversation, Receipt};
use crate::error::{Code, Failure};
use crate::message::Message;

/// The end of a request: exactly one call, consuming the callback. Dropping the callback
/// afterwards releases the app's user data.
pub trait Completion<T>: Send {
    fn complete(self: Box<Self>, result: Result<T, Failure>);
}

/// V2TIMSDKListener's connection events.
pub trait ConnListener: Send {
    fn connecting(&mut self);
    fn connect_success(&mut self);
    fn connect_failed(&mut self, failure: &Failure);
    fn kicked_offline(&mut self);
    fn user_sig_expired(&mut self);
}

/// V2TIMAdvancedMsgListener.
pub trait MsgListener: Send {
    fn new_message(&mut self, message: &Message);
    fn c2c_read_receipts(&mut self, receipts: &[Receipt]);
    fn message_read_receipts(&mut self, receipts: &[hark_proto::MessageReceipt]);
}

/// V2TIMConversationListener.
pub trait ConvListener: Send {
    fn sync_server_start(&mut self);
    fn sync_server_finish(&mut self);
    fn sync_server_failed(&mut self);
    fn new_conversations(&mut self, convs: &[Conversation]);
    fn conversations_changed(&mut self, convs: &[Conversation]);
    fn total_unread_changed(&mut self, total: u64);
}

/// What the conversation listeners hear, in the order the engine saw it.
#[derive(Debug)]
pub enum ConvEvent {
    SyncStart,
    SyncFinish,
    SyncFailed,
    New(Vec<Conversation>),
    Changed(Vec<Conversation>),
    TotalUnread(u64),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnEvent {
    Connecting,
    ConnectSuccess,
    ConnectFailed(Failure),
    KickedOffline,
    UserSigExpired,
}

pub enum Event {
    /// A request's terminal callback, already bound to its result.
    Complete(Box<dyn FnOnce() + Send>),
    /// A progress callback of a request, posted before its terminal one.
    Progress(Box<dyn FnOnce() + Send>),
    Conn(ConnEvent),
    /// Every message of one burst from harkd, in arrival order.
    NewMessages(Vec<Message>),
    C2cReadReceipts(Vec<Receipt>),
    /// New read counts of this user's messages sent with `need_read_receipt`.
    MessageReceipts(Vec<hark_proto::MessageReceipt>),
    Conv(ConvEvent),
    SetConnListener(Option<Box<dyn ConnListener>>),
    AddMsgListener(u64, Box<dyn MsgListener>),
    RemoveMsgListener(u64),
    AddConvListener(u64, Box<dyn ConvListener>),
    RemoveConvListener(u64),
}

/// The promise of one terminal callback. Whoever holds it must answer; if it is dropped
/// unanswered (the client was freed, the engine stopped), it answers 9508 itself, so the app
/// always gets exactly one callback, on the dispatcher thread.
pub struct Reply<T: Send + 'static> {
    completion: Option<Box<dyn Completion<T>>>,
    events: Sender<Event>,
}

impl<T: Send + 'static> Reply<T> {
    pub fn new(completion: Box<dyn Completion<T>>, events: Sender<Event>) -> Reply<T> {
        Reply { completion: Some(completion), events }
    }

    pub fn send(mut self, result: Result<T, Failure>) {
        if let Some(completion) = self.completion.take() {
            post(&self.events, completion, result);
        }
    }

    pub fn ok(self, value: T) {
        self.send(Ok(value));
    }

    pub fn fail(self, failure: impl Into<Failure>) {
        self.send(Err(failure.into()));
    }
}

impl<T: Send + 'static> Drop for Reply<T> {
    fn drop(&mut self) {
        if let Some(completion) = self.completion.take() {
            let failure = Failure::with_detail(Code::NetDisconnect, "the client was freed");
            post(&self.events, completion, Err(failure));
        }
    }
}

fn post<T: Send + 'static>(
    events: &Sender<Event>,
    completion: Box<dyn Completion<T>>,
    result: Result<T, Failure>,
) {
    // The dispatcher outlives every sender, so this only fails if it panicked; the callback is
    // then released here rather than leaked.
    let _ = events.send(Event::Complete(Box::new(move || completion.complete(result))));
}

/// Reports a request's progress (uploads, downloads) on the dispatcher thread. Whoever holds
/// it reports only before the request's [`Reply`] answers, so progress never follows the
/// terminal callback.
pub struct Progress<P> {
    report: Arc<dyn Fn(P) + Send + Sync>,
    events: Sender<Event>,
}

impl<P: Send + 'static> Progress<P> {
    pub fn new(report: Arc<dyn Fn(P) + Send + Sync>, events: Sender<Event>) -> Progress<P> {
        Progress { report, events }
    }

    pub fn report(&self, value: P) {
        let report = Arc::clone(&self.report);
        let _ = self.events.send(Event::Progress(Box::new(move || report(value))));
    }
}

#[derive(Default)]
struct Listeners {
    conn: Option<Box<dyn ConnListener>>,
    msg: Vec<(u64, Box<dyn MsgListener>)>,
    conv: Vec<(u64, Box<dyn ConvListener>)>,
}

impl Listeners {
    fn handle(&mut self, event: Event) {
        match event {
            Event::Complete(run) | Event::Progress(run) => run(),
            Event::Conn(conn) => self.conn_event(&conn),
            Event::NewMessages(messages) => {
                for message in &messages {
                    for (_, listener) in &mut self.msg {
                        listener.new_message(message);
                    }
                }
            }
            Event::C2cReadReceipts(receipts) => {
                for (_, listener) in &mut self.msg {
                    listener.c2c_read_receipts(&receipts);
                }
            }
            Event::MessageReceipts(receipts) => {
                for (_, listener) in &mut self.msg {
                    listener.message_read_receipts(&receipts);
                }
            }
            Event::Conv(event) => {
                for (_, listener) in &mut self.conv {
                    conv_event(listener.as_mut(), &event);
                }
            }
            Event::SetConnListener(listener) => self.conn = listener,
            Event::AddMsgListener(id, listener) => self.msg.push((id, listener)),
            Event::RemoveMsgListener(id) => self.msg.retain(|(have, _)| *have != id),
            Event::AddConvListener(id, listener) => self.conv.push((id, listener)),
            Event::RemoveConvListener(id) => self.conv.retain(|(have, _)| *have != id),
        }
    }

    fn conn_event(&mut self, event: &ConnEvent) {
        let Some(listener) = self.conn.as_mut() else { return };
        match event {
            ConnEvent::Connecting => listener.connecting(),
            ConnEvent::ConnectSuccess => listener.connect_success(),
            ConnEvent::ConnectFailed(failure) => listener.connect_failed(failure),
            ConnEvent::KickedOffline => listener.kicked_offline(),
            ConnEvent::UserSigExpired => listener.user_sig_expired(),
        }
    }
}

fn conv_event(listener: &mut dyn ConvListener, event: &ConvEvent) {
    match event {
        ConvEvent::SyncStart => listener.sync_server_start(),
        ConvEvent::SyncFinish => listener.sync_server_finish(),
        ConvEvent::SyncFailed => listener.sync_server_failed(),
        ConvEvent::New(convs) => listener.new_conversations(convs),
        ConvEvent::Changed(convs) => listener.conversations_changed(convs),
        ConvEvent::TotalUnread(total) => listener.total_unread_changed(*total),
    }
}

/// Starts the dispatcher thread; it runs until every sender of `events` is dropped, then
/// releases the listeners.
pub fn spawn(events: Receiver<Event>) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new().name("hark-dispatch".into()).spawn(move || {
        let mut listeners = Listeners::default();
        for event in events {
            // A panic in one event must not stop the thread that owes every later callback.
            let _ =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| listeners.handle(event)));
        }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{channel, Sender};

    use super::*;

    struct Record(Sender<String>);

    impl Completion<u32> for Record {
        fn complete(self: Box<Self>, result: Result<u32, Failure>) {
            let text = match result {
                Ok(n) => format!("ok {n}"),
                Err(f) => format!("err {}", f.code),
            };
            self.0.send(text).unwrap();
        }
    }

    impl MsgListener for Record {
        fn new_message(&mut self, message: &Message) {
            self.0.send(format!("msg {}", message.wire().msg_id)).unwrap();
        }

        fn c2c_read_receipts(&mut self, receipts: &[Receipt]) {
            self.0.send(format!("read {}", receipts.len())).unwrap();
        }

        fn message_read_receipts(&mut self, receipts: &[hark_proto::MessageReceipt]) {
            self.0.send(format!("receipts {}", receipts.len())).unwrap();
        }
    }

    impl Drop for Record {
        fn drop(&mut self) {
            let _ = self.0.send("freed".into());
        }
    }

    fn message(id: &str) -> Message {
        let wire = hark_proto::Message { msg_id: id.into(), ..Default::default() };
        Message::received(wire, "me", &"http://h".into())
    }

    #[test]
    fn events_run_in_order_and_every_callback_is_released_once() {
        let (events, rx) = channel();
        let (seen, log) = channel();
        let thread = spawn(rx).unwrap();
        Reply::new(Box::new(Record(seen.clone())), events.clone()).ok(1);
        events.send(Event::AddMsgListener(1, Box::new(Record(seen.clone())))).unwrap();
        events.send(Event::NewMessages(vec![message("a"), message("b")])).unwrap();
        events.send(Event::RemoveMsgListener(1)).unwrap();
        events.send(Event::NewMessages(vec![message("c")])).unwrap();
        drop(Reply::<u32>::new(Box::new(Record(seen)), events.clone()));
        drop(events);
        thread.join().unwrap();
        let log: Vec<String> = log.iter().collect();
        assert_eq!(log, ["ok 1", "freed", "msg a", "msg b", "freed", "err 9508", "freed"]);
    }
}
