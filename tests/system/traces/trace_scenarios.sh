#!/usr/bin/env bash
# trace_scenarios.sh SCENARIO MKEMU ROM WORKDIR
# One end-to-end scenario of record/replay/trace/snapshot on the trace test
# ROM (trace_rom.S). The ROM runs about 970'000 instructions and 3'000'000
# cycles, echoes serial input, then prints "T<ticks>S<serial sum>" on port
# 0xE9 and exits with status 1. Its main loop starts at linear 0x10100 with
# "add word ptr [0x506], 7" (83 06 06 05 07).
set -u
. "$(dirname "$0")/../scenario_lib.sh"
scenario=$1 mkemu=$2 rom=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1

printf '400000 serial "hello"\n1500000 serial-hex 21 0d\n' >typed.txt
printf '1000000 poke 0x10104 09\n' >patch.txt
record() {  # record OUT [options]; serial output goes nowhere unless --serial is given
  local out=$1
  shift
  local serial=(--serial none)
  [[ " $* " == *" --serial "* ]] && serial=()
  expect 1 "recorded $out" "$mkemu" record --rom "$rom" "${serial[@]}" --checkpoint-every 100000 \
    -o "$out" "$@" >/dev/null
}

case $scenario in
  record_replay_verify)
    record run.mkt --input typed.txt
    expect 0 "replay matches: 10 checkpoints verified over 970[0-9]{3} instructions" \
      "$mkemu" replay run.mkt --verify
    ;;
  serial_input_replays)
    record run.mkt --input typed.txt --serial file:recorded.txt --debugcon file:recorded_e9.txt
    [ "$(cat recorded.txt)" = $'hello!\r' ] || fail "echo was '$(cat recorded.txt)'"
    expect 0 "replay matches" "$mkemu" replay run.mkt --verify --serial file:replayed.txt \
      --debugcon file:replayed_e9.txt
    cmp recorded.txt replayed.txt || fail "serial output differs on replay"
    cmp recorded_e9.txt replayed_e9.txt || fail "debug console output differs on replay"
    # 'h'+'e'+'l'+'l'+'o'+'!'+'\r' = 0x242: the low byte 0x42 is what the ROM prints.
    grep -q 'S42' replayed_e9.txt || fail "serial sum: $(cat replayed_e9.txt)"
    ;;
  inject_divergence)
    record run.mkt
    expect 10 "first mismatching checkpoint [0-9]+: diverged between checkpoint [0-9]+ \(instruction [0-9]+, cycle [0-9]+\) and checkpoint" \
      "$mkemu" replay run.mkt --verify --inject patch.txt |
      grep -q "RAM page 0x00010000-0x00010fff differs" || fail "patched code page not named"
    ;;
  inject_divergence_insns)
    record run.mkt --insns
    out=$(expect 10 "first divergent instruction" "$mkemu" replay run.mkt --verify --inject patch.txt) ||
      fail "$out"
    grep -q "recorded #[0-9]* cycle [0-9]*  0x00010100  83 06 06 05 07  add word ptr \[0x506\], 7" <<<"$out" ||
      fail "recorded instruction not shown: $out"
    grep -q "replay   #[0-9]* cycle [0-9]*  0x00010100  83 06 06 05 09  add word ptr \[0x506\], 9" <<<"$out" ||
      fail "replayed instruction not shown: $out"
    grep -q "memory write 1: recorded write 0x00000506" <<<"$out" || fail "differing value not shown: $out"
    ;;
  corrupted_trace)
    record run.mkt
    python3 -c "import sys; b=bytearray(open('run.mkt','rb').read()); b[60]^=1; open('bad.mkt','wb').write(b)"
    expect 2 "bad.mkt: offset [0-9]+: .*(CRC|corrupt)" "$mkemu" replay bad.mkt --verify >/dev/null
    expect 2 "bad.mkt: offset [0-9]+" "$mkemu" trace dump bad.mkt >/dev/null
    ;;
  truncated_trace)
    record run.mkt --insns
    head -c 200000 run.mkt >cut.mkt
    expect 0 "replay matches: [0-9]+ checkpoints verified .*truncated" "$mkemu" replay cut.mkt --verify >/dev/null
    expect 0 "trace truncated: complete chunks end at offset [0-9]+ of 200000" "$mkemu" trace dump cut.mkt --only checkpoints >/dev/null
    head -c 10 run.mkt >tiny.mkt
    expect 2 "tiny.mkt: offset 10: truncated trace file header" "$mkemu" replay tiny.mkt >/dev/null
    ;;
  wrong_version)
    record run.mkt
    python3 -c "
