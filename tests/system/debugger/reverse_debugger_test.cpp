// Reverse execution through the Debugger API and the gdb stub's bs/bc
// packets on the test kernel (tests/system/debugger/roms/kernel.S): a
// position reached by going back has the state hash of a straight run to
// its instruction count, and changes made from outside begin a new history.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "frontend/gdb/gdb_stub.h"
#include "test_machine.h"

namespace mkemu {
namespace {

uint32_t sym(const char* name) {
  std::ifstream in(test::image_path("kernel.elf"), std::ios::binary);
  std::vector<uint8_t> elf((std::istreambuf_iterator<char>(in)), {});
  SymbolTable t;
  t.load_elf(elf);
  return t.find(name).value_or(0);
}

// The state hash of an undebugged run of the test kernel to `instructions`.
uint64_t straight_run_hash(uint64_t instructions) {
  BootedMachine b = test::boot_kernel_image();
  RunLimits limits;
  limits.max_instructions = instructions;
  b.machine->run(limits);
  EXPECT_EQ(b.machine->cpu.instructions_retired(), instructions);
  return b.machine->digest().total;
}

class ReverseTest : public ::testing::Test {
 protected:
  ReverseTest()
      : booted_(test::boot_kernel_image()), dbg_(m()), console_(dbg_), stub_(dbg_, console_) {}
  Machine& m() { return *booted_.machine; }
  uint64_t insns() { return m().cpu.instructions_retired(); }
  BootedMachine booted_;
  Debugger dbg_;
  Console console_;
  GdbStub stub_;
};

TEST_F(ReverseTest, ReverseStepFromAWatchpointHasTheStraightRunsStateHash) {
  const uint32_t counter = sym("counter"), bump = sym("bump");
  ASSERT_NE(counter, 0u);
  Breakpoint watch;
  watch.kind = BreakKind::kWatchLinear;
  watch.address = counter;
  watch.length = 4;
  watch.access = AccessMode::kWrite;
  dbg_.add_breakpoint(watch);
  ASSERT_EQ(dbg_.cont().reason, StopReason::kWatchpoint);  // counter = 0x11
  ASSERT_EQ(dbg_.cont().reason, StopReason::kWatchpoint);  // counter = 0x33, at bump
  const uint64_t here = insns();
  StopEvent back = dbg_.reverse_step(1);
  EXPECT_EQ(back.reason, StopReason::kReverseStep);
  EXPECT_EQ(insns(), here - 1);
  EXPECT_EQ(dbg_.current_linear_eip(), bump);  // the store the watchpoint stopped after
  EXPECT_EQ(m().digest().total, straight_run_hash(here - 1));
  // Back to the first write's stop, then nothing earlier: the start.
  StopEvent previous = dbg_.reverse_continue();
  EXPECT_EQ(previous.reason, StopReason::kWatchpoint);
  EXPECT_TRUE(previous.reverse);
  EXPECT_EQ(previous.value, 0x11u);
  EXPECT_EQ(m().digest().total, straight_run_hash(insns()));
  EXPECT_EQ(dbg_.reverse_continue().reason, StopReason::kHistoryStart);
  EXPECT_EQ(insns(), 0u);
  EXPECT_THROW(dbg_.reverse_step(1), HistoryError);
}

TEST_F(ReverseTest, ChangesFromOutsideBeginANewHistory) {
  dbg_.step(3);
  ASSERT_TRUE(dbg_.set_register("esi", 0x1234));
  dbg_.step(2);
  dbg_.reverse_step(2);  // the history begins at the change, which it keeps
  EXPECT_EQ(insns(), 3u);
  EXPECT_EQ(m().cpu.state().gpr[kEsi], 0x1234u);
  EXPECT_THROW(dbg_.reverse_step(1), HistoryError);
}

TEST_F(ReverseTest, GdbReversePackets) {
  const uint32_t main = sym("kernel_main");
  ASSERT_NE(main, 0u);
  GdbStub::Reply supported = stub_.handle("qSupported:multiprocess+");
  ASSERT_EQ(supported.payloads.size(), 1u);
  EXPECT_NE(supported.payloads[0].find("ReverseStep+;ReverseContinue+"), std::string::npos);
  EXPECT_EQ(stub_.handle("bs").resume, GdbStub::Resume::kReverseStep);
  EXPECT_EQ(stub_.handle("bc").resume, GdbStub::Resume::kReverseContinue);
  // Nothing before the first instruction: gdb's "No more reverse-execution history".
  const uint64_t at_start = m().digest().total;
  EXPECT_EQ(stub_.resume(GdbStub::Resume::kReverseStep), "T05thread:01;replaylog:begin;");
  EXPECT_EQ(m().digest().total, at_start);

  char z0[32];
  std::snprintf(z0, sizeof z0, "Z0,%x,1", main);
  ASSERT_EQ(stub_.handle(z0).payloads.back(), "OK");
  EXPECT_EQ(stub_.resume(GdbStub::Resume::kContinue), "T05thread:01;hwbreak:;");
  for (int i = 0; i < 3; ++i) stub_.resume(GdbStub::Resume::kStep);
  EXPECT_EQ(m().cpu.state().gpr[kEax], 0x33u);
  // MOV EAX,imm32 (5 bytes), MOV [counter],EAX (5), ADD EAX,imm8 (3): one
  // back is the ADD at main + 10, before it ran.
  EXPECT_EQ(stub_.resume(GdbStub::Resume::kReverseStep), "T05thread:01;");
  EXPECT_EQ(m().cpu.state().eip, main + 10);
  EXPECT_EQ(m().cpu.state().gpr[kEax], 0x11u);
  EXPECT_EQ(stub_.resume(GdbStub::Resume::kReverseContinue), "T05thread:01;hwbreak:;");
  EXPECT_EQ(m().cpu.state().eip, main);
  EXPECT_EQ(stub_.resume(GdbStub::Resume::kReverseContinue), "T05thread:01;replaylog:begin;");
  EXPECT_EQ(insns(), 0u);
  EXPECT_EQ(m().digest().total, at_start);
}

// Ctrl-C (or gdb's interrupt) while reverse-continue searches the history
// leaves the machine where it was. The poll counts calls, not time.
TEST(ReverseInterrupt, AnInterruptedSearchStaysHere) {
  MachineOptions options;
  options.config.rom = test::image_path("reverse.bin");
  options.serial = "none";
  finish_machine_options(options);
  BootedMachine booted = build_and_boot(options);
  Machine& m = *booted.machine;
  Debugger dbg(m);
  dbg.history().configure(5000, 32);
  Breakpoint watch;
  watch.kind = BreakKind::kWatchLinear;
  watch.address = 0x500;  // the ROM's timer tick counter
  watch.length = 2;
  watch.access = AccessMode::kWrite;
  dbg.add_breakpoint(watch);
  ASSERT_EQ(dbg.cont().reason, StopReason::kWatchpoint);
  ASSERT_EQ(dbg.cont().reason, StopReason::kWatchpoint);
  const uint64_t here = m.cpu.instructions_retired();
  const uint64_t hash = m.digest().total;
  int polls = 0;
  dbg.poll_interrupt = [&polls] { return ++polls == 3; };
  EXPECT_EQ(dbg.reverse_continue().reason, StopReason::kUserInterrupt);
  EXPECT_EQ(polls, 3);
  EXPECT_EQ(m.cpu.instructions_retired(), here);
  EXPECT_EQ(m.digest().total, hash);
  dbg.poll_interrupt = nullptr;
  StopEvent previous = dbg.reverse_continue();
  EXPECT_EQ(previous.reason, StopReason::kWatchpoint);
  EXPECT_EQ(previous.value, 1u);
}

}  // namespace
}  // namespace mkemu
