#!/usr/bin/env bash
# What the debugger costs (issue 6: "observers cost nothing when unarmed").
# Runs each workload ROM for the same number of guest instructions four ways
# and reports guest MIPS by CPU time (user+sys, the fastest of RUNS runs: on a
# shared machine the least disturbed run is the best estimate of the cost;
# the variants take turns so that load changes hit all of them alike):
#   run    `mkemu run --max-insns N`: the plain run loop, no debugger
#   debug  `mkemu debug --script`: `continue` with nothing set
#   break  the same with one execution breakpoint that never hits
#   watch  the same with one physical read/write watchpoint that never hits
# and the ratios to `run`. Every variant must execute exactly the same number
# of instructions (checked: the script's `counters` against `run --stats`).
# With --host-insns it instead counts host instructions under callgrind, which
# no load on the machine disturbs: the marginal host instructions per guest
# instruction, (Ir at 3M - Ir at 1M guest instructions) / 2M, so one-time
# start-up work (a debug session's first snapshot) cancels out.
#   bench/debugger_cost.sh [--host-insns] BUILD_DIR [RUNS] [INSNS]
set -euo pipefail
host_insns=false
if [ "${1:-}" = --host-insns ]; then
  host_insns=true
  shift
fi
build=${1:?usage: debugger_cost.sh [--host-insns] BUILD_DIR [RUNS] [INSNS]}
runs=${2:-3}
limit=${3:-100000000}
mkemu=$build/frontend/mkemu
roms=$build/bench/roms
work=$(mktemp -d /tmp/mkemu_debugger_cost.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The scripts: an address no workload executes or touches.
never=0xdead0000
printf 'continue\ncounters\n' >"$work/debug.txt"
printf 'break %s\ncontinue\ncounters\n' "$never" >"$work/break.txt"
printf 'watch -p %s 4 rw\ncontinue\ncounters\n' "$never" >"$work/watch.txt"

# Runs one variant once for LIMIT guest instructions (under WRAPPER, if
# given); prints "CPU_SECONDS INSTRUCTIONS".
measure() {
  local variant=$1 rom=$2 max=${3:-$limit}
  shift 3 || shift $#
  local cmd=("$@" "$mkemu" run --rom "$rom" --serial none --max-insns "$max" --stats)
  [ "$variant" = run ] || cmd=("$@" "$mkemu" debug --rom "$rom" --serial none --max-insns "$max"
                             --script "$work/$variant.txt")
  local status=0
  { TIMEFORMAT='%U %S'; time "${cmd[@]}" >"$work/out" 2>"$work/err"; } 2>"$work/time" || status=$?
  # run: 6 at the limit, 1 if the guest exits first; debug: 0 or the guest's exit status.
  case "$status" in 0 | 1 | 6) ;; *)
    echo "$variant failed (status $status): ${cmd[*]}" >&2
    tail -5 "$work/err" "$work/out" >&2
    return 1
    ;;
  esac
  local insns
  insns=$(sed -n -e 's/.*stats: instructions \([0-9]*\).*/\1/p' \
                 -e 's/.* instructions=\([0-9]*\).*/\1/p' "$work/err" "$work/out" | head -1)
  [ -n "$insns" ] || { echo "$variant: no instruction count in the output" >&2; return 1; }
  awk -v i="$insns" '{ printf "%.3f %s\n", $1 + $2, i }' "$work/time"
}

fastest() { sort -n | head -1; }

# Host instructions (callgrind's Ir) of one run of VARIANT for MAX guest
# instructions; prints "IR GUEST_INSTRUCTIONS".
host_ir() {
  local variant=$1 rom=$2 max=$3 guest
  guest=$(measure "$variant" "$rom" "$max" valgrind --tool=callgrind \
            --callgrind-out-file="$work/callgrind.out" | awk '{ print $2 }')
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/err" | awk -v g="$guest" '{ print $1, g }'
}

if $host_insns; then
  printf '%-10s %15s %15s %15s %15s\n' workload run_host/insn debug_host/insn break_host/insn \
    watch_host/insn
  for rom in "$roms"/*.rom; do
    line=$(printf '%-10s' "$(basename "$rom" .rom)")
    for v in run debug break watch; do
      read -r ir1 g1 < <(host_ir "$v" "$rom" 1000000)
      read -r ir3 g3 < <(host_ir "$v" "$rom" 3000000)
      line+=$(awk -v a="$ir1" -v b="$ir3" -v g="$g1" -v h="$g3" \
                'BEGIN { printf " %15.1f", (b - a) / (h - g) }')
    done
    echo "$line"
  done
  exit 0
fi

printf '%-10s %11s %9s %9s %9s %9s %8s %8s %8s\n' workload insns run_MIPS debug_MIPS \
  break_MIPS watch_MIPS debug/run break/run watch/run
for rom in "$roms"/*.rom; do
  name=$(basename "$rom" .rom)
  declare -A secs=() count=()
  variants=(run debug break watch)
  for v in "${variants[@]}"; do : >"$work/$v.samples"; done
  for _ in $(seq "$runs"); do
    for v in "${variants[@]}"; do measure "$v" "$rom" >>"$work/$v.samples"; done
  done
  for v in "${variants[@]}"; do
    secs[$v]=$(awk '{ print $1 }' "$work/$v.samples" | fastest)
    count[$v]=$(awk '{ print $2 }' "$work/$v.samples" | sort -u)
  done
  for variant in debug break watch; do
    if [ "${count[$variant]}" != "${count[run]}" ]; then
      echo "$name: $variant executed ${count[$variant]} instructions, run ${count[run]}" >&2
      exit 1
    fi
  done
  awk -v n="$name" -v i="${count[run]}" -v r="${secs[run]}" -v d="${secs[debug]}" \
      -v b="${secs[break]}" -v w="${secs[watch]}" 'BEGIN {
    rm = i / r / 1e6; dm = i / d / 1e6; bm = i / b / 1e6; wm = i / w / 1e6
    printf "%-10s %11d %9.1f %10.1f %10.1f %10.1f %9.3f %9.3f %9.3f\n", n, i, rm, dm, bm, wm,
           dm / rm, bm / rm, wm / rm }'
done
