#!/bin/sh
# Runs `mkemu debug --script` and checks its output against an expect file:
# every non-comment line of EXPECT is an extended regular expression that
# must match an output line, in order (other output lines may come between).
# Symbol NAME of ELF in a pattern: @NAME@ is 0x%08x, %NAME% is %08x, &NAME& is
# 0x%x, so expectations follow the test image's own layout. A line
# "=same state hash" also asks for every printed state hash to be equal.
# usage: check_script.sh STATUS ELF SCRIPT EXPECT -- MKEMU ARGS...
set -u
[ -r "$4" ] || { echo "cannot read the expect file $4" >&2; exit 1; }
status=$1 elf=$2 script=$3 expect=$4
shift 5
out=$(mktemp) pats=$(mktemp)
trap 'rm -f "$out" "$pats"' EXIT
"$@" --script "$script" >"$out" 2>&1
actual=$?
# Substitute symbol addresses (nm prints 8 hex digits).
nm "$elf" | awk '{ a = $1; s = a; sub(/^0+/, "", s); if (s == "") s = "0";
  printf "s/@%s@/0x%s/g\ns/%%%s%%/%s/g\ns/&%s&/0x%s/g\n", $3, a, $3, a, $3, s }' >"$pats.sed"
grep -v -e '^#' -e '^=same state hash$' "$expect" | sed -f "$pats.sed" >"$pats"
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
# An expect line "=same state hash" asks that the run printed the state hash
# at least twice and always the same (inspection in between changed nothing).
if grep -q '^=same state hash$' "$expect"; then
  hashes=$(grep -E '^state hash [0-9a-f]+$' "$out" | sort | uniq -c)
  if [ "$(echo "$hashes" | grep -c .)" != 1 ] || [ "$(echo "$hashes" | awk '{ print $1 }')" -lt 2 ]; then
    echo "state hash not printed twice, or it changed:" >&2
    echo "$hashes" >&2
    exit 1
  fi
fi
if [ "$actual" != "$status" ]; then
  echo "exit status $actual, expected $status" >&2
  cat "$out" >&2
  exit 1
fi
exit 0
