// Snapshot round trips (DESIGN.md invariant 3): a snapshot taken at
// instruction N, written to bytes, read back and restored into a freshly
// built machine, then run to M, gives the state hash of a straight run to M.
// The reference is always a straight run of the same program, never a
// stored value.
#include <gtest/gtest.h>

#include "platform/core/errors.h"
#include "tests/unit/trace_test_machine.h"
#include "traces/run_driver.h"
#include "traces/snapshot_file.h"
#include "traces/snapshot_ring.h"

namespace mkemu::traces {
namespace {

using test::make_test_machine;

constexpr uint64_t kEnd = 60'000;

RunLimits to(uint64_t instructions) {
  RunLimits limits;
  limits.max_instructions = instructions;
  return limits;
}

uint64_t straight_run_hash(uint64_t instructions, std::vector<ExternalInput> schedule = {}) {
  auto m = make_test_machine();
  InputQueue inputs(std::move(schedule));
  EXPECT_EQ(drive_machine(*m, inputs, to(instructions)).stop, MachineStop::kLimit);
  EXPECT_EQ(m->cpu.instructions_retired(), instructions);
  return m->digest().total;
}

// Snapshot at n, through the file encoding, into a new machine, run on to kEnd.
uint64_t restored_run_hash(uint64_t n, std::vector<ExternalInput> schedule = {}) {
  std::vector<uint8_t> bytes;
  {
    auto m = make_test_machine();
    InputQueue inputs(std::move(schedule));
    drive_machine(*m, inputs, to(n));
    bytes = encode_snapshot({MachineIdentity{}, capture_snapshot(*m, &inputs)});
  }
  SnapshotFile file = decode_snapshot(bytes, "test.snap");
  auto fresh = make_test_machine();
  InputQueue inputs;
  restore_snapshot(*fresh, file.snapshot, &inputs, "test.snap");
  EXPECT_EQ(fresh->cpu.instructions_retired(), n);
  drive_machine(*fresh, inputs, to(kEnd));
  return fresh->digest().total;
}

TEST(SnapshotRoundTrip, TheProgramReallyTakesTimerInterrupts) {
  // Guards the tests below: the timer handler counts interrupts at 0x500.
  auto m = make_test_machine();
  InputQueue none;
  drive_machine(*m, none, to(kEnd));
  uint8_t ticks[2];
  m->memory.peek(0x500, ticks);
  EXPECT_GT(ticks[0] | ticks[1] << 8, 5);
}

TEST(SnapshotRoundTrip, RestoredRunsMatchAStraightRunAtSeveralPoints) {
  uint64_t reference = straight_run_hash(kEnd);
  for (uint64_t n : std::vector<uint64_t>{1, 17, 100, 1234, 9999, 30001, kEnd - 1}) {
    SCOPED_TRACE("snapshot at instruction " + std::to_string(n));
    EXPECT_EQ(restored_run_hash(n), reference);
  }
}

TEST(SnapshotRoundTrip, WhileTheTimerIsPendingAndAnInterruptIsInFlight) {
  // Find the first instruction boundary inside the timer handler (an
  // interrupt has been taken and not yet returned from), with the PIT's
  // next deadline armed in the scheduler.
  auto m = make_test_machine();
  InputQueue none;
  uint64_t n = 0;
  for (n = 1; n < kEnd; ++n) {
    drive_machine(*m, none, to(n));
    uint32_t eip = m->cpu.state().seg[kCs].base + m->cpu.state().eip;
    if (eip > test::kTimerHandler && eip <= test::kTimerHandlerEnd) break;
  }
  ASSERT_LT(n, kEnd) << "never stopped inside the timer handler";
  ASSERT_NE(m->scheduler.next_deadline(), kNever) << "no device timer pending";
  EXPECT_EQ(restored_run_hash(n), straight_run_hash(kEnd));
}

TEST(SnapshotRoundTrip, PendingSerialInputTravelsWithTheSnapshot) {
  std::vector<ExternalInput> schedule = {
      {20'000, InputKind::kSerial, 0, {'a', 'b', 'c'}},
      {150'000, InputKind::kSerial, 0, {'x', 'y'}},
  };
  uint64_t reference = straight_run_hash(kEnd, schedule);
  EXPECT_NE(reference, straight_run_hash(kEnd)) << "input had no effect";
  for (uint64_t n : std::vector<uint64_t>{10, 6000, 20000, 45000}) {
    SCOPED_TRACE("snapshot at instruction " + std::to_string(n));
    EXPECT_EQ(restored_run_hash(n, schedule), reference);
  }
}

TEST(SnapshotRing, ReverseToAnEarlierInstructionByRestoreAndReexecute) {
  auto m = make_test_machine();
  InputQueue none;
  SnapshotRing ring(4);
  for (uint64_t n = 0; n <= 40'000; n += 10'000) {
    drive_machine(*m, none, to(n));
    ring.capture(*m, &none);
  }
  EXPECT_EQ(ring.size(), 4u);  // the oldest (instruction 0) was dropped
  EXPECT_EQ(ring[0].instructions, 10'000u);
  // Go back to instruction 25'555: restore the snapshot at 20'000, re-execute.
  const MachineSnapshot* base = ring.at_or_before(25'555);
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->instructions, 20'000u);
  restore_snapshot(*m, *base, &none);
  drive_machine(*m, none, to(25'555));
  EXPECT_EQ(m->digest().total, straight_run_hash(25'555));
  EXPECT_EQ(ring.at_or_before(9'999), nullptr);
  // Later snapshots share unchanged RAM pages: far less than 4 full copies.
  EXPECT_LT(ring.ram_bytes(), 2 * m->memory.ram().size());
}

TEST(SnapshotRestore, RefusesAMachineOfAnotherSize) {
  auto small = make_test_machine(4);
  auto big = make_test_machine(8);
  MachineSnapshot snap = capture_snapshot(*small, nullptr);
  try {
    restore_snapshot(*big, snap, nullptr, "s.snap");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("s.snap: holds 4 MiB of RAM"), std::string::npos)
        << e.what();
  }
}

TEST(SnapshotRestore, RefusesPartsInAnotherOrder) {
  auto m = make_test_machine();
  MachineSnapshot snap = capture_snapshot(*m, nullptr);
  std::swap(snap.parts[0], snap.parts[1]);
  EXPECT_THROW(restore_snapshot(*m, snap, nullptr), InputError);
}

}  // namespace
}  // namespace mkemu::traces
