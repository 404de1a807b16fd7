//! A group at its send rate limit: N members online on raw sessions, one sender sending at
//! RATE messages per second for SECONDS.
//!
//! usage: group_rate [MEMBERS=6000] [RATE=40] [SECONDS=60] [TYPE=Meeting]
//!   (needs `ulimit -n` above 2 × MEMBERS)
//! Sends are paced, not waited for: the sender writes message k at k / RATE seconds and reads
//! its acks as they come. Reports how many harkd stored and how many its rate limit dropped,
//! the lag of each message's last delivery behind its send (p50, p99, max), how long the
//! last delivery came after the last send, and harkd's CPU per second of sending. It keeps
//! up when the lag stays flat instead of growing with the run.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use hark_bench::group::{self, cpu_time, Deliveries};
use hark_bench::{harkd_binary, quantile, Harkd};
use hark_proto::{ClientFrame, Elem, Message, ServerFrame};
use tokio_tungstenite::tungstenite::Message as WsMessage;

const GROUP: &str = "rate";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let members: usize = args.next().map_or(6000, |a| a.parse().expect("MEMBERS"));
    let rate: u32 = args.next().map_or(40, |a| a.parse().expect("RATE"));
    let seconds: u32 = args.next().map_or(60, |a| a.parse().expect("SECONDS"));
    let group_type = args.next().unwrap_or_else(|| "Meeting".into());
    let messages = (rate * seconds) as usize;

    let harkd = Harkd::start(&harkd_binary());
    let url = format!("{}/v1/ws", harkd.url());
    let sender = group::create(&url, "sender", &group_type, GROUP).await;
    let joined = group::join_members(&url, GROUP, members).await;
    let deliveries = Deliveries::new(messages, members);
    let readers = group::count_all(joined, &deliveries);
    tokio::time::sleep(Duration::from_millis(500)).await;

    let (mut write, mut read) = sender.split();
    // Acks, read while sending: how many were stored and how many the rate limit dropped.
    let acks = tokio::spawn(async move {
        let (mut stored, mut dropped) = (0usize, 0usize);
        while stored + dropped < messages {
            let Some(Ok(WsMessage::Text(t))) = read.next().await else { break };
            if let Ok(ServerFrame::SendAck { dropped: d, .. }) = serde_json::from_str(&t) {
                if d {
                    dropped += 1;
                } else {
                    stored += 1;
                }
            }
        }
        (stored, dropped)
    });

    let cpu_before = cpu_time(harkd.child.id());
    let start = Instant::now();
    let mut sent_at = Vec::with_capacity(messages);
    for k in 0..messages {
        let due = start + Duration::from_secs_f64(k as f64 / f64::from(rate));
        tokio::time::sleep_until(due.into()).await;
        let msg = Message {
            msg_id: format!("m{k}"),
            group: GROUP.into(),
            elems: vec![Elem::Text { text: "a message for the whole group".into() }],
            ..Default::default()
        };
        sent_at.push(Instant::now());
        send_split(&mut write, &ClientFrame::Send { req: 10 + k as u64, msg }).await;
    }
    let sending = start.elapsed();
    let (stored, dropped) = acks.await.expect("acks");
    // The last deliveries of the stored messages may still be on their way: wait for them,
    // up to 30 s.
    let deadline = Instant::now() + Duration::from_secs(30);
    let all_done = || (0..messages).filter(|&k| deliveries.done(k).is_some()).count() >= stored;
    while Instant::now() < deadline && !all_done() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let cpu = cpu_time(harkd.child.id()) - cpu_before;

    let lag = |k: usize| deliveries.done(k).map(|done| done.saturating_duration_since(sent_at[k]));
    let mut lags: Vec<Duration> = (0..messages).filter_map(lag).collect();
    // The lag over the first and the last tenth of the run: flat when it keeps up.
    let tenth = (messages / 10).max(1);
    let p50_of = |ks: std::ops::Range<usize>| {
        let mut part: Vec<Duration> = ks.filter_map(lag).collect();
        part.sort();
        ms(quantile_or_zero(&part, 0.5))
    };
    let (early, late) = (p50_of(0..tenth), p50_of(messages - tenth..messages));
    let delivered = lags.len();
    let tail = (0..messages)
        .rev()
        .find_map(|k| deliveries.done(k))
        .map(|last| last.saturating_duration_since(*sent_at.last().expect("messages")));
    lags.sort();
    println!(
        "{group_type} group, {members} members, {rate} msg/s for {seconds} s: {stored} stored, \
         {dropped} dropped by the rate limit, {delivered} delivered to every member; last \
         delivery lag p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (p50 over the first tenth \
         {early:.1} ms, the last {late:.1} ms); last delivery {:.1} ms after the last send; \
         harkd CPU {:.2} s per second of sending",
        ms(quantile_or_zero(&lags, 0.5)),
        ms(quantile_or_zero(&lags, 0.99)),
        ms(lags.last().copied().unwrap_or_default()),
        ms(tail.unwrap_or_default()),
        cpu.as_secs_f64() / sending.as_secs_f64(),
    );
    drop(readers);
}

async fn send_split(
    write: &mut futures_util::stream::SplitSink<hark_bench::ws::Ws, WsMessage>,
    f: &ClientFrame,
) {
    use futures_util::SinkExt;
    let text = serde_json::to_string(f).expect("frames serialize");
    write.send(WsMessage::Text(text.into())).await.expect("send");
}

fn quantile_or_zero(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        Duration::ZERO
    } else {
        quantile(sorted, q)
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
