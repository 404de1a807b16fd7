//! A group of raw sessions: its members joining, and the deliveries they count, for the
//! group benchmarks. Members count a message by the number in its msgID (`m<k>`) without
//! decoding the rest: their process shares the machine with harkd.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use hark_proto::{ClientFrame, ServerFrame};
use tokio::sync::Notify;
use tokio_tungstenite::tungstenite::Message as WsMessage;

use crate::ws::{login, recv, send, Ws};

/// Logs `owner` in and creates `group` of `group_type`; the owner's session.
pub async fn create(url: &str, owner: &str, group_type: &str, group: &str) -> Ws {
    let mut ws = login(url, owner, "").await;
    let create = ClientFrame::GroupCreate {
        req: 1,
        group_type: group_type.into(),
        group: group.into(),
        name: String::new(),
        members: Vec::new(),
    };
    send(&mut ws, &create).await;
    match recv(&mut ws).await {
        ServerFrame::GroupCreated { .. } => ws,
        other => panic!("group_create: {other:?}"),
    }
}

/// `n` members (`member0`…) logged in and joined to `group`, 500 at a time.
pub async fn join_members(url: &str, group: &str, n: usize) -> Vec<Ws> {
    let mut members = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let joins = chunk.iter().map(|i| join(url, format!("member{i}"), group));
        members.extend(futures_util::future::join_all(joins).await);
    }
    members
}

async fn join(url: &str, user: String, group: &str) -> Ws {
    let mut ws = login(url, &user, "").await;
    send(&mut ws, &ClientFrame::GroupJoin { req: 2, group: group.into(), note: String::new() })
        .await;
    match recv(&mut ws).await {
        ServerFrame::Ok { .. } => ws,
        other => panic!("group_join: {other:?}"),
    }
}

/// Deliveries counted per message: how many members got message `k`, and when the last one
/// did.
pub struct Deliveries {
    got: Vec<AtomicUsize>,
    /// Nanoseconds after `start` at which the last member got it; 0 until then.
    done_at: Vec<AtomicU64>,
    members: usize,
    start: Instant,
    /// Woken at each message's last delivery.
    pub last: Notify,
}

impl Deliveries {
    pub fn new(messages: usize, members: usize) -> Arc<Deliveries> {
        Arc::new(Deliveries {
            got: (0..messages).map(|_| AtomicUsize::new(0)).collect(),
            done_at: (0..messages).map(|_| AtomicU64::new(0)).collect(),
            members,
            start: Instant::now(),
            last: Notify::new(),
        })
    }

    /// When every member had message `k`, if they all have.
    pub fn done(&self, k: usize) -> Option<Instant> {
        let at = self.done_at[k].load(Ordering::Acquire);
        (at > 0).then(|| self.start + Duration::from_nanos(at))
    }

    fn arrived(&self, k: usize) {
        let Some(got) = self.got.get(k) else { return };
        if got.fetch_add(1, Ordering::Relaxed) + 1 == self.members {
            let at = self.start.elapsed().as_nanos().max(1) as u64;
            self.done_at[k].store(at, Ordering::Release);
            self.last.notify_one();
        }
    }
}

/// Counts each member's deliveries until its session ends or the task is aborted.
pub fn count_all(
    members: Vec<Ws>,
    deliveries: &Arc<Deliveries>,
) -> Vec<tokio::task::JoinHandle<()>> {
    members.into_iter().map(|ws| tokio::spawn(count(ws, Arc::clone(deliveries)))).collect()
}

async fn count(mut ws: Ws, deliveries: Arc<Deliveries>) {
    const ID: &str = r#""msg_id":"m"#;
    while let Some(Ok(frame)) = ws.next().await {
        let WsMessage::Text(text) = frame else { continue };
        let Some(at) = text.find(ID) else { continue };
        let digits = text[at + ID.len()..].bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(k) = text[at + ID.len()..at + ID.len() + digits].parse::<usize>() {
            deliveries.arrived(k);
        }
    }
}

/// User plus system CPU time of process `pid` so far.
pub fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("reading /proc stat");
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat[stat.rfind(')').expect("stat") + 2..].split(' ').collect();
    let ticks: u64 =
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
    Duration::from_secs_f64(ticks as f64 / clock_ticks() as f64)
}

/// The kernel's clock ticks per second, in which /proc reports CPU time.
fn clock_ticks() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100)
}
