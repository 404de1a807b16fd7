//! One client connection: login, then requests in and answers and messages out.
//!
//! The reader (this task) handles requests; a writer task owns the socket's sending half and
//! drains the session's queue, so answers and messages leave in the order the sequencer made
//! them. At login the writer first replays the user's stored messages after the log position it
//! last acknowledged.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use hark_proto::conversation;
use hark_proto::frame::spliced;
use hark_proto::limits::{valid_user_id, MAX_FRAME_BYTES, MAX_HISTORY_PAGE, MAX_RECEIPT_MESSAGES};
use hark_proto::{ClientFrame, Code, ServerFrame, PROTOCOL_VERSION};
use hyper::upgrade::Upgraded;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message as WsMessage;

use super::limits::Bucket;
use super::socket::{self, Reader, Socket, Wire};
use super::{Gateway, READ_BUFFER_BYTES, TRANSPORT_MAX_BYTES};
use crate::core::hub::SessionHandle;
use crate::core::notifications::check_token;
use crate::core::queue::Outbound;
use crate::core::queue::{SessionRx, SessionTx};
use crate::core::request::{Answer, ConvChange, Op, Origin};
use crate::core::sequencer::ReplyTo;
use crate::core::wire::{close_frame, json as frame, text_frame};
use crate::core::{now_secs, Core};
use crate::store::push::TokenChange;
use crate::store::read::HistoryOf;
use crate::store::ReadPool;

const LOGIN_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the writer may take to send what is queued and close once the session is over;
/// past it, a peer that reads nothing (gone, or half-open) no longer holds the session.
const CLOSE_GRACE: Duration = Duration::from_secs(10);
/// Messages replayed per read while catching up.
const CATCH_UP_PAGE: u32 = 256;
/// What a writer takes off its queue for one write, about; the rest waits there, shared.
const WRITE_BATCH_BYTES: usize = 64 << 10;
/// A writer's buffer that grew past this (a large frame) is given back after the write.
const KEEP_BUFFER_BYTES: usize = 256 << 10;

/// A logged-in session.
struct Session {
    origin: Origin,
    tx: SessionTx,
    gateway: Arc<Gateway>,
    /// The push token this session registered, which `clear_push_config` removes.
    push_token: Mutex<Option<String>>,
}

/// What the client's frames may be: small buffers, as most sessions sit idle (tungstenite's
/// 128 KiB defaults would cost that much per connection; larger frames still assemble, in
/// more reads), and the transport's limit.
fn reader_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(0)
        .max_message_size(Some(TRANSPORT_MAX_BYTES))
        .max_frame_size(Some(TRANSPORT_MAX_BYTES))
}

pub async fn run(upgraded: Upgraded, gateway: Arc<Gateway>) {
    let core = gateway.core.clone();
    let (tx, rx) = core.hub.session_queue();
    let Socket { mut reader, wire } = socket::split(upgraded, tx.clone(), reader_config()).await;
    let login = match tokio::time::timeout(LOGIN_TIMEOUT, next_text(&mut reader)).await {
        Ok(Some(text)) => text,
        _ => return,
    };
    let LoginInfo { req, app, user, platform, pos: client_pos, expires_at } =
        match check_login(&core, &login) {
            Ok(v) => v,
            Err((req, code)) => return refuse(wire, rx, &tx, req, code, core).await,
        };
    // An answer that never came is a failure too: the client is told, not just closed.
    let (uid, position) =
        match core.sequencer.ask(Op::Login { app, user: user.clone(), seen: client_pos }).await {
            Ok(Answer::LoggedIn { user, position }) => (user, position),
            refused => {
                let code = refused.err().unwrap_or(Code::Internal);
                return refuse(wire, rx, &tx, req, code, core).await;
            }
        };

    let id = core.next_session.fetch_add(1, Ordering::Relaxed);
    let handle = SessionHandle { id, platform, tx: tx.clone() };
    // Registered before the replay is read, so nothing committed in between is missed;
    // the writer drops live messages the replay already sent.
    for old in core.hub.register(uid, handle) {
        old.tx.send(Outbound::Frame(frame(&ServerFrame::Kicked {})));
        old.tx.send(Outbound::Close);
    }
    // The replay ends at the last log position committed now, before this session can send:
    // everything after it arrives live, which never comes back to the session that sent it,
    // so the replay cannot either.
    let reads = core.reads.clone();
    let replay_to = match tokio::task::spawn_blocking(move || reads.log_end()).await {
        Ok(Ok(n)) => n.max(position),
        Ok(Err(code)) => {
            core.hub.unregister(uid, id);
            return refuse(wire, rx, &tx, req, code, core).await;
        }
        Err(_) => {
            core.hub.unregister(uid, id);
            return;
        }
    };
    tracing::debug!(user, session = id, "logged in");
    let login_ok = frame(&ServerFrame::LoginOk {
        req,
        user: user.clone(),
        server_time: now_secs(),
        sig_expire_at: expires_at,
    });
    if let Some(socket) = wire.direct() {
        tx.write_directly_to(socket);
    }
    let start = Start { login_ok, replay: Replay { user: uid, after: position, to: replay_to } };
    let mut writer = tokio::spawn(write_loop(wire, rx, Some(start), core.clone()));

    let session = Session {
        origin: Origin { session: id, app, user: uid, name: user.into() },
        tx,
        gateway,
        push_token: Mutex::new(None),
    };
    session.read_loop(&mut reader, expires_at).await;

    core.hub.unregister(uid, id);
    if session.tx.overflowed() {
        // The client stopped reading: the writer may be stuck on a full socket.
        writer.abort();
    } else {
        session.tx.send(Outbound::Close);
        if tokio::time::timeout(CLOSE_GRACE, &mut writer).await.is_err() {
            writer.abort();
        }
    }
}

