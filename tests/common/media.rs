//! Media helpers: reading media elems through the C getters, making test files (real BMP
//! images, patterned and sparse files), sending with progress, downloading, and a listener
//! that keeps the messages it gets (downloads need a handle).

use std::ffi::{c_void, CString};
use std::io::{Read, Write};
use std::path::Path;
use std::ptr;
use std::sync::mpsc::{channel, Receiver, Sender};

use hark::ffi::*;

use super::{cstr, download_callback, progress_send_callback, string, Client, ElemSnap, Ev};
use super::{ImageSnap, Msg, Sendable, VideoSnap, WAIT};

pub fn path_str(p: &Path) -> CString {
    cstr(p.to_str().expect("test paths are UTF-8"))
}

/// A media elem read through its getters; the getters of every other type must refuse it.
pub unsafe fn elem_snap(m: *const hark_message, i: usize) -> ElemSnap {
    let t = hark_message_get_elem_type(m, i);
    let refused = 6017;
    let mut sound: hark_sound_elem = std::mem::zeroed();
    let mut video: hark_video_elem = std::mem::zeroed();
    let mut file: hark_file_elem = std::mem::zeroed();
    let mut location: hark_location_elem = std::mem::zeroed();
    let mut face: hark_face_elem = std::mem::zeroed();
    let rc = [
        (HARK_ELEM_TYPE_SOUND, hark_message_get_sound(m, i, &mut sound)),
        (HARK_ELEM_TYPE_VIDEO, hark_message_get_video(m, i, &mut video)),
        (HARK_ELEM_TYPE_FILE, hark_message_get_file(m, i, &mut file)),
        (HARK_ELEM_TYPE_LOCATION, hark_message_get_location(m, i, &mut location)),
        (HARK_ELEM_TYPE_FACE, hark_message_get_face(m, i, &mut face)),
    ];
    for (kind, code) in rc {
        assert_eq!(code, if kind == t { 0 } else { refused }, "getter of type {kind} on {t}");
    }
    assert_eq!(hark_message_get_image_path(m, i).is_null(), t != HARK_ELEM_TYPE_IMAGE);
    assert!(hark_message_get_text(m, i).is_null());
    match t {
        HARK_ELEM_TYPE_IMAGE => {
            let images = (0..hark_message_get_image_count(m, i))
                .map(|n| {
                    let mut img: hark_image = std::mem::zeroed();
                    assert_eq!(hark_message_get_image(m, i, n, &mut img), 0);
                    ImageSnap {
                        kind: img.r#type,
                        uuid: string(img.uuid),
                        size: img.size,
                        width: img.width,
                        height: img.height,
                        url: string(img.url),
                    }
                })
                .collect();
            ElemSnap::Image { path: string(hark_message_get_image_path(m, i)), images }
        }
        HARK_ELEM_TYPE_SOUND => ElemSnap::Sound {
            path: string(sound.path),
            uuid: string(sound.uuid),
            size: sound.data_size,
            duration: sound.duration,
            url: string(sound.url),
        },
        HARK_ELEM_TYPE_VIDEO => ElemSnap::Video(VideoSnap {
            video_path: string(video.video_path),
            snapshot_path: string(video.snapshot_path),
            video_uuid: string(video.video_uuid),
            video_size: video.video_size,
            video_type: string(video.video_type),
            duration: video.duration,
            video_url: string(video.video_url),
            snapshot_uuid: string(video.snapshot_uuid),
            snapshot_size: video.snapshot_size,
            snapshot_width: video.snapshot_width,
            snapshot_height: video.snapshot_height,
            snapshot_url: string(video.snapshot_url),
        }),
        HARK_ELEM_TYPE_FILE => ElemSnap::File {
            path: string(file.path),
            uuid: string(file.uuid),
            name: string(file.file_name),
            size: file.file_size,
            url: string(file.url),
        },
        HARK_ELEM_TYPE_LOCATION => ElemSnap::Location {
            desc: string(location.desc),
            longitude: location.longitude,
            latitude: location.latitude,
        },
        HARK_ELEM_TYPE_FACE => {
            assert!(!face.data.is_null());
            ElemSnap::Face {
                index: face.index,
                data: std::slice::from_raw_parts(face.data, face.data_len).to_vec(),
            }
        }
        other => panic!("unexpected elem type {other}"),
    }
}

/// A 24-bit BMP of `w`×`h` with a gradient: a real image of known size.
pub fn write_bmp(path: &Path, w: u32, h: u32) {
    let row = (w * 3 + 3) & !3;
    let mut out = Vec::with_capacity(54 + (row * h) as usize);
    out.extend_from_slice(b"BM");
    for v in [54 + row * h, 0, 54, 40, w, h] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&24u16.to_le_bytes());
    for v in [0, row * h, 2835, 2835, 0, 0] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for y in 0..h {
        let start = out.len();
        for x in 0..w {
            out.extend_from_slice(&[x as u8, y as u8, (x + y) as u8]);
        }
        out.resize(start + row as usize, 0);
    }
    std::fs::write(path, out).unwrap();
}

