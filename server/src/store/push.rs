//! Offline push: registered device tokens and the durable outbox of notifications.
//!
//! `push_tokens` holds one row per token (a token belongs to the user who registered it
//! last); `push_outbox` one row per notification still to hand to the provider, with the
//! time it is due (milliseconds since the epoch) and the attempts made so far.

use rusqlite::params;

use super::{Batch, ReadPool};

/// A change to a user's registered tokens, made through the sequencer.
#[derive(Debug)]
pub enum TokenChange {
    Set {
        business_id: u32,
        token: String,
    },
    /// `Some`: remove that token (if it is still this user's). `None`: all of the user's.
    Clear {
        token: Option<String>,
    },
}

/// A recipient's registered devices: `(business_id, token)`, and the recipient's app and
/// name.
pub struct Devices {
    pub app: u32,
    pub user: String,
    pub tokens: Vec<(u32, String)>,
}

/// A notification due for delivery.
#[derive(Debug)]
pub struct Due {
    pub id: i64,
    pub attempts: u32,
    pub body: String,
}

/// What the push worker learned from one round of deliveries.
#[derive(Debug, Default)]
pub struct Settle {
    /// Delivered, or given up on: removed.
    pub done: Vec<i64>,
    /// Failed: `(id, next due time in ms, attempts so far)`.
    pub retry: Vec<(i64, i64, u32)>,
}

impl ReadPool {
    /// Up to `limit` notifications due at `now_ms`, earliest first.
    pub fn due_pushes(&self, now_ms: i64, limit: u32) -> Result<Vec<Due>, hark_proto::Code> {
        self.with(|c| {
            c.prepare_cached(
                "SELECT id, attempts, body FROM push_outbox WHERE due <= ?1
                 ORDER BY due, id LIMIT ?2",
            )?
            .query_map(params![now_ms, limit], |r| {
                Ok(Due { id: r.get(0)?, attempts: r.get(1)?, body: r.get(2)? })
            })?
            .collect()
        })
    }

    /// When the next notification falls due (ms), if any is waiting.
    pub fn next_push_due(&self) -> Result<Option<i64>, hark_proto::Code> {
        self.with(|c| c.query_row("SELECT MIN(due) FROM push_outbox", [], |r| r.get(0)))
    }
}

impl Batch<'_> {
    /// Changes the tokens of `user`, of app `app`: a token is one app's on one device, so
    /// another app's registration of the same token is a row of its own.
    pub fn change_token(
        &self,
        app: u32,
        user: i64,
        change: &TokenChange,
        now: i64,
    ) -> super::Result<()> {
        let tx = &self.tx;
        match change {
            TokenChange::Set { business_id, token } => tx.execute(
                "INSERT INTO push_tokens(app, token, user, business_id, updated)
             VALUES (?5, ?1, ?2, ?3, ?4)
             ON CONFLICT(app, token) DO UPDATE SET user = ?2, business_id = ?3, updated = ?4",
                params![token, user, business_id, now, app],
            )?,
            TokenChange::Clear { token: Some(token) } => tx.execute(
                "DELETE FROM push_tokens WHERE token = ?1 AND user = ?2",
                params![token, user],
            )?,
            TokenChange::Clear { token: None } => {
                tx.execute("DELETE FROM push_tokens WHERE user = ?1", [user])?
            }
        };
        Ok(())
    }

    pub fn devices(&self, user: i64) -> super::Result<Option<Devices>> {
        let tx = &self.tx;
        let mut rows = tx
            .prepare_cached(
                "SELECT u.app, u.name, t.business_id, t.token
             FROM push_tokens t JOIN users u ON u.id = t.user
             WHERE t.user = ?1 ORDER BY t.token",
            )?
            .query_map([user], |r| Ok((r.get(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<Vec<(u32, String, u32, String)>>>()?;
        let Some(first) = rows.first() else { return Ok(None) };
        let (app, user) = (first.0, first.1.clone());
        let tokens = rows.drain(..).map(|(_, _, b, t)| (b, t)).collect();
        Ok(Some(Devices { app, user, tokens }))
    }

    pub fn insert_outbox(&self, due_ms: i64, body: &str) -> super::Result<()> {
        let tx = &self.tx;
        tx.prepare_cached("INSERT INTO push_outbox(due, attempts, body) VALUES (?1, 0, ?2)")?
            .execute(params![due_ms, body])?;
        Ok(())
    }

    pub fn settle(&self, s: &Settle) -> super::Result<()> {
        let tx = &self.tx;
        for id in &s.done {
            tx.prepare_cached("DELETE FROM push_outbox WHERE id = ?1")?.execute([id])?;
        }
        for (id, due, attempts) in &s.retry {
            tx.prepare_cached("UPDATE push_outbox SET due = ?2, attempts = ?3 WHERE id = ?1")?
                .execute(params![id, due, attempts])?;
        }
        Ok(())
    }
}
