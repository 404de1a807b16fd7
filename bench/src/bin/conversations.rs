//! Conversation lists: a login's catch-up and list for a user in many groups, and the first
//! page of a long list.
//!
//! usage: conversations [GROUPS=500] [NEW=10] [MORE=500] [ROUNDS=50]
//! A fresh harkd; `me` is in GROUPS groups, each of which then gets NEW messages while `me`
//! is away. Reports, from the start of `me`'s login: login_ok, the last catch-up message,
//! and the whole conversation list (pages of 100). Then MORE groups with one message each
//! make GROUPS + MORE conversations, and the first page of 100 is asked for ROUNDS times
//! (p50, max).

use std::time::{Duration, Instant};

use hark_bench::ws::{login, recv, send, Ws};
use hark_bench::{harkd_binary, quantile, Harkd};
use hark_proto::{ClientFrame, Elem, Message, ServerFrame};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().expect("a number"));
    let groups = args.next().unwrap_or(500);
    let new = args.next().unwrap_or(10);
    let more = args.next().unwrap_or(500);
    let rounds = args.next().unwrap_or(50);

    let harkd = Harkd::start(&harkd_binary());
    let url = format!("{}/v1/ws", harkd.url());
    drop(login(&url, "me", "").await);
    let mut owner = login(&url, "owner", "").await;
    make_groups(&mut owner, 0..groups, new).await;

    let start = Instant::now();
    let mut me = login(&url, "me", "").await;
    let logged_in = start.elapsed();
    send(&mut me, &ClientFrame::ConvList { req: 2, next: 0, count: 100 }).await;
    let (mut caught_up, mut listed, mut got, mut convs) = (None, None, 0, 0);
    while listed.is_none() {
        match recv(&mut me).await {
            ServerFrame::Msg { .. } => {
                got += 1;
                if got == groups * new {
                    caught_up = Some(start.elapsed());
                }
            }
            ServerFrame::ConvList { req, convs: page, next, finished } => {
                convs += page.len();
                if finished {
                    listed = Some(start.elapsed());
                } else {
                    send(&mut me, &ClientFrame::ConvList { req: req + 1, next, count: 100 }).await;
                }
            }
            other => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!((got, convs), (groups * new, groups), "the catch-up and the list are whole");
    let ms = |d: Option<Duration>| d.expect("measured").as_secs_f64() * 1e3;
    println!(
        "login of a user in {groups} groups with {new} new messages each: login_ok {:.1} ms, \
         catch-up of {got} messages {:.1} ms, list of {convs} conversations {:.1} ms",
        ms(Some(logged_in)),
        ms(caught_up),
        ms(listed),
    );

    make_groups(&mut owner, groups..groups + more, 1).await;
    while let Ok(f) = tokio::time::timeout(Duration::from_millis(500), recv(&mut me)).await {
        assert!(matches!(f, ServerFrame::Msg { .. }), "{f:?}");
    }
    let mut times = Vec::with_capacity(rounds);
    for k in 0..rounds {
        let start = Instant::now();
        send(&mut me, &ClientFrame::ConvList { req: 1000 + k as u64, next: 0, count: 100 }).await;
        match recv(&mut me).await {
            ServerFrame::ConvList { convs, .. } => assert_eq!(convs.len(), 100),
            other => panic!("conv_list: {other:?}"),
        }
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "first page (100) of {} conversations, {rounds} times: p50 {:.2} ms, max {:.2} ms",
        groups + more,
        quantile(&times, 0.5).as_secs_f64() * 1e3,
        times.last().expect("rounds").as_secs_f64() * 1e3,
    );
}

/// Creates the groups numbered `range`, with `me` in each, and sends each `messages`
/// messages, the sends of a group pipelined.
async fn make_groups(owner: &mut Ws, range: std::ops::Range<usize>, messages: usize) {
    let mut req = 100_000 * (range.start as u64 + 1);
    for g in range {
        req += 1;
        let create = ClientFrame::GroupCreate {
            req,
            group_type: "Public".into(),
            group: format!("g{g}"),
            name: format!("Group {g}"),
            members: vec!["me".into()],
        };
        send(owner, &create).await;
        for k in 0..messages {
            req += 1;
            let msg = Message {
                msg_id: format!("g{g}-{k}"),
                group: format!("g{g}"),
                elems: vec![Elem::Text { text: format!("message {k} of group {g}") }],
                ..Default::default()
            };
            send(owner, &ClientFrame::Send { req, msg }).await;
        }
        for _ in 0..=messages {
            match recv(owner).await {
                ServerFrame::GroupCreated { .. } | ServerFrame::SendAck { .. } => {}
                other => panic!("setting up: {other:?}"),
            }
        }
    }
}
