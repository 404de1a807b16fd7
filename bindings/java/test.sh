#!/usr/bin/env bash
# Builds the JNI glue (C, -Wall -Wextra -Werror) and the Java classes, then runs the Java
# tests under -Xcheck:jni against a fresh harkd on 127.0.0.1. Any JNI warning fails the run.
# Expects `cargo build --workspace` to have run. Ends with "javatests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}/debug
harkd=$target/harkd
[ -x "$harkd" ] && [ -f "$target/libhark.so" ] || { echo "build first: cargo build --workspace" >&2; exit 2; }
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")

out=$(mktemp -d)
harkd_pid=""
trap 'stop_harkd; rm -rf "$out"' EXIT
# shellcheck source=../../tests/harkd.sh
. "$root/tests/harkd.sh"

gcc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -fPIC -shared -g \
  -I"$java_home/include" -I"$java_home/include/linux" -I"$root/include" \
  bindings/java/jni/*.c -o "$out/libharkjni.so" \
  -L"$target" -lhark -Wl,-rpath,"$target" -pthread

javac -encoding UTF-8 -Xlint:all -Werror -d "$out/classes" \
  $(find bindings/java/src/main/java bindings/java/src/test/java -name '*.java')

start_harkd "$out"
# Tencent's multi-elem sample sends to this user; the test logs it in to receive it.
HARK_SIG_receiver_userID=$("$harkd" usersig receiver_userID --sdkappid "$hark_sdkappid" --key "$hark_key")
export HARK_SIG_receiver_userID
status=0
# UTF-8 as on Android, where the sample's String.getBytes() encodes UTF-8 whatever the locale.
java -Xcheck:jni -Dfile.encoding=UTF-8 -Djava.library.path="$out" -cp "$out/classes" io.hark.test.V2TIMTest \
  >"$out/test.log" 2>&1 || status=$?
cat "$out/test.log"

summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out/test.log" | tail -n 1 || true)
passed=${summary%% passed*}
failed=${summary#*, }
failed=${failed%% failed}
[ -n "$summary" ] || { passed=0; failed=1; echo "FAIL: the test program did not finish"; }
if grep -q WARNING "$out/test.log"; then
  echo "FAIL: -Xcheck:jni reported warnings"
  failed=$((failed + 1))
fi
[ "$status" = 0 ] || [ "$failed" != 0 ] || failed=1
echo "javatests: $passed passed, $failed failed"
[ "$failed" = 0 ]
