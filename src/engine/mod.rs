//! The engine: one thread running a single-threaded tokio runtime that owns all client state.
//! Commands arrive over a channel; results leave as events for the dispatcher thread.
//!
//! Its state comes in parts, each a struct in its own file with the methods that use it:
//! the session (`session`: login, logout, reconnects), the connection and its heartbeat
//! (`link`), requests waiting for harkd's answer (`outbox`), sends uploading their files
//! (`uploads`, `media`), pushed messages on their way to the app (`arrivals`), the push
//! registration (`push_config`) and what the conversation listeners hear (`conversations`). This file runs the loop that wakes them.

mod arrivals;
mod command;
mod connection;
mod conversations;
mod heartbeat;
mod link;
mod log_cursor;
mod login_state;
mod media;
mod outbox;
mod push_config;
mod reconnect;
mod replies;
mod session;
mod uploads;

use std::future::pending;
use std::io;
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use hark_proto::limits::MAX_FRAME_BYTES;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

use crate::dispatch::{ConnEvent, Event};
use crate::error::{Code, Failure};
use crate::media::http::MediaServer;
use crate::media::upload::Note;

pub use command::{Command, PushConfig, Request};
pub use login_state::{LoginState, LoginStatus};
pub use replies::decode_frame;

use arrivals::Arrivals;
use connection::{Connection, Incoming};
use conversations::ConvWatch;
use link::Link;
use outbox::{Outbox, Pending};
use push_config::SavedPushConfig;
use session::{Attempt, Phase, Session};
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
    session: Session,
    link: Link,
    outbox: Outbox,
    uploads: Uploads,
    arrivals: Arrivals,
    push_config: Option<SavedPushConfig>,
    convs: ConvWatch,
}

impl Engine {
    fn new(
        config: Config,
        commands: UnboundedReceiver<Command>,
        events: Sender<Event>,
        login: LoginState,
    ) -> Engine {
        let outbox = Outbox::new(config.request_timeout);
        let link = Link::new(config.heartbeat_interval, config.heartbeat_timeout);
        Engine {
            config,
            commands,
            events,
            session: Session::new(login),
            link,
            outbox,
            uploads: Uploads::new(),
            arrivals: Arrivals::default(),
            push_config: None,
            convs: ConvWatch::default(),
        }
    }

    async fn run(mut self) {
        loop {
            let deadline = self.outbox.next_deadline();
            let wake = tokio::select! {
                command = self.commands.recv() => match command {
                    Some(command) => Wake::Command(command),
                    None => break,
                },
                result = connected(&mut self.session.attempt) => Wake::Connected(result),
                wake = self.link.next() => match wake {
                    link::Wake::Frame(incoming) => Wake::Frame(incoming),
                    link::Wake::Heartbeat => Wake::Heartbeat,
                },
                (job, note) = self.uploads.next_note() => Wake::Upload(job, note),
                () = sleep_until(deadline) => Wake::Deadline,
                () = sleep_until(self.session.retry_at) => Wake::Retry,
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
        self.refresh_conversations().await;
        self.flush().await;
    }

    async fn on_command(&mut self, command: Command) {
        match command {
            Command::Login { user, sig, reply } => self.login(user, sig, reply).await,
            Command::Logout(reply) => self.logout(reply).await,
            Command::Request(request) => self.request(request).await,
            Command::Download(download) => self.download(download),
            Command::WatchConversations(on) => self.watch_conversations(on).await,
        }
    }

    async fn request(&mut self, request: Request) {
        let online = self.session.phase == Phase::Online;
        if !online && !self.session.reconnecting {
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
            match self.link.next_ready() {
                Some(next) => incoming = next,
                None => break,
            }
        }
        self.end_burst().await;
    }

    /// Hands the burst's messages to the dispatcher and acknowledges them with one frame.
    async fn end_burst(&mut self) {
        self.post_arrived();
        if self.link.is_up() {
            if let Some(pos) = self.arrivals.take_ack() {
                self.write(command::encode(&hark_proto::ClientFrame::RecvAck { pos })).await;
            }
        }
        self.refresh_conversations().await;
        self.flush().await;
    }

    async fn on_deadline(&mut self) {
        for pending in self.outbox.take_expired(Instant::now()) {
            self.timed_out(pending).await;
        }
        self.refresh_conversations().await;
        self.flush().await;
    }

    /// The heartbeat timer fired: a connection that did not answer its ping is lost (the
    /// session reconnects, as after any break).
    async fn on_heartbeat(&mut self) {
        if let Err(failure) = self.link.check_heartbeat().await {
            self.connection_lost(failure).await;
        }
    }

    fn post(&mut self, event: ConnEvent) {
        // Messages that arrived earlier are delivered first.
        self.post_arrived();
        let _ = self.events.send(Event::Conn(event));
    }

    fn post_arrived(&mut self) {
        if let Some(burst) = self.arrivals.take_burst() {
            self.conversations_touched(&burst);
            let _ = self.events.send(Event::NewMessages(burst));
        }
    }

    /// Queues a frame; a broken connection ends the session.
    async fn write(&mut self, text: String) {
        if let Err(failure) = self.link.write(text).await {
            self.connection_lost(failure).await;
        }
    }

    async fn flush(&mut self) {
        if let Err(failure) = self.link.flush().await {
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

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => pending().await,
    }
}
