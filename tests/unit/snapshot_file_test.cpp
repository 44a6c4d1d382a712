// Snapshot files: an encoded snapshot reads back equal; every truncation,
// a flipped bit anywhere and a wrong version are InputErrors that name the
// file and an offset, never a crash or a silently wrong machine.
#include <gtest/gtest.h>

#include <regex>

#include "platform/core/errors.h"
#include "tests/unit/trace_test_machine.h"
#include "traces/run_driver.h"
#include "traces/snapshot_file.h"

namespace mkemu::traces {
namespace {

SnapshotFile sample() {
  auto m = test::make_test_machine(2);
  InputQueue inputs({{900'000, InputKind::kSerial, 0, {'h', 'i'}}});
  RunLimits limits;
  limits.max_instructions = 5'000;
  drive_machine(*m, inputs, limits);
  SnapshotFile f;
  f.identity.options = {{"rom", "test.rom"}, {"mem", "2"}};
  f.identity.images = {{"rom", "test.rom", 65536, 0x1234}};
  f.snapshot = capture_snapshot(*m, &inputs);
  return f;
}

std::string error_of(std::span<const uint8_t> bytes) {
  try {
    decode_snapshot(bytes, "x.snap");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

bool names_offset(const std::string& message) {
  return std::regex_search(message, std::regex(R"(^x\.snap.*offset [0-9]+: )"));
}

TEST(SnapshotFile, RoundTripsEveryField) {
  SnapshotFile f = sample();
  SnapshotFile g = decode_snapshot(encode_snapshot(f), "x.snap");
  EXPECT_EQ(g.identity, f.identity);
  EXPECT_EQ(g.snapshot.cycles, f.snapshot.cycles);
  EXPECT_EQ(g.snapshot.instructions, 5'000u);
  EXPECT_EQ(g.snapshot.state_hash, f.snapshot.state_hash);
  EXPECT_EQ(g.snapshot.parts, f.snapshot.parts);
  ASSERT_EQ(g.snapshot.pending_inputs.size(), 1u);
  EXPECT_EQ(g.snapshot.pending_inputs[0], f.snapshot.pending_inputs[0]);
  ASSERT_EQ(g.snapshot.ram.page_count(), 512u);  // 2 MiB
  for (uint32_t i = 0; i < 512; ++i) {
    const auto* a = f.snapshot.ram.page(i);
    const auto* b = g.snapshot.ram.page(i);
    ASSERT_EQ(a == nullptr, b == nullptr) << "page " << i;
    if (a) {
      EXPECT_EQ(*a, *b) << "page " << i;
    }
  }
}

TEST(SnapshotFile, ZeroPagesCostNothing) {
  // 2 MiB of RAM, almost all zero: the file is a small fraction of it.
  EXPECT_LT(encode_snapshot(sample()).size(), 64u * 1024);
}

TEST(SnapshotFile, EveryTruncationIsAnErrorWithAnOffset) {
  std::vector<uint8_t> bytes = encode_snapshot(sample());
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string message = error_of(std::span(bytes).first(n));
    ASSERT_TRUE(names_offset(message)) << "length " << n << ": '" << message << "'";
  }
}

TEST(SnapshotFile, EveryFlippedBitIsAnError) {
  std::vector<uint8_t> bytes = encode_snapshot(sample());
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit : {0, 5}) {
      std::vector<uint8_t> bad = bytes;
      bad[i] ^= static_cast<uint8_t>(1u << bit);
      std::string message = error_of(bad);
      ASSERT_TRUE(names_offset(message))
          << "byte " << i << " bit " << bit << ": '" << message << "'";
    }
  }
}

TEST(SnapshotFile, WrongVersionIsNamed) {
  std::vector<uint8_t> bytes = encode_snapshot(sample());
  bytes[8] = 2;  // version field (little-endian u32 at offset 8)
  EXPECT_NE(error_of(bytes).find("offset 8: snapshot format version 2"), std::string::npos)
      << error_of(bytes);
}

TEST(SnapshotFile, NotASnapshot) {
  std::string text = "#!/bin/sh\necho hello\n";
  EXPECT_NE(error_of({reinterpret_cast<const uint8_t*>(text.data()), text.size()})
                .find("offset 0: not an mkemu snapshot"),
            std::string::npos);
}

TEST(SnapshotFile, TrailingGarbageIsAnError) {
  std::vector<uint8_t> bytes = encode_snapshot(sample());
  bytes.push_back(0);
  EXPECT_TRUE(names_offset(error_of(bytes))) << error_of(bytes);
}

}  // namespace
}  // namespace mkemu::traces
