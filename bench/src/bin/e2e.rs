//! End to end through libhark's C API, C2C text, durable storage on:
//! - latency: one pair, one message at a time (the next is sent once the receiver has the
//!   last), from the sender's call to the receiver's callback, and to the sender's success
//!   callback (its ack); p50, p99 and max of each;
//! - throughput: 100 sender→receiver pairs sending at once, a window of messages in flight
//!   per sender; messages delivered per second.
//!
//! usage: e2e [latency-messages=5000] [pairs=100] [messages-per-pair=2000]

use std::ffi::{c_char, c_void, CString};
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use hark::ffi::*;
use hark_bench::{harkd_binary, quantile, user_sig, Harkd, SDKAPPID};

/// Senders keep at most this many messages unacknowledged.
const WINDOW: u64 = 64;

fn main() {
    let arg = |i: usize, default: u64| {
        std::env::args().nth(i).map_or(default, |a| a.parse().expect("number"))
    };
    let (latency_n, pairs, per_pair) = (arg(1, 5000), arg(2, 100), arg(3, 2000));
    let harkd = Harkd::start(&harkd_binary());
    let url = CString::new(harkd.url()).unwrap();

    latency(&url, latency_n);
    throughput(&url, pairs, per_pair);
    println!("harkd rss at the end: {:.1} MiB", harkd.rss() as f64 / 1048576.0);
}

struct Client(*mut hark_client);
unsafe impl Send for Client {}
unsafe impl Sync for Client {}

impl Drop for Client {
    fn drop(&mut self) {
        unsafe { hark_client_free(self.0) }
    }
}

unsafe extern "C" fn login_done(ud: *mut c_void) {
    (*(ud as *const mpsc::Sender<i32>)).send(0).unwrap();
}
unsafe extern "C" fn login_failed(code: i32, _: *const c_char, ud: *mut c_void) {
    (*(ud as *const mpsc::Sender<i32>)).send(code).unwrap();
}
unsafe extern "C" fn drop_sender(ud: *mut c_void) {
    drop(Box::from_raw(ud as *mut mpsc::Sender<i32>));
}

fn login(url: &CString, user: &str) -> Client {
    let mut c = ptr::null_mut();
    assert_eq!(unsafe { hark_client_new(SDKAPPID, url.as_ptr(), ptr::null(), &mut c) }, 0);
    let (tx, rx) = mpsc::channel::<i32>();
    let cb = hark_callback {
        on_success: Some(login_done),
        on_error: Some(login_failed),
        user_data: Box::into_raw(Box::new(tx)) as *mut c_void,
        free_user_data: Some(drop_sender),
    };
    let (id, sig) = (CString::new(user).unwrap(), CString::new(user_sig(user)).unwrap());
    unsafe { hark_login(c, id.as_ptr(), sig.as_ptr(), cb) };
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)).unwrap(), 0, "{user} login");
    Client(c)
}

unsafe extern "C" fn on_received_at(_: *const hark_message, ud: *mut c_void) {
    (*(ud as *const mpsc::Sender<Instant>)).send(Instant::now()).unwrap();
}

/// The latency run's send callback: message `.0`'s ack time goes to `.1`.
type AckProbe = (usize, mpsc::Sender<(usize, Instant)>);

unsafe extern "C" fn acked_at(_: *const hark_message, ud: *mut c_void) {
    let (i, tx) = &*(ud as *const AckProbe);
    tx.send((*i, Instant::now())).unwrap();
}
unsafe extern "C" fn latency_send_failed(code: i32, _: *const c_char, _: *mut c_void) {
    panic!("latency probe failed with {code}");
}
unsafe extern "C" fn drop_probe(ud: *mut c_void) {
    drop(Box::from_raw(ud as *mut AckProbe));
}

fn ack_probe(i: usize, tx: &mpsc::Sender<(usize, Instant)>) -> hark_send_callback {
    hark_send_callback {
        on_success: Some(acked_at),
        on_error: Some(latency_send_failed),
        on_progress: None,
        user_data: Box::into_raw(Box::new((i, tx.clone()))) as *mut c_void,
        free_user_data: Some(drop_probe),
    }
}

fn summary(samples: &mut [Duration]) -> String {
    samples.sort();
    format!(
        "p50 {:?}, p99 {:?}, max {:?}",
        quantile(samples, 0.5),
        quantile(samples, 0.99),
        samples[samples.len() - 1]
    )
}

