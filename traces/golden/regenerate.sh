#!/usr/bin/env bash
# regenerate.sh [--refresh-images] BUILD_DIR
# Re-records every golden trace (README.md) with BUILD_DIR's mkemu, verifies
# each new trace by replaying it, and replaces traces/golden/*/run.mkt.
# Run it in the commit that changes CPU semantics or timing on purpose, and
# say why in the commit message.
#   --refresh-images  also copy the guest images from BUILD_DIR (debug info
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

# A stale mkemu would make a golden of old behaviour: build it first.
targets=(mkemu)
[ $refresh -eq 1 ] && targets+=(gnumach_hello km_kernel km_sigma0 km_root km_logsrv
  km_ioserver km_testsuite)
echo "== building ${targets[*]} in $build"
cmake --build "$build" --target "${targets[@]}" -j2 >/dev/null

# install_image SOURCE GOLDEN_DIR NAME: the built ELF without debug sections.
install_image() {
  mkdir -p "$2"
  objcopy --strip-debug "$1" "$2/$3.partial"
  mv "$2/$3.partial" "$2/$3"
}
if [ $refresh -eq 1 ]; then
  install_image "$build/tests/system/gnumach/hello.elf" "$here/gnumach_hello" hello.elf
  for image in kernel sigma0 root km_logsrv km_ioserver km_testsuite; do
    install_image "$build/kernel_model/$image.elf" "$here/kernel_model_suite" "$image.elf"
  done
fi

work=$(mktemp -d /tmp/golden_regenerate.XXXXXX)
trap 'rm -rf "$work"' EXIT
for name in "${goldens[@]}"; do
  echo "== $name: recording"
  "$here/golden.sh" record "$name" "$build/frontend/mkemu" "$work/$name" "$gnumach"
  echo "== $name: replaying the new trace with --verify"
  cp "$work/$name/run.mkt" "$work/$name.mkt"
  if [ -f "$here/$name/run.mkt" ]; then mv "$here/$name/run.mkt" "$work/$name.old.mkt"; fi
  cp "$work/$name.mkt" "$here/$name/run.mkt"
  if ! "$here/golden.sh" verify "$name" "$build/frontend/mkemu" "$work/verify_$name" "$gnumach"; then
    # Never leave a trace behind that does not replay.
    if [ -f "$work/$name.old.mkt" ]; then
      mv "$work/$name.old.mkt" "$here/$name/run.mkt"
    else
      rm -f "$here/$name/run.mkt"
    fi
    echo "regenerate: the new $name trace does not replay: mkemu is not deterministic" >&2
    exit 1
  fi
done

echo "== golden traces (commit them with the change that made them differ):"
for name in "${goldens[@]}"; do
  printf '  %-40s %8d bytes\n' "traces/golden/$name/run.mkt" "$(stat -c %s "$here/$name/run.mkt")"
done
git -C "$source_dir" status --short -- traces/golden
