#include "tests/conformance/mini_json.h"

#include <cstdlib>

namespace mkemu::json {
namespace {

class Parser {
 public:
  Parser(std::string_view text, const std::string& origin) : s_(text), origin_(origin) {}

  Value document() {
    Value v = value(0);
    skip_space();
    if (pos_ != s_.size()) fail("trailing characters");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError::at(origin_, pos_, "JSON: " + what);
  }
  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t'))
      ++pos_;
  }
  char peek() {
    skip_space();
    if (pos_ >= s_.size()) fail("unexpected end");
    return s_[pos_];
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Value value(int depth) {
    if (depth > 64) fail("nesting too deep");
    Value v;
    char c = peek();
    if (c == '{') {
      v.kind = Value::Kind::kObject;
      ++pos_;
      if (peek() == '}') return ++pos_, v;
      for (;;) {
        if (peek() != '"') fail("expected a member name");
        std::string key = string_literal();
        expect(':');
        v.object[key] = value(depth + 1);
        if (peek() == ',') {
          ++pos_;
          continue;
        }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.kind = Value::Kind::kArray;
      ++pos_;
      if (peek() == ']') return ++pos_, v;
      for (;;) {
        v.array.push_back(value(depth + 1));
        if (peek() == ',') {
          ++pos_;
          continue;
        }
        expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.kind = Value::Kind::kString;
      v.string = string_literal();
      return v;
    }
    if (literal("true")) return v.kind = Value::Kind::kBool, v.boolean = true, v;
    if (literal("false")) return v.kind = Value::Kind::kBool, v;
    if (literal("null")) return v;
    size_t start = pos_;
    while (pos_ < s_.size() &&
           std::string_view("+-0123456789.eE").find(s_[pos_]) != std::string_view::npos)
      ++pos_;
    if (start == pos_) fail("unexpected character");
    std::string number(s_.substr(start, pos_ - start));
    char* end = nullptr;
    v.kind = Value::Kind::kNumber;
    v.number = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size()) fail("bad number");
    return v;
  }

  // Escapes other than \" and \\ do not occur in the metadata; they are kept verbatim.
  std::string string_literal() {
    ++pos_;
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) ++pos_;
      out += s_[pos_++];
    }
    if (pos_ >= s_.size()) fail("unterminated string");
    ++pos_;
    return out;
  }

  std::string_view s_;
  size_t pos_ = 0;
  const std::string& origin_;
};

}  // namespace

Value parse(std::string_view text, const std::string& origin) {
  return Parser(text, origin).document();
}

}  // namespace mkemu::json
