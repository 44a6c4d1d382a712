#pragma once
// A small PC for the trace and snapshot tests: a hand-assembled real-mode
// ROM (GNU as output, listed below) that copies its code to 1000:0000,
// programs the 8259 and the 8254 for a timer interrupt every 256 PIT ticks,
// then loops adding to RAM words and echoing COM1 input. Timer interrupts
// and a pending PIT deadline are always in play, which is what the snapshot
// round trips must survive.
#include <cstdint>
#include <memory>
#include <vector>

#include "platform/boot/rom_loader.h"
#include "platform/machine.h"

namespace mkemu::test {

// Linear addresses in the RAM copy of the code.
inline constexpr uint32_t kMainLoop = 0x10058;      // addw $7, 0x506 = 83 06 06 05 07
inline constexpr uint32_t kTimerHandler = 0x10074;  // through 0x1007e (iret)
inline constexpr uint32_t kTimerHandlerEnd = 0x1007e;

inline std::vector<uint8_t> trace_test_rom() {
  static const uint8_t code[] = {
      0xfa,                                // cli
      0x31, 0xc0,                          // xor ax,ax
      0x8e, 0xd0,                          // mov ss,ax
      0xbc, 0x00, 0x70,                    // mov sp,0x7000
      0xb8, 0x00, 0xf0,                    // mov ax,0xf000
      0x8e, 0xd8,                          // mov ds,ax
      0xb8, 0x00, 0x10,                    // mov ax,0x1000
      0x8e, 0xc0,                          // mov es,ax
      0x31, 0xf6,                          // xor si,si
      0x31, 0xff,                          // xor di,di
      0xb9, 0x80, 0x00,                    // mov cx,0x80
      0xfc,                                // cld
      0xf3, 0xa5,                          // rep movsw (code to 1000:0000)
      0x31, 0xc0,                          // xor ax,ax
      0x8e, 0xd8,                          // mov ds,ax
      0xea, 0x25, 0x00, 0x00, 0x10,        // jmp 1000:0025
      0xc7, 0x06, 0x20, 0x00, 0x74, 0x00,  // mov word [0x20],0x74  (IVT 8 -> timer)
      0xc7, 0x06, 0x22, 0x00, 0x00, 0x10,  // mov word [0x22],0x1000
      0xb0, 0x11, 0xe6, 0x20,              // ICW1
      0xb0, 0x08, 0xe6, 0x21,              // ICW2: vector base 8
      0xb0, 0x04, 0xe6, 0x21,              // ICW3
      0xb0, 0x01, 0xe6, 0x21,              // ICW4: 8086 mode
      0xb0, 0xfe, 0xe6, 0x21,              // OCW1: only IRQ0
      0xb0, 0x34, 0xe6, 0x43,              // PIT ch0 lo/hi, mode 2
      0x30, 0xc0, 0xe6, 0x40,              // divisor low 0x00
      0xb0, 0x01, 0xe6, 0x40,              // divisor high 0x01 (256)
      0xba, 0xfb, 0x03,                    // mov dx,0x3fb
      0xb0, 0x03, 0xee,                    // LCR 8N1
      0xfb,                                // sti
      0x83, 0x06, 0x06, 0x05, 0x07,        // main: add word [0x506],7
      0xff, 0x06, 0x04, 0x05,              // inc word [0x504]
      0xba, 0xfd, 0x03,                    // mov dx,0x3fd
      0xec,                                // in al,dx (LSR)
      0xa8, 0x01,                          // test al,1
      0x74, 0xef,                          // jz main
      0xba, 0xf8, 0x03,                    // mov dx,0x3f8
      0xec,                                // in al,dx (RBR)
      0x00, 0x06, 0x08, 0x05,              // add [0x508],al
      0xee,                                // out dx,al (echo)
      0xeb, 0xe4,                          // jmp main
      0x50,                                // timer: push ax
      0xff, 0x06, 0x00, 0x05,              // inc word [0x500]
      0xb0, 0x20, 0xe6, 0x20,              // EOI
      0x58,                                // pop ax
      0xcf,                                // iret
  };
  std::vector<uint8_t> rom(65536, 0xF4);
  std::copy(std::begin(code), std::end(code), rom.begin());
  const uint8_t reset[] = {0xea, 0x00, 0x00, 0x00, 0xf0};  // jmp f000:0000
  std::copy(std::begin(reset), std::end(reset), rom.begin() + 0xFFF0);
  return rom;
}

inline std::unique_ptr<Machine> make_test_machine(uint32_t ram_mib = 4) {
  MachineConfig config;
  config.ram_mib = ram_mib;
  auto machine = std::make_unique<Machine>(config);
  map_rom(machine->memory, trace_test_rom(), "trace-test-rom");
  machine->reset();
  return machine;
}

}  // namespace mkemu::test
