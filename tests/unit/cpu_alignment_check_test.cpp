// Alignment check #AC(0) against the Intel SDM vol. 3, "Interrupt 17 -
// Alignment Check Exception": only with CR0.AM=1, EFLAGS.AC=1 and CPL 3, for
// data and stack accesses (not implicit supervisor accesses), with the
// alignments of table 6-7 (word 2, dword 4, quadword and double/extended real
// 8, FSTENV/FSAVE images 4 or 2 by operand size). FXSAVE keeps its #GP.
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

constexpr uint32_t kCr0Am = 1u << 18, kAc = 1u << 18;

struct Setup {
  bool am = true;
  bool ac = true;
  bool ring3 = true;
};

// Runs `code` followed by `int 31` (the tests' done gate); returns the vector
// whose handler stopped the CPU (31 when nothing faulted).
int run(TestMachine& m, std::initializer_list<uint8_t> code, Setup s = {}) {
  m.build();
  m.cpu.set_control_registers(0x11 | (s.am ? kCr0Am : 0), 0, 0);
  if (s.ring3) {
    m.start_ring3(code);
  } else {
    m.start_ring0(code);
  }
  m.put_bytes(m.cpu.state().eip + static_cast<uint32_t>(code.size()), {0xCD, 0x1F});
  m.cpu.set_eflags(0x2 | (s.ac ? kAc : 0));
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  return m.halted_vector();
}

TEST(CpuAlignmentCheck, MisalignedDwordLoadFaultsWithErrorCodeZero) {
  TestMachine m;
  ASSERT_EQ(run(m, {0xA1, 0x01, 0x70, 0x00, 0x00}), 17);  // mov eax, [7001h]
  EXPECT_EQ(m.stack0(0), 0u);                             // error code 0
  EXPECT_EQ(m.stack0(1), kCode3);                         // a fault: the load itself
  EXPECT_NE(m.stack0(3) & kAc, 0u);
  // Protected-mode delivery keeps AC; at CPL 0 it checks nothing.
  EXPECT_NE(m.cpu.eflags() & kAc, 0u);
  EXPECT_TRUE(m.mmu.fast_path_enabled());
}

TEST(CpuAlignmentCheck, EachOfAmAcAndCpl3IsRequired) {
  const std::initializer_list<uint8_t> load = {0xA1, 0x01, 0x70, 0x00, 0x00};
  TestMachine a, b, c, d;
  EXPECT_EQ(run(a, load, {false, true, true}), 31);
  EXPECT_EQ(run(b, load, {true, false, true}), 31);
  // Ring 0: run() ends with int 31 from ring 0, through the same gate.
  EXPECT_EQ(run(c, load, {true, true, false}), 31);
  EXPECT_EQ(run(d, load, {true, true, true}), 17);
}

TEST(CpuAlignmentCheck, WordNeedsTwoDwordNeedsFour) {
  TestMachine w_odd, w_even, d_two;
  EXPECT_EQ(run(w_odd, {0x66, 0xA1, 0x01, 0x70, 0x00, 0x00}), 17);   // mov ax, [7001h]
  EXPECT_EQ(run(w_even, {0x66, 0xA1, 0x02, 0x70, 0x00, 0x00}), 31);  // mov ax, [7002h]
  EXPECT_EQ(run(d_two, {0xA3, 0x02, 0x70, 0x00, 0x00}), 17);         // mov [7002h], eax
  TestMachine byte_odd;
  EXPECT_EQ(run(byte_odd, {0xA0, 0x03, 0x70, 0x00, 0x00}), 31);  // mov al, [7003h]
}

TEST(CpuAlignmentCheck, StackPushOnAMisalignedStackFaults) {
  TestMachine m;
  // mov esp, 7FFEh; push eax
  ASSERT_EQ(run(m, {0xBC, 0xFE, 0x7F, 0x00, 0x00, 0x50}), 17);
  EXPECT_EQ(m.stack0(1), kCode3 + 5);
  EXPECT_EQ(m.stack0(4), 0x7FFEu);  // ring-3 ESP unchanged by the faulting push
}

TEST(CpuAlignmentCheck, Cmpxchg8bNeedsEight) {
  TestMachine four, eight;
  EXPECT_EQ(run(four, {0x0F, 0xC7, 0x0D, 0x04, 0x70, 0x00, 0x00}), 17);   // [7004h]
  EXPECT_EQ(run(eight, {0x0F, 0xC7, 0x0D, 0x08, 0x70, 0x00, 0x00}), 31);  // [7008h]
}

TEST(CpuAlignmentCheck, X87OperandsFollowTheirTypes) {
  struct Case {
    std::initializer_list<uint8_t> code;
    int vector;
  };
  const Case cases[] = {
      {{0xD9, 0x05, 0x04, 0x70, 0x00, 0x00}, 31},        // fld dword [7004h]
      {{0xDD, 0x05, 0x04, 0x70, 0x00, 0x00}, 17},        // fld qword [7004h]
      {{0xDD, 0x05, 0x08, 0x70, 0x00, 0x00}, 31},        // fld qword [7008h]
      {{0xDB, 0x2D, 0x04, 0x70, 0x00, 0x00}, 17},        // fld tbyte [7004h]
      {{0xDB, 0x2D, 0x08, 0x70, 0x00, 0x00}, 31},        // fld tbyte [7008h]
      {{0xDF, 0x25, 0x01, 0x70, 0x00, 0x00}, 31},        // fbld [7001h]: not in the table
      {{0xD9, 0x3D, 0x01, 0x70, 0x00, 0x00}, 17},        // fnstcw [7001h]
      {{0xD9, 0x35, 0x02, 0x70, 0x00, 0x00}, 17},        // fnstenv [7002h], 32-bit
      {{0x66, 0xD9, 0x35, 0x02, 0x70, 0x00, 0x00}, 31},  // fnstenv [7002h], 16-bit
  };
  for (const Case& k : cases) {
    TestMachine m;
    EXPECT_EQ(run(m, k.code), k.vector) << "first byte " << int{*k.code.begin()};
  }
}

TEST(CpuAlignmentCheck, FxsaveMisalignedStaysGeneralProtection) {
  TestMachine m;
  EXPECT_EQ(run(m, {0x0F, 0xAE, 0x05, 0x08, 0x70, 0x00, 0x00}), 13);  // fxsave [7008h]
}

TEST(CpuAlignmentCheck, ImplicitSupervisorAccessesAreNotChecked) {
  TestMachine m;
  m.build();
  // A ring-0 stack 2 bytes off: the ring-3 INT's frame is pushed there with
  // supervisor accesses, which #AC does not check.
  m.put32(kTss + 4, kStack0 - 2);
  m.cpu.set_control_registers(0x11 | kCr0Am, 0, 0);
  m.start_ring3({0xCD, 0x1F});
  m.cpu.set_eflags(0x2 | kAc);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_EQ(m.halted_vector(), 31);
  EXPECT_EQ(m.cpu.state().gpr[kEsp], kStack0 - 2 - 20);
}

TEST(CpuAlignmentCheck, FastPathIsOffOnlyWhileChecking) {
  TestMachine m;
  EXPECT_TRUE(m.mmu.fast_path_enabled());
  EXPECT_EQ(run(m, {0x90}), 31);  // the handler runs at ring 0: checks off again
  EXPECT_TRUE(m.mmu.fast_path_enabled());
  m.start_ring3({0x90});
  m.cpu.set_eflags(0x2 | kAc);
  EXPECT_FALSE(m.mmu.fast_path_enabled());
}

}  // namespace
}  // namespace mkemu::cputest
