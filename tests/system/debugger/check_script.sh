#!/bin/sh
# Runs `mkemu debug --script` and checks its output against an expect file:
# every non-comment line of EXPECT is an extended regular expression that
# must match an output line, in order (other output lines may come between).
# Symbol NAME of ELF in a pattern: @NAME@ is 0x%08x, %NAME% is %08x, &NAME& is
# 0x%x, so expectations follow the test image's own layout.
# usage: check_script.sh STATUS ELF SCRIPT EXPECT -- MKEMU ARGS...
set -u
status=$1 elf=$2 script=$3 expect=$4
shift 5
out=$(mktemp) pats=$(mktemp)
trap 'rm -f "$out" "$pats"' EXIT
"$@" --script "$script" >"$out" 2>&1
actual=$?
# Substitute symbol addresses (nm prints 8 hex digits).
nm "$elf" | awk '{ a = $1; s = a; sub(/^0+/, "", s); if (s == "") s = "0";
  printf "s/@%s@/0x%s/g\ns/%%%s%%/%s/g\ns/&%s&/0x%s/g\n", $3, a, $3, a, $3, s }' >"$pats.sed"
grep -v '^#' "$expect" | sed -f "$pats.sed" >"$pats"
rm -f "$pats.sed"
if ! awk -v pats="$pats" '
  BEGIN { n = 0; while ((getline line < pats) > 0) if (line != "") p[n++] = line; i = 0 }
  i < n && $0 ~ p[i] { i++ }
  END { if (i < n) { print "missing (in order): " p[i] > "/dev/stderr"; exit 1 } }
' "$out"; then
  echo "---- output ----" >&2
  cat "$out" >&2
  exit 1
fi
if [ "$actual" != "$status" ]; then
  echo "exit status $actual, expected $status" >&2
  cat "$out" >&2
  exit 1
fi
exit 0
