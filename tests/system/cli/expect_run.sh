#!/usr/bin/env bash
# expect_run.sh STATUS REGEX -- COMMAND...
# Runs COMMAND; passes when it exits with STATUS and its combined stdout and
# stderr match the extended regular expression REGEX.
set -u
want_status=$1
pattern=$2
shift 3
output=$("$@" 2>&1)
status=$?
if [ "$status" -ne "$want_status" ]; then
  printf 'FAIL: exit status %s, expected %s\n--- output ---\n%s\n' "$status" "$want_status" "$output"
  exit 1
fi
if ! grep -Eq -- "$pattern" <<<"$output"; then
  printf 'FAIL: output does not match /%s/\n--- output ---\n%s\n' "$pattern" "$output"
  exit 1
fi
echo "ok: status $status, output matches /$pattern/"
