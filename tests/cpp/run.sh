#!/usr/bin/env bash
# Builds each C++ wrapper test (C++17, -Wall -Wextra -Werror -pedantic) and runs it under
# valgrind (zero errors, zero definite or indirect leaks) against its own harkd on 127.0.0.1
# with a fresh temporary directory. Expects `cargo build --workspace` to have run.
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

cxxflags=(-std=c++17 -g -Wall -Wextra -Werror -pedantic -I"$root/include/v2tim" -I"$root/tests/cpp" -pthread)
ldflags=(-L"$target" -lhark -Wl,-rpath,"$target" -pthread)

# Every header compiles on its own and twice in one unit.
for h in "$root"/include/v2tim/*.h; do
  printf '#include "%s"\n#include "%s"\n' "$h" "$h" > "$out/one.cpp"
  g++ "${cxxflags[@]}" -fsyntax-only "$out/one.cpp"
done

valgrind=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
  --errors-for-leak-kinds=definite,indirect --track-origins=yes)
[ "${HARK_NO_VALGRIND:-}" = 1 ] && valgrind=()

passed=0 failed=0
for src in tests/cpp/test_*.cpp; do
  name=$(basename "$src" .cpp)
  [ -n "${1:-}" ] && [ "$name" != "$1" ] && continue
  bin=$out/$name
  g++ "${cxxflags[@]}" "$src" -o "$bin" "${ldflags[@]}"
  dir=$(mktemp -d -p "$out")
  start_harkd "$dir"
  # The receiver Tencent's multi-elem sample sends to (test_seed_multi_elem).
  HARK_SIG_receiver_userID=$("$harkd" usersig receiver_userID --sdkappid "$hark_sdkappid" --key "$hark_key")
  export HARK_SIG_receiver_userID
  if (cd "$dir" && "${valgrind[@]}" "$bin") >"$dir/out.log" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name: $(tail -n 1 "$dir/out.log")"
  else
    failed=$((failed + 1)); echo "FAIL $name"; cat "$dir/out.log"
  fi
  stop_harkd
done
echo "cpptests: $passed passed, $failed failed"
[ "$failed" = 0 ]
