//! Helpers for the integration tests: callback probes that record every call (and the thread
//! it ran on) into a channel, message snapshots read through the C getters, and clients.
//! Everything goes through the public `extern "C"` API.

#![allow(dead_code)] // each test binary uses a different part of these helpers

pub mod conversations;
pub mod fake;
pub mod media;
pub mod proxy;

use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, ThreadId};
use std::time::Duration;

use hark::ffi::*;
use harkd::testing::TestServer;

/// How long a test waits for a callback before failing.
pub const WAIT: Duration = Duration::from_secs(10);
/// How long a refused request is watched for a callback that must not come.
pub const REFUSED_WAIT: Duration = Duration::from_millis(100);

pub fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// A client logged in as `user` to `server`.
pub fn logged_in(server: &TestServer, user: &str) -> Client {
    logged_in_via(server, &server.url, user)
}

/// A client logged in as `user` to `server`, reached at `url` (harkd or a proxy before it).
pub fn logged_in_via(server: &TestServer, url: &str, user: &str) -> Client {
    let c = Client::new(url, server.sdkappid);
    c.login(user, &server.user_sig(user));
    c
}

pub unsafe fn string(p: *const c_char) -> String {
    assert!(!p.is_null(), "unexpected NULL string");
    CStr::from_ptr(p).to_str().unwrap().to_owned()
}

