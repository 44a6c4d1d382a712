// Record and replay on the test ROM: a replay verifies; a RAM patch injected
// at a known cycle (not in the recording) makes --verify report the
// interval and the patched page, and with instruction records the exact
// instruction and its bytes; typed serial input replays to the same output.
#include <gtest/gtest.h>

#include "tests/unit/trace_test_machine.h"
#include "traces/recorder.h"
#include "traces/replayer.h"
#include "traces/trace_dump.h"

namespace mkemu::traces {
namespace {

constexpr uint64_t kInstructions = 80'000;

struct Recording {
  std::vector<uint8_t> file;
  std::string serial;
  RecordSummary summary;
};

Recording record(const std::vector<ExternalInput>& schedule, bool insns, uint64_t interval,
                 uint64_t instructions = kInstructions) {
  Recording r;
  auto m = test::make_test_machine();
  m->on_output = [&r](OutputChannel channel, uint8_t byte) {
    if (channel == OutputChannel::kSerial) r.serial += static_cast<char>(byte);
  };
  TraceEncoder encoder(
      [&r](std::span<const uint8_t> b) { r.file.insert(r.file.end(), b.begin(), b.end()); });
  InputQueue inputs(schedule);
  RecordSettings settings;
  settings.checkpoint_interval = interval;
  settings.instructions = insns;
  RunLimits limits;
  limits.max_instructions = instructions;
  MachineIdentity identity;
  identity.options = {{"rom", "test"}};
  r.summary =
      record_run(*m, identity, settings, inputs, limits,
                 [&encoder](RecordType t, std::span<const uint8_t> b) { encoder.add(t, b); });
  encoder.flush();
  return r;
}

ReplayOutcome replay(const Recording& r, std::vector<ExternalInput> injections = {},
                     std::string* serial = nullptr) {
  TraceContents trace = read_trace(r.file, "run.mkt");
  auto m = test::make_test_machine();
  if (serial) {
    m->on_output = [serial](OutputChannel channel, uint8_t byte) {
      if (channel == OutputChannel::kSerial) *serial += static_cast<char>(byte);
    };
  }
  ReplaySettings settings;
  settings.verify = true;
  settings.injections = std::move(injections);
  settings.disassemble = [](std::span<const uint8_t> bytes, uint32_t, bool) {
    return "<" + std::to_string(bytes.size()) + " bytes>";
  };
  return replay_run(*m, trace, settings);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(TraceReplay, ARecordingReplaysWithEveryCheckpointMatching) {
  Recording r = record({}, false, 10'000);
  EXPECT_EQ(r.summary.result.stop, MachineStop::kLimit);
  EXPECT_EQ(r.summary.checkpoints, 9u);  // instruction 0, 10'000 ... 80'000
  ReplayOutcome out = replay(r);
  EXPECT_FALSE(out.diverged) << out.report;
  EXPECT_EQ(out.checkpoints_verified, 9u);
}

TEST(TraceReplay, TypedSerialInputReplaysToTheSameOutput) {
  // The program echoes what it receives: the typed text must come back. At
  // the UART's reset divisor (9600 baud) a character takes about 104'000
  // cycles, so the run is long enough for all seven.
  std::vector<ExternalInput> schedule = {{30'000, InputKind::kSerial, 0, {'h', 'e', 'l', 'l', 'o'}},
                                         {120'000, InputKind::kSerial, 0, {'!', '\r'}}};
  Recording r = record(schedule, false, 50'000, 400'000);
  EXPECT_EQ(r.serial, "hello!\r");
  EXPECT_EQ(r.summary.inputs, 2u);
  std::string replayed;
  ReplayOutcome out = replay(r, {}, &replayed);
  EXPECT_FALSE(out.diverged) << out.report;
  EXPECT_EQ(replayed, "hello!\r");
}

TEST(TraceReplay, APatchedInstructionIsReportedByIntervalAndPage) {
  Recording r = record({}, false, 10'000);
  // Patch the immediate of "add word [0x506], 7" (RAM copy of the code) at
  // cycle 100'000: the replay must diverge after that cycle.
  ReplayOutcome out = replay(r, {{100'000, InputKind::kPoke, test::kMainLoop + 4, {0x09}}});
  ASSERT_TRUE(out.diverged);
  TraceContents trace = read_trace(r.file, "run.mkt");
  // The interval is the first checkpoint after cycle 100'000 and the one before it.
  size_t k = 0;
  while (trace.checkpoints[k].cycles < 100'000) ++k;
  EXPECT_TRUE(contains(out.report, "first mismatching checkpoint " + std::to_string(k)))
      << out.report;
  EXPECT_TRUE(
      contains(out.report, "instruction " + std::to_string(trace.checkpoints[k - 1].instructions)))
      << out.report;
  // The code page and the data page (0x506 is on page 0) differ.
  EXPECT_TRUE(contains(out.report, "RAM page 0x00010000-0x00010fff differs")) << out.report;
  EXPECT_TRUE(contains(out.report, "RAM page 0x00000000-0x00000fff differs")) << out.report;
  EXPECT_EQ(out.checkpoints_verified, k);
}

TEST(TraceReplay, WithInstructionRecordsTheExactInstructionAndValuesAreNamed) {
  Recording r = record({}, true, 20'000);
  EXPECT_EQ(r.summary.instructions_recorded, kInstructions);
  ReplayOutcome out = replay(r, {{100'000, InputKind::kPoke, test::kMainLoop + 4, {0x09}}});
  ASSERT_TRUE(out.diverged);
  // The first execution of the patched instruction: EIP kMainLoop with the new bytes.
  EXPECT_TRUE(contains(out.report, "first divergent instruction")) << out.report;
  EXPECT_TRUE(contains(out.report, "0x00010058  83 06 06 05 07")) << out.report;
  EXPECT_TRUE(contains(out.report, "0x00010058  83 06 06 05 09")) << out.report;
  EXPECT_TRUE(
      contains(out.report, "instruction bytes: recorded 83 06 06 05 07, replay 83 06 06 05 09"))
      << out.report;
  // 7 vs 9 added to the word at 0x506: the memory write differs by 2.
  EXPECT_TRUE(contains(out.report, "memory write 1: recorded write 0x00000506")) << out.report;
}

TEST(TraceReplay, ARegisterDifferenceIsNamed) {
  // Patch "mov dx,0x3fd" (ba fd 03 at kMainLoop + 9) to load 0x3fc: at the
  // next checkpoint EDX differs and the report names it with both values.
  Recording r = record({}, false, 10'000);
  ReplayOutcome out = replay(r, {{100'000, InputKind::kPoke, test::kMainLoop + 10, {0xfc}}});
  ASSERT_TRUE(out.diverged);
  EXPECT_TRUE(contains(out.report, "cpu register edx: recorded 0x000003fd, replay 0x000003fc"))
      << out.report;
}

TEST(TraceDiff, IdenticalRecordingsMatchAndAPatchedRunDiffers) {
  Recording a = record({}, true, 20'000);
  Recording b = record({}, true, 20'000);
  EXPECT_EQ(a.file, b.file) << "recording is not deterministic";
  TraceContents ta = read_trace(a.file, "a.mkt");
  TraceDiff same = diff_traces(ta, read_trace(b.file, "b.mkt"), {});
  EXPECT_FALSE(same.differ) << same.report;
  Recording c = record({{100'000, InputKind::kPoke, test::kMainLoop + 4, {0x09}}}, true, 20'000);
  TraceDiff d = diff_traces(ta, read_trace(c.file, "c.mkt"), {});
  EXPECT_TRUE(d.differ);
  // The poke is an input only in C: with instruction records the first
  // difference is where C's patched instruction first runs.
  EXPECT_TRUE(contains(d.report, "first divergent instruction record")) << d.report;
  EXPECT_TRUE(contains(d.report, "instruction bytes: A 83 06 06 05 07, B 83 06 06 05 09"))
      << d.report;
}

TEST(TraceDump, ListsRecordsWithFilters) {
  Recording r = record({{30'000, InputKind::kSerial, 0, {'o', 'k'}}}, true, 40'000, 120'000);
  std::vector<std::string> lines;
  DumpFilter f;
  f.from = 100;
  f.to = 102;
  f.header = f.checkpoints = f.output = f.end = f.inputs = false;
  dump_trace(r.file, "run.mkt", f, {}, [&](const std::string& l) { lines.push_back(l); });
  size_t instructions = 0;
  for (const std::string& l : lines) instructions += l.rfind("#", 0) == 0;
  EXPECT_EQ(instructions, 3u);
  lines.clear();
  DumpFilter ports;
  ports.port = 0x3F8;  // the echo's OUT and the receive IN
  ports.header = ports.checkpoints = ports.output = ports.end = ports.inputs = false;
  dump_trace(r.file, "run.mkt", ports, {}, [&](const std::string& l) { lines.push_back(l); });
  std::string all;
  for (const std::string& l : lines) all += l + "\n";
  EXPECT_TRUE(contains(all, "in port 0x03f8 size 1 -> 0x6f")) << all;  // 'o' received
  EXPECT_TRUE(contains(all, "out port 0x03f8 size 1 = 0x6b")) << all;  // 'k' echoed
}

}  // namespace
}  // namespace mkemu::traces
