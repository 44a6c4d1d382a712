#!/usr/bin/env bash
# serial_scenarios.sh SCENARIO MKEMU ROM WORKDIR
# One end-to-end scenario of the interactive --serial backends (pty, tcp)
# and of stdin input (--serial-input -) on the echo ROM (echo_rom.S): it
# idles in HLT until COM1 receives a byte, echoes every byte, and on 'q'
# exits with status (N << 1) | 1, N being the number of bytes before 'q'.
# The assertions are on bytes and exit statuses only; waiting for mkemu's
# messages is bounded but never asserted on host time.
set -u
. "$(dirname "$0")/../scenario_lib.sh"
scenario=$1 mkemu=$2 rom=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
# start_mkemu ARGS...: runs mkemu in the background (stderr to err.txt), at
# most 60 s, so a broken run cannot hang the suite.
start_mkemu() {
  timeout 60 "$mkemu" "$@" 2>err.txt &
  pid=$!
}
# wait_for REGEX: until mkemu's stderr has a matching line (at most 30 s).
wait_for() {
  local i
  for i in $(seq 300); do
    grep -Eq -- "$1" err.txt 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || fail "mkemu ended before printing /$1/"
    sleep 0.1
  done
  fail "no /$1/ on mkemu's stderr"
}
tcp_port() {
  wait_for 'serial: COM1 waiting for a client on tcp:127\.0\.0\.1:[0-9]+'
  port=$(sed -En 's/.*waiting for a client on tcp:127\.0\.0\.1:([0-9]+).*/\1/p' err.txt)
  [ "$port" -gt 0 ] || fail "port 0 was not replaced by a free port"
}
# send_expect FD TEXT: sends TEXT and reads its echo back (bounded).
send_expect() {
  local fd=$1 text=$2 got
  printf '%s' "$text" >&"$fd"
  # dd, not bash's read: read puts a terminal in its own mode (CR -> NL).
  got=$(timeout 30 dd bs=1 count="${#text}" status=none <&"$fd") ||
    fail "no echo of '$text' (got '$got')"
  [ "$got" = "$text" ] || fail "echo was '$got', expected '$text'"
}
finish() {  # finish STATUS: mkemu's exit status
  wait "$pid"
  local status=$?
  [ "$status" -eq "$1" ] || fail "mkemu exited with $status, expected $1"
}

