#include "frontend/debugger/expression.h"

#include <cctype>

namespace mkemu {
namespace {

// Recursive descent with precedence climbing over the binary operators.
class Parser {
 public:
  Parser(std::string_view text, const ExpressionContext& context)
      : text_(text), context_(context) {}

  uint64_t parse_all() {
    uint64_t value = binary(0);
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ':') {
      ++pos_;
      uint64_t offset = binary(0);
      if (!context_.far_address) fail("SEG:OFF is not allowed here");
      value = context_.far_address(value, offset);
    }
    skip_space();
    if (pos_ != text_.size()) fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw ExpressionError("in expression '" + std::string(text_) + "' at column " +
                          std::to_string(pos_ + 1) + ": " + what);
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool take(std::string_view op) {
    skip_space();
    if (text_.substr(pos_, op.size()) != op) return false;
    pos_ += op.size();
    return true;
  }

  struct Op {
    std::string_view text;
    int precedence;
  };
  // Longest operators first so that "<=" is not read as "<".
  static constexpr Op kOps[] = {{"||", 1}, {"&&", 2}, {"==", 6}, {"!=", 6}, {"<=", 7}, {">=", 7},
                                {"<<", 8}, {">>", 8}, {"|", 3},  {"^", 4},  {"&", 5},  {"<", 7},
                                {">", 7},  {"+", 9},  {"-", 9},  {"*", 10}, {"/", 10}, {"%", 10}};

  const Op* peek_op() {
    skip_space();
    for (const Op& op : kOps) {
      if (text_.substr(pos_, op.text.size()) == op.text) return &op;
    }
    return nullptr;
  }

  uint64_t binary(int min_precedence) {
    if (++depth_ > 64) fail("expression nested too deeply");
    uint64_t left = unary();
    for (;;) {
      const Op* op = peek_op();
      if (!op || op->precedence < min_precedence) break;
      pos_ += op->text.size();
      uint64_t right = binary(op->precedence + 1);
      left = apply(op->text, left, right);
    }
    --depth_;
    return left;
  }

  uint64_t apply(std::string_view op, uint64_t a, uint64_t b) {
    if (op == "||") return (a || b) ? 1 : 0;
    if (op == "&&") return (a && b) ? 1 : 0;
    if (op == "==") return a == b;
    if (op == "!=") return a != b;
    if (op == "<=") return a <= b;
    if (op == ">=") return a >= b;
    if (op == "<") return a < b;
    if (op == ">") return a > b;
    if (op == "<<") return b >= 64 ? 0 : a << b;
    if (op == ">>") return b >= 64 ? 0 : a >> b;
    if (op == "|") return a | b;
    if (op == "^") return a ^ b;
    if (op == "&") return a & b;
    if (op == "+") return a + b;
    if (op == "-") return a - b;
    if (op == "*") return a * b;
    if (b == 0) fail("division by zero");
    return op == "/" ? a / b : a % b;
  }

  uint64_t unary() {
    if (++depth_ > 64) fail("expression nested too deeply");
    uint64_t v;
    if (take("-")) {
      v = 0 - unary();
    } else if (take("~")) {
      v = ~unary();
    } else if (take("!")) {
      v = unary() ? 0 : 1;
    } else if (take("+")) {
      v = unary();
    } else {
      v = primary();
    }
    --depth_;
    return v;
  }

  uint64_t primary() {
    skip_space();
    if (pos_ >= text_.size()) fail("expected a value");
    if (take("(")) {
      uint64_t v = binary(0);
      if (!take(")")) fail("expected ')'");
      return v;
    }
    const char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c))) return number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.') {
      size_t start = pos_;
      if (c == '$') ++start;
      pos_ = start;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                     text_[pos_] == '_' || text_[pos_] == '.')) {
        ++pos_;
      }
      std::string_view name = text_.substr(start, pos_ - start);
      if (name.empty()) fail("expected a name after '$'");
      std::optional<uint64_t> v = context_.lookup ? context_.lookup(name) : std::nullopt;
      if (!v) fail("unknown register or symbol '" + std::string(name) + "'");
      return *v;
    }
    fail("unexpected '" + std::string(1, c) + "'");
  }

  uint64_t number() {
    unsigned base = 10;
    if (text_.substr(pos_, 2) == "0x" || text_.substr(pos_, 2) == "0X") {
      base = 16;
      pos_ += 2;
    }
    size_t start = pos_;
    uint64_t v = 0;
    while (pos_ < text_.size()) {
      int d = digit(text_[pos_]);
      if (d < 0 || static_cast<unsigned>(d) >= base) break;
      if (v > (UINT64_MAX - static_cast<unsigned>(d)) / base) fail("number too large");
      v = v * base + static_cast<unsigned>(d);
      ++pos_;
    }
    if (pos_ == start) fail("expected digits");
    if (pos_ < text_.size() && std::isalnum(static_cast<unsigned char>(text_[pos_]))) {
      fail("bad digit '" + std::string(1, text_[pos_]) + "' (hex needs 0x)");
    }
    return v;
  }

  static int digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  std::string_view text_;
  const ExpressionContext& context_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

uint64_t evaluate_expression(std::string_view text, const ExpressionContext& context) {
  return Parser(text, context).parse_all();
}

}  // namespace mkemu
