//! One client, as a typed API: what the C ABI (`ffi`) calls once it has checked and converted
//! its arguments. It owns the engine and dispatcher threads and the channels to them, and it
//! is the only place that builds engine commands and the engine's configuration.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use hark_proto::{GroupMember, OfflinePushInfo, Priority};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::conversation::{ConvChange, ConvPage, Conversation};
use crate::dispatch::{
    self, Completion, ConnListener, ConvListener, Event, MsgListener, Progress, Reply,
};
use crate::engine::{self, Command, Config, LoginState, LoginStatus, PushConfig, Request};
use crate::error::Code;
use crate::group::NewGroup;
use crate::media::download::Download;
use crate::media::http::MediaServer;
use crate::message::{Message, Target};
use crate::transport;

/// How a client connects, besides its server and app.
pub struct Options<'a> {
    /// Sent at login; a newer login of the same user on the same platform kicks the older
    /// session offline.
    pub platform: u32,
    pub request_timeout: Duration,
    /// PEM text of CA certificates to trust besides the public roots, for `wss://`.
    pub ca_pem: Option<&'a [u8]>,
    pub heartbeat_interval: Duration,
    pub heartbeat_timeout: Duration,
}

/// How a message goes out.
pub struct SendOptions {
    pub target: Target,
    pub priority: Priority,
    /// Only to sessions connected now: never stored, no history, no push, no seq.
    pub online_only: bool,
    pub push: Option<OfflinePushInfo>,
}

/// The other side of a conversation.
pub enum Peer {
    User(String),
    Group(String),
}

pub struct Client {
    // Fields drop in declaration order: the senders go first, so the engine sees the end of
    // its commands and finishes; `_threads`, held for its `Drop`, goes last and waits for
    // both threads.
    commands: UnboundedSender<Command>,
    events: Sender<Event>,
    login: LoginState,
    /// The server's HTTP base, which messages sent from here use for media URLs.
    media_base: Arc<str>,
    next_listener_id: AtomicU64,
    /// The conversation listeners' ids: the engine follows the list while there is one.
    conv_listeners: Mutex<HashSet<u64>>,
    _threads: Threads,
}

impl Client {
    /// A client of app `sdk_app_id` on `server`, a base such as "ws://127.0.0.1:7000" or
    /// "wss://im.example.com" (a trailing `/` is dropped). 6017 for a base, or a `ca_pem`,
    /// that cannot be used, or app 0; 6999 when its threads do not start.
    pub fn new(sdk_app_id: u32, server: &str, options: Options<'_>) -> Result<Client, Code> {
        let server = server.trim_end_matches('/');
        let tls = transport::client_config(options.ca_pem).map_err(|_| Code::InvalidParameters)?;
        let media = MediaServer::from_ws_base(server, tls).ok_or(Code::InvalidParameters)?;
        if sdk_app_id == 0 || format!("{server}/v1/ws").into_client_request().is_err() {
            return Err(Code::InvalidParameters);
        }
        Client::start(Config {
            sdk_app_id,
            server: server.to_owned(),
            tls: media.tls.clone(),
            media,
            platform: options.platform,
            request_timeout: options.request_timeout,
            heartbeat_interval: options.heartbeat_interval,
            heartbeat_timeout: options.heartbeat_timeout,
        })
    }

    fn start(config: Config) -> Result<Client, Code> {
        let (events, event_queue) = mpsc::channel();
        let dispatcher = dispatch::spawn(event_queue).map_err(|_| Code::Internal)?;
        let (commands, command_queue) = unbounded_channel();
        let login = LoginState::default();
        let media_base = Arc::clone(&config.media.base);
        let engine = engine::spawn(config, command_queue, events.clone(), login.clone())
            .map_err(|_| Code::Internal)?;
        Ok(Client {
            commands,
            events,
            login,
            media_base,
            next_listener_id: AtomicU64::new(1),
            conv_listeners: Mutex::new(HashSet::new()),
            _threads: Threads { engine: Some(engine), dispatcher: Some(dispatcher) },
        })
    }