import struct, zlib
b = bytearray(open('run.mkt','rb').read()); b[8] = 2
b[12:16] = struct.pack('<I', zlib.crc32(bytes(b[:12]))); open('v2.mkt','wb').write(b)"
    expect 2 "v2.mkt: offset 8: trace format version 2.0, this mkemu reads version 1.x" \
      "$mkemu" replay v2.mkt >/dev/null
    ;;
  dump)
    record run.mkt --insns --input typed.txt
    # Instruction 0 is the reset vector's far jump to F000:0000 (linear
    # 0xF0000); then cli, xor ax,ax, mov ds,ax, mov ss,ax: #5 is "mov sp".
    expect 0 "^#5 cycle [0-9]+  0x000f0007  bc 00 70  mov sp, 0x7000" "$mkemu" trace dump run.mkt \
      --from 5 --to 5 --only instructions >/dev/null
    out=$(expect 0 "out port 0x03f8 size 1 = 0x68" "$mkemu" trace dump run.mkt --port 0x3f8 --only instructions) ||
      fail "$out"
    grep -vq "^#.*\|^    " <<<"$out" && fail "--port let other records through"
    expect 0 "input stamp 400000 serial \"hello\", delivered at instruction [0-9]+, cycle 4000[0-9]{2}" \
      "$mkemu" trace dump run.mkt --only inputs >/dev/null
    expect 0 "^end: guest-exit value 0x0; final checkpoint" "$mkemu" trace dump run.mkt --only end >/dev/null
    ;;
  diff)
    record a.mkt --insns
    record b.mkt --insns
    expect 0 "traces match" "$mkemu" trace diff a.mkt b.mkt >/dev/null
    record c.mkt --insns --input patch.txt
    expect 10 "first divergent instruction record #[0-9]+" "$mkemu" trace diff a.mkt c.mkt >/dev/null
    ;;
  snapshot_round_trip | restore_alone)
    # A straight run and runs restored from snapshots taken at several
    # points (while timer interrupts come and go and serial input is
    # pending) must end identically: same outputs, registers, cycle count.
    "$mkemu" run --rom "$rom" --input typed.txt --serial file:s0.txt --debugcon file:e0.txt >/dev/null 2>straight.txt
    [ $? -eq 1 ] || fail "straight run: $(cat straight.txt)"
    for n in 1 1000 126725 400000 900000; do
      if [ "$scenario" = restore_alone ]; then
        expect 1 "" "$mkemu" run --rom "$rom" --input typed.txt --serial none \
          --snapshot-at $n --snapshot-out s$n.snap >/dev/null
        "$mkemu" run --restore s$n.snap --serial file:s$n.txt --debugcon file:e$n.txt >/dev/null 2>restored$n.txt
      else
        "$mkemu" run --rom "$rom" --input typed.txt --serial file:s$n.txt --debugcon file:e$n.txt \
          --snapshot-at $n --snapshot-out s$n.snap --max-insns $n >/dev/null 2>&1
        "$mkemu" run --rom "$rom" --input typed.txt --restore s$n.snap --serial file:t$n.txt \
          --debugcon file:f$n.txt >/dev/null 2>restored$n.txt
        cat t$n.txt >>s$n.txt && cat f$n.txt >>e$n.txt
      fi
      cmp straight.txt restored$n.txt || fail "snapshot at $n: the stop reports differ"
      if [ "$scenario" = snapshot_round_trip ]; then
        cmp s0.txt s$n.txt || fail "snapshot at $n: serial output differs"
        cmp e0.txt e$n.txt || fail "snapshot at $n: debug console output differs"
      fi
    done
    ;;
  bad_input_schedule)
    printf '10 serial "ok"\n20 keyboard 1c\n' >bad.txt
    expect 2 "bad.txt:2: unknown input kind 'keyboard'" "$mkemu" record --rom "$rom" -o x.mkt --input bad.txt >/dev/null
    [ ! -e x.mkt ] && [ ! -e x.mkt.partial ] || fail "a trace was left behind"
    ;;
  *) fail "unknown scenario" ;;
esac
echo "ok: $scenario"
