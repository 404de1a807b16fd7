//! The engine: one thread running a single-threaded tokio runtime that owns all client state
//! (the connection, the login, the outbox of unanswered requests, the inbox cursor). Commands
//! arrive over a channel; results leave as events for the dispatcher thread.

mod command;
mod connection;
mod heartbeat;
mod inbox;
mod login_state;
mod media;
mod outbox;
mod push_config;
mod reconnect;
mod replies;
mod session;
mod uploads;

use std::collections::HashSet;
use std::future::{pending, Future};
use std::io;
use std::pin::Pin;
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use hark_proto::limits::MAX_FRAME_BYTES;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::{Instant, Sleep};

use crate::dispatch::{ConnEvent, Event, Reply};
use crate::error::{Code, Failure};
use crate::media::http::MediaServer;
use crate::media::upload::Note;
use crate::message::Message;

pub use command::{Command, PushConfig, Request};
pub use login_state::{LoginState, LoginStatus};
pub use replies::decode_frame;

use connection::{Connection, Incoming};
use heartbeat::{Beat, Heartbeat};
use inbox::InboxCursor;
use outbox::{Outbox, Pending};
use push_config::SavedPushConfig;
use reconnect::Backoff;
use uploads::Uploads;

/// Commands, or frames, handled in one go before the engine flushes its writes, posts what
/// arrived and acknowledges it: under load, one `recv_ack` and one event per burst.
const BURST: usize = 256;

pub struct Config {
    pub sdk_app_id: u32,
    /// Base URL without a trailing slash, e.g. `ws://127.0.0.1:7000`.
    pub server: String,
    /// The same server's HTTP side, for media.
    pub media: MediaServer,
    /// How to check the server's certificate; `Some` exactly when `server` is `wss://`.
    pub tls: Option<Arc<rustls::ClientConfig>>,
    pub platform: u32,
    pub request_timeout: Duration,
    /// A Ping goes out after this long without receiving any frame from harkd, or sending any.
    pub heartbeat_interval: Duration,
    /// A connection that receives nothing this long after its Ping counts as broken.
    pub heartbeat_timeout: Duration,
}

impl Config {
    fn ws_url(&self) -> String {
        format!("{}/v1/ws", self.server)
    }
}

/// Starts the engine thread. It runs until every command sender is dropped, then ends what is
/// in flight and drops its event sender.
pub fn spawn(
    config: Config,
    commands: UnboundedReceiver<Command>,
    events: Sender<Event>,
    login: LoginState,
) -> io::Result<JoinHandle<()>> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    std::thread::Builder::new()
        .name("hark-engine".into())
        // The engine is made inside the runtime: its heartbeat timer needs one.
        .spawn(move || {
            runtime
                .block_on(async move { Engine::new(config, commands, events, login).run().await })
        })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Offline,
    /// The connection was lost; waiting for the backoff before connecting again.
    Waiting,
    Connecting,
    /// Connected, `login` sent, waiting for `login_ok`.
    LoggingIn,
    Online,
    /// `logout` sent, waiting for its answer.
    LoggingOut,
}

/// A connection being opened for a login.
struct Attempt {
    connect: Pin<Box<dyn Future<Output = Result<Connection, Failure>>>>,
    sig: String,
    /// The app's login; `None` when the engine reconnects by itself.
    reply: Option<Reply<()>>,
}

enum Wake {
    Command(Command),
    Connected(Result<Connection, Failure>),
    Frame(Incoming),
    Upload(u64, Note),
    Deadline,
    Retry,
    Heartbeat,
}

