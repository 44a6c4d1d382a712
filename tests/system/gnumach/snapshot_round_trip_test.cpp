// Snapshot round trip over the GNU Mach hello boot (issue 7's acceptance):
// `mkemu run --snapshot-at N --snapshot-out F` in one process, `mkemu run
// --restore F --max-insns M --stats` in another, must end at the cycle count
// and state hash of a straight `mkemu run --max-insns M --stats`.
// The Ns are found, not fixed, so that a change of timing keeps them
// meaningful: besides plain points, the first instruction after a start
// where (a) the PIT's next event is pending and no interrupt is requested or
// in service, (b) the PIC requests an interrupt the CPU has not taken yet,
// (c) an interrupt is in service (its handler runs, the EOI is not written).
// Each condition is checked again on the snapshot file itself.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include <sys/wait.h>

#include "frontend/machine_setup.h"
#include "hello_machine.h"
#include "platform/devices/pic8259.h"
#include "traces/snapshot.h"
#include "traces/snapshot_file.h"

namespace mkemu {
namespace {

namespace fs = std::filesystem;

// Where the straight and restored runs stop: well into the boot, past the
// point where Mach's clock interrupt runs (about 0.55e9 instructions in all).
constexpr uint64_t kRunTo = 250'000'000;

struct Moment {
  uint64_t instructions = 0;
  uint64_t cycles = 0;
  uint64_t pit_deadline = kNever;     // the PIT's pending event, kNever if none
  uint8_t irr = 0, isr = 0, imr = 0;  // master PIC
  bool pic_requests = false;          // INT asserted: an IRQ waits for the CPU
  bool interrupts_enabled = false;

