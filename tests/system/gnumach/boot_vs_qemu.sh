#!/bin/bash
# GNU Mach 1.8's boot log on mkemu and on QEMU, line for line (issue 5).
# Usage: boot_vs_qemu.sh MKEMU QEMU KERNEL WORKDIR DIFFERENCES
# Both run until the bootstrap panic. Lines listed in DIFFERENCES (SeaBIOS
# and timing) are set aside with their reason; every other line must match.
# Exit 77 (skipped) when the kernel or QEMU is missing.
set -u
mkemu=$1 qemu=$2 kernel=$3 work=$4 rules=$5
source "$(dirname "$0")/../qemu_pc.sh" || exit 1
stop_text="No bootstrap code loaded with the kernel!"

if [ ! -f "$kernel" ]; then
  echo "SKIP: GNU Mach kernel not found at $kernel (run setup.sh or set MKEMU_GNUMACH)"
  exit 77
fi
require_qemu "$qemu"
mkdir -p "$work"
rm -f "$work"/mkemu.out "$work"/qemu.out

"$mkemu" run --kernel "$kernel" --append "console=com0" --serial "file:$work/mkemu.out" \
  --stop-on "$stop_text" --max-insns 2000000000 --stats
status=$?
if [ $status -ne 0 ]; then
  echo "FAIL: mkemu exited $status before the bootstrap panic"
  exit 1
fi

# QEMU busy-waits for a long time after the panic: poll for the panic line,
# then end it.
qemu_pc "$qemu" "$work/qemu.out"
"${QEMU_PC[@]}" -kernel "$kernel" -append "console=com0" &
qemu_pid=$!
for _ in $(seq 1 600); do
  grep -qF "$stop_text" "$work/qemu.out" 2>/dev/null && break
  kill -0 $qemu_pid 2>/dev/null || break
  sleep 0.2
done
kill $qemu_pid 2>/dev/null
wait $qemu_pid 2>/dev/null
if ! grep -qF "$stop_text" "$work/qemu.out"; then
  echo "FAIL: QEMU never printed the bootstrap panic"
  exit 1
fi

# Both logs end at the panic text. Carriage returns are dropped: Mach's
# comcnputc writes '\r' and '\n' back to back without waiting for THRE, so
# on a 16550 with its FIFOs off (and on mkemu) the '\n' overwrites the '\r'
# in the holding register while the shift register is still busy, whereas
# QEMU's UART sends every byte at once.
normalise() {
  tr -d '\r' < "$1" | awk -v stop="$stop_text" '
    { i = index($0, stop); if (i) { print substr($0, 1, i + length(stop) - 1); exit } print }'
}
normalise "$work/mkemu.out" > "$work/mkemu.lines"
normalise "$work/qemu.out" > "$work/qemu.lines"

compare_documented "$rules" "$work/qemu.lines" "$work/mkemu.lines" || exit 1
compared=$(wc -l < "$work/mkemu.compared")
if ! tail -n 1 "$work/mkemu.compared" | grep -qF "bootstrap_create: $stop_text"; then
  echo "FAIL: the compared logs do not end with the bootstrap panic"
  exit 1
fi
echo "PASS: $compared lines identical on QEMU and mkemu"
