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
    step "boot the kernel_model demo on mkemu"
    images=build/default/kernel_model
    status=0
    build/default/frontend/mkemu run --kernel "$images/kernel.elf" \
      --module "$images/sigma0.elf" --module "$images/root.elf" \
      --module "$images/km_logsrv.elf" --module "$images/km_ioserver.elf" \
      --module "$images/km_demo.elf" --serial stdio --stats || status=$?
    # The demo ends by writing 0x21 ("all passed") to the isa-debug-exit port.
    if [ "$status" -ne 67 ]; then
      echo "demo: mkemu exited with status $status, expected 67 (guest wrote 0x21: all passed)" >&2
      exit 1
    fi
    step "demo finished: the guest wrote 0x21 (all passed) to port 0xF4, mkemu exit status 67"
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
    for b in build/default/bench/*_bench; do
      step "$(basename "$b")"
      "$b"
    done
    step "whole-system throughput: mkemu vs QEMU vs Bochs"
    bench/run_all.sh build/default
    ;;
  *)
    echo "usage: $0 demo|test|bench" >&2
    exit 2
    ;;
esac
