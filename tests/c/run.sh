#!/usr/bin/env bash
# Builds each C test as C11 and as C++17 with -Wall -Wextra -Werror, then runs it under
# valgrind (zero errors, zero leaks) against its own harkd on 127.0.0.1 with a fresh
# temporary directory. Expects `cargo build --workspace` to have run.
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

cflags=(-Wall -Wextra -Werror -I"$root/include" -pthread)
ldflags=(-L"$target" -lhark -Wl,-rpath,"$target" -pthread)

# The header must compile twice in one unit, as C and as C++.
printf '#include "hark.h"\n#include "hark.h"\nint main(void) { return hark_version() == 0; }\n' > "$out/twice.c"
gcc -std=c11 -pedantic "${cflags[@]}" "$out/twice.c" -o "$out/twice_c" "${ldflags[@]}"
g++ -std=c++17 -x c++ -pedantic "${cflags[@]}" "$out/twice.c" -o "$out/twice_cpp" "${ldflags[@]}"

valgrind=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
  --errors-for-leak-kinds=definite,indirect --track-origins=yes)
[ "${HARK_NO_VALGRIND:-}" = 1 ] && valgrind=()

passed=0 failed=0
for src in tests/c/test_*.c; do
  name=$(basename "$src" .c)
  for lang in c cpp; do
    bin=$out/${name}_$lang
    if [ $lang = c ]; then
      gcc -std=c11 -D_POSIX_C_SOURCE=200809L -g "${cflags[@]}" "$src" -o "$bin" "${ldflags[@]}"
    else
      g++ -std=c++17 -x c++ -g "${cflags[@]}" "$src" -o "$bin" "${ldflags[@]}"
    fi
    dir=$(mktemp -d -p "$out")
    start_harkd "$dir"
    if "${valgrind[@]}" "$bin" >"$dir/out.log" 2>&1; then
      passed=$((passed + 1)); echo "ok   $name ($lang): $(tail -n 1 "$dir/out.log")"
    else
      failed=$((failed + 1)); echo "FAIL $name ($lang)"; cat "$dir/out.log"
    fi
    stop_harkd
  done
done
echo "ctests: $passed passed, $failed failed"
[ "$failed" = 0 ]
