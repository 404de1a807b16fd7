//! The open connections: how many in all and per source address, and which of them are
//! pending (a TLS handshake, a request header on its way, a kept-alive connection between
//! requests), oldest first. A newcomer that finds a cap reached takes the place of the oldest
//! pending connection, which is closed; it is refused only when there is none, so what an
//! attacker holds open without sending requests never keeps out a login or a health check.
//! A connection in a request or upgraded to a WebSocket is never closed to make room (a
//! WebSocket that does not log in is closed by the session's own login timeout).

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

/// The caps, as applied (`[limits]`, bounded by the open-file limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caps {
    pub total: usize,
    pub per_source: usize,
    pub pending: usize,
}

/// Why a connection was not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Its address has its cap of connections, each in a request or a WebSocket.
    Source,
    /// The server has its cap of connections, each in a request or a WebSocket.
    Full,
}

/// Where connections are counted from: an IPv4 address, or an IPv6 /64 (one site's
/// addresses: a host can pick among 2^64 of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Source(IpAddr);

impl Source {
    pub fn of(ip: IpAddr) -> Source {
        match ip {
            IpAddr::V4(v4) => Source(IpAddr::V4(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Source(IpAddr::V4(v4)),
                None => {
                    let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                    Source(IpAddr::V6(Ipv6Addr::from(prefix)))
                }
            },
        }
    }
}

pub struct Table {
    caps: Caps,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    conns: HashMap<u64, Entry>,
    by_source: HashMap<Source, usize>,
    /// Pending connections by when they became pending (a number from `next`), oldest first.
    pending: BTreeMap<u64, u64>,
    next: u64,
}

struct Entry {
    source: Source,
    state: State,
    close: Arc<Notify>,
}

#[derive(Clone, Copy)]
enum State {
    /// Since the `pending` key given.
    Pending(u64),
    /// With this many requests being answered.
    Busy(u32),
    Upgraded,
}

impl Table {
    pub fn new(caps: Caps) -> Arc<Table> {
        Arc::new(Table { caps, inner: Mutex::default() })
    }

    pub fn caps(&self) -> Caps {
        self.caps
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes a new connection from `ip`, pending, making room where a cap is reached.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Slot, Refused> {
        let source = Source::of(ip);
        let mut t = self.lock();
        if t.by_source.get(&source).copied().unwrap_or(0) >= self.caps.per_source
            && !t.close_oldest(Some(source))
        {
            return Err(Refused::Source);
        }
        if t.conns.len() >= self.caps.total && !t.close_oldest(None) {
            return Err(Refused::Full);
        }
        if t.pending.len() >= self.caps.pending {
            t.close_oldest(None);
        }
        let id = t.number();
        let age = t.number();
        let close = Arc::new(Notify::new());
        t.conns.insert(id, Entry { source, state: State::Pending(age), close: close.clone() });
        t.pending.insert(age, id);
        *t.by_source.entry(source).or_default() += 1;
        Ok(Slot { conn: Conn { table: self.clone(), id }, close })
    }

    /// Closes the oldest pending connection, if there is one (file descriptors ran out).
    pub fn close_one(&self) -> bool {
        self.lock().close_oldest(None)
    }

    /// (connections, pending) now.
    pub fn counts(&self) -> (usize, usize) {
        let t = self.lock();
        (t.conns.len(), t.pending.len())
    }
}

impl Inner {
    fn number(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// Forgets the oldest pending connection (of `source`, if given) and tells it to close.
    fn close_oldest(&mut self, source: Option<Source>) -> bool {
        let oldest = self
            .pending
            .iter()
            .find(|(_, id)| source.is_none_or(|s| self.conns[*id].source == s))
            .map(|(_, id)| *id);
        match oldest {
            Some(id) => {
                let entry = self.remove(id).expect("a pending connection is in the table");
                tracing::debug!(source = ?entry.source.0, "closing the oldest pending connection");
                entry.close.notify_one();
                true
            }
            None => false,
        }
    }

    fn remove(&mut self, id: u64) -> Option<Entry> {
        let entry = self.conns.remove(&id)?;
        if let State::Pending(age) = entry.state {
            self.pending.remove(&age);
        }
        if let Some(n) = self.by_source.get_mut(&entry.source) {
            *n -= 1;
            if *n == 0 {
                self.by_source.remove(&entry.source);
            }
        }
        Some(entry)
    }

    fn set(&mut self, id: u64, to: impl FnOnce(State, &mut u64) -> State) {
        let Some(mut state) = self.conns.get(&id).map(|e| e.state) else { return };
        if let State::Pending(age) = state {
            self.pending.remove(&age);
        }
        state = to(state, &mut self.next);
        if let State::Pending(age) = state {
            self.pending.insert(age, id);
        }
        if let Some(e) = self.conns.get_mut(&id) {
            e.state = state;
        }
    }
}

/// A connection's place in the table, held for as long as its socket is open.
pub struct Slot {
    conn: Conn,
    /// Notified when the table closes this connection to make room.
    pub close: Arc<Notify>,
}

impl Slot {
    pub fn conn(&self) -> Conn {
        self.conn.clone()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.conn.table.lock().remove(self.conn.id);
    }
}

/// Names a connection in the table, to mark its requests.
#[derive(Clone)]
pub struct Conn {
    table: Arc<Table>,
    id: u64,
}

impl Conn {
    /// A request has arrived: the connection is busy until the returned guard drops.
    pub fn request(&self) -> Request {
        self.table.lock().set(self.id, |state, _| match state {
            State::Pending(_) => State::Busy(1),
            State::Busy(n) => State::Busy(n + 1),
            State::Upgraded => State::Upgraded,
        });
        Request { conn: Some(self.clone()) }
    }
}

/// A request being answered; dropped once its answer has been sent.
pub struct Request {
    conn: Option<Conn>,
}

impl Request {
    /// The request upgraded the connection to a WebSocket, which it stays.
    pub fn upgraded(mut self) {
        if let Some(c) = self.conn.take() {
            c.table.lock().set(c.id, |_, _| State::Upgraded);
        }
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            c.table.lock().set(c.id, |state, next| match state {
                State::Busy(n) if n > 1 => State::Busy(n - 1),
                State::Busy(_) => {
                    *next += 1;
                    State::Pending(*next)
                }
                other => other,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    fn ip(n: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, n))
    }

    /// Whether the table told the connection to close.
    fn told(slot: &Slot) -> bool {
        let n = slot.close.notified();
        tokio::pin!(n);
        // A stored permit makes the first poll ready.
        n.as_mut().enable()
    }

    #[test]
    fn ipv6_addresses_count_per_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(Source::of(a), Source::of(b));
        assert_ne!(Source::of(a), Source::of(c));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(Source::of(mapped), Source::of(ip(1)));
    }

