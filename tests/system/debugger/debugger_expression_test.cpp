// Console expressions follow C's operators and precedence (ISO C 6.5).
#include <gtest/gtest.h>

#include "frontend/debugger/expression.h"

namespace mkemu {
namespace {

uint64_t eval(std::string_view text) {
  ExpressionContext context;
  context.lookup = [](std::string_view name) -> std::optional<uint64_t> {
    if (name == "eax") return 5;
    if (name == "kernel_main") return 0x100078;
    return std::nullopt;
  };
  context.far_address = [](uint64_t seg, uint64_t off) { return (seg << 4) + off; };
  return evaluate_expression(text, context);
}

TEST(DebuggerExpression, NumbersAreDecimalOrHex) {
  EXPECT_EQ(eval("10"), 10u);
  EXPECT_EQ(eval("0x10"), 16u);
  EXPECT_EQ(eval("0XfF"), 255u);
  EXPECT_THROW(eval("10abc"), ExpressionError);
  EXPECT_THROW(eval("0x"), ExpressionError);
  EXPECT_THROW(eval("99999999999999999999999"), ExpressionError);
}

TEST(DebuggerExpression, PrecedenceFollowsC) {
  EXPECT_EQ(eval("2 + 3 * 4"), 14u);
  EXPECT_EQ(eval("(2 + 3) * 4"), 20u);
  EXPECT_EQ(eval("1 << 4 + 1"), 32u);  // + binds tighter than <<
  EXPECT_EQ(eval("6 & 3 == 3"), 0u);   // == binds tighter than &
  EXPECT_EQ(eval("1 || 0 && 0"), 1u);  // && binds tighter than ||
  EXPECT_EQ(eval("10 - 4 - 3"), 3u);   // left associative
  EXPECT_EQ(eval("-1"), UINT64_MAX);
  EXPECT_EQ(eval("!0 + ~0 + 1"), 1u);
  EXPECT_EQ(eval("7 % 4"), 3u);
}

TEST(DebuggerExpression, ComparisonsAndLogic) {
  EXPECT_EQ(eval("eax == 5"), 1u);
  EXPECT_EQ(eval("eax != 5 || eax >= 5"), 1u);
  EXPECT_EQ(eval("eax < 5"), 0u);
  EXPECT_EQ(eval("eax <= 5 && eax > 4"), 1u);
}

TEST(DebuggerExpression, NamesAndFarAddresses) {
  EXPECT_EQ(eval("$eax + 1"), 6u);
  EXPECT_EQ(eval("kernel_main + 0x10"), 0x100088u);
  EXPECT_EQ(eval("0xf000:0xfff0"), 0xFFFF0u);
  EXPECT_THROW(eval("nosuch"), ExpressionError);
}

TEST(DebuggerExpression, ErrorsNameTheProblem) {
  try {
    eval("1 +");
    FAIL();
  } catch (const ExpressionError& e) {
    EXPECT_NE(std::string(e.what()).find("expected a value"), std::string::npos);
  }
  EXPECT_THROW(eval("1 / 0"), ExpressionError);
  EXPECT_THROW(eval("(1"), ExpressionError);
  EXPECT_THROW(eval("1 2"), ExpressionError);
  EXPECT_THROW(eval(""), ExpressionError);
  EXPECT_THROW(eval(std::string(10000, '(')), ExpressionError);  // bounded nesting
  EXPECT_THROW(eval(std::string(10000, '-') + "1"), ExpressionError);
}

}  // namespace
}  // namespace mkemu
