#!/bin/bash
# The device-probe image on mkemu and on QEMU (issue 5): every register line
# must match, except the lines in DIFFERENCES, each listed with its reason.
# Usage: probe_vs_qemu.sh MKEMU QEMU IMAGE WORKDIR DIFFERENCES
# Exit 77 (skipped) without QEMU.
set -u
mkemu=$1 qemu=$2 image=$3 work=$4 rules=$5
source "$(dirname "$0")/../qemu_pc.sh" || exit 1
require_qemu "$qemu"
mkdir -p "$work"
rm -f "$work"/mkemu.out "$work"/qemu.out

# The probe leaves through port 0xF4 with value 0: status (0 << 1) | 1 = 1.
"$mkemu" run --kernel "$image" --serial "file:$work/mkemu.out" --max-insns 200000000 --stats
status=$?
if [ $status -ne 1 ]; then
  echo "FAIL: mkemu exited $status, expected 1 (isa-debug-exit with 0)"
  exit 1
fi
qemu_pc "$qemu" "$work/qemu.out"
timeout 120 "${QEMU_PC[@]}" -device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$image"
status=$?
if [ $status -ne 1 ]; then
  echo "FAIL: QEMU exited $status, expected 1 (isa-debug-exit with 0)"
  exit 1
fi

tr -d '\r' < "$work/qemu.out" > "$work/qemu.lines"
tr -d '\r' < "$work/mkemu.out" > "$work/mkemu.lines"
compare_documented "$rules" "$work/qemu.lines" "$work/mkemu.lines" || exit 1
if ! tail -n 1 "$work/mkemu.compared" | grep -qx "devprobe: end"; then
  echo "FAIL: the probe did not run to its end"
  exit 1
fi
echo "PASS: $(wc -l < "$work/mkemu.compared") lines identical on QEMU and mkemu"