/// `len` bytes of a pattern that differs by position and seed, written in chunks.
pub fn write_pattern(path: &Path, len: u64, seed: u8) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut chunk = vec![0u8; 1 << 16];
    let mut at = 0u64;
    while at < len {
        let n = chunk.len().min((len - at) as usize);
        for (i, b) in chunk[..n].iter_mut().enumerate() {
            let p = at + i as u64;
            *b = (p.wrapping_mul(31) ^ (p >> 13)) as u8 ^ seed;
        }
        f.write_all(&chunk[..n]).unwrap();
        at += n as u64;
    }
    f.flush().unwrap();
}

/// A file of `len` zero bytes that takes no disk space, starting with `head`.
pub fn write_sparse(path: &Path, head: &[u8], len: u64) {
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(head).unwrap();
    f.set_len(len).unwrap();
}

pub fn same_file(a: &Path, b: &Path) -> bool {
    let (mut a, mut b) = (std::fs::File::open(a).unwrap(), std::fs::File::open(b).unwrap());
    if a.metadata().unwrap().len() != b.metadata().unwrap().len() {
        return false;
    }
    let (mut x, mut y) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
    loop {
        let n = a.read(&mut x).unwrap();
        if n == 0 {
            return true;
        }
        b.read_exact(&mut y[..n]).unwrap();
        if x[..n] != y[..n] {
            return false;
        }
    }
}

fn created(rc: i32, m: *mut hark_message) -> Result<Msg, i32> {
    match rc {
        0 => Ok(Msg(m)),
        code => {
            assert!(m.is_null(), "*out written on error");
            Err(code)
        }
    }
}

impl Msg {
    pub fn image(path: &Path) -> Result<Msg, i32> {
        let mut m = ptr::null_mut();
        let rc = unsafe { hark_create_image_message(path_str(path).as_ptr(), &mut m) };
        created(rc, m)
    }

    pub fn sound(path: &Path, duration: u32) -> Result<Msg, i32> {
        let mut m = ptr::null_mut();
        let rc = unsafe { hark_create_sound_message(path_str(path).as_ptr(), duration, &mut m) };
        created(rc, m)
    }

    pub fn video(path: &Path, kind: &str, duration: u32, snapshot: &Path) -> Result<Msg, i32> {
        let mut m = ptr::null_mut();
        let (p, k, s) = (path_str(path), cstr(kind), path_str(snapshot));
        let rc = unsafe {
            hark_create_video_message(p.as_ptr(), k.as_ptr(), duration, s.as_ptr(), &mut m)
        };
        created(rc, m)
    }

    pub fn file(path: &Path, name: &str) -> Result<Msg, i32> {
        let mut m = ptr::null_mut();
        let (p, n) = (path_str(path), cstr(name));
        let rc = unsafe { hark_create_file_message(p.as_ptr(), n.as_ptr(), &mut m) };
        created(rc, m)
    }

    pub fn location(desc: &str, longitude: f64, latitude: f64) -> Result<Msg, i32> {
        let mut m = ptr::null_mut();
        let d = cstr(desc);
        let rc = unsafe { hark_create_location_message(d.as_ptr(), longitude, latitude, &mut m) };
        created(rc, m)
    }

    pub fn face(index: u32, data: &[u8]) -> Result<Msg, i32> {
        let mut m = ptr::null_mut();
        let rc = unsafe { hark_create_face_message(index, data.as_ptr(), data.len(), &mut m) };
        created(rc, m)
    }

    pub fn append_text(&self, text: &str) -> i32 {
        let t = cstr(text);
        unsafe { hark_message_append_text(self.0, t.as_ptr()) }
    }

    pub fn append_location(&self, desc: &str, longitude: f64, latitude: f64) -> i32 {
        let d = cstr(desc);
        unsafe { hark_message_append_location(self.0, d.as_ptr(), longitude, latitude) }
    }

    pub fn append_face(&self, index: u32, data: &[u8]) -> i32 {
        unsafe { hark_message_append_face(self.0, index, data.as_ptr(), data.len()) }
    }
}

/// What a send reported: its upload progress and its terminal event.
pub struct SendOutcome {
    pub progress: Vec<u32>,
    pub end: Ev,
}

impl SendOutcome {
    pub fn sent(&self) -> &super::Snap {
        match &self.end {
            Ev::Sent(s) => s,
            other => panic!("expected a sent message, got {other:?}"),
        }
    }

