#!/usr/bin/env bash
# The demo: builds libhark and harkd, starts harkd on the embedded SQLite store in a
# temporary directory, and runs examples/demo.c against it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --workspace --locked
target=${CARGO_TARGET_DIR:-$PWD/target}/debug

dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
sdkappid=1400000001
key=demo-key-$RANDOM$RANDOM
"$target/harkd" serve --sdkappid $sdkappid --key "$key" --listen 127.0.0.1:0 \
  --data-dir "$dir/data" --port-file "$dir/port" 2>"$dir/harkd.log" &
pid=$!
for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.05; done
[ -s "$dir/port" ] || { cat "$dir/harkd.log"; exit 1; }
echo "harkd is listening on 127.0.0.1:$(cat "$dir/port"), data in $dir/data"

gcc -std=c11 -Wall -Wextra -Werror -Iinclude examples/demo.c -o "$dir/demo" \
  -L"$target" -lhark -Wl,-rpath,"$target" -pthread
sig() { "$target/harkd" usersig "$1" --sdkappid $sdkappid --key "$key"; }
mkdir -p "$dir/files"
"$dir/demo" "ws://127.0.0.1:$(cat "$dir/port")" $sdkappid "$(sig alice)" "$(sig bob)" "$dir/files"
