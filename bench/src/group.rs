//! A group of raw sessions: its members joining, and the deliveries they count, for the
//! group benchmarks. Members count a message by the number in its msgID (`m<k>`) without
//! decoding the rest, all on one thread: their process shares the machine with harkd.

use std::io::Read;
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hark_proto::{ClientFrame, ServerFrame};
use tokio::sync::Notify;
use tokio_tungstenite::MaybeTlsStream;

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

/// The members' sockets, read by two threads that count deliveries until it is dropped.
/// Each reads its sockets as they become readable (epoll) and finds each frame's msgID
/// without decoding it, so that the members' side, which shares the machine with harkd,
/// costs little more than the reads: the figures are harkd's, not the readers'.
pub struct Counter {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

/// The reading threads.
const READERS: usize = 2;

impl Drop for Counter {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// Counts each member's deliveries until the [`Counter`] is dropped.
pub fn count_all(members: Vec<Ws>, deliveries: &Arc<Deliveries>) -> Counter {
    let mut sockets: Vec<std::net::TcpStream> = members
        .into_iter()
        .map(|ws| match ws.into_inner() {
            MaybeTlsStream::Plain(s) => s.into_std().expect("a member's socket"),
            _ => panic!("members connect without TLS"),
        })
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let share = sockets.len().div_ceil(READERS).max(1);
    let mut threads = Vec::with_capacity(READERS);
    while !sockets.is_empty() {
        let mine = sockets.split_off(sockets.len().saturating_sub(share));
        let (deliveries, stopping) = (Arc::clone(deliveries), stop.clone());
        threads.push(std::thread::spawn(move || read_all(&mine, &deliveries, &stopping)));
    }
    Counter { stop, threads }
}

fn read_all(sockets: &[std::net::TcpStream], deliveries: &Deliveries, stop: &AtomicBool) {
    // SAFETY: plain epoll calls on descriptors these sockets own for the whole loop.
    let ep = unsafe { libc::epoll_create1(0) };
    assert!(ep >= 0, "epoll_create1");
    for (i, s) in sockets.iter().enumerate() {
        let mut ev = libc::epoll_event { events: libc::EPOLLIN as u32, u64: i as u64 };
        // SAFETY: as above.
        let r = unsafe { libc::epoll_ctl(ep, libc::EPOLL_CTL_ADD, s.as_raw_fd(), &mut ev) };
        assert_eq!(r, 0, "epoll_ctl");
    }
    let mut pending: Vec<Vec<u8>> = vec![Vec::new(); sockets.len()];
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 1024];
    let mut chunk = vec![0u8; 64 << 10];
    while !stop.load(Ordering::Relaxed) {
        // SAFETY: as above; `events` has room for the count given.
        let n = unsafe { libc::epoll_wait(ep, events.as_mut_ptr(), events.len() as i32, 100) };
        for ev in &events[..n.max(0) as usize] {
            let i = ev.u64 as usize;
            match (&sockets[i]).read(&mut chunk) {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Ok(0) | Err(_) => {
                    // Closed: no longer watched.
                    let fd = sockets[i].as_raw_fd();
                    // SAFETY: as above.
                    unsafe { libc::epoll_ctl(ep, libc::EPOLL_CTL_DEL, fd, std::ptr::null_mut()) };
                }
                Ok(got) => {
                    let buf = &mut pending[i];
                    buf.extend_from_slice(&chunk[..got]);
                    let used = count_frames(buf, deliveries);
                    buf.drain(..used);
                }
            }
        }
    }
    // SAFETY: `ep` is ours.
    unsafe { libc::close(ep) };
}

/// Counts the whole frames at the start of `buf`; the bytes they took.
fn count_frames(buf: &[u8], deliveries: &Deliveries) -> usize {
    const ID: &[u8] = br#""msg_id":"m"#;
    let mut at = 0;
    while buf.len() >= at + 2 {
        // A server's frames are not masked.
        let (len, header) = match buf[at + 1] & 0x7f {
            126 if buf.len() >= at + 4 => {
                (u16::from_be_bytes([buf[at + 2], buf[at + 3]]) as usize, 4)
            }
            127 if buf.len() >= at + 10 => {
                let b: [u8; 8] = buf[at + 2..at + 10].try_into().expect("eight bytes");
                (u64::from_be_bytes(b) as usize, 10)
            }
            126 | 127 => break,
            n => (n as usize, 2),
        };
        if buf.len() < at + header + len {
            break;
        }
        let payload = &buf[at + header..at + header + len];
        if let Some(p) = payload.windows(ID.len()).position(|w| w == ID) {
            let digits = &payload[p + ID.len()..];
            let n = digits.iter().take_while(|b| b.is_ascii_digit()).count();
            if let Some(k) = std::str::from_utf8(&digits[..n]).ok().and_then(|d| d.parse().ok()) {
                deliveries.arrived(k);
            }
        }
        at += header + len;
    }
    at
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
