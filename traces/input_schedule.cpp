#include "traces/input_schedule.h"

#include <cctype>
#include <limits>

#include "platform/core/errors.h"
#include "platform/core/host_file.h"
#include "traces/hex_text.h"

namespace mkemu::traces {
namespace {

// Reads one line's fields; every failure names file and line.
class LineParser {
 public:
  LineParser(std::string_view line, const std::string& origin, size_t number)
      : line_(line), where_(origin + ":" + std::to_string(number) + ": ") {}

  [[noreturn]] void fail(const std::string& what) const { throw InputError(where_ + what); }

  void skip_space() {
    while (pos_ < line_.size() && (line_[pos_] == ' ' || line_[pos_] == '\t')) ++pos_;
  }
  bool at_end() {
    skip_space();
    return pos_ >= line_.size() || line_[pos_] == '#';
  }
  std::string_view word() {
    skip_space();
    size_t start = pos_;
    while (pos_ < line_.size() && !std::isspace(static_cast<unsigned char>(line_[pos_]))) ++pos_;
    return line_.substr(start, pos_ - start);
  }
  uint64_t number(const char* what, uint64_t max) {
    std::string_view w = word();
    if (w.empty()) fail(std::string("missing ") + what);
    unsigned base = 10;
    std::string_view digits = w;
    if (w.size() > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
      base = 16;
      digits = w.substr(2);
    }
    uint64_t value = 0;
    for (char ch : digits) {
      int d = digit(ch);
      if (d < 0 || static_cast<unsigned>(d) >= base) {
        fail(std::string("bad ") + what + " '" + std::string(w) + "'");
      }
      if (value > (max - static_cast<unsigned>(d)) / base) {
        fail(std::string(what) + " '" + std::string(w) + "' is too large");
      }
      value = value * base + static_cast<unsigned>(d);
    }
    return value;
  }
  std::vector<uint8_t> hex_byte_list() {
    std::vector<uint8_t> bytes;
    while (!at_end()) {
      std::string_view w = word();
      if (w.size() != 2 || digit(w[0]) < 0 || digit(w[1]) < 0) {
        fail("expected a hex byte (two hex digits), got '" + std::string(w) + "'");
      }
      bytes.push_back(static_cast<uint8_t>(digit(w[0]) * 16 + digit(w[1])));
    }
    if (bytes.empty()) fail("expected at least one hex byte");
    return bytes;
  }
  std::vector<uint8_t> quoted() {
    skip_space();
    if (pos_ >= line_.size() || line_[pos_] != '"') fail("expected a quoted string");
    ++pos_;
    std::vector<uint8_t> bytes;
    for (;;) {
      if (pos_ >= line_.size()) fail("unterminated string");
      char ch = line_[pos_++];
      if (ch == '"') break;
      if (ch != '\\') {
        bytes.push_back(static_cast<uint8_t>(ch));
        continue;
      }
      if (pos_ >= line_.size()) fail("unterminated escape");
      char e = line_[pos_++];
      switch (e) {
        case 'n': bytes.push_back('\n'); break;
        case 'r': bytes.push_back('\r'); break;
        case 't': bytes.push_back('\t'); break;
        case '0': bytes.push_back(0); break;
        case '\\': bytes.push_back('\\'); break;
        case '"': bytes.push_back('"'); break;
        case 'x': {
          if (pos_ + 2 > line_.size() || digit(line_[pos_]) < 0 || digit(line_[pos_ + 1]) < 0) {
            fail("\\x needs two hex digits");
          }
          bytes.push_back(static_cast<uint8_t>(digit(line_[pos_]) * 16 + digit(line_[pos_ + 1])));
          pos_ += 2;
          break;
        }
        default: fail(std::string("unknown escape \\") + e);
      }
    }
    if (bytes.empty()) fail("empty string");
    return bytes;
  }

 private:
  static int digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
  }
  std::string_view line_;
  std::string where_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<ExternalInput> parse_input_schedule(std::string_view text, const std::string& origin) {
  std::vector<ExternalInput> inputs;
  size_t number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    start = end + 1;
    LineParser p(line, origin, number);
    if (p.at_end()) continue;
    ExternalInput input;
    input.cycle = p.number("cycle", std::numeric_limits<uint64_t>::max() - 1);
    std::string_view kind = p.word();
    if (kind == "serial") {
      input.kind = InputKind::kSerial;
      input.bytes = p.quoted();
    } else if (kind == "serial-hex") {
      input.kind = InputKind::kSerial;
      input.bytes = p.hex_byte_list();
    } else if (kind == "poke") {
      input.kind = InputKind::kPoke;
      input.address = static_cast<uint32_t>(p.number("address", 0xFFFF'FFFFu));
      input.bytes = p.hex_byte_list();
      if (uint64_t{input.address} + input.bytes.size() > 0x1'0000'0000ull) {
        p.fail("poke runs past the 4 GiB physical address space");
      }
    } else if (kind.empty()) {
      p.fail("missing input kind after the cycle (serial, serial-hex or poke)");
    } else {
      p.fail("unknown input kind '" + std::string(kind) + "' (serial, serial-hex or poke)");
    }
    if (!p.at_end()) p.fail("unexpected text after the input");
    inputs.push_back(std::move(input));
  }
  return inputs;
}

std::vector<ExternalInput> read_input_schedule(const std::string& path) {
  std::vector<uint8_t> bytes = read_host_file(path);
  return parse_input_schedule({reinterpret_cast<const char*>(bytes.data()), bytes.size()}, path);
}

std::string format_input_schedule(const std::vector<ExternalInput>& inputs) {
  std::string text;
  for (const ExternalInput& input : inputs) {
    text += std::to_string(input.cycle);
    if (input.kind == InputKind::kPoke) {
      text += " poke " + hex(input.address) + " " + hex_bytes(input.bytes);
    } else {
      text += " serial-hex " + hex_bytes(input.bytes);
    }
    text += '\n';
  }
  return text;
}

}  // namespace mkemu::traces
