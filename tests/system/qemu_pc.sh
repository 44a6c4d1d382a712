# Shared by the system tests that run the same image on mkemu and on QEMU
# (gnumach/, devprobe/): sourced, not run. Defines
#   require_qemu QEMU
#       exits 77 (the tests' skip status) when QEMU is not an executable
#   qemu_pc QEMU SERIAL_FILE
#       sets the array QEMU_PC to the command line of QEMU as the PC that
#       matches mkemu's defaults, COM1 into SERIAL_FILE; callers append the
#       image arguments: timeout 120 "${QEMU_PC[@]}" -kernel IMAGE
#   set_aside_documented RULES SIDE IN OUT
#       copies IN to OUT without the lines RULES documents for SIDE (printing
#       each one set aside with its reason)
#   compare_documented RULES DIR/qemu.lines DIR/mkemu.lines
#       set_aside_documented on both sides into DIR/qemu.compared and
#       DIR/mkemu.compared, then a unified diff; 0 when the remaining lines
#       are identical, 1 (with the diff) otherwise
# RULES lines: SIDE<TAB>EXTENDED REGEX<TAB>REASON, SIDE one of qemu, mkemu,
# both; '#' lines and empty lines are ignored.

# mkemu's p6 is a family-6 CPU without MMX or SSE: QEMU's pentium2 less the
# features mkemu's p6 lacks. Same RAM (64 MiB) and RTC base as mkemu's
# defaults; -no-reboot turns a guest reset into QEMU exiting with status 0.
require_qemu() {
  if [ ! -x "$1" ]; then
    echo "SKIP: qemu-system-i386 not found"
    exit 77
  fi
}

qemu_pc() {
  QEMU_PC=("$1" -nodefaults -M pc -cpu pentium2,-mmx,-mca,-mce,-pse36 -m 64 -no-reboot
    -display none -rtc base=2026-01-01T00:00:00 -serial "file:$2")
}

set_aside_documented() {
  local rules=$1 side=$2 in=$3 out=$4
  : >"$out"
  while IFS= read -r line; do
    local reason=""
    while IFS=$'\t' read -r rule_side regex why; do
      case "$rule_side" in "#"* | "") continue ;; esac
      [ "$rule_side" = "$side" ] || [ "$rule_side" = both ] || continue
      if printf '%s\n' "$line" | grep -qE -- "$regex"; then
        reason=$why
        break
      fi
    done <"$rules"
    if [ -n "$reason" ]; then
      printf 'documented %s-only line: %s\n    reason: %s\n' "$side" "$line" "$reason"
    else
      printf '%s\n' "$line" >>"$out"
    fi
  done <"$in"
}

compare_documented() {
  local rules=$1 qemu_lines=$2 mkemu_lines=$3
  set_aside_documented "$rules" qemu "$qemu_lines" "${qemu_lines%.lines}.compared"
  set_aside_documented "$rules" mkemu "$mkemu_lines" "${mkemu_lines%.lines}.compared"
  if ! diff -u "${qemu_lines%.lines}.compared" "${mkemu_lines%.lines}.compared"; then
    echo "FAIL: undocumented differences between QEMU (-) and mkemu (+) above"
    return 1
  fi
}
