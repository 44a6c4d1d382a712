#!/usr/bin/env bash
# The project's entry point on a fresh Debian machine.
#   ./build.sh demo   build, then boot the bundled default image and show its output
#   ./build.sh test   build, then pass the whole test suite (what .ci/run calls)
#   ./build.sh bench  build, then run the benchmarks (never part of CI)
set -euo pipefail
cd "$(dirname "$0")"

jobs=$(nproc)
step() { printf '\n== %s\n' "$*"; }

build_preset() {
  step "configure + build: $1"
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" -j "$jobs"
}

case "${1:-}" in
  demo)
    ./setup.sh
    build_preset default
    step "boot the bundled demo"
    exec build/default/frontend/mkemu demo
    ;;
  test)
    ./setup.sh
    build_preset default
    step "test suite (default preset)"
    ctest --preset default
    build_preset asan
    step "unit + conformance tests under ASan/UBSan"
    ctest --preset asan
    build_preset fuzz
    step "fuzz corpus replay"
    ctest --preset fuzz
    step "all test stages passed"
    ;;
  bench)
    ./setup.sh
    build_preset default
    exec bench/run_all.sh build/default
    ;;
  *)
    echo "usage: $0 demo|test|bench" >&2
    exit 2
    ;;
esac
