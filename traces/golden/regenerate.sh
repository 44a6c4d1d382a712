#!/usr/bin/env bash
# regenerate.sh [--refresh-images] BUILD_DIR
# Re-records every golden trace (README.md) with BUILD_DIR's mkemu, verifies
# each new trace by replaying it, and only then replaces traces/golden/*/:
# a failure leaves every golden as it was. Run it in the commit that changes
# CPU semantics or timing on purpose, and say why in the commit message.
#   --refresh-images  also take the guest images from BUILD_DIR (debug info
#                     stripped, so the bytes do not depend on the checkout
#                     path); without it the stored images are reused, so only
#                     the emulator's behaviour can change the traces.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
goldens=(gnumach_hello kernel_model_suite)

refresh=0
if [ "${1:-}" = --refresh-images ]; then
  refresh=1
  shift
fi
if [ $# -ne 1 ] || [ ! -f "$1/CMakeCache.txt" ]; then
  echo "usage: $0 [--refresh-images] BUILD_DIR   (a configured build directory)" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
gnumach=$(sed -n 's/^MKEMU_GNUMACH:[A-Z]*=//p' "$build/CMakeCache.txt")
[ -n "$gnumach" ] || gnumach=$source_dir/.cache/gnumach/gnumach-1.8-486
work=$(mktemp -d /tmp/golden_regenerate.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A stale mkemu would make a golden of old behaviour: build it first.
targets=(mkemu)
[ $refresh -eq 1 ] && targets+=(gnumach_hello km_kernel km_sigma0 km_root km_logsrv
  km_ioserver km_testsuite)
echo "== building ${targets[*]} in $build"
if ! cmake --build "$build" --target "${targets[@]}" -j2 >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  echo "regenerate: the build failed (above); no golden changed" >&2
  exit 1
fi

# Work on a copy of the goldens' images; the traces are made anew.
staged=$work/golden
for name in "${goldens[@]}"; do
  mkdir -p "$staged/$name"
  cp "$here/$name"/*.elf "$staged/$name/" 2>/dev/null || true
done
if [ $refresh -eq 1 ]; then
  objcopy --strip-debug "$build/tests/system/gnumach/hello.elf" "$staged/gnumach_hello/hello.elf"
  for image in kernel sigma0 root km_logsrv km_ioserver km_testsuite; do
    objcopy --strip-debug "$build/kernel_model/$image.elf" "$staged/kernel_model_suite/$image.elf"
  done
fi

for name in "${goldens[@]}"; do
  echo "== $name: recording"
  GOLDEN_DIR=$staged "$here/golden.sh" record "$name" "$build/frontend/mkemu" "$work/$name" \
    "$gnumach"
  cp "$work/$name/run.mkt" "$staged/$name/run.mkt"
  echo "== $name: replaying the new trace with --verify"
  if ! GOLDEN_DIR=$staged "$here/golden.sh" verify "$name" "$build/frontend/mkemu" \
    "$work/verify_$name" "$gnumach"; then
    echo "regenerate: the new $name trace does not replay (mkemu is not deterministic);" \
      "no golden changed" >&2
    exit 1
  fi
done

for name in "${goldens[@]}"; do
  cp "$staged/$name"/* "$here/$name/"
done
echo "== golden traces (commit them with the change that made them differ):"
for name in "${goldens[@]}"; do
  printf '  %-40s %8d bytes\n' "traces/golden/$name/run.mkt" "$(stat -c %s "$here/$name/run.mkt")"
done
git -C "$source_dir" status --short -- traces/golden