    /// Binds an app callback to this client's dispatcher.
    pub fn reply<T: Send + 'static>(&self, completion: Box<dyn Completion<T>>) -> Reply<T> {
        Reply::new(completion, self.events.clone())
    }

    /// Progress callbacks of a request, on this client's dispatcher.
    pub fn progress<P: Send + 'static>(&self, report: Arc<dyn Fn(P) + Send + Sync>) -> Progress<P> {
        Progress::new(report, self.events.clone())
    }

    pub fn login_state(&self) -> &LoginState {
        &self.login
    }

    /// 6014 unless logged in; the engine checks again when the request arrives.
    pub fn check_logged_in(&self) -> Result<(), Code> {
        match self.login.status() {
            LoginStatus::Logined => Ok(()),
            _ => Err(Code::NotLoggedIn),
        }
    }

    /// Who sends now (see [`LoginState::sender`]), or 6014.
    pub fn sender(&self) -> Result<Arc<str>, Code> {
        self.login.sender().ok_or(Code::NotLoggedIn)
    }

    /// Sets the connection listener (`None` removes it); the one it replaces is dropped on
    /// the dispatcher thread.
    pub fn set_conn_listener(&self, listener: Option<Box<dyn ConnListener>>) {
        self.post(Event::SetConnListener(listener));
    }

    /// Adds a message listener; returns its id, never 0.
    pub fn add_msg_listener(&self, listener: Box<dyn MsgListener>) -> u64 {
        let id = self.next_listener_id.fetch_add(1, Ordering::Relaxed);
        self.post(Event::AddMsgListener(id, listener));
        id
    }

    /// Removes a message listener, after any callback already queued for it.
    pub fn remove_msg_listener(&self, id: u64) {
        self.post(Event::RemoveMsgListener(id));
    }

    /// Adds a conversation listener; returns its id, never 0. The first one makes the engine
    /// follow the conversation list (a sync now if logged in, and after every login).
    pub fn add_conv_listener(&self, listener: Box<dyn ConvListener>) -> u64 {
        let id = self.next_listener_id.fetch_add(1, Ordering::Relaxed);
        // Registered before the engine hears of it, so it hears the sync from its start.
        self.post(Event::AddConvListener(id, listener));
        let mut ids = self.conv_listeners.lock().unwrap_or_else(|p| p.into_inner());
        ids.insert(id);
        if ids.len() == 1 {
            self.submit(Command::WatchConversations(true));
        }
        id
    }

    /// Removes a conversation listener, after any callback already queued for it.
    pub fn remove_conv_listener(&self, id: u64) {
        self.post(Event::RemoveConvListener(id));
        let mut ids = self.conv_listeners.lock().unwrap_or_else(|p| p.into_inner());
        if ids.remove(&id) && ids.is_empty() {
            self.submit(Command::WatchConversations(false));
        }
    }

    /// Listener changes go straight to the dispatcher, in order with the events.
    fn post(&self, event: Event) {
        let _ = self.events.send(event);
    }

    /// Logs in as `user` with the UserSig `sig`.
    pub fn login(&self, user: String, sig: String, reply: Reply<()>) {
        self.submit(Command::Login { user, sig, reply });
    }

    pub fn logout(&self, reply: Reply<()>) {
        self.submit(Command::Logout(reply));
    }

    /// Stamps `message` as `sender`'s send under `options` (a resend keeps its msgID and
    /// uploads), lets `stamped` read it before anything can answer, then sends a copy.
    pub fn send(
        &self,
        message: &mut Message,
        sender: &str,
        options: SendOptions,
        reply: Reply<Message>,
        progress: Option<Progress<u32>>,
        stamped: impl FnOnce(&Message),
    ) {
        let SendOptions { target, priority, online_only, push } = options;
        let outgoing =
            message.prepare_send(sender, target, priority, online_only, push, &self.media_base);
        stamped(message);
        self.request(Request::Send { outgoing: Box::new(outgoing), reply, progress });
    }

    /// A page of a conversation's history, newest first: C2C with `peer` or a group's.
    pub fn history(
        &self,
        peer: Peer,
        count: u32,
        before_seq: Option<u64>,
        reply: Reply<Vec<Message>>,
    ) {
        let (user, group) = match peer {
            Peer::User(user) => (user, String::new()),
            Peer::Group(group) => (String::new(), group),
        };
        self.request(Request::History { user, group, count, before_seq, reply });
    }

    /// Creates a group; the reply carries its id (harkd picks one when `group` has none).
    pub fn create_group(&self, group: NewGroup, reply: Reply<String>) {
        self.request(Request::CreateGroup { group, reply });
    }

    pub fn join_group(&self, group: String, note: String, reply: Reply<()>) {
        self.request(Request::JoinGroup { group, note, reply });
    }

    pub fn quit_group(&self, group: String, reply: Reply<()>) {
        self.request(Request::QuitGroup { group, reply });
    }

    pub fn dismiss_group(&self, group: String, reply: Reply<()>) {
        self.request(Request::DismissGroup { group, reply });
    }

    pub fn group_members(&self, group: String, reply: Reply<Vec<GroupMember>>) {
        self.request(Request::GroupMembers { group, reply });
    }

    /// A page of the conversation list, pinned first then newest first, after `next_seq`
    /// (0: from the top).
    pub fn conversation_list(&self, next_seq: u64, count: u32, reply: Reply<ConvPage>) {
        self.request(Request::ConvList { next: next_seq, count, reply });
    }

    /// The conversations `ids` name, in order (an empty one where the user has none yet).
    pub fn conversations(&self, ids: Vec<String>, reply: Reply<Vec<Conversation>>) {
        self.request(Request::ConvGet { ids, reply });
    }

    pub fn change_conversation(&self, change: ConvChange, reply: Reply<()>) {
        self.request(Request::ConvChange { change, reply });
    }

    pub fn total_unread(&self, reply: Reply<u64>) {
        self.request(Request::UnreadTotal(reply));
    }

    /// Reports these messages of conversation `conv` read (SendMessageReadReceipts).
    pub fn send_receipts(&self, conv: String, seqs: Vec<u64>, reply: Reply<()>) {
        self.request(Request::SendReceipts { conv, seqs, reply });
    }

    pub fn receipts(
        &self,
        conv: String,
        seqs: Vec<u64>,
        reply: Reply<Vec<hark_proto::MessageReceipt>>,
    ) {
        self.request(Request::GetReceipts { conv, seqs, reply });
    }

    /// Invites users to a group; the reply pairs each with its V2TIMGroupMemberResult.
    pub fn invite_to_group(
        &self,
        group: String,
        members: Vec<String>,
        reply: Reply<Vec<(String, u32)>>,
    ) {
        self.request(Request::InviteToGroup { group, members, reply });
    }

    /// Registers this device for offline push: the push certificate id and the device token.
    pub fn set_push_config(&self, business_id: u32, token: String, reply: Reply<()>) {
        let config = PushConfig { business_id, token };
        self.request(Request::SetPushConfig { config, reply });
    }

    pub fn clear_push_config(&self, reply: Reply<()>) {
        self.request(Request::ClearPushConfig(reply));
    }

    /// Downloads the stored file `uuid` to `path`, reporting (bytes so far, size).
    pub fn download(
        &self,
        uuid: String,
        path: PathBuf,
        reply: Reply<()>,
        progress: Option<Progress<(u64, u64)>>,
    ) {
        self.submit(Command::Download(Download { uuid, path, reply, progress }));
    }

    fn request(&self, request: Request) {
        self.submit(Command::Request(request));
    }

    /// Hands a command to the engine. If the engine is gone the command is dropped, and its
    /// reply answers 9508 by itself.
    fn submit(&self, command: Command) {
        let _ = self.commands.send(command);
    }
}

struct Threads {
    engine: Option<JoinHandle<()>>,
    dispatcher: Option<JoinHandle<()>>,
}

impl Drop for Threads {
    fn drop(&mut self) {
        if let Some(engine) = self.engine.take() {
            let _ = engine.join();
        }
        if let Some(dispatcher) = self.dispatcher.take() {
            // Freed from inside one of its own callbacks: the dispatcher cannot wait for
            // itself. It runs the remaining events once the callback returns, then ends.
            if dispatcher.thread().id() != std::thread::current().id() {
                let _ = dispatcher.join();
            }
        }
    }
}