    pub fn err(&self) -> i32 {
        match &self.end {
            Ev::Err(code, _) => *code,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    /// 0..100, rising, each value once.
    pub fn assert_full_progress(&self) {
        assert_eq!(self.progress.first(), Some(&0), "{:?}", self.progress);
        assert_eq!(self.progress.last(), Some(&100), "{:?}", self.progress);
        assert!(self.progress.windows(2).all(|w| w[0] < w[1]), "{:?}", self.progress);
    }
}

/// Starts a send with a progress-recording callback; returns the call's code and the probe.
pub fn start_send(c: &Client, m: &Msg, to: Option<&str>, group: Option<&str>) -> (i32, super::Rx) {
    let (cb, rx) = progress_send_callback();
    let (to, group) = (to.map(cstr), group.map(cstr));
    let rc = unsafe {
        hark_send_message(
            c.ptr,
            m.0,
            to.as_ref().map_or(ptr::null(), |t| t.as_ptr()),
            group.as_ref().map_or(ptr::null(), |g| g.as_ptr()),
            HARK_PRIORITY_DEFAULT,
            false,
            ptr::null(),
            cb,
            ptr::null_mut(),
            0,
        )
    };
    (rc, rx)
}

/// Collects what a send reported.
pub fn outcome(rx: &super::Rx) -> SendOutcome {
    let (events, end) = rx.progress_then_terminal();
    let progress = events
        .into_iter()
        .map(|e| match e {
            Ev::Progress(p) => p,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    SendOutcome { progress, end }
}

/// Sends `m` and waits for the end.
pub fn send(c: &Client, m: &Msg, to: Option<&str>, group: Option<&str>) -> SendOutcome {
    let (rc, rx) = start_send(c, m, to, group);
    assert_eq!(rc, 0);
    outcome(&rx)
}

/// Which file of an elem to download.
#[derive(Clone, Copy, Debug)]
pub enum Part {
    Image(i32),
    Sound,
    Video,
    Snapshot,
    File,
}

/// Starts a download; returns the call's code and the probe.
pub fn start_download(
    c: &Client,
    m: *const hark_message,
    elem: usize,
    part: Part,
    to: &Path,
) -> (i32, super::Rx) {
    let (cb, rx) = download_callback();
    let path = path_str(to);
    let rc = unsafe {
        match part {
            Part::Image(t) => hark_download_image(c.ptr, m, elem, t, path.as_ptr(), cb),
            Part::Sound => hark_download_sound(c.ptr, m, elem, path.as_ptr(), cb),
            Part::Video => hark_download_video(c.ptr, m, elem, path.as_ptr(), cb),
            Part::Snapshot => hark_download_video_snapshot(c.ptr, m, elem, path.as_ptr(), cb),
            Part::File => hark_download_file(c.ptr, m, elem, path.as_ptr(), cb),
        }
    };
    (rc, rx)
}

/// Downloads and returns the progress reported, or the error code.
pub fn download(
    c: &Client,
    m: &Msg,
    elem: usize,
    part: Part,
    to: &Path,
) -> Result<Vec<(u64, u64)>, i32> {
    let (rc, rx) = start_download(c, m.0, elem, part, to);
    if rc != 0 {
        return Err(rx.refused(rc));
    }
    let (events, end) = rx.progress_then_terminal();
    match end {
        Ev::Ok => Ok(events
            .into_iter()
            .map(|e| match e {
                Ev::Bytes(current, total) => (current, total),
                other => panic!("unexpected {other:?}"),
            })
            .collect()),
        Ev::Err(code, desc) => {
            assert!(!desc.is_empty());
            Err(code)
        }
        other => panic!("unexpected {other:?}"),
    }
}

/// A message listener that keeps a copy of every message it gets.
pub struct Keeper {
    rx: Receiver<Sendable<*mut hark_message>>,
}

unsafe extern "C" fn keep(m: *const hark_message, ud: *mut c_void) {
    let tx = &*ud.cast::<Sender<Sendable<*mut hark_message>>>();
    let _ = tx.send(Sendable(hark_message_clone(m)));
}

unsafe extern "C" fn drop_sender(ud: *mut c_void) {
    drop(Box::from_raw(ud.cast::<Sender<Sendable<*mut hark_message>>>()));
}

impl Keeper {
    pub fn listen(c: &Client) -> Keeper {
        let (tx, rx) = channel();
        let listener = hark_msg_listener {
            on_recv_new_message: Some(keep),
            on_recv_c2c_read_receipt: None,
            on_recv_message_read_receipts: None,
            user_data: Box::into_raw(Box::new(tx)).cast(),
            free_user_data: Some(drop_sender),
        };
        assert!(unsafe { hark_add_advanced_msg_listener(c.ptr, listener) } > 0);
        Keeper { rx }
    }

    pub fn next(&self) -> Msg {
        let got = self.rx.recv_timeout(WAIT).expect("a message");
        Msg(got.0)
    }
}

/// A C string argument that is not UTF-8.
pub fn bad_utf8() -> CString {
    CString::new(&b"caf\xc3"[..]).unwrap()
}
