#!/usr/bin/env bash
# Every test: formatting, lints, the Rust unit and integration tests (each against a real
# harkd on 127.0.0.1), the import rule (no circle between modules), the C, C++ and
# Objective-C tests under valgrind, the C tests again under ASan+UBSan and under
# ThreadSanitizer (with an instrumented libhark), and the Java binding's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo build --workspace --locked
cargo test --workspace --locked
python3 ci/import_graph.py server/src
python3 ci/import_graph.py src
bash tests/c/run.sh
bash tests/c/sanitize.sh
bash tests/cpp/run.sh
bash bindings/java/test.sh
bash bindings/objc/test.sh
