// GDB remote protocol framing (GDB manual, "Remote Protocol" > "Overview"):
// $payload#checksum with the checksum the modulo-256 sum of the payload as
// two hex digits, '+'/'-' acknowledgements, 0x03 to interrupt, '}' escapes
// (the escaped byte XOR 0x20).
#include <gtest/gtest.h>

#include "frontend/gdb/gdb_packet.h"

namespace mkemu {
namespace {

std::vector<GdbInput> feed(std::string_view bytes) {
  GdbPacketReader reader;
  std::vector<GdbInput> out;
  reader.feed(bytes, out);
  return out;
}

TEST(GdbPacket, FramesWithModulo256Checksum) {
  // 'O' + 'K' = 0x4F + 0x4B = 0x9A.
  EXPECT_EQ(gdb_frame("OK"), "$OK#9a");
  EXPECT_EQ(gdb_frame(""), "$#00");
  // 'g' = 0x67.
  EXPECT_EQ(gdb_frame("g"), "$g#67");
}

TEST(GdbPacket, EscapesSpecialBytesInReplies) {
  // '#' (0x23) goes out as '}' (0x7D) then 0x03; the checksum covers the escaped bytes.
  std::string framed = gdb_frame("#");
  EXPECT_EQ(framed.substr(0, 3), std::string("$}") + char(0x03));
  EXPECT_EQ(framed.substr(4), "80");  // 0x7D + 0x03 = 0x80
}

TEST(GdbPacket, ReadsAGoodPacket) {
  auto in = feed("$g#67");
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].kind, GdbInput::Kind::kPacket);
  EXPECT_EQ(in[0].payload, "g");
}

TEST(GdbPacket, ChecksumDigitsAreCaseInsensitive) {
  auto in = feed("$OK#9A");
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].kind, GdbInput::Kind::kPacket);
}

TEST(GdbPacket, ReportsABadChecksum) {
  auto in = feed("$g#68$g#zz");
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0].kind, GdbInput::Kind::kBadChecksum);
  EXPECT_EQ(in[1].kind, GdbInput::Kind::kBadChecksum);
}

TEST(GdbPacket, AcksInterruptsAndNoise) {
  auto in = feed("+garbage-\x03$?#3f");
  ASSERT_EQ(in.size(), 4u);
  EXPECT_EQ(in[0].kind, GdbInput::Kind::kAck);
  EXPECT_EQ(in[1].kind, GdbInput::Kind::kNak);
  EXPECT_EQ(in[2].kind, GdbInput::Kind::kInterrupt);
  EXPECT_EQ(in[3].kind, GdbInput::Kind::kPacket);
  EXPECT_EQ(in[3].payload, "?");
}

TEST(GdbPacket, TruncatedPacketCompletesWhenTheRestArrives) {
  GdbPacketReader reader;
  std::vector<GdbInput> out;
  reader.feed("$m100,", out);
  EXPECT_TRUE(out.empty());
  reader.feed("4#", out);
  EXPECT_TRUE(out.empty());
  reader.feed("5", out);
  EXPECT_TRUE(out.empty());
  // "m100,4" sums to 0x6d+0x31+0x30+0x30+0x2c+0x34 = 0x15e -> 0x5e.
  reader.feed("e", out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, "m100,4");
}

TEST(GdbPacket, ANewDollarRestartsAnUnfinishedPacket) {
  auto in = feed("$garbage$g#67");
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].payload, "g");
}

TEST(GdbPacket, OversizedPacketIsDroppedWithBoundedMemory) {
  std::string big = "$" + std::string(kGdbMaxPacket * 4, 'a') + "#00$g#67";
  auto in = feed(big);
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0].kind, GdbInput::Kind::kOversized);
  EXPECT_EQ(in[1].payload, "g");
}

TEST(GdbPacket, UnescapesBinaryData) {
  std::string out;
  ASSERT_TRUE(gdb_unescape(std::string("a}") + char(0x5d) + "b", out));
  EXPECT_EQ(out, "a}b");  // 0x5D ^ 0x20 = 0x7D
  EXPECT_FALSE(gdb_unescape("abc}", out));
}

TEST(GdbPacket, HexHelpersAreStrict) {
  std::string bytes;
  EXPECT_TRUE(from_hex("00ff7A", bytes));
  EXPECT_EQ(bytes, std::string("\x00\xff\x7a", 3));
  EXPECT_FALSE(from_hex("0", bytes));
  EXPECT_FALSE(from_hex("zz", bytes));
  uint64_t v = 0;
  EXPECT_TRUE(parse_hex_number("fffffff0", v));
  EXPECT_EQ(v, 0xFFFFFFF0u);
  EXPECT_FALSE(parse_hex_number("", v));
  EXPECT_FALSE(parse_hex_number("12345678901234567", v));
  EXPECT_FALSE(parse_hex_number("-1", v));
  EXPECT_EQ(to_hex_le(0x12345678, 4), "78563412");
}

}  // namespace
}  // namespace mkemu
