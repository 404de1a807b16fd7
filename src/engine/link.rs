//! The connection of the moment and its heartbeat: what the engine reads from and writes to.
//! A failed write or a dead heartbeat comes back as the failure that ends the connection;
//! the engine decides what that means for the session.

use std::future::pending;
use std::pin::Pin;
use std::time::Duration;

use hark_proto::ClientFrame;
use tokio::time::{Instant, Sleep};

use crate::error::{Code, Failure};

use super::command::encode;
use super::connection::{Connection, Incoming};
use super::heartbeat::{Beat, Heartbeat};

/// What woke the link.
pub enum Wake {
    Frame(Incoming),
    /// The heartbeat timer fired: time for [`Link::check_heartbeat`].
    Heartbeat,
}

pub struct Link {
    conn: Option<Connection>,
    heartbeat: Heartbeat,
    /// When the heartbeat looks at the connection next; armed while there is one.
    beat: Pin<Box<Sleep>>,
}

impl Link {
    pub fn new(interval: Duration, timeout: Duration) -> Link {
        Link {
            conn: None,
            heartbeat: Heartbeat::new(interval, timeout),
            beat: Box::pin(tokio::time::sleep(interval)),
        }
    }

    pub fn is_up(&self) -> bool {
        self.conn.is_some()
    }

    /// A new connection: the heartbeat counts quiet time from now.
    pub fn up(&mut self, conn: Connection) {
        self.conn = Some(conn);
        let first = self.heartbeat.start(Instant::now());
        self.beat.as_mut().reset(first);
    }

    /// Forgets a broken connection. Dropped, not closed: a close handshake would only wait.
    pub fn drop_broken(&mut self) {
        self.conn = None;
    }

    /// Closes the connection, if any, acknowledging `ack` first.
    pub async fn close(&mut self, ack: Option<u64>) {
        if let Some(mut conn) = self.conn.take() {
            if let Some(pos) = ack {
                let _ = conn.feed(encode(&ClientFrame::RecvAck { pos })).await;
            }
            conn.close().await;
        }
    }

    /// The next frame or heartbeat; never, while there is no connection.
    pub async fn next(&mut self) -> Wake {
        let Some(conn) = self.conn.as_mut() else { return pending().await };
        tokio::select! {
            incoming = conn.next() => Wake::Frame(incoming),
            () = &mut self.beat => Wake::Heartbeat,
        }
    }

    /// The next frame if one is already buffered.
    pub fn next_ready(&mut self) -> Option<Incoming> {
        self.conn.as_mut().and_then(Connection::next_ready)
    }

    /// Queues a frame (nothing without a connection).
    pub async fn write(&mut self, text: String) -> Result<(), Failure> {
        match self.conn.as_mut() {
            Some(conn) => conn.feed(text).await,
            None => Ok(()),
        }
    }

    pub async fn flush(&mut self) -> Result<(), Failure> {
        match self.conn.as_mut() {
            Some(conn) => conn.flush().await,
            None => Ok(()),
        }
    }

    /// The heartbeat timer fired: pings a quiet connection; fails for one that did not
    /// answer its ping.
    pub async fn check_heartbeat(&mut self) -> Result<(), Failure> {
        let Some(conn) = self.conn.as_mut() else { return Ok(()) };
        let (beat, next) =
            self.heartbeat.check(conn.last_received(), conn.last_sent(), Instant::now());
        self.beat.as_mut().reset(next);
        match beat {
            Beat::Quiet => Ok(()),
            Beat::Ping => {
                conn.feed_ping().await?;
                conn.flush().await
            }
            Beat::Dead => {
                let detail = format!(
                    "nothing received within {} ms of a ping",
                    self.heartbeat.timeout().as_millis()
                );
                Err(Failure::with_detail(Code::NetDisconnect, detail))
            }
        }
    }
}
