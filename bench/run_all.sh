#!/usr/bin/env bash
# Whole-system throughput: runs each workload ROM on mkemu, QEMU (TCG) and
# Bochs, times them by CPU time (user+sys, median of RUNS runs: wall time is
# noisy on a shared machine), and reports guest MIPS and ratios. The guest
# instruction count is mkemu's (the ROMs are deterministic and take no
# interrupts, so all three execute the same instructions).
#   bench/run_all.sh BUILD_DIR [RUNS]
set -euo pipefail
build=${1:?usage: run_all.sh BUILD_DIR [RUNS]}
runs=${2:-3}
mkemu=$build/frontend/mkemu
roms=$build/bench/roms
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints the CPU seconds (user+sys) of one run of the command; fails unless
# the guest exited through the debug-exit path (status 1) or Bochs' shutdown port.
cpu_seconds() {
  local out=$work/time
  local status=0
  { TIMEFORMAT='%U %S'; time "$@" >"$work/stdout" 2>"$work/stderr"; } 2>"$out" || status=$?
  if [ "$status" -ne 1 ] && ! grep -q "Shutdown port" "$work/stdout" "$work/stderr"; then
    echo "run failed (status $status): $*" >&2
    tail -5 "$work/stderr" >&2
    return 1
  fi
  awk '{ printf "%.3f\n", $1 + $2 }' "$out"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

bochs_rc() {
  cat >"$work/bochsrc" <<RC
megs: 64
romimage: file=$1, address=0xffff0000
vgaromimage: file=/usr/share/vgabios/vgabios.bin
display_library: rfb, options="timeout=0"
clock: sync=none, time0=1767225600
speaker: enabled=0
sound: driver=dummy
log: /dev/null
RC
  echo c >"$work/bochs-commands"
}

printf '%-10s %12s %10s %10s %10s %12s %12s\n' workload insns mkemu_MIPS qemu_MIPS bochs_MIPS mkemu/qemu mkemu/bochs
for rom in "$roms"/*.rom; do
  name=$(basename "$rom" .rom)
  # The guest exits with status 1 by design; only the stats line matters here.
  insns=$({ "$mkemu" run --rom "$rom" --serial none --stats 2>&1 >/dev/null || true; } |
          sed -n 's/.*stats: instructions \([0-9]*\).*/\1/p')
  [ -n "$insns" ] || { echo "$name: mkemu did not report an instruction count" >&2; exit 1; }
  declare -A secs=()
  secs[mkemu]=$(for _ in $(seq "$runs"); do cpu_seconds "$mkemu" run --rom "$rom" --serial none; done | median)
  secs[qemu]=$(for _ in $(seq "$runs"); do
    cpu_seconds qemu-system-i386 -no-reboot -bios "$rom" -display none -serial none -monitor none \
      -device isa-debug-exit,iobase=0xf4,iosize=4 -m 64
  done | median)
  bochs_rc "$rom"
  secs[bochs]=$(for _ in $(seq "$runs"); do
    cpu_seconds bochs -q -f "$work/bochsrc" -rc "$work/bochs-commands"
  done | median)
  awk -v n="$name" -v i="$insns" -v m="${secs[mkemu]}" -v q="${secs[qemu]}" -v b="${secs[bochs]}" 'BEGIN {
    mm = i / m / 1e6; qm = i / q / 1e6; bm = i / b / 1e6
    printf "%-10s %12d %10.1f %10.1f %10.1f %12.3f %12.3f\n", n, i, mm, qm, bm, mm / qm, mm / bm }'
done
