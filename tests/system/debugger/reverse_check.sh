#!/bin/sh
# Reverse execution against straight runs. Runs `mkemu debug DEBUG_ARGS
# --script SCRIPT` with the debug console's output going to a file, then:
# - EXPECT's lines are extended regular expressions that must match output
#   lines in order (@NAME@ = 0x%08x address of symbol NAME in ELF, as in
#   check_script.sh); a line "=hashes equal I J" asks that the I-th and J-th
#   printed state hashes (from 1) are equal;
# - every position that reverse-step, the start of the history or a snapshot
#   restore reports ("... to instruction K", "(instruction K)", "restored
#   snapshot ...: instruction K") and that is followed by a `hash` must have
#   the state hash of a straight run: `mkemu run RUN_ARGS --max-insns K
#   --stats` (reverse-continue lands on the forward stop, which may be after
#   an interrupt a straight run to K has not taken yet: compare it with the
#   forward stop's hash through "=hashes equal");
# - the debug console output (port 0xE9) must be DEBUGCON exactly (guest
#   output is produced once, however often history is re-executed);
# - the exit status must be STATUS.
# usage: reverse_check.sh STATUS ELF SCRIPT EXPECT DEBUGCON MKEMU -- DEBUG_ARGS... -- RUN_ARGS...
set -u
status=$1 elf=$2 script=$3 expect=$4 debugcon=$5 mkemu=$6
shift 7
debug_args="" run_args="" in_run=0
for a in "$@"; do
  if [ "$a" = "--" ]; then in_run=1; continue; fi
  if [ $in_run = 1 ]; then run_args="$run_args '$a'"; else debug_args="$debug_args '$a'"; fi
done
dir=$(mktemp -d /tmp/reverse_check.XXXXXX)
trap 'rm -rf "$dir"' EXIT
eval "\"$mkemu\" debug $debug_args --debugcon file:$dir/debugcon --script \"$script\"" >"$dir/out" 2>&1
actual=$?
fail() {
  echo "$1" >&2
  echo "---- output ----" >&2
  cat "$dir/out" >&2
  exit 1
}

nm "$elf" | awk '{ printf "s/@%s@/0x%s/g\n", $3, $1 }' >"$dir/syms.sed"
grep -v -e '^#' -e '^=' "$expect" | sed -f "$dir/syms.sed" >"$dir/patterns"
awk -v pats="$dir/patterns" '
  BEGIN { n = 0; while ((getline line < pats) > 0) if (line != "") p[n++] = line; i = 0 }
  i < n && $0 ~ p[i] { i++ }
  END { if (i < n) { print "missing (in order): " p[i] > "/dev/stderr"; exit 1 } }
' "$dir/out" || fail "expected output missing"

grep -o '^state hash [0-9a-f]*' "$dir/out" | awk '{ print $3 }' >"$dir/hashes"
grep '^=hashes equal ' "$expect" | while read -r _ _ i j; do
  a=$(sed -n "${i}p" "$dir/hashes") b=$(sed -n "${j}p" "$dir/hashes")
  [ -n "$a" ] && [ "$a" = "$b" ] || fail "state hash $i ($a) differs from state hash $j ($b)"
done || exit 1

# Positions reported by reverse execution and snapshot restores, paired with
# the next state hash.
awk '
  /^stopped: (reverse-step|no earlier stop)/ || /^restored snapshot/ {
    if (match($0, /instruction [0-9]+/)) k = substr($0, RSTART + 12, RLENGTH - 12)
  }
  /^state hash / { if (k != "") print k, $3; k = "" }
' "$dir/out" >"$dir/positions"
[ -s "$dir/positions" ] || fail "no reverse position followed by a state hash"
while read -r k h; do
  if [ "$k" = 0 ]; then continue; fi  # --max-insns 0 means no limit: use =hashes equal
  straight=$(eval "\"$mkemu\" run $run_args --debugcon none --max-insns $k --stats" 2>&1 |
             sed -n 's/.*state hash \([0-9a-f]*\).*/\1/p')
  echo "instruction $k: debugger $h, straight run $straight"
  [ "$h" = "$straight" ] || fail "instruction $k: state hash $h, a straight run gives $straight"
done <"$dir/positions" || exit 1

got=$(cat "$dir/debugcon" 2>/dev/null)
[ "$got" = "$debugcon" ] || fail "debug console output '$got', expected '$debugcon'"
[ "$actual" = "$status" ] || fail "exit status $actual, expected $status"
exit 0
