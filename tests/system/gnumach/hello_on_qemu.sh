#!/bin/bash
# The reference for the hello task: the same kernel, task and boot-script line
# on QEMU, which must print the same line and reset (ending QEMU under
# -no-reboot with status 0). Shows the task's IPC is right independently of mkemu.
# Usage: hello_on_qemu.sh QEMU KERNEL HELLO_ELF WORKDIR. Exit 77 without QEMU or kernel.
set -u
qemu=$1 kernel=$2 hello=$3 work=$4
line="mkemu-hello: a line from the bootstrap task through GNU Mach's console"
if [ ! -f "$kernel" ]; then
  echo "SKIP: GNU Mach kernel not found at $kernel (run setup.sh or set MKEMU_GNUMACH)"
  exit 77
fi
if [ ! -x "$qemu" ]; then
  echo "SKIP: qemu-system-i386 not found"
  exit 77
fi
mkdir -p "$work"
rm -f "$work/qemu.out"
timeout 180 "$qemu" -nodefaults -M pc -cpu pentium2,-mmx,-mca,-mce,-pse36 -m 64 -no-reboot \
  -display none -rtc base=2026-01-01T00:00:00 -serial "file:$work/qemu.out" \
  -kernel "$kernel" -append "console=com0" \
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
