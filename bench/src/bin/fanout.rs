//! Group fan-out: one sender, N members online on raw sessions.
//!
//! usage: fanout [SIZES=1000,5000,10000] [MESSAGES=20]   (needs `ulimit -n` above 2 × N)
//! For each group size, a fresh harkd; N members log in and join a Community group (Public holds 2,000); the sender
//! then sends MESSAGES text messages one at a time, each once the last member got the one
//! before. Reports per size the last delivery's latency from the send (p50, max) and harkd's
//! CPU per message and per recipient (/proc/<pid>/stat). Then the floor the fan-out is
//! measured against, in the same run: one write() of a pre-encoded 300-byte frame to each of
//! 5,000 loopback TCP sockets.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use hark_bench::group::{self, cpu_time, Deliveries};
use hark_bench::ws::{recv, send};
use hark_bench::{harkd_binary, quantile, Harkd};
use hark_proto::{ClientFrame, Elem, Message, ServerFrame};

const GROUP: &str = "fanout";
/// One message at a time can go faster than a group's 40 msg/s limit, which is not what is
/// measured here.
const CONFIG: &str = "[groups.rate_limit]\nCommunity = 1000000\n";
/// The floor's sockets and frame size.
const FLOOR_SOCKETS: usize = 5_000;
const FLOOR_FRAME_BYTES: usize = 300;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let sizes: Vec<usize> = args
        .next()
        .unwrap_or_else(|| "1000,5000,10000".into())
        .split(',')
        .map(|s| s.parse().expect("SIZES: numbers separated by commas"))
        .collect();
    let messages: usize = args.next().map_or(20, |a| a.parse().expect("MESSAGES"));
    for n in sizes {
        run(n, messages).await;
    }
    let per_socket = floor();
    println!(
        "floor: one write() of a {FLOOR_FRAME_BYTES}-byte frame to each of {FLOOR_SOCKETS} \
         loopback sockets: {:.2} µs per socket",
        per_socket.as_secs_f64() * 1e6
    );
}

async fn run(n: usize, messages: usize) {
    let harkd = Harkd::start_with(&harkd_binary(), CONFIG);
    let url = format!("{}/v1/ws", harkd.url());
    let mut sender = group::create(&url, "sender", "Community", GROUP).await;
    let members = group::join_members(&url, GROUP, n).await;
    let deliveries = Deliveries::new(messages, n);
    let readers = group::count_all(members, &deliveries);
    tokio::time::sleep(Duration::from_millis(500)).await;

    let cpu_before = cpu_time(harkd.child.id());
    let mut latencies = Vec::with_capacity(messages);
    for k in 0..messages {
        let msg = Message {
            msg_id: format!("m{k}"),
            group: GROUP.into(),
            elems: vec![Elem::Text { text: "a message for the whole group".into() }],
            ..Default::default()
        };
        let last = deliveries.last.notified();
        tokio::pin!(last);
        last.as_mut().enable();
        let start = Instant::now();
        send(&mut sender, &ClientFrame::Send { req: 10 + k as u64, msg }).await;
        // A refused send is reported, not waited on.
        let answer = tokio::select! {
            _ = last.as_mut() => {
                latencies.push(start.elapsed());
                recv(&mut sender).await
            }
            answer = recv(&mut sender) => {
                if matches!(answer, ServerFrame::SendAck { .. }) {
                    tokio::time::timeout(Duration::from_secs(60), last).await.expect("deliveries");
                    latencies.push(start.elapsed());
                }
                answer
            }
        };
        if !matches!(answer, ServerFrame::SendAck { .. }) {
            panic!("send: {answer:?}");
        }
    }
    let cpu = cpu_time(harkd.child.id()) - cpu_before;
    latencies.sort();
    let per_message = cpu / messages as u32;
    println!(
        "{n} members, {messages} messages: last delivery p50 {:.1} ms, max {:.1} ms; harkd CPU \
         {:.1} ms per message, {:.2} µs per recipient",
        quantile(&latencies, 0.5).as_secs_f64() * 1e3,
        latencies.last().expect("messages").as_secs_f64() * 1e3,
        per_message.as_secs_f64() * 1e3,
        per_message.as_secs_f64() * 1e6 / n as f64,
    );
    drop(readers);
}

/// The time one write() of a pre-encoded frame takes per loopback socket: the least any
/// fan-out to that many sockets can cost. The median of five rounds.
fn floor() -> Duration {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    let mut clients = Vec::with_capacity(FLOOR_SOCKETS);
    let mut servers = Vec::with_capacity(FLOOR_SOCKETS);
    for _ in 0..FLOOR_SOCKETS {
        clients.push(TcpStream::connect(addr).expect("connect"));
        servers.push(listener.accept().expect("accept").0);
    }
    let frame = vec![b'x'; FLOOR_FRAME_BYTES];
    let mut rounds = Vec::with_capacity(5);
    let mut sink = vec![0u8; FLOOR_FRAME_BYTES];
    for _ in 0..5 {
        let start = Instant::now();
        for s in &mut servers {
            s.write_all(&frame).expect("write");
        }
        rounds.push(start.elapsed() / FLOOR_SOCKETS as u32);
        for c in &mut clients {
            c.read_exact(&mut sink).expect("read");
        }
    }
    rounds.sort();
    rounds[2]
}