case $scenario in
  tcp_echo)
    start_mkemu run --rom "$rom" --serial tcp:127.0.0.1:0
    tcp_port
    exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "cannot connect to port $port"
    wait_for 'serial: COM1 client connected from 127\.0\.0\.1:'
    send_expect 3 $'hello\r'
    send_expect 3 'abc'
    printf 'q' >&3
    finish $(((9 << 1) | 1))
    exec 3>&-
    ;;
  pty_echo)
    # Should the terminal become this shell's controlling one, its hang-up
    # when mkemu exits must not end the test.
    trap '' HUP
    start_mkemu run --rom "$rom" --serial pty
    wait_for 'serial: COM1 on /dev/pts/[0-9]+'
    tty=$(sed -En 's|^serial: COM1 on (/dev/pts/[0-9]+)$|\1|p' err.txt)
    exec 3<>"$tty" || fail "cannot open $tty"
    send_expect 3 $'hi there\r'
    printf 'q' >&3
    finish $(((9 << 1) | 1))
    exec 3>&-
    ;;
  tcp_record_replay)
    start_mkemu record --rom "$rom" --serial tcp:127.0.0.1:0 -o run.mkt
    tcp_port
    exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "cannot connect to port $port"
    send_expect 3 'abc'
    send_expect 3 $'de\r'
    printf 'q' >&3
    finish $(((6 << 1) | 1))
    exec 3>&-
    # Each poll that found bytes is one input: "abc", "de\r" and "q" came
    # after an echo each, so at least three (a poll may split a send).
    n=$(sed -En 's/.*recorded run\.mkt: [0-9]+ checkpoints, ([0-9]+) inputs.*/\1/p' err.txt)
    [ "${n:-0}" -ge 3 ] || fail "expected at least 3 recorded inputs"
    expect 0 "replay matches" "$mkemu" replay run.mkt --verify --serial file:replayed.txt
    [ "$(cat replayed.txt)" = $'abcde\r' ] || fail "replayed echo was '$(cat replayed.txt)'"
    expect $(((6 << 1) | 1)) "" "$mkemu" replay run.mkt >/dev/null
    # The recorded inputs, in order, are the bytes sent.
    sent=$("$mkemu" trace dump run.mkt --only inputs | grep -c 'serial') || true
    [ "$sent" -eq "$n" ] || fail "trace dump shows $sent serial inputs, recorded $n"
    ;;
  stdin_input)
    printf 'hi\rq' | expect $(((3 << 1) | 1)) "" "$mkemu" run --rom "$rom" \
      --serial file:out.txt --serial-input - >/dev/null
    [ "$(cat out.txt)" = $'hi\r' ] || fail "echo was '$(cat out.txt)'"
    # Without 'q' the guest idles on (its RTC and PIT keep ticking); once
    # stdin has ended mkemu skips idle time again, up to the cycle limit.
    printf 'ab' | expect 6 "cycle limit reached" "$mkemu" run --rom "$rom" --serial file:out2.txt \
      --serial-input - --max-cycles 2000000000 >/dev/null
    [ "$(cat out2.txt)" = 'ab' ] || fail "echo was '$(cat out2.txt)'"
    ;;
  stdin_record_replay)
    printf 'xyz\rq' | expect $(((4 << 1) | 1)) "recorded run\.mkt: [0-9]+ checkpoints, [1-9][0-9]* inputs" \
      "$mkemu" record --rom "$rom" --serial file:recorded.txt --serial-input - -o run.mkt >/dev/null
    expect 0 "replay matches" "$mkemu" replay run.mkt --verify --serial file:replayed.txt >/dev/null
    cmp recorded.txt replayed.txt || fail "serial output differs on replay"
    [ "$(cat replayed.txt)" = $'xyz\r' ] || fail "replayed echo was '$(cat replayed.txt)'"
    ;;
  file_input_record_replay)
    # --serial-input FILE is an external input too: the trace holds it.
    printf 'hey q' >typed.txt
    expect $(((4 << 1) | 1)) "recorded run\.mkt: [0-9]+ checkpoints, 1 inputs" "$mkemu" record \
      --rom "$rom" --serial file:recorded.txt --serial-input typed.txt -o run.mkt >/dev/null
    rm typed.txt
    expect 0 "replay matches" "$mkemu" replay run.mkt --verify --serial file:replayed.txt >/dev/null
    [ "$(cat replayed.txt)" = 'hey ' ] || fail "replayed echo was '$(cat replayed.txt)'"
    cmp recorded.txt replayed.txt || fail "serial output differs on replay"
    ;;
  tcp_disconnect)
    # While the client is connected, idle guest time passes no faster than
    # real time, so the 60 s of guest time are more than this exchange
    # needs; after the disconnect idle time is skipped up to the limit.
    start_mkemu run --rom "$rom" --serial tcp:127.0.0.1:0 --max-cycles 6000000000
    tcp_port
    exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "cannot connect to port $port"
    send_expect 3 'ab'
    exec 3>&-
    finish 6
    grep -q 'the client disconnected; COM1 output is dropped from now on' err.txt ||
      fail "no message about the disconnect"
    ;;
  bad_specs)
    expect 2 "expected tcp:HOST:PORT" "$mkemu" run --rom "$rom" --serial tcp:nohost
    expect 2 "bad port '99999'" "$mkemu" run --rom "$rom" --serial tcp:127.0.0.1:99999
    expect 2 "expected stdio, none, file:PATH, pty or tcp:HOST:PORT, got 'bogus'" \
      "$mkemu" run --rom "$rom" --serial bogus
    expect 2 "no-such-file: cannot read" "$mkemu" run --rom "$rom" --serial-input no-such-file
    # A port in use: a second mkemu on the first one's port.
    start_mkemu run --rom "$rom" --serial tcp:127.0.0.1:0
    first=$pid
    tcp_port
    expect 2 "tcp:127\.0\.0\.1:$port: cannot listen: Address already in use" \
      "$mkemu" run --rom "$rom" --serial "tcp:127.0.0.1:$port"
    exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "cannot connect to port $port"
    printf 'q' >&3
    pid=$first
    finish 1
    exec 3>&-
    ;;
  *)
    fail "unknown scenario"
    ;;
esac
printf 'PASS (%s)\n' "$scenario"
