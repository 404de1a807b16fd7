#!/usr/bin/env bash
# Runs every benchmark on a release build and prints the figures for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p harkd -p hark-bench
bin=${CARGO_TARGET_DIR:-$PWD/target}/release
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB"
"$bin/e2e" "$@"
"$bin/upload" 100 3
"$bin/memory" 100 20
ulimit -n 20000 2>/dev/null || true
"$bin/idle_connections" 10000
"$bin/fanout" 1000,5000,10000 100   # the first messages (each queue's first buffer) cost more; 100 average them out
"$bin/group_rate" 5999 40 60 Meeting   # 6,000 with the sender: a Meeting's cap
"$bin/conversations" 500 10 500 50
