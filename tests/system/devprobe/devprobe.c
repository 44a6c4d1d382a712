// The device-probe image (issue 5): programs and reads back the registers of
// every device of the PC and prints them on COM1, then leaves through the
// isa-debug-exit port 0xF4 (value 0: exit status 1 on QEMU and on mkemu).
#include "probe_io.h"

void devprobe_main(void) {
  serial_init();
  print("devprobe: start\n");
  probe_pic();
  probe_pit();
  probe_rtc();
  probe_uart();
  probe_pci();
  probe_apics();
  print("devprobe: end\n");
  serial_drain();
  outb(0xF4, 0x00);
}