fn latency(url: &CString, n: u64) {
    let alice = login(url, "lat_alice");
    let bob = login(url, "lat_bob");
    let (tx, rx) = mpsc::channel::<Instant>();
    let tx = Box::leak(Box::new(tx));
    let listener = hark_msg_listener {
        on_recv_new_message: Some(on_received_at),
        on_recv_c2c_read_receipt: None,
        on_recv_message_read_receipts: None,
        user_data: tx as *mut _ as *mut c_void,
        free_user_data: None,
    };
    unsafe { hark_add_advanced_msg_listener(bob.0, listener) };
    let text = CString::new("latency probe").unwrap();
    let to = CString::new("lat_bob").unwrap();
    let warmup = 200;
    let total = (warmup + n) as usize;
    let (acks, acked) = mpsc::channel();
    let mut sent = Vec::with_capacity(total);
    let mut delivered = Vec::with_capacity(n as usize);
    for i in 0..total {
        let t0 = Instant::now();
        sent.push(t0);
        unsafe {
            hark_send_c2c_text_message(
                alice.0,
                text.as_ptr(),
                to.as_ptr(),
                ack_probe(i, &acks),
                ptr::null_mut(),
                0,
            )
        };
        let t1 = rx.recv_timeout(Duration::from_secs(10)).expect("message not delivered");
        if i >= warmup as usize {
            delivered.push(t1 - t0);
        }
    }
    let mut ack = Vec::with_capacity(n as usize);
    for _ in 0..total {
        let (i, at) = acked.recv_timeout(Duration::from_secs(10)).expect("message not acked");
        if i >= warmup as usize {
            ack.push(at - sent[i]);
        }
    }
    drop(bob);
    drop(alice);
    println!("latency, one pair, {n} messages: {}", summary(&mut delivered));
    println!("sender's ack, same messages: {}", summary(&mut ack));
}

/// Counts a sender's messages in flight, so it keeps a window open and no more.
#[derive(Default)]
struct Window {
    in_flight: Mutex<u64>,
    changed: Condvar,
}

unsafe extern "C" fn acked(_: *const hark_message, ud: *mut c_void) {
    let w = &*(ud as *const Window);
    *w.in_flight.lock().unwrap() -= 1;
    w.changed.notify_one();
}
unsafe extern "C" fn ack_failed(code: i32, _: *const c_char, _: *mut c_void) {
    panic!("send failed with {code}");
}
unsafe extern "C" fn counted(_: *const hark_message, ud: *mut c_void) {
    (*(ud as *const AtomicU64)).fetch_add(1, Ordering::Relaxed);
}

fn throughput(url: &CString, pairs: u64, per_pair: u64) {
    let received = Arc::new(AtomicU64::new(0));
    let mut receivers = Vec::new();
    let mut senders = Vec::new();
    for p in 0..pairs {
        let r = login(url, &format!("tp_r{p}"));
        let listener = hark_msg_listener {
            on_recv_new_message: Some(counted),
            on_recv_c2c_read_receipt: None,
            on_recv_message_read_receipts: None,
            user_data: Arc::as_ptr(&received) as *mut c_void,
            free_user_data: None,
        };
        unsafe { hark_add_advanced_msg_listener(r.0, listener) };
        receivers.push(r);
        senders.push(Arc::new(login(url, &format!("tp_s{p}"))));
    }
    let total = pairs * per_pair;
    let start = Instant::now();
    let threads: Vec<_> = senders
        .iter()
        .enumerate()
        .map(|(p, s)| {
            let s = s.clone();
            std::thread::spawn(move || {
                let window = Arc::new(Window::default());
                let text = CString::new(format!("throughput message from pair {p}")).unwrap();
                let to = CString::new(format!("tp_r{p}")).unwrap();
                for _ in 0..per_pair {
                    let mut n = window.in_flight.lock().unwrap();
                    while *n >= WINDOW {
                        n = window.changed.wait(n).unwrap();
                    }
                    *n += 1;
                    drop(n);
                    let cb = hark_send_callback {
                        on_success: Some(acked),
                        on_error: Some(ack_failed),
                        on_progress: None,
                        user_data: Arc::as_ptr(&window) as *mut c_void,
                        free_user_data: None,
                    };
                    unsafe {
                        hark_send_c2c_text_message(
                            s.0,
                            text.as_ptr(),
                            to.as_ptr(),
                            cb,
                            ptr::null_mut(),
                            0,
                        )
                    };
                }
                let mut n = window.in_flight.lock().unwrap();
                while *n > 0 {
                    n = window.changed.wait(n).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while received.load(Ordering::Relaxed) < total && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    let elapsed = start.elapsed();
    let got = received.load(Ordering::Relaxed);
    println!(
        "throughput, {pairs} pairs x {per_pair} messages: {got}/{total} delivered in {:.2} s = {:.0} messages/s",
        elapsed.as_secs_f64(),
        got as f64 / elapsed.as_secs_f64()
    );
    drop(senders);
    drop(receivers);
}
