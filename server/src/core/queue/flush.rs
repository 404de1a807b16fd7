//! Frames written straight to the sockets of sessions whose writers wait, off the
//! sequencer's thread: a group message reaches each online member with one `write()` and
//! no task woken per member. A session whose socket is full, or that is closing, is handed
//! back to its writer.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::Arc;

use bytes::Bytes;

use super::{Bound, Outbound};

/// A flush this long is shared out between the flushers.
const SPLIT_AT: usize = 256;
/// A session with more than this queued is left to its writer, which writes without the
/// queue locked: a flusher writes with it locked, and a long copy would hold up the
/// sequencer's next frame for the session.
const FLUSH_MAX_BYTES: usize = 64 << 10;

/// The sessions a batch queued frames for, whose writers wait.
#[derive(Default)]
pub struct Flush(Vec<Arc<Bound>>);

impl Flush {
    pub(super) fn add(&mut self, bound: Arc<Bound>) {
        self.0.push(bound);
    }

    /// Writes each session's queued frames to its socket, here and now.
    fn run(self, buf: &mut Vec<u8>) {
        for bound in self.0 {
            write(&bound, buf);
        }
    }
}

/// The threads that run flushes, a few so that a large group's members are written to on
/// more than one core.
pub struct Flushers {
    threads: Vec<Sender<Flush>>,
    next: AtomicUsize,
}

impl Flushers {
    /// One thread per core, up to four.
    pub fn start() -> Flushers {
        let n = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
        let threads = (0..n)
            .map(|i| {
                let (tx, rx) = mpsc::channel::<Flush>();
                std::thread::Builder::new()
                    .name(format!("harkd-flush-{i}"))
                    .spawn(move || {
                        let mut buf = Vec::new();
                        while let Ok(flush) = rx.recv() {
                            flush.run(&mut buf);
                        }
                    })
                    .expect("spawning a flusher thread");
                tx
            })
            .collect();
        Flushers { threads, next: AtomicUsize::new(0) }
    }

    /// Hands `flush` to the flushers: a long one split between them, a short one to the
    /// next in turn.
    pub fn run(&self, mut flush: Flush) {
        let n = self.threads.len();
        if flush.0.len() < SPLIT_AT {
            if !flush.0.is_empty() {
                self.hand(self.next.fetch_add(1, Ordering::Relaxed) % n, flush);
            }
            return;
        }
        let share = flush.0.len().div_ceil(n);
        for i in (0..n).rev() {
            let part = flush.0.split_off((i * share).min(flush.0.len()));
            self.hand(i, Flush(part));
        }
    }

    fn hand(&self, thread: usize, flush: Flush) {
        if let Err(mpsc::SendError(flush)) = self.threads[thread].send(flush) {
            // Only while stopping: written here rather than left listed.
            flush.run(&mut Vec::new());
        }
    }
}

