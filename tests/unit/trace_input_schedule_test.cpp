// The --input schedule text format (docs/trace-format.md): what each line
// means, and errors that name the file and line.
#include <gtest/gtest.h>

#include "platform/core/errors.h"
#include "traces/input_schedule.h"

namespace mkemu::traces {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_input_schedule(text, "in.txt");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(InputSchedule, ParsesEveryKind) {
  auto inputs = parse_input_schedule(
      "# typed at chosen cycles\n"
      "1000 serial \"ls\\r\\n\"\n"
      "\n"
      "  0x10 serial-hex 71 0D   # q, CR\n"
      "2000 poke 0x10104 09 90\r\n",
      "in.txt");
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_EQ(inputs[0], (ExternalInput{1000, InputKind::kSerial, 0, {'l', 's', '\r', '\n'}}));
  EXPECT_EQ(inputs[1], (ExternalInput{16, InputKind::kSerial, 0, {0x71, 0x0D}}));
  EXPECT_EQ(inputs[2], (ExternalInput{2000, InputKind::kPoke, 0x10104, {0x09, 0x90}}));
}

TEST(InputSchedule, StringEscapes) {
  auto inputs = parse_input_schedule(R"(5 serial "a\tb\\c\"d\x7f\0")", "in.txt");
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(inputs[0].bytes, (std::vector<uint8_t>{'a', '\t', 'b', '\\', 'c', '"', 'd', 0x7f, 0}));
}

TEST(InputSchedule, ErrorsNameFileAndLine) {
  EXPECT_EQ(error_of("1 serial \"a\"\nx serial \"b\"\n"), "in.txt:2: bad cycle 'x'");
  EXPECT_EQ(error_of("5 keyboard 1c\n"),
            "in.txt:1: unknown input kind 'keyboard' (serial, serial-hex or poke)");
  EXPECT_EQ(error_of("5 serial \"abc\n"), "in.txt:1: unterminated string");
  EXPECT_EQ(error_of("5 serial-hex 1 2\n"),
            "in.txt:1: expected a hex byte (two hex digits), got '1'");
  EXPECT_EQ(error_of("5 serial \"\\q\"\n"), "in.txt:1: unknown escape \\q");
  EXPECT_EQ(error_of("5 poke 0x100000000 00\n"), "in.txt:1: address '0x100000000' is too large");
  EXPECT_EQ(error_of("5 poke 0xffffffff 00 00\n"),
            "in.txt:1: poke runs past the 4 GiB physical address space");
  EXPECT_EQ(error_of("99999999999999999999 serial \"a\"\n"),
            "in.txt:1: cycle '99999999999999999999' is too large");
  EXPECT_EQ(error_of("5 serial \"a\" extra\n"), "in.txt:1: unexpected text after the input");
  EXPECT_EQ(error_of("5\n"),
            "in.txt:1: missing input kind after the cycle (serial, serial-hex or poke)");
}

TEST(InputSchedule, FormatParsesBackEqual) {
  std::vector<ExternalInput> inputs = {{7, InputKind::kSerial, 0, {0, 1, 255}},
                                       {9, InputKind::kPoke, 0xFFFF0, {0xCC}}};
  EXPECT_EQ(parse_input_schedule(format_input_schedule(inputs), "x"), inputs);
}

TEST(InputQueue, DeliversByCycleThenFileOrder) {
  InputQueue q({{30, InputKind::kSerial, 0, {'c'}},
                {10, InputKind::kSerial, 0, {'a'}},
                {30, InputKind::kSerial, 0, {'d'}},
                {20, InputKind::kSerial, 0, {'b'}}});
  std::string order;
  while (!q.empty()) order += static_cast<char>(q.pop().bytes[0]);
  EXPECT_EQ(order, "abcd");
  EXPECT_EQ(q.next_cycle(), UINT64_MAX);
}

}  // namespace
}  // namespace mkemu::traces
