//! harkd's memory with sessions that never read, at the peak and after they are gone.
//!
//! usage: memory [N=100] [MiB=20]
//! Two runs, each on a harkd of its own: N sessions of one user (each naming a platform of
//! its own), then N members of one group with a session each. None of them reads; another
//! user sends 11 KB messages to them (C2C to the one user, to the group) until MiB MiB have
//! gone to each session, more than its queue's bound (16 MiB) and its socket hold. harkd's
//! resident memory (VmRSS) is sampled every 10 ms meanwhile; then every session is closed
//! and the memory read again after a few seconds.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hark_bench::ws::{login, recv, send};
use hark_bench::{harkd_binary, Harkd};
use hark_proto::{ClientFrame, Elem, Message, ServerFrame};

/// The group's rate limit lifted: the group run sends as fast as harkd acks.
const CONFIG: &str = "[groups.rate_limit]\nWork = 1000000\n";
const BODY_BYTES: usize = 11_000;
/// Sends in flight at once.
const WINDOW: usize = 64;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let arg = |i: usize, default: usize| {
        std::env::args().nth(i).map_or(default, |a| a.parse().expect("number"))
    };
    let (n, mib) = (arg(1, 100), arg(2, 20));
    let messages = (mib << 20) / BODY_BYTES;
    println!("{n} non-reading sessions, {messages} messages of {BODY_BYTES} B to each");
    run("one user", n, messages, false).await;
    run("one group", n, messages, true).await;
}

async fn run(name: &str, n: usize, messages: usize, group: bool) {
    let harkd = Harkd::start_with(&harkd_binary(), CONFIG);
    let url = format!("{}/v1/ws", harkd.url());
    let mut sender = login(&url, "sender", "sender").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let base = harkd.rss();

    let mut idle = Vec::with_capacity(n);
    for i in 0..n {
        let (user, platform) = if group {
            (format!("member{i}"), String::new())
        } else {
            ("hog".into(), i.to_string())
        };
        idle.push(login(&url, &user, &platform).await);
    }
    if group {
        let members = (0..n).map(|i| format!("member{i}")).collect();
        let create = ClientFrame::GroupCreate {
            req: 1,
            group_type: "Work".into(),
            group: "g".into(),
            name: String::new(),
            members,
        };
        send(&mut sender, &create).await;
        match recv(&mut sender).await {
            ServerFrame::GroupCreated { .. } => {}
            other => panic!("group_create: {other:?}"),
        }
    }

    let peak = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done, pid) = (peak.clone(), done.clone(), harkd.child.id());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(Harkd::rss_of(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let start = Instant::now();
    let body = "x".repeat(BODY_BYTES);
    let (mut sent, mut acked) = (0, 0);
    while acked < messages {
        while sent < messages && sent - acked < WINDOW {
            sent += 1;
            let msg = Message {
                msg_id: format!("m{sent}"),
                receiver: if group { String::new() } else { "hog".into() },
                group: if group { "g".into() } else { String::new() },
                elems: vec![Elem::Text { text: body.clone() }],
                ..Default::default()
            };
            send(&mut sender, &ClientFrame::Send { req: 10 + sent as u64, msg }).await;
        }
        match recv(&mut sender).await {
            ServerFrame::SendAck { .. } => acked += 1,
            other => panic!("send: {other:?}"),
        }
    }
    let sending = start.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let full = harkd.rss();
    drop(idle);
    tokio::time::sleep(Duration::from_secs(5)).await;
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let after = harkd.rss();
    println!(
        "{name}: rss before {:.1} MiB, peak {:.1} MiB, after sending {:.1} MiB, {:.1} MiB 5 s \
         after the sessions closed ({messages} sends in {:.1} s)",
        mib(base),
        mib(peak.load(Ordering::Relaxed)),
        mib(full),
        mib(after),
        sending.as_secs_f64(),
    );
}

fn mib(b: u64) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}
