#!/usr/bin/env bash
# Builds the Objective-C binding (V2TIM's iOS names over hark.h) and its test with clang on
# the GCC runtime and GNUstep, as /work/shared/notes/objc-on-linux.md describes, then runs
# the test against a fresh harkd, under valgrind unless HARK_NO_VALGRIND=1.
# Installs nothing; CI provides:
#   apt-get install -y --no-install-recommends clang libgnustep-base-dev libblocksruntime-dev
# (valgrind too, unless HARK_NO_VALGRIND=1). Expects `cargo build --workspace` to have run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}/debug
harkd=$target/harkd
[ -x "$harkd" ] && [ -f "$target/libhark.so" ] || { echo "build first: cargo build --workspace" >&2; exit 2; }

out=$(mktemp -d)
trap 'stop_harkd 2>/dev/null; rm -rf "$out"' EXIT

objc_inc=$(gcc -print-file-name=include)
# -idirafter: clang does not search GCC's include directory, where Debian keeps <objc/*.h>.
# The shim supplies <objc/blocks_runtime.h>, which gnustep-base includes under -fblocks.
objcflags=(-fobjc-runtime=gcc -fblocks $(gnustep-config --objc-flags) -I"$here/shim" -idirafter "$objc_inc"
  -I"$here/include" -I"$root/include" -Wall -Wextra -Werror
  -gdwarf-4) # Debian 12's valgrind cannot read clang's default DWARF 5

objs=()
for src in "$here"/shim/blocks_shim.m "$here"/src/*.m "$here"/tests/*.m; do
  obj=$out/$(basename "$src" .m).o
  clang "${objcflags[@]}" -c "$src" -o "$obj"
  objs+=("$obj")
done
bin=$out/test_v2tim
# The shim links first and defines the blocks entry points, so they win over gnustep-base's.
clang -o "$bin" "${objs[@]}" -L"$target" -lhark -Wl,-rpath,"$target" -lBlocksRuntime -ldl \
  $(gnustep-config --base-libs)

# shellcheck source=../../tests/harkd.sh
. "$root/tests/harkd.sh"
start_harkd "$out"
# Tencent's multi-elem sample sends to this user; the test logs it in to receive it.
HARK_SIG_userID=$("$harkd" usersig userID --sdkappid "$hark_sdkappid" --key "$hark_key")
export HARK_SIG_userID

# A hang (e.g. unInitSDK waiting forever) fails the run instead of stalling CI.
run=(timeout 600 "$bin")
if [ "${HARK_NO_VALGRIND:-}" != 1 ]; then
  run=(timeout 600 valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite
    --errors-for-leak-kinds=definite --num-callers=40 --suppressions="$here/tests/valgrind.supp" "$bin")
fi
status=0
"${run[@]}" >"$out/test.log" 2>&1 || status=$?
stop_harkd
cat "$out/test.log"
counts=$(tail -n 1 "$out/test.log" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
read -r passed failed <<<"${counts:-0 1}"
[ "$status" = 0 ] || { [ "$failed" != 0 ] || failed=1; echo "test program exited with $status" >&2; }
echo "objctests: $passed passed, $failed failed"
[ "$failed" = 0 ]
