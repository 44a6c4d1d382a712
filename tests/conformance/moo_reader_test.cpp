// The MOO reader against a real file of the 80286 set (values decoded by hand
// from ../shared/conformance/sst286/v1_real_mode/CC.MOO.gz) and against
// malformed inputs, which must raise InputError naming the offset.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "tests/conformance/moo_reader.h"

#ifndef MKEMU_SHARED_DIR
#error "MKEMU_SHARED_DIR must name the shared/ folder"
#endif

namespace mkemu::moo {
namespace {

const std::string kInt3File =
    std::string(MKEMU_SHARED_DIR) + "/conformance/sst286/v1_real_mode/CC.MOO.gz";

// A little-endian builder for synthetic files.
struct Bytes {
  std::vector<uint8_t> b;
  Bytes& u8(uint8_t v) {
    b.push_back(v);
    return *this;
  }
  Bytes& u16(uint16_t v) { return u8(v & 0xFF).u8(v >> 8); }
  Bytes& u32(uint32_t v) { return u16(v & 0xFFFF).u16(v >> 16); }
  Bytes& text(const char* s) {
    while (*s) u8(static_cast<uint8_t>(*s++));
    return *this;
  }
  Bytes& chunk(const char* id, const Bytes& payload) {
    text(id).u32(static_cast<uint32_t>(payload.b.size()));
    b.insert(b.end(), payload.b.begin(), payload.b.end());
    return *this;
  }
};

Bytes header(uint32_t tests) {
  return Bytes().u8(1).u8(0).u16(0).u32(tests).text("C286");
}

Bytes minimal_test(const Bytes& ram) {
  Bytes regs = Bytes().u16(0x1000).u16(0x1234);  // IP only
  Bytes init = Bytes().chunk("REGS", regs).chunk("RAM ", ram);
  Bytes fina = Bytes().chunk("REGS", Bytes().u16(0));
  return Bytes().u32(7).chunk("INIT", init).chunk("FINA", fina);
}

TEST(MooReader, ReadsTheFirstInt3Test) {
  if (!std::filesystem::exists(kInt3File)) GTEST_SKIP() << "no conformance data at " << kInt3File;
  File f = parse(read_maybe_gzip(kInt3File), kInt3File);
  EXPECT_EQ(f.cpu_id, "C286");
  ASSERT_EQ(f.tests.size(), 50u);
  ASSERT_TRUE(f.meta.has_value());
  EXPECT_EQ(f.meta->opcode, 0xCCu);
  const TestCase& t = f.tests[0];
  EXPECT_EQ(t.name, "lock int3");
  EXPECT_EQ(t.bytes, (std::vector<uint8_t>{0xF0, 0xCC, 0xF4}));
  ASSERT_TRUE(t.initial.regs.has_value());
  EXPECT_EQ(t.initial.regs->value[kAx], 6844u);
  EXPECT_EQ(t.initial.regs->value[kFlags], 32918u);
  EXPECT_EQ(t.initial.ram.size(), 18u);
  ASSERT_TRUE(t.final.regs.has_value());
  EXPECT_TRUE(t.final.regs->has(kCs));
  EXPECT_FALSE(t.final.regs->has(kAx));
  EXPECT_EQ(t.final.regs->value[kIp], 22577u);
  ASSERT_TRUE(t.exception.has_value());
  EXPECT_EQ(t.exception->vector, 3);
  EXPECT_EQ(t.hash_hex(), "cece2a635489c3dea95ba4a2a25c7a374f61e4c4");
}

TEST(MooReader, ParsesASyntheticFile) {
  Bytes ram = Bytes().u32(1).u32(0x12345).u8(0xAB);
  Bytes file = Bytes().chunk("MOO ", header(1)).chunk("TEST", minimal_test(ram));
  File f = parse(file.b, "synthetic");
  ASSERT_EQ(f.tests.size(), 1u);
  EXPECT_EQ(f.tests[0].index, 7u);
  EXPECT_EQ(f.tests[0].initial.regs->value[kIp], 0x1234u);
  ASSERT_EQ(f.tests[0].initial.ram.size(), 1u);
  EXPECT_EQ(f.tests[0].initial.ram[0].address, 0x12345u);
  EXPECT_EQ(f.tests[0].initial.ram[0].value, 0xAB);
}

void expect_rejected(const std::vector<uint8_t>& bytes, const char* what) {
  try {
    parse(bytes, "bad.moo");
    ADD_FAILURE() << "accepted: " << what;
  } catch (const InputError& e) {
    EXPECT_NE(std::strstr(e.what(), "bad.moo: offset "), nullptr) << e.what();
  }
}

TEST(MooReader, RejectsMalformedInput) {
  Bytes ram = Bytes().u32(1).u32(0).u8(0);
  Bytes good = Bytes().chunk("MOO ", header(1)).chunk("TEST", minimal_test(ram));
  expect_rejected({}, "empty");
  expect_rejected(Bytes().chunk("META", header(1)).b, "no MOO header");
  std::vector<uint8_t> truncated(good.b.begin(), good.b.end() - 3);
  expect_rejected(truncated, "truncated chunk");
  expect_rejected(Bytes().chunk("MOO ", header(2)).chunk("TEST", minimal_test(ram)).b,
                  "fewer tests than declared");
  expect_rejected(Bytes().chunk("MOO ", header(0)).chunk("TEST", minimal_test(ram)).b,
                  "more tests than declared");
  Bytes bad_ram = Bytes().u32(2).u32(0).u8(0);  // count 2, one entry
  expect_rejected(Bytes().chunk("MOO ", header(1)).chunk("TEST", minimal_test(bad_ram)).b,
                  "RAM count");
  Bytes bad_regs = Bytes().u32(1).chunk(
      "INIT", Bytes().chunk("REGS", Bytes().u16(0x8000).u16(0)));  // bit 15: no such register
  expect_rejected(Bytes().chunk("MOO ", header(1)).chunk("TEST", bad_regs).b, "register mask");
  Bytes no_final = Bytes().u32(1).chunk("INIT", Bytes().chunk("REGS", Bytes().u16(0)));
  expect_rejected(Bytes().chunk("MOO ", header(1)).chunk("TEST", no_final).b, "no FINA");
}

}  // namespace
}  // namespace mkemu::moo