  bool pit_pending() const { return pit_deadline != kNever && pit_deadline > cycles; }
  bool in_service() const { return isr != 0; }
  bool quiet_timer() const { return pit_pending() && !pic_requests && !in_service(); }
  std::string text() const {
    char line[200];
    std::snprintf(
        line, sizeof line,
        "instruction %llu, cycle %llu: PIT event %s, master PIC IRR %02x ISR %02x "
        "IMR %02x, INT %s, IF %d",
        static_cast<unsigned long long>(instructions), static_cast<unsigned long long>(cycles),
        pit_pending() ? ("due at cycle " + std::to_string(pit_deadline)).c_str() : "not pending",
        irr, isr, imr, pic_requests ? "asserted" : "clear", interrupts_enabled);
    return line;
  }
};

Moment inspect(const Machine& machine) {
  Moment m;
  m.instructions = machine.cpu.instructions_retired();
  m.cycles = machine.clock.cycles;
  for (TimerId id = 0; id < machine.scheduler.size(); ++id) {
    if (machine.scheduler.name(id) == "pit-irq0") m.pit_deadline = machine.scheduler.deadline(id);
  }
  const Pic8259Chip& master = machine.pic()->master();
  m.irr = master.irr;
  m.isr = master.isr;
  m.imr = master.imr;
  m.pic_requests = machine.pic()->int_output();
  m.interrupts_enabled = machine.cpu.interrupts_enabled();
  return m;
}

struct Command {
  int status = -1;
  std::string output;  // stdout and stderr
};

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Command run_mkemu(const std::vector<std::string>& args) {
  std::string line = quoted(MKEMU_BINARY);
  for (const std::string& a : args) line += " " + quoted(a);
  Command c;
  FILE* pipe = popen((line + " 2>&1").c_str(), "r");
  if (!pipe) return c;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) c.output.append(buffer, n);
  int raw = pclose(pipe);
  c.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return c;
}

// "instructions N, cycles N, ..., state hash H" from --stats.
std::string end_state(const Command& c) {
  static const std::regex stats("instructions ([0-9]+), cycles ([0-9]+), .*state hash ([0-9a-f]+)");
  std::smatch m;
  if (!std::regex_search(c.output, m, stats)) return "(no stats line in: " + c.output + ")";
  return "instructions " + m[1].str() + ", cycles " + m[2].str() + ", state hash " + m[3].str();
}

class SnapshotRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(MKEMU_GNUMACH_KERNEL))
      GTEST_SKIP() << "GNU Mach kernel not found at " << MKEMU_GNUMACH_KERNEL;
    work_ = fs::path(MKEMU_WORK_DIR);
    fs::create_directories(work_);
  }

  std::vector<std::string> boot_args() const {
    return hello_arguments(MKEMU_GNUMACH_KERNEL, MKEMU_GNUMACH_HELLO);
  }

  // Runs the boot in-process to `from`, then one instruction at a time
  // (at most `window`) until `wanted` holds.
  static Moment find(uint64_t from, uint64_t window,
                     const std::function<bool(const Moment&)>& wanted) {
    BootedMachine booted = build_and_boot(hello_options(MKEMU_GNUMACH_KERNEL, MKEMU_GNUMACH_HELLO));
    Machine& machine = *booted.machine;
    RunLimits limits;
    limits.max_instructions = from;
    EXPECT_EQ(machine.run(limits).stop, MachineStop::kLimit);
    for (uint64_t i = 0; i < window; ++i) {
      Moment now = inspect(machine);
      if (wanted(now)) return now;
      limits.max_instructions = now.instructions + 1;
      if (machine.run(limits).stop != MachineStop::kLimit) break;
    }
    ADD_FAILURE() << "no such instruction in [" << from << ", " << from + window << ")";
    return {};
  }

  // Snapshot at n in one process, restore and run to kRunTo in another;
  // returns what the snapshot file holds, restored into a fresh machine.
  Moment round_trip(uint64_t n, const std::string& straight) {
    std::string file = (work_ / ("at_" + std::to_string(n) + ".snap")).string();
    std::vector<std::string> take = boot_args();
    take.insert(take.begin(), "run");
    take.insert(take.end(), {"--snapshot-at", std::to_string(n), "--snapshot-out", file,
                             "--max-insns", std::to_string(n)});
    Command taken = run_mkemu(take);
    EXPECT_EQ(taken.status, 6) << taken.output;  // 6: stopped at --max-insns

    traces::SnapshotFile snapshot = traces::read_snapshot_file(file);
    BootedMachine fresh = build_and_boot(hello_options(MKEMU_GNUMACH_KERNEL, MKEMU_GNUMACH_HELLO));
    traces::restore_snapshot(*fresh.machine, snapshot.snapshot, nullptr, file);
    Moment held = inspect(*fresh.machine);

    Command restored = run_mkemu({"run", "--restore", file, "--serial", "none", "--max-insns",
                                  std::to_string(kRunTo), "--stats"});
    EXPECT_EQ(restored.status, 6) << restored.output;
    EXPECT_EQ(end_state(restored), straight) << "snapshot at instruction " << n;
    std::printf("snapshot at %s\n  restored run: %s\n", held.text().c_str(),
                end_state(restored).c_str());
    return held;
  }

  fs::path work_;
};

TEST_F(SnapshotRoundTrip, RestoredRunsEndLikeAStraightRun) {
  std::vector<std::string> straight_args = boot_args();
  straight_args.insert(straight_args.begin(), "run");
  straight_args.insert(straight_args.end(), {"--max-insns", std::to_string(kRunTo), "--stats"});
  Command straight = run_mkemu(straight_args);
  ASSERT_EQ(straight.status, 6) << straight.output;
  std::string expected = end_state(straight);
  ASSERT_EQ(expected.rfind("instructions " + std::to_string(kRunTo) + ",", 0), 0u) << expected;
  std::printf("straight run: %s\n", expected.c_str());

  // Plain points: the first instructions (protected mode, paging off) and the
  // middle of the kernel's start-up.
  round_trip(1'000, expected);
  round_trip(60'000'000, expected);

  Moment timer = find(120'000'000, 2'000'000, [](const Moment& m) { return m.quiet_timer(); });
  Moment held = round_trip(timer.instructions, expected);
  EXPECT_TRUE(held.quiet_timer()) << held.text();

  Moment requested = find(150'000'000, 20'000'000, [](const Moment& m) { return m.pic_requests; });
  held = round_trip(requested.instructions, expected);
  EXPECT_TRUE(held.pic_requests) << held.text();

  Moment in_service = find(200'000'000, 20'000'000, [](const Moment& m) { return m.in_service(); });
  held = round_trip(in_service.instructions, expected);
  EXPECT_TRUE(held.in_service()) << held.text();
}

}  // namespace
}  // namespace mkemu
