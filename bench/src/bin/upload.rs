//! Upload throughput of one large file: through libhark (a file message, from the call to
//! the success callback) against `curl -T` of the same file to the same harkd endpoint, in
//! one run. Also reports harkd's and this process's peak resident memory, which must stay
//! flat whatever the file size.
//!
//! usage: upload [megabytes=100] [rounds=3]

use std::ffi::{c_char, c_void, CString};
use std::io::Write;
use std::process::Command;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use hark::ffi::*;
use hark_bench::{harkd_binary, user_sig, Harkd, SDKAPPID};

fn main() {
    let arg = |i: usize, default: u64| {
        std::env::args().nth(i).map_or(default, |a| a.parse().expect("number"))
    };
    let (mb, rounds) = (arg(1, 100), arg(2, 3));
    let harkd = Harkd::start(&harkd_binary());
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("payload.bin");
    write_payload(&path, mb);
    let size = mb * 1024 * 1024;

    // harkd's peak memory, sampled while the uploads run.
    let peak = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, stop, pid) = (peak.clone(), stop.clone(), harkd.child.id());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(rss_of(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let before = harkd.rss();
    let client = login(&harkd.url(), "uploader");
    let mut sdk = Vec::new();
    let mut curl = Vec::new();
    for _ in 0..rounds {
        sdk.push(upload_with_libhark(client, &path));
        curl.push(upload_with_curl(&harkd.url(), &path, size));
    }
    stop.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    unsafe { hark_client_free(client) };

    let mbps = |d: &Duration| size as f64 / 1048576.0 / d.as_secs_f64();
    let best = |v: &[Duration]| *v.iter().min().unwrap();
    println!("file: {mb} MiB, {rounds} rounds each, alternating");
    println!("libhark: {}", v2s(&sdk, mbps));
    println!("curl -T: {}", v2s(&curl, mbps));
    println!("best libhark / best curl throughput: {:.2}", mbps(&best(&sdk)) / mbps(&best(&curl)));
    println!(
        "harkd rss: {:.1} MiB before, peak {:.1} MiB; this process peak rss: {:.1} MiB",
        before as f64 / 1048576.0,
        peak.load(Ordering::Relaxed) as f64 / 1048576.0,
        self_peak_rss() as f64 / 1048576.0
    );
}

fn v2s(v: &[Duration], mbps: impl Fn(&Duration) -> f64) -> String {
    v.iter()
        .map(|d| format!("{:.0} MiB/s ({:.2} s)", mbps(d), d.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_payload(path: &std::path::Path, mb: u64) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut block = vec![0u8; 1024 * 1024];
    let mut x: u32 = 0x9e3779b9;
    for _ in 0..mb {
        for b in block.iter_mut() {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *b = x as u8;
        }
        f.write_all(&block).unwrap();
    }
    f.flush().unwrap();
}

fn rss_of(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .map_or(0, |kb: u64| kb * 1024)
}

fn self_peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .map_or(0, |kb: u64| kb * 1024)
}

unsafe extern "C" fn done(ud: *mut c_void) {
    (*(ud as *const mpsc::Sender<i32>)).send(0).unwrap();
}
unsafe extern "C" fn sent(_: *const hark_message, ud: *mut c_void) {
    done(ud)
}
unsafe extern "C" fn failed(code: i32, _: *const c_char, ud: *mut c_void) {
    (*(ud as *const mpsc::Sender<i32>)).send(code).unwrap();
}
unsafe extern "C" fn release(ud: *mut c_void) {
    drop(Box::from_raw(ud as *mut mpsc::Sender<i32>));
}

fn channel() -> (*mut c_void, mpsc::Receiver<i32>) {
    let (tx, rx) = mpsc::channel::<i32>();
    (Box::into_raw(Box::new(tx)) as *mut c_void, rx)
}

fn login(url: &str, user: &str) -> *mut hark_client {
    let url = CString::new(url).unwrap();
    let mut c = ptr::null_mut();
    assert_eq!(unsafe { hark_client_new(SDKAPPID, url.as_ptr(), ptr::null(), &mut c) }, 0);
    let (ud, rx) = channel();
    let cb = hark_callback {
        on_success: Some(done),
        on_error: Some(failed),
        user_data: ud,
        free_user_data: Some(release),
    };
    let (id, sig) = (CString::new(user).unwrap(), CString::new(user_sig(user)).unwrap());
    unsafe { hark_login(c, id.as_ptr(), sig.as_ptr(), cb) };
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)).unwrap(), 0);
    c
}

fn upload_with_libhark(client: *mut hark_client, path: &std::path::Path) -> Duration {
    let p = CString::new(path.to_str().unwrap()).unwrap();
    let name = CString::new("payload.bin").unwrap();
    let to = CString::new("uploader").unwrap();
    let mut m = ptr::null_mut();
    assert_eq!(unsafe { hark_create_file_message(p.as_ptr(), name.as_ptr(), &mut m) }, 0);
    let (ud, rx) = channel();
    let cb = hark_send_callback {
        on_success: Some(sent),
        on_error: Some(failed),
        on_progress: None,
        user_data: ud,
        free_user_data: Some(release),
    };
    let t0 = Instant::now();
    unsafe {
        hark_send_message(
            client,
            m,
            to.as_ptr(),
            ptr::null(),
            0,
            false,
            ptr::null(),
            cb,
            ptr::null_mut(),
            0,
        )
    };
    assert_eq!(rx.recv_timeout(Duration::from_secs(300)).unwrap(), 0, "libhark upload failed");
    let elapsed = t0.elapsed();
    unsafe { hark_message_free(m) };
    elapsed
}

/// The same upload with curl: create it (a small POST), then `curl -T` the file as the body.
fn upload_with_curl(base: &str, path: &std::path::Path, size: u64) -> Duration {
    let http = base.replacen("ws://", "http://", 1);
    let sig = user_sig("uploader");
    let headers = [
        format!("X-Hark-SdkAppId: {SDKAPPID}"),
        "X-Hark-User: uploader".to_owned(),
        format!("Authorization: UserSig {sig}"),
    ];
    let mut create = Command::new("curl");
    create.args(["-sS", "-f", "-X", "POST", "-H", "Content-Type: application/json"]);
    for h in &headers {
        create.args(["-H", h]);
    }
    let body = format!(r#"{{"kind":"file","size":{size},"name":"payload.bin"}}"#);
    let out =
        create.args(["--data", &body, &format!("{http}/v1/media/uploads")]).output().expect("curl");
    assert!(out.status.success(), "curl POST: {}", String::from_utf8_lossy(&out.stderr));
    let state: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = state["upload_id"].as_str().unwrap();

    let mut put = Command::new("curl");
    put.args(["-sS", "-f", "-o", "/dev/null", "-X", "PATCH", "-H", "Upload-Offset: 0"]);
    for h in &headers {
        put.args(["-H", h]);
    }
    put.arg("-T").arg(path).arg(format!("{http}/v1/media/uploads/{id}"));
    let t0 = Instant::now();
    let status = put.status().expect("curl");
    let elapsed = t0.elapsed();
    assert!(status.success(), "curl -T failed");
    elapsed
}