struct Engine {
    config: Config,
    commands: UnboundedReceiver<Command>,
    events: Sender<Event>,
    login: LoginState,
    phase: Phase,
    /// The user logged in, or logging in; empty when offline.
    user: Arc<str>,
    /// The UserSig of the session, for media requests and logging in again; empty when
    /// offline.
    sig: Arc<str>,
    /// When harkd said the UserSig expires (seconds since the epoch; 0: not known).
    sig_expire_at: i64,
    /// The session was lost and the engine is logging in again by itself.
    reconnecting: bool,
    backoff: Backoff,
    /// When the next reconnect attempt starts (phase `Waiting`).
    retry_at: Option<Instant>,
    /// msgIDs of sends that were waiting when a connection broke. harkd may have stored them
    /// and replays them, as the user's own messages, right after the next login: those are
    /// echoes, not news. The replay ends before harkd's first answer, which clears this.
    echoes: HashSet<String>,
    attempt: Option<Attempt>,
    conn: Option<Connection>,
    outbox: Outbox,
    uploads: Uploads,
    /// The `req` of the logout in flight, which ends with success when the session ends.
    logout_req: Option<u64>,
    inbox: InboxCursor,
    /// Messages of the current burst, posted as one event.
    arrived: Vec<Message>,
    push_config: Option<SavedPushConfig>,
    heartbeat: Heartbeat,
    /// When the heartbeat looks at the connection next; armed while there is one.
    beat: Pin<Box<Sleep>>,
}

impl Engine {
    fn new(
        config: Config,
        commands: UnboundedReceiver<Command>,
        events: Sender<Event>,
        login: LoginState,
    ) -> Engine {
        let outbox = Outbox::new(config.request_timeout);
        let heartbeat = Heartbeat::new(config.heartbeat_interval, config.heartbeat_timeout);
        let beat = Box::pin(tokio::time::sleep(config.heartbeat_interval));
        Engine {
            config,
            commands,
            events,
            login,
            phase: Phase::Offline,
            user: "".into(),
            sig: "".into(),
            sig_expire_at: 0,
            reconnecting: false,
            backoff: Backoff::default(),
            retry_at: None,
            echoes: HashSet::new(),
            attempt: None,
            conn: None,
            outbox,
            uploads: Uploads::new(),
            logout_req: None,
            inbox: InboxCursor::default(),
            arrived: Vec::new(),
            push_config: None,
            heartbeat,
            beat,
        }
    }

    async fn run(mut self) {
        loop {
            let deadline = self.outbox.next_deadline();
            let has_conn = self.conn.is_some();
            let wake = tokio::select! {
                command = self.commands.recv() => match command {
                    Some(command) => Wake::Command(command),
                    None => break,
                },
                result = connected(&mut self.attempt) => Wake::Connected(result),
                incoming = next_frame(&mut self.conn) => Wake::Frame(incoming),
                (job, note) = self.uploads.next_note() => Wake::Upload(job, note),
                () = sleep_until(deadline) => Wake::Deadline,
                () = sleep_until(self.retry_at) => Wake::Retry,
                () = &mut self.beat, if has_conn => Wake::Heartbeat,
            };
            match wake {
                Wake::Command(command) => self.on_commands(command).await,
                Wake::Connected(result) => self.on_connected(result).await,
                Wake::Frame(incoming) => self.on_frames(incoming).await,
                Wake::Upload(job, note) => self.on_upload_note(job, note).await,
                Wake::Deadline => self.on_deadline().await,
                Wake::Retry => self.retry().await,
                Wake::Heartbeat => self.on_heartbeat().await,
            }
        }
        self.shut_down().await;
    }

    async fn on_commands(&mut self, first: Command) {
        self.on_command(first).await;
        for _ in 1..BURST {
            match self.commands.try_recv() {
                Ok(command) => self.on_command(command).await,
                Err(_) => break,
            }
        }
        self.flush().await;
    }

    async fn on_command(&mut self, command: Command) {
        match command {
            Command::Login { user, sig, reply } => self.login(user, sig, reply).await,
            Command::Logout(reply) => self.logout(reply).await,
            Command::Request(request) => self.request(request).await,
            Command::Download(download) => self.download(download),
        }
    }