/// Answers the login `req` with `code`, and closes.
async fn refuse(wire: Wire, rx: SessionRx, tx: &SessionTx, req: u64, code: Code, core: Arc<Core>) {
    tx.send(Outbound::Frame(frame(&ServerFrame::error(req, code))));
    tx.send(Outbound::Close);
    write_loop(wire, rx, None, core).await;
}

/// Reads the next text frame; None when the connection ends.
async fn next_text(stream: &mut Reader) -> Option<String> {
    loop {
        match stream.next().await? {
            Ok(WsMessage::Text(t)) => return Some(t.to_string()),
            Ok(WsMessage::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

/// A login frame that passed its checks.
struct LoginInfo {
    req: u64,
    app: u32,
    user: String,
    platform: String,
    /// The highest log position the client says it has.
    pos: u64,
    /// When the UserSig expires (seconds since the epoch).
    expires_at: i64,
}

fn check_login(core: &Core, text: &str) -> Result<LoginInfo, (u64, Code)> {
    if text.len() > MAX_FRAME_BYTES {
        return Err((request_number(text), Code::NetPkgSizeLimit));
    }
    let Ok(ClientFrame::Login { req, ver, sdkappid, user, sig, platform, pos }) =
        decode_request(text)
    else {
        return Err((0, Code::InvalidParameters));
    };
    if ver != PROTOCOL_VERSION {
        return Err((req, Code::ProtocolVersion));
    }
    if !valid_user_id(&user) {
        return Err((req, Code::InvalidIdentifier));
    }
    let ok = core.verify_usersig(sdkappid, &user, &sig).map_err(|c| (req, c))?;
    Ok(LoginInfo { req, app: sdkappid, user, platform, pos, expires_at: ok.expires_at })
}

impl Session {
    async fn read_loop(&self, stream: &mut Reader, expires_at: i64) {
        let left = Duration::from_secs(expires_at.saturating_sub(now_secs()).max(0) as u64);
        let expiry = tokio::time::sleep(left);
        tokio::pin!(expiry);
        let mut stopping = self.gateway.core.stopping.clone();
        let limits = &self.gateway.core.config.limits;
        let (rate, burst) = (limits.connection_requests_per_sec, limits.connection_burst);
        let mut requests = Bucket::full(burst);
        // Closed after this long without a frame of any kind. Frames only note the time; the
        // timer is moved when it fires.
        let idle = Duration::from_secs(limits.idle_timeout_secs);
        let mut heard = Instant::now();
        let silence = tokio::time::sleep_until(heard + idle);
        tokio::pin!(silence);
        loop {
            tokio::select! {
                next = stream.next() => {
                    let Some(Ok(frame)) = next else { return };
                    heard = Instant::now();
                    match frame {
                        WsMessage::Text(t) => {
                            // Refused unread: a flood costs little more than reading it.
                            if !requests.take(rate, burst, heard.into_std()) {
                                self.refuse(t.as_str(), Code::NetFreqLimit);
                                continue;
                            }
                            if !self.handle(t.as_str()) {
                                return;
                            }
                        }
                        WsMessage::Binary(_) => {
                            self.reply(ServerFrame::error(0, Code::InvalidParameters))
                        }
                        WsMessage::Close(_) => return,
                        // Pings are answered by the WebSocket layer on the next read.
                        WsMessage::Ping(_) | WsMessage::Pong(_) | WsMessage::Frame(_) => {}
                    }
                }
                _ = &mut silence => {
                    let until = heard + idle;
                    if Instant::now() >= until {
                        tracing::debug!(session = self.origin.session, "idle, closing");
                        return;
                    }
                    silence.as_mut().reset(until);
                }
                _ = &mut expiry => {
                    self.reply(ServerFrame::SigExpired {});
                    return;
                }
                _ = stopping.changed() => return,
                _ = self.tx.overflow() => return,
            }
        }
    }

    /// Answers a frame that is not handled; a `recv_ack` has no `req` and gets no answer.
    fn refuse(&self, text: &str, code: Code) {
        match request_number(text) {
            0 if text.contains(r#""recv_ack""#) => {}
            req => self.reply(ServerFrame::error(req, code)),
        }
    }

    fn reply(&self, f: ServerFrame) {
        self.tx.send(Outbound::Frame(frame(&f)));
    }

    /// Posts a write whose answer comes back through the session's queue, in order with
    /// the messages it is sent.
    fn post(&self, req: u64, op: Op) {
        let reply = ReplyTo::Session { tx: self.tx.clone(), req };
        if !self.gateway.core.sequencer.post(op, reply) {
            tracing::warn!("sequencer gone; dropping a write");
        }
    }

    /// Handles one request; false ends the session.
    fn handle(&self, text: &str) -> bool {
        if text.len() > MAX_FRAME_BYTES {
            self.refuse(text, Code::NetPkgSizeLimit);
            return true;
        }
        let f = match decode_request(text) {
            Ok(f) => f,
            Err(req) => {
                self.reply(ServerFrame::error(req, Code::InvalidParameters));
                return true;
            }
        };
        let from = || self.origin.clone();
        match f {
            ClientFrame::Login { req, .. } => {
                self.reply(ServerFrame::error(req, Code::InvalidParameters))
            }
            ClientFrame::Logout { req } => {
                self.reply(ServerFrame::Ok { req });
                return false;
            }
            ClientFrame::Send { req, .. } if !self.gateway.user_sends.allow(self.origin.user) => {
                self.reply(ServerFrame::error(req, Code::ApiCallFrequencyLimit))
            }
            ClientFrame::Send { req, msg } => self.post(req, Op::Send { from: from(), msg }),
            ClientFrame::RecvAck { pos } => {
                let op = Op::RecvAck { user: self.origin.user, pos };
                if !self.gateway.core.sequencer.post(op, ReplyTo::Nobody) {
                    tracing::warn!("sequencer gone; dropping an acknowledgement");
                }
            }
            ClientFrame::History { req, user, group, count, before_seq } => {
                self.history(req, user, group, count, before_seq)
            }
            ClientFrame::GroupCreate { req, group_type, group, name, members } => {
                self.post(req, Op::GroupCreate { from: from(), group_type, group, name, members })
            }
            ClientFrame::GroupJoin { req, group, .. } => {
                self.post(req, Op::GroupJoin { from: from(), group })
            }
            ClientFrame::GroupQuit { req, group } => {
                self.post(req, Op::GroupQuit { from: from(), group })
            }
            ClientFrame::GroupDismiss { req, group } => {
                self.post(req, Op::GroupDismiss { from: from(), group })
            }
            ClientFrame::GroupMembers { req, group } => self.members(req, group),
            ClientFrame::GroupInvite { req, group, members } => {
                self.post(req, Op::GroupInvite { from: from(), group, members })
            }
            ClientFrame::ConvList { req, next, count } => self.conversations(req, next, count),
            ClientFrame::ConvGet { req, ids } => self.conversations_named(req, ids),
            ClientFrame::UnreadTotal { req } => self.read_frame(
                move |reads, _, user| {
                    reads.unread_total(user).map(|count| ServerFrame::UnreadTotal { req, count })
                },
                req,
            ),
            ClientFrame::ConvRead { req, conv } => self.conv(req, conv, ConvChange::Read),
            ClientFrame::ConvPin { req, conv, pinned } => {
                self.conv(req, conv, ConvChange::Pin(pinned))
            }
            ClientFrame::ConvDelete { req, conv } => self.conv(req, conv, ConvChange::Delete),
            ClientFrame::ConvDraft { req, conv, draft } => {
                self.conv(req, conv, ConvChange::Draft(draft))
            }
            ClientFrame::ReadReceipts { req, conv, seqs } => {
                self.post(req, Op::Receipts { from: from(), conv, seqs })
            }
            ClientFrame::GetReceipts { req, conv, seqs } => self.receipts(req, conv, seqs),
            ClientFrame::SetPushConfig { req, business_id, token } => {
                self.set_push_config(req, business_id, token)
            }
            ClientFrame::ClearPushConfig { req } => {
                // A session that registered no token clears all of the user's.
                let token = self.push_token.lock().unwrap_or_else(|p| p.into_inner()).take();
                let change = TokenChange::Clear { token };
                self.post(req, Op::PushConfig { from: from(), change })
            }
        }
        true
    }

    fn set_push_config(&self, req: u64, business_id: u32, token: String) {
        if let Err(code) = check_token(&token) {
            return self.reply(ServerFrame::error(req, code));
        }
        *self.push_token.lock().unwrap_or_else(|p| p.into_inner()) = Some(token.clone());
        let change = TokenChange::Set { business_id, token };
        self.post(req, Op::PushConfig { from: self.origin.clone(), change })
    }

    fn history(&self, req: u64, user: String, group: String, count: u32, before_seq: Option<u64>) {
        if count == 0 || user.is_empty() == group.is_empty() {
            return self.reply(ServerFrame::error(req, Code::InvalidParameters));
        }
        let count = count.min(MAX_HISTORY_PAGE);
        let (reads, me, tx) = (self.gateway.core.reads.clone(), self.origin.user, self.tx.clone());
        let app = self.origin.app;
        let before_join = self.gateway.history_before_join.clone();
        tokio::task::spawn_blocking(move || {
            let of = if group.is_empty() {
                HistoryOf::C2c { app, me, peer: &user }
            } else {
                HistoryOf::Group { app, me, group_id: &group, before_join: &before_join }
            };
            let text = match reads.history(of, count, before_seq) {
                Ok(page) => {
                    spliced::history(req, &page.bodies, (page.read_seq, page.peer_read_seq))
                }
                Err(code) => frame(&ServerFrame::error(req, code)),
            };
            tx.send(Outbound::Frame(text));
        });
    }

    fn members(&self, req: u64, group: String) {
        self.read_frame(
            move |reads, app, me| {
                reads
                    .members(app, me, &group)
                    .map(|members| ServerFrame::GroupMembers { req, members })
            },
            req,
        )
    }

    fn conversations(&self, req: u64, next: u64, count: u32) {
        if count == 0 {
            return self.reply(ServerFrame::error(req, Code::InvalidParameters));
        }
        let count = count.min(conversation::MAX_PAGE);
        self.read_frame(
            move |reads, _, me| {
                // One more than the page, to tell whether another page follows.
                let mut convs = reads.conversations(me, next, count + 1)?;
                let finished = convs.len() <= count as usize;
                convs.truncate(count as usize);
                let next = convs.last().map_or(0, |c| c.order_key);
                Ok(ServerFrame::ConvList { req, convs, next, finished })
            },
            req,
        )
    }

    fn conversations_named(&self, req: u64, ids: Vec<String>) {
        if ids.is_empty() || ids.len() > conversation::MAX_PAGE as usize {
            return self.reply(ServerFrame::error(req, Code::InvalidParameters));
        }
        self.read_frame(
            move |reads, app, me| {
                let convs = reads.conversations_named(app, me, &ids)?;
                Ok(ServerFrame::ConvList { req, convs, next: 0, finished: true })
            },
            req,
        )
    }

    fn receipts(&self, req: u64, conv: String, seqs: Vec<u64>) {
        if seqs.is_empty() || seqs.len() > MAX_RECEIPT_MESSAGES {
            return self.reply(ServerFrame::error(req, Code::InvalidParameters));
        }
        self.read_frame(
            move |reads, app, me| {
                let receipts = reads.receipts(app, me, &conv, &seqs)?;
                Ok(ServerFrame::Receipts { req, receipts })
            },
            req,
        )
    }

    fn conv(&self, req: u64, conv: String, change: ConvChange) {
        self.post(req, Op::Conv { from: self.origin.clone(), conv, change })
    }

    /// Answers request `req` with what `read` makes of the read pool, for the session's
    /// app and user, off the session's task.
    fn read_frame(
        &self,
        read: impl FnOnce(&ReadPool, u32, i64) -> Result<ServerFrame, Code> + Send + 'static,
        req: u64,
    ) {
        let (reads, me, tx) = (self.gateway.core.reads.clone(), self.origin.user, self.tx.clone());
        let app = self.origin.app;
        tokio::task::spawn_blocking(move || {
            let f = read(&reads, app, me).unwrap_or_else(|code| ServerFrame::error(req, code));
            tx.send(Outbound::Frame(frame(&f)));
        });
    }
}

/// Decodes a client's text frame; when it is not a request, the error goes back with the
/// `req` it carried (0 if none), so the client can match it. Public for the fuzz targets.
pub fn decode_request(text: &str) -> Result<ClientFrame, u64> {
    serde_json::from_str(text).map_err(|_| request_number(text))
}

/// The `req` of a frame that was refused unread, so the client can match the error. Only
/// `req` is kept: the rest is skipped without building values.
fn request_number(text: &str) -> u64 {
    #[derive(serde::Deserialize)]
    struct Req {
        req: u64,
    }
    serde_json::from_str::<Req>(text).map_or(0, |r| r.req)
}

/// The part of the log a new session replays: after `after`, up to `to`.
struct Replay {
    user: i64,
    after: u64,
    to: u64,
}

/// What a logged-in session's writer sends before what is queued.
struct Start {
    login_ok: String,
    replay: Replay,
}

/// Writes what is queued, each batch in one write, until the queue ends or closes.
async fn write_loop(mut wire: Wire, mut rx: SessionRx, start: Option<Start>, core: Arc<Core>) {
    let mut buf = Vec::new();
    if let Some(Start { login_ok, replay: range }) = start {
        // Sent before the replay is read: the client knows it is in without waiting on it.
        text_frame(login_ok.as_bytes(), &mut buf);
        if wire.write_all(&buf).await.is_err() {
            return;
        }
        buf.clear();
        let Some(sent) = replay(&mut wire, &mut buf, &core, range).await else {
            close_frame(&mut buf);
            let _ = wire.write_all(&buf).await;
            return;
        };
        rx.sent_up_to(sent);
    }
    let mut batch = Vec::new();
    while rx.recv_batch(&mut batch, WRITE_BATCH_BYTES).await {
        let mut closing = false;
        for out in batch.drain(..) {
            if let Outbound::Close = out {
                close_frame(&mut buf);
                closing = true;
                break;
            }
            out.encode(&mut buf);
        }
        if wire.write_all(&buf).await.is_err() || closing {
            return;
        }
        buf.clear();
        if buf.capacity() > KEEP_BUFFER_BYTES {
            buf = Vec::new();
        }
    }
}

/// Sends the user's messages in `range` of the log; returns the last position it covers.
async fn replay(wire: &mut Wire, buf: &mut Vec<u8>, core: &Core, range: Replay) -> Option<u64> {
    let Replay { user, after, to } = range;
    let mut last = after;
    while last < to {
        let reads = core.reads.clone();
        let page =
            tokio::task::spawn_blocking(move || reads.log_after(user, last, to, CATCH_UP_PAGE))
                .await
                .ok()?
                .ok()?;
        for (pos, body) in &page {
            text_frame(spliced::message(*pos, body).as_bytes(), buf);
            last = *pos;
        }
        wire.write_all(buf).await.ok()?;
        buf.clear();
        if page.len() < CATCH_UP_PAGE as usize {
            break;
        }
    }
    // Positions up to `to` that are others' messages, or that no row holds (skipped after a
    // power loss), are passed too.
    Some(last.max(to))
}
