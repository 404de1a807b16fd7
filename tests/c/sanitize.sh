#!/usr/bin/env bash
# Runs every C test under AddressSanitizer + UndefinedBehaviorSanitizer, then under
# ThreadSanitizer, each against its own harkd, like run.sh does under valgrind.
# - ASan+UBSan: gcc instruments the test; libhark is the plain debug build. ASan still checks
#   every access the C side makes and sees libhark's allocations through the intercepted malloc.
# - TSan: libhark is built again with -Zsanitizer=thread (stable rustc, RUSTC_BOOTSTRAP=1),
#   so libhark, tokio and every other crate are instrumented; only the precompiled std is not.
#   clang instruments the test, which links the TSan runtime that ships with rustc (the same
#   LLVM as the instrumentation). tests/c/tsan.supp lists the known std false positives.
#   HARK_TSAN=0 skips this pass.
# Expects `cargo build --workspace` to have run; builds the TSan libhark itself (into
# $CARGO_TARGET_DIR/tsan, or target/tsan).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target_root=${CARGO_TARGET_DIR:-$root/target}
target=$target_root/debug
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
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

passed=0 failed=0
run() { # mode name bin
  local mode=$1 name=$2 bin=$3 dir summary
  dir=$(mktemp -d -p "$out")
  start_harkd "$dir"
  if timeout 300 "$bin" >"$dir/out.log" 2>&1; then
    passed=$((passed + 1))
    # The test's own last line, then how many reports tsan.supp took (TSan prints those last).
    summary=$(grep -v -e '^ThreadSanitizer: Matched' -e '^[0-9]* race:' "$dir/out.log" | tail -n 1)
    if grep -q '^ThreadSanitizer: Matched' "$dir/out.log"; then
      summary+=" (tsan.supp took $(grep '^[0-9]* race:' "$dir/out.log" | paste -sd ',' | sed 's/,/, /g'))"
    fi
    echo "ok   $name ($mode): $summary"
  else
    failed=$((failed + 1)); echo "FAIL $name ($mode)"; cat "$dir/out.log"
  fi
  stop_harkd
}

for src in tests/c/test_*.c; do
  name=$(basename "$src" .c)
  gcc "${cflags[@]}" -fsanitize=address,undefined "$src" -o "$out/${name}_asan" \
    -L"$target" -lhark -Wl,-rpath,"$target" -pthread
  run address,undefined "$name" "$out/${name}_asan"
done

if [ "${HARK_TSAN:-1}" != 0 ]; then
  command -v clang >/dev/null || { echo "TSan pass needs clang" >&2; exit 2; }
  # Suppressions match function names, so the runtime needs a symbolizer (Debian: llvm).
  symbolizer=$(command -v llvm-symbolizer || true)
  [ -n "$symbolizer" ] || symbolizer=$(find /usr/bin /usr/lib/llvm-*/bin \
    -name 'llvm-symbolizer*' 2>/dev/null | sort -V | tail -n 1 || true)
  [ -x "$symbolizer" ] || { echo "TSan pass needs llvm-symbolizer (apt-get install llvm)" >&2; exit 2; }
  host=$(rustc -vV | sed -n 's/^host: //p')
  tsan_rt=$(find "$(rustc --print sysroot)/lib/rustlib/$host/lib" -name 'librustc-*_rt.tsan.a' \
    2>/dev/null | head -n 1 || true)
  [ -f "$tsan_rt" ] || { echo "no TSan runtime in rustc's sysroot for $host" >&2; exit 2; }
  # --target keeps build scripts and proc-macros uninstrumented; the tsan feature puts tokio
  # on parking_lot's locks, which TSan sees (std's are precompiled).
  echo "building libhark with -Zsanitizer=thread"
  env -u CARGO_ENCODED_RUSTFLAGS RUSTC_BOOTSTRAP=1 \
    RUSTFLAGS="-Zsanitizer=thread -Cunsafe-allow-abi-mismatch=sanitizer" \
    cargo build --quiet --locked -p hark --features tsan --target "$host" \
    --target-dir "$target_root/tsan"
  tsan_lib=$target_root/tsan/$host/debug
  export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1 print_suppressions=1
    suppressions='$root/tests/c/tsan.supp' external_symbolizer_path='$symbolizer'"
  for src in tests/c/test_*.c; do
    name=$(basename "$src" .c)
    clang "${cflags[@]}" -fsanitize=thread -c "$src" -o "$out/${name}_tsan.o"
    # Linked by hand: rustc's TSan runtime in whole, its symbols exported for libhark.so.
    clang "$out/${name}_tsan.o" -o "$out/${name}_tsan" -L"$tsan_lib" -lhark \
      -Wl,-rpath,"$tsan_lib" -Wl,--whole-archive "$tsan_rt" -Wl,--no-whole-archive -rdynamic \
      -pthread -ldl -lm -lrt
    run thread "$name" "$out/${name}_tsan"
  done
fi
echo "sanitized ctests: $passed passed, $failed failed"
[ "$failed" = 0 ]
