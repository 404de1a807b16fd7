//! Clients shared by the integration tests. Each test file uses part of them.
#![allow(dead_code)]

pub mod http;
pub mod ws;
