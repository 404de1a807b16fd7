//! Crash test: four clients send C2C and group messages, pipelined, while the harkd binary
//! is SIGKILLed at random moments and started again on the same data directory and port.
//! Each client reconnects after a break and resends what was not acknowledged, except one
//! message in five, which it abandons. Afterwards every acknowledged message is in history
//! exactly once with the seq its ack named, each conversation's seqs run 1..n without gaps
//! or repeats, an abandoned message appears at most once, and no client got another's
//! message twice. The seed is printed; `HARK_CRASH_SEED=<n>` replays the kill schedule.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use hark_proto::{ClientFrame, Elem, Message, ServerFrame, PROTOCOL_VERSION};
use tokio_tungstenite::tungstenite::Message as Ws;

const HARKD: &str = env!("CARGO_BIN_EXE_harkd");
const APP: u32 = 1400000042;
const USERS: [&str; 4] = ["u0", "u1", "u2", "u3"];
const GROUP: &str = "crash";
const KILLS: usize = 24;
/// Sends in flight per client.
const WINDOW: usize = 8;

type Conn =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// splitmix64: enough randomness for a kill schedule, and replayable from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn seed() -> u64 {
    std::env::var("HARK_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
            as u64
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn write_config(dir: &Path, port: u16) -> PathBuf {
    let path = dir.join("harkd.toml");
    // The group rate limit would drop messages; this test is about durability.
    let text = format!(
        "listen = \"127.0.0.1:{port}\"\ndata_dir = \"{}\"\n[[apps]]\nsdkappid = {APP}\n\
         key = \"crash-key\"\n[groups.rate_limit]\nWork = 100000\n",
        dir.join("data").display()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Starts harkd on the configured port; a start that cannot bind yet (the killed process's
/// socket still closing) is retried for a few seconds.
// The caller owns the child and waits for it.
#[allow(clippy::zombie_processes)]
fn start(config: &Path, dir: &Path) -> Child {
    let port_file = dir.join("port");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let _ = std::fs::remove_file(&port_file);
        let mut child = Command::new(HARKD)
            .arg("serve")
            .arg("--config")
            .arg(config)
            .arg("--port-file")
            .arg(&port_file)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        loop {
            if std::fs::metadata(&port_file).is_ok_and(|m| m.len() > 0) {
                return child;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            assert!(Instant::now() < deadline, "harkd did not start");
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(Instant::now() < deadline, "harkd could not bind its port again");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn usersig(config: &Path, user: &str) -> String {
    let out =
        Command::new(HARKD).arg("usersig").arg(user).arg("--config").arg(config).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

async fn write(ws: &mut Conn, f: &ClientFrame) -> bool {
    ws.send(Ws::Text(serde_json::to_string(f).unwrap().into())).await.is_ok()
}

/// The next frame; None when the connection broke.
async fn read(ws: &mut Conn) -> Option<ServerFrame> {
    loop {
        match ws.next().await? {
            Ok(Ws::Text(t)) => return Some(serde_json::from_str(&t).unwrap()),
            Ok(Ws::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

async fn connect(port: u16, user: &str, sig: &str, pos: u64) -> Option<Conn> {
    let url = format!("ws://127.0.0.1:{port}/v1/ws");
    let attempt = async {
        let (mut ws, _) = tokio_tungstenite::connect_async(url).await.ok()?;
        let login = ClientFrame::Login {
            req: 0,
            ver: PROTOCOL_VERSION,
            sdkappid: APP,
            user: user.into(),
            sig: sig.into(),
            platform: String::new(),
            pos,
        };
        if !write(&mut ws, &login).await {
            return None;
        }
        match read(&mut ws).await? {
            ServerFrame::LoginOk { .. } => Some(ws),
            other => panic!("{user}: login answered {other:?}"),
        }
    };
    tokio::time::timeout(Duration::from_secs(2), attempt).await.ok().flatten()
}

/// One client's messages, in the order it made them.
fn message(me: usize, k: u64) -> Message {
    let others: Vec<usize> = (0..USERS.len()).filter(|&u| u != me).collect();
    let (receiver, group) = match k % 4 {
        3 => (String::new(), GROUP.to_owned()),
        _ => (USERS[others[(k % 3) as usize]].to_owned(), String::new()),
    };
    Message {
        msg_id: format!("{}-{k}", USERS[me]),
        receiver,
        group,
        elems: vec![Elem::Text { text: format!("m{k}") }],
        ..Default::default()
    }
}

/// One in five is abandoned when a break leaves it unacknowledged.
fn abandonable(msg_id: &str) -> bool {
    msg_id.rsplit('-').next().unwrap().parse::<u64>().unwrap() % 5 == 0
}

#[derive(Default)]
struct Outcome {
    /// msgID → seq, from the acks.
    acked: HashMap<String, u64>,
    abandoned: HashSet<String>,
    /// Others' messages pushed to this client more than once.
    twice: Vec<String>,
    connections: usize,
}

async fn client(me: usize, port: u16, sig: String, stop: Arc<AtomicBool>) -> Outcome {
    let user = USERS[me];
    let mut out = Outcome::default();
    let mut pending: BTreeMap<u64, Message> = BTreeMap::new();
    let mut seen = HashSet::new();
    let (mut next_k, mut pos, mut req) = (0u64, 0u64, 0u64);
    loop {
        if stop.load(Ordering::Relaxed) && pending.is_empty() {
            return out;
        }
        let Some(mut ws) = connect(port, user, &sig, pos).await else {
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        out.connections += 1;
        // What the break left unacknowledged: abandon some, resend the rest.
        pending.retain(|_, m| {
            let keep = !(out.connections > 1 && abandonable(&m.msg_id));
            if !keep {
                out.abandoned.insert(m.msg_id.clone());
            }
            keep
        });
        let mut alive = true;
        for m in pending.values() {
            req += 1;
            alive &= write(&mut ws, &ClientFrame::Send { req, msg: m.clone() }).await;
        }
        while alive {
            let stopping = stop.load(Ordering::Relaxed);
            if stopping && pending.is_empty() {
                let _ = ws.close(None).await;
                return out;
            }
            while !stopping && pending.len() < WINDOW {
                let m = message(me, next_k);
                pending.insert(next_k, m.clone());
                next_k += 1;
                req += 1;
                if !write(&mut ws, &ClientFrame::Send { req, msg: m }).await {
                    break;
                }
            }
            let frame = match tokio::time::timeout(Duration::from_millis(200), read(&mut ws)).await
            {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(_) => continue,
            };
            match frame {
                ServerFrame::SendAck { msg_id, seq, dropped, .. } => {
                    assert!(!dropped && seq > 0, "{msg_id} dropped");
                    let k = msg_id.rsplit('-').next().unwrap().parse().unwrap();
                    if let Some(old) = out.acked.insert(msg_id.clone(), seq) {
                        assert_eq!(old, seq, "{msg_id} acked with two seqs");
                    }
                    pending.remove(&k);
                }
                ServerFrame::Msg { pos: n, msg } => {
                    pos = pos.max(n);
                    if msg.sender != user && !seen.insert(msg.msg_id.clone()) {
                        out.twice.push(msg.msg_id);
                    }
                    alive = write(&mut ws, &ClientFrame::RecvAck { pos }).await;
                }
                other => panic!("{user}: unexpected {other:?}"),
            }
        }
    }
}

/// A conversation's whole history, oldest first.
async fn history(ws: &mut Conn, user: &str, group: &str) -> Vec<Message> {
    let mut all = Vec::new();
    let mut before_seq = None;
    loop {
        let f = ClientFrame::History {
            req: 1,
            user: user.into(),
            group: group.into(),
            count: 100,
            before_seq,
        };
        assert!(write(ws, &f).await);
        let msgs = loop {
            match read(ws).await.expect("history") {
                ServerFrame::History { msgs, .. } => break msgs,
                ServerFrame::Msg { .. } => continue,
                other => panic!("history answered {other:?}"),
            }
        };
        let Some(last) = msgs.last() else { break };
        before_seq = Some(last.seq);
        all.extend(msgs);
    }
    all.reverse();
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acked_messages_survive_random_sigkills_exactly_once() {
    let seed = seed();
    println!("crash test seed: {seed} (HARK_CRASH_SEED={seed} replays the kill schedule)");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let config = write_config(dir.path(), port);
    let sigs: Vec<String> = USERS.iter().map(|u| usersig(&config, u)).collect();
    let started = Instant::now();

    let mut harkd = start(&config, dir.path());
    // Every user exists and is in the group before the load starts.
    let mut owner = None;
    for (i, u) in USERS.iter().enumerate() {
        let ws = connect(port, u, &sigs[i], 0).await.expect("first login");
        owner.get_or_insert(ws);
    }
    let mut owner = owner.unwrap();
    let create = ClientFrame::GroupCreate {
        req: 1,
        group_type: "Work".into(),
        group: GROUP.into(),
        name: String::new(),
        members: USERS[1..].iter().map(|u| u.to_string()).collect(),
    };
    assert!(write(&mut owner, &create).await);
    assert!(matches!(read(&mut owner).await, Some(ServerFrame::GroupCreated { .. })));
    drop(owner);

    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..USERS.len())
        .map(|i| tokio::spawn(client(i, port, sigs[i].clone(), stop.clone())))
        .collect();
    for _ in 0..KILLS {
        // Mostly mid-load, sometimes right after the restart.
        let up = if rng.below(4) == 0 { rng.below(30) } else { 50 + rng.below(450) };
        tokio::time::sleep(Duration::from_millis(up)).await;
        harkd.kill().unwrap();
        harkd.wait().unwrap();
        harkd = start(&config, dir.path());
    }
    stop.store(true, Ordering::Relaxed);
    let mut outcomes = Vec::new();
    for c in clients {
        outcomes.push(tokio::time::timeout(Duration::from_secs(20), c).await.unwrap().unwrap());
    }

    let mut acked = HashMap::new();
    let mut abandoned = HashSet::new();
    for (i, o) in outcomes.iter().enumerate() {
        assert!(o.twice.is_empty(), "{} got these twice: {:?}", USERS[i], o.twice);
        acked.extend(o.acked.iter().map(|(id, seq)| (id.clone(), *seq)));
        abandoned.extend(o.abandoned.iter().cloned());
    }
    let mut ws = connect(port, USERS[0], &sigs[0], 0).await.unwrap();
    let mut conversations = vec![history(&mut ws, "", GROUP).await];
    for (i, u) in USERS.iter().enumerate() {
        let mut ws = connect(port, u, &sigs[i], 0).await.unwrap();
        for peer in &USERS[i + 1..] {
            conversations.push(history(&mut ws, peer, "").await);
        }
    }
    let mut found = HashSet::new();
    let mut abandoned_stored = 0;
    for msgs in &conversations {
        let seqs: Vec<u64> = msgs.iter().map(|m| m.seq).collect();
        assert_eq!(seqs, (1..=msgs.len() as u64).collect::<Vec<_>>(), "gaps or repeats");
        for m in msgs {
            assert!(found.insert(m.msg_id.clone()), "{} stored twice", m.msg_id);
            match acked.get(&m.msg_id) {
                Some(&seq) => assert_eq!(seq, m.seq, "{} stored with another seq", m.msg_id),
                None => {
                    assert!(abandoned.contains(&m.msg_id), "{} was never sent", m.msg_id);
                    abandoned_stored += 1;
                }
            }
        }
    }
    let lost: Vec<_> = acked.keys().filter(|id| !found.contains(*id)).collect();
    assert!(lost.is_empty(), "acked but not in history: {lost:?}");
    let connections: usize = outcomes.iter().map(|o| o.connections).sum();
    println!(
        "{KILLS} kills in {:?}: {} messages acked, {} abandoned ({abandoned_stored} of them \
         stored), {connections} connections",
        started.elapsed(),
        acked.len(),
        abandoned.len(),
    );
    harkd.kill().unwrap();
    harkd.wait().unwrap();
}

/// A REST call as the administrator; answers the JSON body.
async fn rest(port: u16, admin_sig: &str, cmd: &str, body: serde_json::Value) -> serde_json::Value {
    let path = format!(
        "/v4/{cmd}?sdkappid={APP}&identifier=administrator&usersig={admin_sig}&random=1&contenttype=json"
    );
    let r =
        common::http::request(port, "POST", &path, None, &[], body.to_string().as_bytes()).await;
    let v: serde_json::Value = r.json();
    assert_eq!(v["ActionStatus"], "OK", "{cmd}: {v}");
    v
}

/// The user's unread count in `conv` and in all, from the list a new process gets.
async fn unread_of(port: u16, user: &str, sig: &str, conv: &str) -> (u64, u64) {
    let mut ws = connect(port, user, sig, 0).await.expect("login");
    assert!(write(&mut ws, &ClientFrame::ConvGet { req: 1, ids: vec![conv.into()] }).await);
    assert!(write(&mut ws, &ClientFrame::UnreadTotal { req: 2 }).await);
    let (mut one, mut all) = (None, None);
    while one.is_none() || all.is_none() {
        match read(&mut ws).await.expect("answers") {
            ServerFrame::ConvList { convs, .. } => one = Some(convs[0].unread),
            ServerFrame::UnreadTotal { count, .. } => all = Some(count),
            _ => {}
        }
    }
    (one.unwrap(), all.unwrap())
}

/// A big group's unread counts and catch-up are what they were before a SIGKILL: the
/// reads and messages acknowledged before it are all there after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_groups_unread_counts_survive_a_sigkill() {
    const MEMBERS: usize = 1000;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let config = write_config(dir.path(), port);
    let admin = usersig(&config, "administrator");
    let mut harkd = start(&config, dir.path());
    let names: Vec<String> = (0..MEMBERS).map(|i| format!("m{i}")).collect();
    for chunk in names.chunks(100) {
        rest(
            port,
            &admin,
            "im_open_login_svc/multiaccount_import",
            serde_json::json!({"Accounts": chunk}),
        )
        .await;
    }
    rest(
        port,
        &admin,
        "group_open_http_svc/create_group",
        serde_json::json!({"Type": "Community", "GroupId": "big"}),
    )
    .await;
    for chunk in names.chunks(500) {
        let list: Vec<_> = chunk.iter().map(|m| serde_json::json!({"Member_Account": m})).collect();
        rest(
            port,
            &admin,
            "group_open_http_svc/add_group_member",
            serde_json::json!({"GroupId": "big", "MemberList": list}),
        )
        .await;
    }
    let to_group = |i: usize| {
        serde_json::json!({"GroupId": "big", "Random": i,
        "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": format!("news {i}")}}]})
    };
    for i in 0..10 {
        rest(port, &admin, "group_open_http_svc/send_group_msg", to_group(i)).await;
    }

    // m999 gets the first ten, acknowledges them and reads the group.
    let reader_sig = usersig(&config, "m999");
    let mut reader = connect(port, "m999", &reader_sig, 0).await.unwrap();
    let mut last = 0;
    for _ in 0..10 {
        match read(&mut reader).await.unwrap() {
            ServerFrame::Msg { pos, .. } => last = pos,
            other => panic!("{other:?}"),
        }
    }
    assert!(write(&mut reader, &ClientFrame::RecvAck { pos: last }).await);
    assert!(write(&mut reader, &ClientFrame::ConvRead { req: 5, conv: "group_big".into() }).await);
    assert!(matches!(read(&mut reader).await, Some(ServerFrame::Ok { req: 5 })));
    drop(reader);
    // m0 sends five (which reads the group up to them for m0), then twenty more news.
    let sender_sig = usersig(&config, "m0");
    let mut sender = connect(port, "m0", &sender_sig, 0).await.unwrap();
    for k in 0..5u64 {
        let msg = Message {
            msg_id: format!("m0-{k}"),
            group: "big".into(),
            elems: vec![Elem::Text { text: "from m0".into() }],
            ..Default::default()
        };
        assert!(write(&mut sender, &ClientFrame::Send { req: 10 + k, msg }).await);
    }
    let mut acks = 0;
    while acks < 5 {
        if let ServerFrame::SendAck { .. } = read(&mut sender).await.unwrap() {
            acks += 1;
        }
    }
    drop(sender);
    for i in 10..30 {
        rest(port, &admin, "group_open_http_svc/send_group_msg", to_group(i)).await;
    }

    harkd.kill().unwrap();
    harkd.wait().unwrap();
    let mut harkd = start(&config, dir.path());

    assert_eq!(unread_of(port, "m999", &reader_sig, "group_big").await, (25, 25));
    assert_eq!(unread_of(port, "m0", &sender_sig, "group_big").await, (20, 20));
    let fresh = usersig(&config, "m1");
    assert_eq!(unread_of(port, "m1", &fresh, "group_big").await, (35, 35));
    // m999's new process catches up on exactly what it had not acknowledged, in order.
    let mut reader = connect(port, "m999", &reader_sig, 0).await.unwrap();
    let mut seqs = Vec::new();
    while let Ok(Some(f)) =
        tokio::time::timeout(Duration::from_millis(500), read(&mut reader)).await
    {
        if let ServerFrame::Msg { msg, .. } = f {
            seqs.push(msg.seq);
        }
    }
    assert_eq!(seqs, (11..=35).collect::<Vec<u64>>());
    harkd.kill().unwrap();
    harkd.wait().unwrap();
}