    #[test]
    fn a_source_at_its_cap_gives_way_from_its_own_oldest_pending_connection() {
        let t = Table::new(Caps { total: 100, per_source: 2, pending: 100 });
        let a1 = t.admit(ip(1)).unwrap();
        let b1 = t.admit(ip(2)).unwrap();
        let a2 = t.admit(ip(1)).unwrap();
        let a3 = t.admit(ip(1)).unwrap();
        assert!(told(&a1) && !told(&b1) && !told(&a2) && !told(&a3));
        assert_eq!(t.counts(), (3, 3));
        // Busy connections do not give way: with both busy, the source is refused.
        let (_r2, _r3) = (a2.conn().request(), a3.conn().request());
        assert_eq!(t.admit(ip(1)).err(), Some(Refused::Source));
        drop(a1);
        assert_eq!(t.counts(), (3, 1), "a closed connection is not counted twice");
    }

    #[test]
    fn a_full_table_closes_the_oldest_pending_connection_never_a_busy_or_upgraded_one() {
        let t = Table::new(Caps { total: 3, per_source: 100, pending: 100 });
        let busy = t.admit(ip(1)).unwrap();
        let ws = t.admit(ip(1)).unwrap();
        let idle = t.admit(ip(2)).unwrap();
        let _answering = busy.conn().request();
        ws.conn().request().upgraded();
        assert_eq!(t.counts(), (3, 1));
        let newcomer = t.admit(ip(3)).unwrap();
        assert!(told(&idle) && !told(&busy) && !told(&ws));
        let _r = newcomer.conn().request();
        assert_eq!(t.admit(ip(4)).err(), Some(Refused::Full));
        drop(ws);
        assert!(t.admit(ip(4)).is_ok());
    }

    #[test]
    fn the_pending_cap_closes_the_oldest_and_a_finished_request_is_pending_again() {
        let t = Table::new(Caps { total: 100, per_source: 100, pending: 2 });
        let first = t.admit(ip(1)).unwrap();
        let second = t.admit(ip(2)).unwrap();
        // `first` sends a request and finishes it: pending again, now newer than `second`.
        drop(first.conn().request());
        let third = t.admit(ip(3)).unwrap();
        assert!(told(&second) && !told(&first) && !told(&third));
        assert_eq!(t.counts(), (2, 2));
        assert!(t.close_one());
        assert!(told(&first));
        assert_eq!(t.counts(), (1, 1));
    }
}
