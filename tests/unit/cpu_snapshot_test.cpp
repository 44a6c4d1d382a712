// DESIGN.md invariant 3 for the CPU: a snapshot taken mid-run, restored and
// run on gives the same CPU state and memory as the straight run (lazy flags,
// interrupt shadows, MSRs and the decode cache must not leak outside the state).
#include <gtest/gtest.h>

#include <vector>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

// A loop mixing ALU ops (lazy flags live across instructions), memory
// writes, a software interrupt round trip and a flag-dependent branch.
void load_program(TestMachine& m) {
  m.build();
  // Vector 0x20 handler at kHandlers+0x200: inc edi; iretd
  m.put64(kIdt + 8 * 0x20, TestMachine::gate(kCs0, kHandlers + 0x200, 0x8E));
  m.cpu.state().idtr.limit = 0x21 * 8 - 1;
  m.put_bytes(kHandlers + 0x200, {0x47, 0xCF});
  m.start_ring0({
      0xB9, 0x00, 0x01, 0x00, 0x00,  // mov ecx,100h
      0xBB, 0x00, 0x70, 0x00, 0x00,  // mov ebx,7000h
      // loop:
      0x01, 0xC8,        // add eax,ecx
      0x89, 0x03,        // mov [ebx],eax
      0x83, 0xC3, 0x04,  // add ebx,4
      0xCD, 0x20,        // int 20h
      0x0F, 0xAF, 0xC1,  // imul eax,ecx
      0x73, 0x01,        // jnc +1
      0x46,              // inc esi
      0x49,              // dec ecx
      0x75, 0xEE,        // jnz loop
      0xF4,              // hlt
  });
}

std::vector<uint8_t> snapshot(TestMachine& m) {
  StateWriter w;
  m.cpu.save_state(w);
  std::vector<uint8_t> out = w.bytes();
  auto ram = m.memory.ram();
  out.insert(out.end(), ram.begin(), ram.begin() + 0x10000);
  return out;
}

TEST(CpuSnapshot, RestoreAndRunMatchesTheStraightRun) {
  TestMachine straight;
  load_program(straight);
  EXPECT_EQ(straight.cpu.run(UINT64_MAX, 777), CpuStop::kInsnLimit);
  StateWriter mid;
  straight.cpu.save_state(mid);
  std::vector<uint8_t> ram(straight.memory.ram().begin(), straight.memory.ram().end());
  uint64_t cycles = straight.clock.cycles;
  EXPECT_EQ(straight.cpu.run(UINT64_MAX, 100000), CpuStop::kHalted);

  TestMachine restored;
  restored.build();
  std::copy(ram.begin(), ram.end(), restored.memory.ram().begin());
  restored.clock.cycles = cycles;
  StateReader in(mid.bytes(), "snapshot");
  restored.cpu.load_state(in);
  EXPECT_EQ(restored.cpu.run(UINT64_MAX, 100000), CpuStop::kHalted);

  EXPECT_EQ(snapshot(restored), snapshot(straight));
  EXPECT_EQ(restored.clock.cycles, straight.clock.cycles);
  EXPECT_EQ(restored.cpu.instructions_retired(), straight.cpu.instructions_retired());
  EXPECT_EQ(straight.cpu.state().gpr[kEdi], 0x100u);  // 256 INT 20h round trips
}

TEST(CpuSnapshot, TruncatedStateIsAnInputError) {
  TestMachine m;
  load_program(m);
  StateWriter w;
  m.cpu.save_state(w);
  std::vector<uint8_t> cut(w.bytes().begin(), w.bytes().begin() + 40);
  StateReader in(cut, "cut.snap");
  EXPECT_THROW(m.cpu.load_state(in), InputError);
}

}  // namespace
}  // namespace mkemu::cputest
