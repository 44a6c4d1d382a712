# Sourced by the system-test scenario scripts (bash): fail and expect, with
# $scenario naming the scenario in messages. When the scenario left mkemu's
# stderr in err.txt, a failure shows it.

fail() {
  printf 'FAIL (%s): %s\n' "$scenario" "$*" >&2
  [ -f err.txt ] && { printf -- '--- mkemu stderr:\n' >&2; cat err.txt >&2; }
  exit 1
}

# expect STATUS REGEX COMMAND...: exit status and combined output.
expect() {
  local want=$1 pattern=$2
  shift 2
  local out status
  out=$("$@" 2>&1)
  status=$?
  [ "$status" -eq "$want" ] || fail "exit status $status, expected $want: $*"$'\n'"$out"
  grep -Eq -- "$pattern" <<<"$out" || fail "output does not match /$pattern/: $*"$'\n'"$out"
  printf '%s\n' "$out"
}
