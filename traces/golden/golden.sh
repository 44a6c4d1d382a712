#!/usr/bin/env bash
# golden.sh record|verify NAME MKEMU WORKDIR [GNUMACH_KERNEL]
# One golden trace (README.md): stages its images in WORKDIR under fixed
# relative names (so no host path reaches the guest or the trace), then
#   record: records traces/golden/NAME/run.mkt's successor as WORKDIR/run.mkt
#           and checks the guest did what the scenario must do;
#   verify: replays traces/golden/NAME/run.mkt with --verify (what CI runs).
# Exit: 0 ok; 1 divergence, missing image or wrong guest outcome; 2 usage;
# 77 (verify only) the GNU Mach kernel is absent (setup.sh fetches it).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 4 ] || { [ "$1" != record ] && [ "$1" != verify ]; }; then
  echo "usage: $0 record|verify NAME MKEMU WORKDIR [GNUMACH_KERNEL]" >&2
  exit 2
fi
mode=$1 name=$2 mkemu=$3 work=$4 gnumach=${5:-}
# GOLDEN_DIR: where NAME/ (images and run.mkt) is, traces/golden by default
# (regenerate.sh points it at its staging copy).
golden=${GOLDEN_DIR:-$here}/$name
hint="If CPU semantics or timing changed on purpose, regenerate the goldens in the same
commit, with the reason in its message: traces/golden/regenerate.sh BUILD_DIR"

fail() {
  echo "FAIL (golden $name): $*"
  exit 1
}

# Each scenario sets: images (NAME=SOURCE pairs staged into WORKDIR), the
# record options, the exit status the guest must end with and a check of its
# serial output.
case $name in
  gnumach_hello)
    if [ ! -f "$gnumach" ]; then
      [ "$mode" = verify ] || fail "GNU Mach kernel not found at '$gnumach'"
      echo "SKIP: GNU Mach kernel not found at '$gnumach' (run setup.sh or set MKEMU_GNUMACH)"
      exit 77
    fi
    images=("gnumach-1.8-486=$gnumach" "hello.elf=$golden/hello.elf")
    # The boot takes about 0.52e9 instructions: about 520 checkpoints.
    options=(--kernel gnumach-1.8-486 --append console=com0
      --module 'hello.elf ${device-port} ${host-port} $(task-create) $(task-resume)'
      --no-reboot --max-insns 1500000000 --checkpoint-every 1000000)
    want_status=0 # the task's reboot under --no-reboot
    check_output() {
      grep -qF "mkemu-hello: a line from the bootstrap task through GNU Mach's console" serial.txt ||
        fail "the hello line is missing from the serial output"
      ! grep -q "panic" serial.txt || fail "GNU Mach panicked"
    }
    ;;
  kernel_model_suite)
    images=()
    for image in kernel sigma0 root km_logsrv km_ioserver km_testsuite; do
      images+=("$image.elf=$golden/$image.elf")
    done
    options=(--kernel kernel.elf --mem 64 --module sigma0.elf --module root.elf
      --module km_logsrv.elf --module km_ioserver.elf --module 'km_testsuite.elf mem=64'
      --max-cycles 20000000000 --checkpoint-every 1000000)
    want_status=67 # the suite wrote 0x21 ("all passed") to port 0xF4
    check_output() {
      grep -qE "^[0-9]+ passed, 0 failed" <(tr -d '\r' <serial.txt) ||
        fail "the suite did not end with 'N passed, 0 failed'"
      ! grep -q "\[FAIL\]" serial.txt || fail "the suite printed [FAIL] lines"
    }
    ;;
  *)
    echo "golden.sh: unknown golden '$name'" >&2
    exit 2
    ;;
esac

[ -x "$mkemu" ] || fail "mkemu not found at '$mkemu'"
rm -rf "$work" && mkdir -p "$work" || fail "cannot create $work"
for pair in "${images[@]}"; do
  source_file=${pair#*=}
  [ -f "$source_file" ] || fail "image '${pair%%=*}' not found at '$source_file'"
  ln -s "$(cd "$(dirname "$source_file")" && pwd)/$(basename "$source_file")" "$work/${pair%%=*}"
done
cd "$work" || exit 1

if [ "$mode" = record ]; then
  "$mkemu" record "${options[@]}" --serial file:serial.txt -o run.mkt
  status=$?
  [ $status -eq $want_status ] || fail "mkemu record exited $status, expected $want_status"
  check_output
  echo "recorded $work/run.mkt ($(stat -c %s run.mkt) bytes)"
  exit 0
fi

trace=$golden/run.mkt
[ -f "$trace" ] || fail "golden trace not found at '$trace'"
"$mkemu" replay "$trace" --verify --serial file:serial.txt >report.txt 2>&1
status=$?
cat report.txt
case $status in
  0) ;;
  10) fail "the replay diverged from the golden trace (report above).
$hint" ;;
  *) fail "mkemu replay exited $status (report above: an unusable trace or a changed image).
If a guest image changed on purpose: traces/golden/regenerate.sh --refresh-images BUILD_DIR" ;;
esac
grep -q "^replay matches" report.txt || fail "no 'replay matches' line in the report"
check_output
echo "PASS: golden $name: $(grep "^replay matches" report.txt)"
