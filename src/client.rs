//! One client: its engine and dispatcher threads and the channels to them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

use crate::dispatch::{self, Completion, Event, Progress, Reply};
use crate::engine::{self, Command, Config, LoginState};
use crate::error::Code;

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
    _threads: Threads,
}

impl Client {
    pub fn start(config: Config) -> Result<Client, Code> {
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

    /// Hands a command to the engine. If the engine is gone the command is dropped, and its
    /// reply answers 9508 by itself.
    pub fn submit(&self, command: Command) -> Result<(), Code> {
        self.commands.send(command).map_err(|_| Code::NetDisconnect)
    }

    /// Posts straight to the dispatcher (listener changes).
    pub fn post(&self, event: Event) {
        let _ = self.events.send(event);
    }

    pub fn login(&self) -> &LoginState {
        &self.login
    }

    pub fn media_base(&self) -> &Arc<str> {
        &self.media_base
    }

    pub fn new_listener_id(&self) -> u64 {
        self.next_listener_id.fetch_add(1, Ordering::Relaxed)
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
