#!/bin/bash
# GNU Mach 1.8's boot log on mkemu and on QEMU, line for line (issue 5).
# Usage: boot_vs_qemu.sh MKEMU QEMU KERNEL WORKDIR DIFFERENCES
# Both run until the bootstrap panic. Lines listed in DIFFERENCES (SeaBIOS
# and timing) are set aside with their reason; every other line must match.
# Exit 77 (skipped) when the kernel or QEMU is missing.
set -u
mkemu=$1 qemu=$2 kernel=$3 work=$4 rules=$5
stop_text="No bootstrap code loaded with the kernel!"

if [ ! -f "$kernel" ]; then
  echo "SKIP: GNU Mach kernel not found at $kernel (run setup.sh or set MKEMU_GNUMACH)"
  exit 77
fi
if [ ! -x "$qemu" ]; then
  echo "SKIP: qemu-system-i386 not found"
  exit 77
fi
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
# then end it. p6 in mkemu is a family-6 CPU without MMX or SSE: QEMU's
# pentium2 less the features mkemu's p6 lacks.
"$qemu" -nodefaults -M pc -cpu pentium2,-mmx,-mca,-mce,-pse36 -m 64 -no-reboot \
  -display none -rtc base=2026-01-01T00:00:00 -serial "file:$work/qemu.out" \
  -kernel "$kernel" -append "console=com0" &
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

# Set aside documented lines, naming each with its reason.
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
set_aside qemu "$work/qemu.lines" "$work/qemu.compared"
set_aside mkemu "$work/mkemu.lines" "$work/mkemu.compared"

compared=$(wc -l < "$work/mkemu.compared")
if ! diff -u "$work/qemu.compared" "$work/mkemu.compared"; then
  echo "FAIL: undocumented differences between QEMU (-) and mkemu (+) above"
  exit 1
fi
if ! tail -n 1 "$work/mkemu.compared" | grep -qF "bootstrap_create: $stop_text"; then
  echo "FAIL: the compared logs do not end with the bootstrap panic"
  exit 1
fi
echo "PASS: $compared lines identical on QEMU and mkemu"
