#pragma once
// Expressions in debugger commands: addresses (`x/4w esp+8`, `break
// kernel_main`) and breakpoint conditions (`if eax == 5 && cpl == 3`).
// C operators and precedence over 64-bit unsigned values; numbers are
// decimal or 0x-hex; names are registers or symbols (looked up by the
// caller); `SEG:OFF` at the top level forms a far address.
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mkemu {

class ExpressionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ExpressionContext {
  // Value of a register or symbol name (a leading '$' is stripped first).
  std::function<std::optional<uint64_t>(std::string_view name)> lookup;
  // Linear address of SEG:OFF; without it, SEG:OFF is an error.
  std::function<uint64_t(uint64_t seg, uint64_t off)> far_address;
};

// Throws ExpressionError naming what is wrong and where.
uint64_t evaluate_expression(std::string_view text, const ExpressionContext& context);

}  // namespace mkemu
