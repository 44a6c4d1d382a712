#!/bin/sh
# Runs Debian's gdb in batch mode against `mkemu ... --gdb 0` and checks the
# combined gdb and mkemu output against an expect file (patterns in order,
# @NAME@ = address of symbol NAME in ELF, "=same state hash", as in check_script.sh).
# usage: gdb_batch.sh STATUS ELF GDB_SCRIPT EXPECT -- MKEMU ARGS...
set -u
[ -r "$4" ] || { echo "cannot read the expect file $4" >&2; exit 1; }
status=$1 elf=$2 script=$3 expect=$4
shift 5
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$@" --gdb 0 >"$dir/mkemu.out" 2>"$dir/mkemu.err" &
pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's/.*gdb: listening on [^:]*:\([0-9]*\).*/\1/p' "$dir/mkemu.err")
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "mkemu did not start listening" >&2
  cat "$dir/mkemu.err" >&2
  kill "$pid" 2>/dev/null
  exit 1
fi
sed "s/@PORT@/$port/g" "$script" >"$dir/commands.gdb"
timeout 60 gdb -batch -nx -x "$dir/commands.gdb" "$elf" >"$dir/gdb.out" 2>&1
wait "$pid"
actual=$?
cat "$dir/gdb.out" "$dir/mkemu.out" "$dir/mkemu.err" >"$dir/all.out"
nm "$elf" | awk '{ a = $1; s = a; sub(/^0+/, "", s); if (s == "") s = "0";
  printf "s/@%s@/0x%s/g\ns/%%%s%%/%s/g\ns/&%s&/0x%s/g\n", $3, a, $3, a, $3, s }' >"$dir/syms.sed"
grep -v -e '^#' -e '^=same state hash$' "$expect" | sed -f "$dir/syms.sed" >"$dir/patterns"
if ! awk -v pats="$dir/patterns" '
  BEGIN { n = 0; while ((getline line < pats) > 0) if (line != "") p[n++] = line; i = 0 }
  i < n && $0 ~ p[i] { i++ }
  END { if (i < n) { print "missing (in order): " p[i] > "/dev/stderr"; exit 1 } }
' "$dir/all.out"; then
  cat "$dir/all.out" >&2
  exit 1
fi
# An expect line "=same state hash" asks that the run printed the state hash
# at least twice and always the same (inspection in between changed nothing).
if grep -q '^=same state hash$' "$expect"; then
  hashes=$(grep -E '^state hash [0-9a-f]+$' "$dir/all.out" | sort | uniq -c)
  if [ "$(echo "$hashes" | grep -c .)" != 1 ] || [ "$(echo "$hashes" | awk '{ print $1 }')" -lt 2 ]; then
    echo "state hash not printed twice, or it changed:" >&2
    echo "$hashes" >&2
    exit 1
  fi
fi
if [ "$actual" != "$status" ]; then
  echo "mkemu exit status $actual, expected $status" >&2
  cat "$dir/all.out" >&2
  exit 1
fi
