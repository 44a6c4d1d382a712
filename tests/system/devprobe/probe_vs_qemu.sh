#!/bin/bash
# The device-probe image on mkemu and on QEMU (issue 5): every register line
# must match, except the lines in DIFFERENCES, each listed with its reason.
# Usage: probe_vs_qemu.sh MKEMU QEMU IMAGE WORKDIR DIFFERENCES
# Exit 77 (skipped) without QEMU.
set -u
mkemu=$1 qemu=$2 image=$3 work=$4 rules=$5
if [ ! -x "$qemu" ]; then
  echo "SKIP: qemu-system-i386 not found"
  exit 77
fi
mkdir -p "$work"
rm -f "$work"/mkemu.out "$work"/qemu.out

# The probe leaves through port 0xF4 with value 0: status (0 << 1) | 1 = 1.
"$mkemu" run --kernel "$image" --serial "file:$work/mkemu.out" --max-insns 200000000 --stats
status=$?
if [ $status -ne 1 ]; then
  echo "FAIL: mkemu exited $status, expected 1 (isa-debug-exit with 0)"
  exit 1
fi
# mkemu's p6 is a family-6 CPU without MMX or SSE: QEMU's pentium2 less the
# features mkemu's p6 lacks. Same RAM and RTC base as mkemu's defaults.
timeout 120 "$qemu" -nodefaults -M pc -cpu pentium2,-mmx,-mca,-mce,-pse36 -m 64 -no-reboot \
  -display none -rtc base=2026-01-01T00:00:00 -serial "file:$work/qemu.out" \
  -device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$image"
status=$?
if [ $status -ne 1 ]; then
  echo "FAIL: QEMU exited $status, expected 1 (isa-debug-exit with 0)"
  exit 1
fi

set_aside() {
  local side=$1 in=$2 out=$3
  : > "$out"
  while IFS= read -r line; do
    local reason=""
    while IFS=$'\t' read -r rule_side regex why; do
      case "$rule_side" in "#"* | "") continue ;; esac
      [ "$rule_side" = "$side" ] || [ "$rule_side" = both ] || continue
      if printf '%s\n' "$line" | grep -qE -- "$regex"; then
        reason=$why
        break
      fi
    done < "$rules"
    if [ -n "$reason" ]; then
      printf 'documented %s-only line: %s\n    reason: %s\n' "$side" "$line" "$reason"
    else
      printf '%s\n' "$line" >> "$out"
    fi
  done < "$in"
}
tr -d '\r' < "$work/qemu.out" > "$work/qemu.lines"
tr -d '\r' < "$work/mkemu.out" > "$work/mkemu.lines"
set_aside qemu "$work/qemu.lines" "$work/qemu.compared"
set_aside mkemu "$work/mkemu.lines" "$work/mkemu.compared"
if ! diff -u "$work/qemu.compared" "$work/mkemu.compared"; then
  echo "FAIL: undocumented differences between QEMU (-) and mkemu (+) above"
  exit 1
fi
if ! tail -n 1 "$work/mkemu.compared" | grep -qx "devprobe: end"; then
  echo "FAIL: the probe did not run to its end"
  exit 1
fi
echo "PASS: $(wc -l < "$work/mkemu.compared") lines identical on QEMU and mkemu"
