#!/bin/bash
# The hello bootstrap task under GNU Mach on mkemu (issue 5): Mach starts it
# from the boot-script module line, it prints one line through Mach's console
# device and asks for a reboot (host_reboot, flags 0: Mach resets through the
# 8042), which --no-reboot turns into exit status 0.
# Usage: hello_boot.sh MKEMU KERNEL HELLO_ELF WORKDIR. Exit 77 without the kernel.
set -u
mkemu=$1 kernel=$2 hello=$3 work=$4
line="mkemu-hello: a line from the bootstrap task through GNU Mach's console"

if [ ! -f "$kernel" ]; then
  echo "SKIP: GNU Mach kernel not found at $kernel (run setup.sh or set MKEMU_GNUMACH)"
  exit 77
fi
mkdir -p "$work"
rm -f "$work/serial.out"
# The boot needs about 0.53e9 instructions; the limit turns a hang into a failure.
"$mkemu" run --kernel "$kernel" --append "console=com0" \
  --module "$hello \${device-port} \${host-port} \$(task-create) \$(task-resume)" \
  --serial "file:$work/serial.out" --no-reboot --max-insns 1500000000 --stats
status=$?
tail -n 4 "$work/serial.out" | tr -d '\r'
echo
if [ $status -ne 0 ]; then
  echo "FAIL: mkemu exited $status (expected 0: the task's reboot under --no-reboot)"
  exit 1
fi
if ! grep -qF "$line" "$work/serial.out"; then
  echo "FAIL: the hello line is missing from the serial output"
  exit 1
fi
if grep -q "panic\|host_reboot failed\|unexpected argc" "$work/serial.out"; then
  echo "FAIL: Mach panicked or the task reported an error"
  exit 1
fi
echo "PASS: the task printed its line and Mach reset the machine"
