//! harkd memory per idle, logged-in connection.
//!
//! usage: idle_connections [N=10000]
//! Opens N WebSocket sessions, each logged in as its own user, waits for them to settle, and
//! reports harkd's resident memory growth per connection.

use std::time::Duration;

use hark_bench::ws::login;
use hark_bench::{harkd_binary, Harkd};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::args().nth(1).map_or(10_000, |a| a.parse().expect("N"));
    let harkd = Harkd::start(&harkd_binary());
    let url = format!("{}/v1/ws", harkd.url());

    // One session first, so the baseline includes the server's warmed-up state.
    let warm = login(&url, "warmup", "").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = harkd.rss();

    let mut conns = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let users: Vec<String> = chunk.iter().map(|i| format!("idle{i}")).collect();
        let batch = users.iter().map(|u| login(&url, u, ""));
        conns.extend(futures_util::future::join_all(batch).await);
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = harkd.rss();
    let per = (after.saturating_sub(before)) as f64 / n as f64;
    println!("connections: {n}");
    println!("harkd rss before: {:.1} MiB, after: {:.1} MiB", mib(before), mib(after));
    println!("per idle connection: {:.1} KiB", per / 1024.0);
    drop(conns);
    drop(warm);
}

fn mib(b: u64) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}