    async fn request(&mut self, request: Request) {
        let online = self.phase == Phase::Online;
        if !online && !self.reconnecting {
            return request.fail(Code::NotLoggedIn.into());
        }
        if !online && !request.waits_for_reconnect() {
            return request.fail(Failure::with_detail(Code::NetDisconnect, "reconnecting"));
        }
        let request = match request {
            Request::Send { outgoing, reply, progress } if outgoing.needs_upload() => {
                let endpoint = self.endpoint();
                return self.uploads.start(endpoint, outgoing, reply, progress);
            }
            request => request,
        };
        // While reconnecting it waits in the outbox, in order, with its deadline running;
        // the new connection writes it.
        let req = self.outbox.next_req();
        let (text, pending) = Pending::request(request, req);
        // harkd refuses a frame over 1 MB; a message cannot reach that, a join note can.
        if text.len() > MAX_FRAME_BYTES {
            return pending.fail(Code::NetPkgSizeLimit.into());
        }
        self.outbox.insert(req, pending);
        if online {
            self.write(text).await;
        }
    }

    async fn on_frames(&mut self, first: Incoming) {
        let mut incoming = first;
        for handled in 1.. {
            match incoming {
                Incoming::Text(text) => self.on_frame(text.as_str()).await,
                Incoming::Closed(failure) => {
                    self.connection_lost(failure).await;
                    break;
                }
            }
            // Checked before reading on: a frame read is a frame handled.
            if handled == BURST {
                break;
            }
            match self.conn.as_mut().and_then(Connection::next_ready) {
                Some(next) => incoming = next,
                None => break,
            }
        }
        self.end_burst().await;
    }

    /// Hands the burst's messages to the dispatcher and acknowledges them with one frame.
    async fn end_burst(&mut self) {
        self.post_arrived();
        if self.conn.is_some() {
            if let Some(inbox) = self.inbox.take_ack() {
                self.write(command::encode(&hark_proto::ClientFrame::RecvAck { inbox })).await;
            }
        }
        self.flush().await;
    }

    async fn on_deadline(&mut self) {
        for pending in self.outbox.take_expired(Instant::now()) {
            self.timed_out(pending).await;
        }
    }

    /// A new connection: the heartbeat counts quiet time from now.
    fn start_heartbeat(&mut self) {
        let first = self.heartbeat.start(Instant::now());
        self.beat.as_mut().reset(first);
    }

    /// The heartbeat timer fired: ping a quiet connection, or give up on one that did not
    /// answer its ping (the session reconnects, as after any break).
    async fn on_heartbeat(&mut self) {
        let Some(conn) = self.conn.as_mut() else { return };
        let (beat, next) =
            self.heartbeat.check(conn.last_received(), conn.last_sent(), Instant::now());
        self.beat.as_mut().reset(next);
        match beat {
            Beat::Quiet => {}
            Beat::Ping => match conn.feed_ping().await {
                Ok(()) => self.flush().await,
                Err(failure) => self.connection_lost(failure).await,
            },
            Beat::Dead => {
                let detail = format!(
                    "nothing received within {} ms of a ping",
                    self.heartbeat.timeout().as_millis()
                );
                self.connection_lost(Failure::with_detail(Code::NetDisconnect, detail)).await
            }
        }
    }

    fn post(&mut self, event: ConnEvent) {
        // Messages that arrived earlier are delivered first.
        self.post_arrived();
        let _ = self.events.send(Event::Conn(event));
    }

    fn post_arrived(&mut self) {
        if !self.arrived.is_empty() {
            let _ = self.events.send(Event::NewMessages(std::mem::take(&mut self.arrived)));
        }
    }

    /// Queues a frame; a broken connection ends the session.
    async fn write(&mut self, text: String) {
        let Some(conn) = self.conn.as_mut() else { return };
        if let Err(failure) = conn.feed(text).await {
            self.connection_lost(failure).await;
        }
    }

    async fn flush(&mut self) {
        let Some(conn) = self.conn.as_mut() else { return };
        if let Err(failure) = conn.flush().await {
            self.connection_lost(failure).await;
        }
    }
}

async fn connected(attempt: &mut Option<Attempt>) -> Result<Connection, Failure> {
    match attempt {
        Some(attempt) => attempt.connect.as_mut().await,
        None => pending().await,
    }
}

async fn next_frame(conn: &mut Option<Connection>) -> Incoming {
    match conn {
        Some(conn) => conn.next().await,
        None => pending().await,
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => pending().await,
    }
}
