# Sourced by the test runners of the C tests and the wrappers: starts a harkd on 127.0.0.1
# with a fresh data directory and exports what a test program needs:
#   HARK_URL, HARK_SDKAPPID, HARK_SIG_<user> for alice bob carol dave erin,
#   HARK_SIG_erin_short (expires after 6 s).
# Needs $harkd (the binary). start_harkd DIR sets harkd_pid; stop_harkd ends it.

hark_sdkappid=1400000001
hark_key=hark-test-key-$RANDOM$RANDOM

start_harkd() {
  local dir=$1
  "$harkd" serve --sdkappid "$hark_sdkappid" --key "$hark_key" --listen 127.0.0.1:0 \
    --data-dir "$dir/data" --port-file "$dir/port" 2>"$dir/harkd.log" &
  harkd_pid=$!
  for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.05; done
  [ -s "$dir/port" ] || { cat "$dir/harkd.log" >&2; return 1; }
  export HARK_URL="ws://127.0.0.1:$(cat "$dir/port")" HARK_SDKAPPID=$hark_sdkappid
  local u
  for u in alice bob carol dave erin; do
    export "HARK_SIG_$u=$("$harkd" usersig "$u" --sdkappid "$hark_sdkappid" --key "$hark_key")"
  done
  export HARK_SIG_erin_short="$("$harkd" usersig erin --sdkappid "$hark_sdkappid" --key "$hark_key" --expire 6)"
}

stop_harkd() {
  kill "$harkd_pid" 2>/dev/null || true
  wait "$harkd_pid" 2>/dev/null || true
}
