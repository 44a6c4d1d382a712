#!/bin/bash
# The reference for the hello task: the same kernel, task and boot-script line
# on QEMU, which must print the same line and reset (ending QEMU under
# -no-reboot with status 0). Shows the task's IPC is right independently of mkemu.
# Usage: hello_on_qemu.sh QEMU KERNEL HELLO_ELF WORKDIR. Exit 77 without QEMU or kernel.
set -u
qemu=$1 kernel=$2 hello=$3 work=$4
source "$(dirname "$0")/../qemu_pc.sh" || exit 1
line="mkemu-hello: a line from the bootstrap task through GNU Mach's console"
if [ ! -f "$kernel" ]; then
  echo "SKIP: GNU Mach kernel not found at $kernel (run setup.sh or set MKEMU_GNUMACH)"
  exit 77
fi
require_qemu "$qemu"
mkdir -p "$work"
rm -f "$work/qemu.out"
qemu_pc "$qemu" "$work/qemu.out"
timeout 180 "${QEMU_PC[@]}" -kernel "$kernel" -append "console=com0" \
  -initrd "$hello \${device-port} \${host-port} \$(task-create) \$(task-resume)"
status=$?
tail -n 3 "$work/qemu.out" | tr -d '\r'
echo
if [ $status -ne 0 ]; then
  echo "FAIL: QEMU exited $status (expected 0: the task's reboot under -no-reboot)"
  exit 1
fi
if ! grep -qF "$line" "$work/qemu.out"; then
  echo "FAIL: the hello line is missing from QEMU's serial output"
  exit 1
fi
echo "PASS: on QEMU too the task printed its line and Mach reset the machine"
