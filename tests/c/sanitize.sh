#!/usr/bin/env bash
# Builds the C tests with gcc's AddressSanitizer + UndefinedBehaviorSanitizer (and, with
# HARK_TSAN=1, ThreadSanitizer) and runs each against its own harkd, like run.sh does under
# valgrind.
# libhark itself is not instrumented (Rust's sanitizers need nightly): ASan still checks
# every access the C side makes and every libhark allocation through the intercepted
# malloc; TSan sees libhark's threads and locks through the intercepted pthread calls.
# Expects `cargo build --workspace` to have run. Not part of ci/test.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}/debug
harkd=$target/harkd
lib=$target/libhark.so
[ -x "$harkd" ] && [ -f "$lib" ] || { echo "build first: cargo build --workspace" >&2; exit 2; }

# shellcheck source=../harkd.sh
. "$root/tests/harkd.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# No -Werror: -O1 brings warnings run.sh (which does use -Werror) does not see.
cflags=(-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer -Wall -Wextra
  -I"$root/include" -pthread)
ldflags=(-L"$target" -lhark -Wl,-rpath,"$target" -pthread)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1"

passed=0 failed=0
run() { # mode src
  local mode=$1 src=$2 name bin dir
  name=$(basename "$src" .c)
  bin=$out/${name}_${mode%%,*}
  gcc "${cflags[@]}" -fsanitize="$mode" "$src" -o "$bin" "${ldflags[@]}"
  dir=$(mktemp -d -p "$out")
  start_harkd "$dir"
  if timeout 300 "$bin" >"$dir/out.log" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name ($mode): $(tail -n 1 "$dir/out.log")"
  else
    failed=$((failed + 1)); echo "FAIL $name ($mode)"; cat "$dir/out.log"
  fi
  stop_harkd
}

for src in tests/c/test_*.c; do run address,undefined "$src"; done
# TSan only with HARK_TSAN=1: Rust's std and tokio are not instrumented, so every handoff
# through their channels and atomics looks like a race to it (see docs/reliability.md).
if [ "${HARK_TSAN:-}" = 1 ]; then
  for src in tests/c/test_*.c; do run thread "$src"; done
fi
echo "sanitized ctests: $passed passed, $failed failed"
[ "$failed" = 0 ]