#[derive(Clone, Debug, PartialEq)]
pub enum ElemSnap {
    Text(String),
    Custom { data: Vec<u8>, desc: String, ext: String },
    Image { path: String, images: Vec<ImageSnap> },
    Sound { path: String, uuid: String, size: u64, duration: u32, url: String },
    Video(VideoSnap),
    File { path: String, uuid: String, name: String, size: u64, url: String },
    Location { desc: String, longitude: f64, latitude: f64 },
    Face { index: u32, data: Vec<u8> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImageSnap {
    pub kind: i32,
    pub uuid: String,
    pub size: u64,
    pub width: u32,
    pub height: u32,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VideoSnap {
    pub video_path: String,
    pub snapshot_path: String,
    pub video_uuid: String,
    pub video_size: u64,
    pub video_type: String,
    pub duration: u32,
    pub video_url: String,
    pub snapshot_uuid: String,
    pub snapshot_size: u64,
    pub snapshot_width: u32,
    pub snapshot_height: u32,
    pub snapshot_url: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PushSnap {
    pub title: String,
    pub desc: String,
    pub ext: String,
    pub disable_push: bool,
    pub ios_sound: String,
    pub ignore_ios_badge: bool,
    pub ios_push_type: i32,
    pub android_sound: String,
    pub android_oppo_channel_id: String,
    pub android_fcm_channel_id: String,
    pub android_xiaomi_channel_id: String,
    pub android_vivo_classification: i32,
    pub android_huawei_category: String,
}

/// Every field of a message, read through the C getters.
#[derive(Clone, Debug, PartialEq)]
pub struct Snap {
    pub msg_id: String,
    pub timestamp: i64,
    pub sender: String,
    pub user_id: String,
    pub group_id: String,
    pub seq: u64,
    pub random: u32,
    pub status: i32,
    pub is_self: bool,
    pub dropped: bool,
    pub is_read: bool,
    pub is_peer_read: bool,
    pub priority: i32,
    pub targets: Vec<String>,
    pub elems: Vec<ElemSnap>,
    pub push: PushSnap,
}

impl Snap {
    pub fn text(&self) -> &str {
        match &self.elems[..] {
            [ElemSnap::Text(t), ..] => t,
            other => panic!("not a text message: {other:?}"),
        }
    }
}

pub unsafe fn snap(m: *const hark_message) -> Snap {
    assert!(!m.is_null());
    let elems = (0..hark_message_get_elem_count(m))
        .map(|i| match hark_message_get_elem_type(m, i) {
            HARK_ELEM_TYPE_TEXT => {
                assert!(hark_message_get_custom_desc(m, i).is_null());
                ElemSnap::Text(string(hark_message_get_text(m, i)))
            }
            HARK_ELEM_TYPE_CUSTOM => {
                assert!(hark_message_get_text(m, i).is_null());
                let mut len = usize::MAX;
                let data = hark_message_get_custom_data(m, i, &mut len);
                assert!(!data.is_null());
                ElemSnap::Custom {
                    data: std::slice::from_raw_parts(data, len).to_vec(),
                    desc: string(hark_message_get_custom_desc(m, i)),
                    ext: string(hark_message_get_custom_extension(m, i)),
                }
            }
            _ => media::elem_snap(m, i),
        })
        .collect();
    let mut p: hark_offline_push_info = std::mem::zeroed();
    assert_eq!(hark_message_get_offline_push_info(m, &mut p), 0);
    let target_count = hark_message_get_target_count(m);
    assert!(hark_message_get_target(m, target_count).is_null());
    Snap {
        msg_id: string(hark_message_get_msg_id(m)),
        timestamp: hark_message_get_timestamp(m),
        sender: string(hark_message_get_sender(m)),
        user_id: string(hark_message_get_user_id(m)),
        group_id: string(hark_message_get_group_id(m)),
        seq: hark_message_get_seq(m),
        random: hark_message_get_random(m),
        status: hark_message_get_status(m),
        is_self: hark_message_is_self(m),
        dropped: hark_message_is_dropped(m),
        is_read: hark_message_is_read(m),
        is_peer_read: hark_message_is_peer_read(m),
        priority: hark_message_get_priority(m),
        targets: (0..target_count).map(|i| string(hark_message_get_target(m, i))).collect(),
        elems,
        push: PushSnap {
            title: string(p.title),
            desc: string(p.desc),
            ext: string(p.ext),
            disable_push: p.disable_push,
            ios_sound: string(p.ios_sound),
            ignore_ios_badge: p.ignore_ios_badge,
            ios_push_type: p.ios_push_type,
            android_sound: string(p.android_sound),
            android_oppo_channel_id: string(p.android_oppo_channel_id),
            android_fcm_channel_id: string(p.android_fcm_channel_id),
            android_xiaomi_channel_id: string(p.android_xiaomi_channel_id),
            android_vivo_classification: p.android_vivo_classification,
            android_huawei_category: string(p.android_huawei_category),
        },
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Ev {
    Ok,
    Value(String),
    Sent(Snap),
    History(Vec<Snap>),
    Members(Vec<(String, u32, i64)>),
    /// An invitation's results: (user, HARK_GROUP_MEMBER_RESULT_*).
    Invited(Vec<(String, i32)>),
    Err(i32, String),
    Freed,
    Connecting,
    Connected,
    ConnectFailed(i32, String),
    Kicked,
    SigExpired,
    Msg(Snap),
    /// Upload progress of a send.
    Progress(u32),
    /// Download progress: bytes written, total.
    Bytes(u64, u64),
    /// A conversation list page: the conversations, next_seq, is_finished.
    Convs(Vec<conversations::ConvSnap>, u64, bool),
    Conv(conversations::ConvSnap),
    Count(u64),
    SyncStart,
    SyncFinish,
    SyncFailed,
    NewConvs(Vec<conversations::ConvSnap>),
    ChangedConvs(Vec<conversations::ConvSnap>),
    TotalUnread(u64),
    /// C2C read receipts: (user, read_seq, timestamp).
    Receipts(Vec<(String, u64, i64)>),
    /// Message read receipts, pushed or asked for.
    MsgReceipts(Vec<conversations::ReceiptSnap>),
}

#[derive(Debug)]
pub struct Got {
    pub ev: Ev,
    pub thread: ThreadId,
    pub thread_name: Option<String>,
}

/// Runs inside a callback (not free_user_data), on the dispatcher thread, before the event
/// is recorded.
pub type Hook = Box<dyn FnMut(&Ev) + Send>;

/// The user data of every probe callback.
pub struct Probe {
    tx: Sender<Got>,
    hook: Option<Hook>,
}

impl Probe {
    fn record(&mut self, ev: Ev) {
        if let (Some(hook), false) = (self.hook.as_mut(), ev == Ev::Freed) {
            hook(&ev);
        }
        let current = thread::current();
        let _ = self.tx.send(Got {
            ev,
            thread: current.id(),
            thread_name: current.name().map(str::to_owned),
        });
    }
}

unsafe fn probe<'a>(ud: *mut c_void) -> &'a mut Probe {
    &mut *ud.cast::<Probe>()
}

unsafe extern "C" fn on_ok(ud: *mut c_void) {
    probe(ud).record(Ev::Ok)
}
unsafe extern "C" fn on_error(code: i32, desc: *const c_char, ud: *mut c_void) {
    probe(ud).record(Ev::Err(code, string(desc)))
}
unsafe extern "C" fn on_value(value: *const c_char, ud: *mut c_void) {
    probe(ud).record(Ev::Value(string(value)))
}
unsafe extern "C" fn on_sent(m: *const hark_message, ud: *mut c_void) {
    probe(ud).record(Ev::Sent(snap(m)))
}
unsafe extern "C" fn on_progress(_progress: u32, _ud: *mut c_void) {
    panic!("no progress for text and custom messages");
}
unsafe extern "C" fn on_progress_record(progress: u32, ud: *mut c_void) {
    probe(ud).record(Ev::Progress(progress))
}
unsafe extern "C" fn on_bytes(current: u64, total: u64, ud: *mut c_void) {
    probe(ud).record(Ev::Bytes(current, total))
}
unsafe extern "C" fn on_history(ms: *const *const hark_message, n: usize, ud: *mut c_void) {
    let list = if n == 0 {
        assert!(ms.is_null());
        Vec::new()
    } else {
        std::slice::from_raw_parts(ms, n).iter().map(|&m| snap(m)).collect()
    };
    probe(ud).record(Ev::History(list))
}
unsafe extern "C" fn on_members(ms: *const hark_group_member, n: usize, ud: *mut c_void) {
    let list = if n == 0 {
        Vec::new()
    } else {
        std::slice::from_raw_parts(ms, n)
            .iter()
            .map(|m| (string(m.user_id), m.role, m.join_time))
            .collect()
    };
    probe(ud).record(Ev::Members(list))
}
unsafe extern "C" fn on_invited(
    rs: *const hark_group_member_operation_result,
    n: usize,
    ud: *mut c_void,
) {
    let list = if n == 0 {
        Vec::new()
    } else {
        std::slice::from_raw_parts(rs, n).iter().map(|r| (string(r.user_id), r.result)).collect()
    };
    probe(ud).record(Ev::Invited(list))
}
unsafe extern "C" fn on_free(ud: *mut c_void) {
    let mut probe = Box::from_raw(ud.cast::<Probe>());
    probe.record(Ev::Freed);
}
unsafe extern "C" fn on_connecting(ud: *mut c_void) {
    probe(ud).record(Ev::Connecting)
}
unsafe extern "C" fn on_connected(ud: *mut c_void) {
    probe(ud).record(Ev::Connected)
}
unsafe extern "C" fn on_connect_failed(code: i32, desc: *const c_char, ud: *mut c_void) {
    probe(ud).record(Ev::ConnectFailed(code, string(desc)))
}
unsafe extern "C" fn on_kicked(ud: *mut c_void) {
    probe(ud).record(Ev::Kicked)
}
unsafe extern "C" fn on_sig_expired(ud: *mut c_void) {
    probe(ud).record(Ev::SigExpired)
}
unsafe extern "C" fn on_msg(m: *const hark_message, ud: *mut c_void) {
    probe(ud).record(Ev::Msg(snap(m)))
}

/// The receiving end of a probe.
pub struct Rx {
    rx: Receiver<Got>,
    /// The probe's user data, for a call that refused to take it over (NULL client).
    pub user_data: *mut c_void,
}

fn new_probe(hook: Option<Hook>) -> Rx {
    let (tx, rx) = channel();
    let user_data = Box::into_raw(Box::new(Probe { tx, hook })).cast();
    Rx { rx, user_data }
}

impl Rx {
    pub fn next(&self) -> Got {
        self.next_within(WAIT)
    }

    pub fn next_within(&self, wait: Duration) -> Got {
        match self.rx.recv_timeout(wait) {
            Ok(got) => got,
            Err(e) => panic!("no callback within {wait:?}: {e:?}"),
        }
    }

    /// The next event, checked to run on the dispatcher thread, not this one.
    pub fn event(&self) -> Ev {
        self.event_within(WAIT)
    }

    pub fn event_within(&self, wait: Duration) -> Ev {
        let got = self.next_within(wait);
        assert_ne!(got.thread, thread::current().id(), "callback ran on the caller's thread");
        assert_eq!(got.thread_name.as_deref(), Some("hark-dispatch"));
        got.ev
    }

    /// The callback contract: exactly one terminal callback on the dispatcher thread, then
    /// free_user_data once on the same thread, then nothing.
    pub fn terminal(&self) -> Ev {
        self.terminal_within(WAIT)
    }

    /// `terminal`, for a callback that may take longer than usual to come.
    pub fn terminal_within(&self, wait: Duration) -> Ev {
        let end = self.next_within(wait);
        assert_ne!(end.thread, thread::current().id(), "callback ran on the caller's thread");
        assert_eq!(end.thread_name.as_deref(), Some("hark-dispatch"));
        assert!(!matches!(end.ev, Ev::Freed), "free_user_data before the terminal callback");
        let freed = self.next();
        assert_eq!(freed.ev, Ev::Freed, "expected free_user_data after {:?}", end.ev);
        assert_eq!(freed.thread, end.thread);
        self.assert_done();
        end.ev
    }

    /// Nothing more can arrive: the probe was freed.
    pub fn assert_done(&self) {
        match self.rx.recv_timeout(WAIT) {
            Err(RecvTimeoutError::Disconnected) => {}
            other => panic!("unexpected after free_user_data: {other:?}"),
        }
    }

    /// Every event that has already arrived, without waiting.
    pub fn arrived(&self) -> Vec<Ev> {
        self.rx.try_iter().map(|got| got.ev).collect()
    }

    /// Nothing has arrived so far (for events that must not have happened yet).
    pub fn assert_empty(&self) {
        if let Ok(got) = self.rx.try_recv() {
            panic!("unexpected event {:?}", got.ev);
        }
    }

    pub fn ok(&self) {
        assert_eq!(self.terminal(), Ev::Ok);
    }

    pub fn err(&self) -> i32 {
        match self.terminal() {
            Ev::Err(code, desc) => {
                assert!(!desc.is_empty());
                code
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }

    /// Progress events (on the dispatcher thread), then the terminal callback and
    /// free_user_data: what a send or download reports.
    pub fn progress_then_terminal(&self) -> (Vec<Ev>, Ev) {
        let mut progress = Vec::new();
        loop {
            let got = self.next();
            assert_eq!(got.thread_name.as_deref(), Some("hark-dispatch"));
            match got.ev {
                ev @ (Ev::Progress(_) | Ev::Bytes(..)) => progress.push(ev),
                Ev::Freed => panic!("free_user_data before the terminal callback"),
                end => {
                    assert_eq!(self.next().ev, Ev::Freed, "expected free_user_data after {end:?}");
                    self.assert_done();
                    return (progress, end);
                }
            }
        }
    }

    pub fn sent(&self) -> Snap {
        match self.terminal() {
            Ev::Sent(s) => s,
            other => panic!("expected a sent message, got {other:?}"),
        }
    }

    pub fn value(&self) -> String {
        match self.terminal() {
            Ev::Value(v) => v,
            other => panic!("expected a value, got {other:?}"),
        }
    }

    pub fn history(&self) -> Vec<Snap> {
        match self.terminal() {
            Ev::History(h) => h,
            other => panic!("expected history, got {other:?}"),
        }
    }

    pub fn members(&self) -> Vec<(String, u32, i64)> {
        match self.terminal() {
            Ev::Members(m) => m,
            other => panic!("expected members, got {other:?}"),
        }
    }

    /// The next message a msg listener got.
    pub fn msg(&self) -> Snap {
        self.msg_within(WAIT)
    }

    pub fn msg_within(&self, wait: Duration) -> Snap {
        match self.event_within(wait) {
            Ev::Msg(s) => s,
            other => panic!("expected a message, got {other:?}"),
        }
    }

    /// Reclaims the user data of a probe that no call took over: a call that returned an
    /// error code calls nothing, not even free_user_data (hark.h), so none may come. Anything
    /// such a call had posted would reach the dispatcher within `REFUSED_WAIT`.
    pub fn reclaim(self) {
        if let Ok(got) = self.rx.recv_timeout(REFUSED_WAIT) {
            panic!("a refused request called back: {:?}", got.ev);
        }
        unsafe { drop(Box::from_raw(self.user_data.cast::<Probe>())) };
        self.assert_empty();
    }

    /// A request refused at once: `rc` is the error code it returned, and nothing follows.
    pub fn refused(self, rc: i32) -> i32 {
        assert_ne!(rc, 0, "the request was taken over");
        self.reclaim();
        rc
    }
}

pub fn callback() -> (hark_callback, Rx) {
    hooked_callback(None)
}

pub fn hooked_callback(hook: Option<Hook>) -> (hark_callback, Rx) {
    let rx = new_probe(hook);
    let cb = hark_callback {
        on_success: Some(on_ok),
        on_error: Some(on_error),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

pub fn send_callback() -> (hark_send_callback, Rx) {
    hooked_send_callback(None)
}

pub fn hooked_send_callback(hook: Option<Hook>) -> (hark_send_callback, Rx) {
    let rx = new_probe(hook);
    let cb = hark_send_callback {
        on_success: Some(on_sent),
        on_error: Some(on_error),
        on_progress: Some(on_progress),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

/// A send callback that records upload progress.
pub fn progress_send_callback() -> (hark_send_callback, Rx) {
    let (mut cb, rx) = send_callback();
    cb.on_progress = Some(on_progress_record);
    (cb, rx)
}

pub fn download_callback() -> (hark_download_callback, Rx) {
    let rx = new_probe(None);
    let cb = hark_download_callback {
        on_progress: Some(on_bytes),
        on_success: Some(on_ok),
        on_error: Some(on_error),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

pub fn string_callback() -> (hark_string_callback, Rx) {
    let rx = new_probe(None);
    let cb = hark_string_callback {
        on_success: Some(on_value),
        on_error: Some(on_error),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

pub fn history_callback() -> (hark_history_callback, Rx) {
    let rx = new_probe(None);
    let cb = hark_history_callback {
        on_success: Some(on_history),
        on_error: Some(on_error),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

pub fn members_callback() -> (hark_member_list_callback, Rx) {
    let rx = new_probe(None);
    let cb = hark_member_list_callback {
        on_success: Some(on_members),
        on_error: Some(on_error),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

pub fn invite_callback() -> (hark_member_result_callback, Rx) {
    let rx = new_probe(None);
    let cb = hark_member_result_callback {
        on_success: Some(on_invited),
        on_error: Some(on_error),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (cb, rx)
}

pub fn conn_listener() -> (hark_conn_listener, Rx) {
    let rx = new_probe(None);
    let l = hark_conn_listener {
        on_connecting: Some(on_connecting),
        on_connect_success: Some(on_connected),
        on_connect_failed: Some(on_connect_failed),
        on_kicked_offline: Some(on_kicked),
        on_user_sig_expired: Some(on_sig_expired),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (l, rx)
}

pub fn msg_listener(hook: Option<Hook>) -> (hark_msg_listener, Rx) {
    let rx = new_probe(hook);
    let l = hark_msg_listener {
        on_recv_new_message: Some(on_msg),
        on_recv_c2c_read_receipt: Some(conversations::on_receipts),
        on_recv_message_read_receipts: Some(conversations::on_msg_receipts),
        user_data: rx.user_data,
        free_user_data: Some(on_free),
    };
    (l, rx)
}

/// Moves C values (raw pointers inside) into a hook; the API may be used from any thread.
pub struct Sendable<T>(pub T);
unsafe impl<T> Send for Sendable<T> {}

impl<T: Copy> Sendable<T> {
    /// Use this inside closures: it moves the whole wrapper in, not just its `!Send` field.
    pub fn get(&self) -> T {
        self.0
    }
}

/// A client, freed on drop unless `into_raw` took it.
pub struct Client {
    pub ptr: *mut hark_client,
}

impl Client {
    pub fn new(url: &str, sdkappid: u32) -> Client {
        Client::with_options(url, sdkappid, 0, 0)
    }

    pub fn with_options(url: &str, sdkappid: u32, platform: u32, timeout_ms: u32) -> Client {
        Client::with_ca(url, sdkappid, platform, timeout_ms, None)
    }

    /// Like `with_options`, trusting `ca_pem` besides the public roots.
    pub fn with_ca(
        url: &str,
        sdkappid: u32,
        platform: u32,
        timeout_ms: u32,
        ca_pem: Option<&str>,
    ) -> Client {
        // Dropped after hark_client_new: the option is copied.
        let ca_pem = ca_pem.map(cstr);
        Client::with(url, sdkappid, |options| {
            options.platform = platform;
            if timeout_ms != 0 {
                options.request_timeout_ms = timeout_ms;
            }
            options.ca_pem = ca_pem.as_ref().map_or(ptr::null(), |pem| pem.as_ptr());
        })
    }

    /// A client with the default options changed by `tweak`.
    pub fn with(url: &str, sdkappid: u32, tweak: impl FnOnce(&mut hark_client_options)) -> Client {
        let garbage = c"garbage";
        let mut options = hark_client_options {
            platform: 99,
            request_timeout_ms: 99,
            ca_pem: garbage.as_ptr(),
            heartbeat_interval_ms: 99,
            heartbeat_timeout_ms: 99,
        };
        unsafe { hark_client_options_init(&mut options) };
        assert_eq!((options.platform, options.request_timeout_ms), (0, 15000));
        assert_eq!((options.heartbeat_interval_ms, options.heartbeat_timeout_ms), (30000, 10000));
        assert!(options.ca_pem.is_null());
        tweak(&mut options);
        let mut ptr = ptr::null_mut();
        let url = cstr(url);
        assert_eq!(unsafe { hark_client_new(sdkappid, url.as_ptr(), &options, &mut ptr) }, 0);
        assert!(!ptr.is_null());
        Client { ptr }
    }

    pub fn handle(&self) -> Sendable<*mut hark_client> {
        Sendable(self.ptr)
    }

    /// Gives up ownership: the test frees the client itself.
    pub fn into_raw(mut self) -> *mut hark_client {
        std::mem::replace(&mut self.ptr, ptr::null_mut())
    }

    pub fn login(&self, user: &str, sig: &str) {
        let (cb, rx) = callback();
        assert_eq!(self.try_login(user, sig, cb), 0);
        rx.ok();
        assert_eq!(unsafe { hark_get_login_status(self.ptr) }, HARK_LOGIN_STATUS_LOGINED);
        assert_eq!(self.login_user(), user);
    }

    pub fn try_login(&self, user: &str, sig: &str, cb: hark_callback) -> i32 {
        let (user, sig) = (cstr(user), cstr(sig));
        unsafe { hark_login(self.ptr, user.as_ptr(), sig.as_ptr(), cb) }
    }

    pub fn status(&self) -> i32 {
        unsafe { hark_get_login_status(self.ptr) }
    }

    /// Waits until the login status is `status` (a reconnect finishing, for one).
    pub fn wait_status(&self, status: i32) {
        let until = std::time::Instant::now() + WAIT;
        while self.status() != status {
            assert!(
                std::time::Instant::now() < until,
                "status {} never became {status}",
                self.status()
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn logout(&self) {
        let (cb, rx) = callback();
        assert_eq!(unsafe { hark_logout(self.ptr, cb) }, 0);
        rx.ok();
        assert_eq!(unsafe { hark_get_login_status(self.ptr) }, HARK_LOGIN_STATUS_LOGOUT);
    }

    pub fn login_user(&self) -> String {
        let mut buf = [0 as c_char; 40];
        let n = unsafe { hark_get_login_user(self.ptr, buf.as_mut_ptr(), buf.len()) };
        let s = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str().unwrap().to_owned();
        assert_eq!(n, s.len());
        s
    }

    /// A message listener for this client.
    pub fn listen(&self) -> Rx {
        let (l, rx) = msg_listener(None);
        assert!(unsafe { hark_add_advanced_msg_listener(self.ptr, l) } > 0);
        rx
    }

    pub fn conn_listener(&self) -> Rx {
        let (l, rx) = conn_listener();
        assert_eq!(unsafe { hark_set_conn_listener(self.ptr, &l) }, 0);
        rx
    }

    /// Sends text to a user and waits for the ack.
    pub fn send_c2c_text(&self, text: &str, to: &str) -> Snap {
        let (cb, rx) = send_callback();
        let (text, to) = (cstr(text), cstr(to));
        let mut id = [0 as c_char; HARK_MSG_ID_SIZE];
        let rc = unsafe {
            hark_send_c2c_text_message(
                self.ptr,
                text.as_ptr(),
                to.as_ptr(),
                cb,
                id.as_mut_ptr(),
                id.len(),
            )
        };
        assert_eq!(rc, 0);
        let sent = rx.sent();
        assert_eq!(sent.msg_id, unsafe { string(id.as_ptr()) });
        sent
    }

    /// Sends text to a group and waits for the ack.
    pub fn send_group_text(&self, text: &str, group: &str) -> Snap {
        let (cb, rx) = send_callback();
        let (text, group) = (cstr(text), cstr(group));
        let rc = unsafe {
            hark_send_group_text_message(
                self.ptr,
                text.as_ptr(),
                group.as_ptr(),
                0,
                cb,
                ptr::null_mut(),
                0,
            )
        };
        assert_eq!(rc, 0);
        rx.sent()
    }

    /// `hark_send_message` with every option; the call's code and the send's callbacks.
    pub fn send_message(
        &self,
        m: &Msg,
        receiver: Option<&str>,
        group: Option<&str>,
        priority: i32,
        online_only: bool,
        push: Option<&hark_offline_push_info>,
    ) -> (i32, Rx) {
        let (cb, rx) = send_callback();
        let (receiver, group) = (receiver.map(cstr), group.map(cstr));
        let rc = unsafe {
            hark_send_message(
                self.ptr,
                m.0,
                receiver.as_ref().map_or(ptr::null(), |r| r.as_ptr()),
                group.as_ref().map_or(ptr::null(), |g| g.as_ptr()),
                priority,
                online_only,
                push.map_or(ptr::null(), ptr::from_ref),
                cb,
                ptr::null_mut(),
                0,
            )
        };
        (rc, rx)
    }

    /// `hark_set_offline_push_config`: the call's code and its callbacks.
    pub fn set_push_config(&self, business_id: u32, token: Option<&str>) -> (i32, Rx) {
        let (cb, rx) = callback();
        let token = token.map(cstr);
        let token = token.as_ref().map_or(ptr::null(), |t| t.as_ptr());
        (unsafe { hark_set_offline_push_config(self.ptr, business_id, token, cb) }, rx)
    }

    pub fn clear_push_config(&self) -> (i32, Rx) {
        let (cb, rx) = callback();
        (unsafe { hark_clear_offline_push_config(self.ptr, cb) }, rx)
    }

    /// Creates a group with these members and returns its id.
    pub fn create_group(&self, group_type: &str, id: Option<&str>, members: &[&str]) -> String {
        let (cb, rx) = string_callback();
        let group_type = cstr(group_type);
        let id = id.map(cstr);
        let name = cstr("a group");
        let members: Vec<CString> = members.iter().map(|m| cstr(m)).collect();
        let member_ptrs: Vec<*const c_char> = members.iter().map(|m| m.as_ptr()).collect();
        let rc = unsafe {
            hark_create_group(
                self.ptr,
                group_type.as_ptr(),
                id.as_ref().map_or(ptr::null(), |i| i.as_ptr()),
                name.as_ptr(),
                member_ptrs.as_ptr(),
                member_ptrs.len(),
                cb,
            )
        };
        assert_eq!(rc, 0);
        rx.value()
    }

    pub fn history(
        &self,
        user: Option<&str>,
        group: Option<&str>,
        count: u32,
        last: *const hark_message,
    ) -> Vec<Snap> {
        let (cb, rx) = history_callback();
        let rc = unsafe {
            match (user, group) {
                (Some(user), None) => {
                    let user = cstr(user);
                    hark_get_c2c_history_message_list(self.ptr, user.as_ptr(), count, last, cb)
                }
                (None, Some(group)) => {
                    let group = cstr(group);
                    hark_get_group_history_message_list(self.ptr, group.as_ptr(), count, last, cb)
                }
                _ => panic!("one of user and group"),
            }
        };
        assert_eq!(rc, 0);
        rx.history()
    }

    /// Frees the client now.
    pub fn free(mut self) {
        unsafe { hark_client_free(std::mem::replace(&mut self.ptr, ptr::null_mut())) };
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        unsafe { hark_client_free(self.ptr) };
    }
}

/// A text message handle the test owns.
pub struct Msg(pub *mut hark_message);

impl Msg {
    pub fn text(text: &str) -> Msg {
        let mut m = ptr::null_mut();
        let text = cstr(text);
        assert_eq!(unsafe { hark_create_text_message(text.as_ptr(), &mut m) }, 0);
        Msg(m)
    }

    pub fn custom(data: &[u8], desc: Option<&str>, ext: Option<&str>) -> Msg {
        let mut m = ptr::null_mut();
        let (desc, ext) = (desc.map(cstr), ext.map(cstr));
        let rc = unsafe {
            hark_create_custom_message(
                data.as_ptr(),
                data.len(),
                desc.as_ref().map_or(ptr::null(), |d| d.as_ptr()),
                ext.as_ref().map_or(ptr::null(), |e| e.as_ptr()),
                &mut m,
            )
        };
        assert_eq!(rc, 0);
        Msg(m)
    }

    pub fn snap(&self) -> Snap {
        unsafe { snap(self.0) }
    }

    /// `hark_create_targeted_group_message` from this message; the code on failure.
    pub fn targeted(&self, receivers: &[&str]) -> Result<Msg, i32> {
        let ids: Vec<CString> = receivers.iter().map(|r| cstr(r)).collect();
        let ptrs: Vec<*const c_char> = ids.iter().map(|i| i.as_ptr()).collect();
        let mut m = ptr::null_mut();
        let rc = unsafe {
            hark_create_targeted_group_message(self.0, ptrs.as_ptr(), ptrs.len(), &mut m)
        };
        if rc == 0 {
            Ok(Msg(m))
        } else {
            assert!(m.is_null(), "out written on failure");
            Err(rc)
        }
    }
}

impl Drop for Msg {
    fn drop(&mut self) {
        unsafe { hark_message_free(self.0) };
    }
}