/// Writes what `b` has queued, if its writer waits; what the socket does not take goes back
/// to the writer.
fn write(b: &Bound, buf: &mut Vec<u8>) {
    let mut state = b.lock();
    state.listed = false;
    let Some(socket) = b.direct.get() else { return };
    if !state.writer_idle || b.overflowed.load(Ordering::Relaxed) {
        return;
    }
    if b.queued() > FLUSH_MAX_BYTES {
        state.writer_idle = false;
        drop(state);
        b.ready.notify_one();
        return;
    }
    buf.clear();
    while let Some(out) = b.take(&mut state) {
        if matches!(out, Outbound::Close) {
            b.put_back(&mut state, out);
            break;
        }
        out.encode(buf);
    }
    // Full, nothing is written (the writer waits for room); broken, the writer meets the
    // error and ends the session.
    let sent = if buf.is_empty() { 0 } else { socket.try_write(buf).unwrap_or(0) };
    if sent < buf.len() {
        b.put_back(&mut state, Outbound::Raw(Bytes::copy_from_slice(&buf[sent..])));
    }
    if !state.frames.is_empty() {
        state.writer_idle = false;
        drop(state);
        b.ready.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;

    use tokio::net::{TcpListener, TcpStream};

    use super::*;
    use crate::core::queue::{session_queue, SessionRx, SessionTx};

    /// A session on a real socket: the queue, the client's end, and a writer task that
    /// counts the frames it was handed and writes them as the gateway's does.
    async fn session() -> (SessionTx, std::net::TcpStream, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let socket = Arc::new(listener.accept().await.unwrap().0);
        let (tx, rx) = session_queue(64 << 20);
        tx.write_directly_to(socket.clone());
        let handed = Arc::new(AtomicUsize::new(0));
        tokio::spawn(writer(rx, socket, handed.clone()));
        // Until the writer waits, frames are its own.
        while !tx.bound.lock().writer_idle {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        (tx, client, handed)
    }

    async fn writer(mut rx: SessionRx, socket: Arc<TcpStream>, handed: Arc<AtomicUsize>) {
        let (mut batch, mut buf) = (Vec::new(), Vec::new());
        while rx.recv_batch(&mut batch, usize::MAX).await {
            handed.fetch_add(batch.len(), Ordering::Relaxed);
            batch.drain(..).for_each(|out| out.encode(&mut buf));
            let mut rest = &buf[..];
            while !rest.is_empty() {
                socket.writable().await.unwrap();
                if let Ok(n) = socket.try_write(rest) {
                    rest = &rest[n..];
                }
            }
            buf.clear();
        }
    }

    /// Reads `n` bytes from the client's end, off the runtime's threads.
    async fn read(client: &std::net::TcpStream, n: usize) -> Vec<u8> {
        let mut client = client.try_clone().unwrap();
        tokio::task::spawn_blocking(move || {
            let mut got = vec![0; n];
            client.read_exact(&mut got).unwrap();
            got
        })
        .await
        .unwrap()
    }

    fn wire(texts: &[&str]) -> Vec<u8> {
        let mut want = Vec::new();
        texts.iter().for_each(|t| crate::core::wire::text_frame(t.as_bytes(), &mut want));
        want
    }

    #[tokio::test]
    async fn an_idle_sessions_frames_go_straight_to_its_socket_in_order() {
        let (tx, client, handed) = session().await;
        let mut flush = Flush::default();
        tx.send_flushed(Outbound::Frame("first".into()), &mut flush);
        tx.send_flushed(Outbound::Frame("second".into()), &mut flush);
        assert_eq!(flush.0.len(), 1, "a session is listed once");
        flush.run(&mut Vec::new());
        let want = wire(&["first", "second"]);
        assert_eq!(read(&client, want.len()).await, want);
        assert_eq!(handed.load(Ordering::Relaxed), 0, "the writer was not woken");

        // What is sent for the writer goes through it, after what was flushed.
        tx.send(Outbound::Frame("third".into()));
        let want = wire(&["third"]);
        assert_eq!(read(&client, want.len()).await, want);
        assert_eq!(handed.load(Ordering::Relaxed), 1);
    }

    #[tokio::test]
    async fn what_a_full_socket_does_not_take_goes_to_the_writer_in_order() {
        let (tx, client, handed) = session().await;
        // Frames a flusher writes, one flush each, until the socket (never read yet) is full
        // and a write stops part way or does not start.
        let mut sent = Vec::new();
        for i in 0.. {
            assert!(i < 100_000, "the socket never filled");
            let text = format!("{i:08}{}", "x".repeat(32 << 10));
            let mut flush = Flush::default();
            tx.send_flushed(Outbound::Frame(text.clone()), &mut flush);
            flush.run(&mut Vec::new());
            sent.push(text);
            if !tx.bound.lock().writer_idle {
                break;
            }
        }
        // Frames queued meanwhile wait their turn behind it.
        let mut later = Flush::default();
        tx.send_flushed(Outbound::Frame("later".into()), &mut later);
        later.run(&mut Vec::new());
        sent.push("later".into());
        let want = wire(&sent.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(read(&client, want.len()).await == want, "every byte, in order");
        assert!(handed.load(Ordering::Relaxed) >= 1, "the writer sent the rest");
    }

    #[tokio::test]
    async fn a_long_backlog_is_left_to_the_writer() {
        let (tx, client, handed) = session().await;
        let big = "y".repeat(FLUSH_MAX_BYTES * 4);
        let mut flush = Flush::default();
        tx.send_flushed(Outbound::Frame(big.clone()), &mut flush);
        flush.run(&mut Vec::new());
        let want = wire(&[&big]);
        assert!(read(&client, want.len()).await == want);
        assert_eq!(handed.load(Ordering::Relaxed), 1, "the writer wrote it");
    }
}
