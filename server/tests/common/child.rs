//! The harkd binary as a child process, as an operator runs it.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Spawns `cmd`, a `harkd serve ... --port-file <port_file>`, and returns it with the port
/// it listens on; kills it and panics if it writes none within 10 s.
// The caller owns the child and waits for it.
#[allow(clippy::zombie_processes)]
pub fn serve(mut cmd: Command, port_file: &Path) -> (Child, u16) {
    let _ = std::fs::remove_file(port_file);
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(port) = std::fs::read_to_string(port_file).ok().and_then(|p| p.parse().ok()) {
            return (child, port);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("harkd did not start");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
