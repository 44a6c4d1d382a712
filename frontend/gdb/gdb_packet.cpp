#include "frontend/gdb/gdb_packet.h"

namespace mkemu {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void GdbPacketReader::feed(uint8_t byte, std::vector<GdbInput>& out) {
  switch (state_) {
    case State::kIdle:
      if (byte == '$') {
        state_ = State::kPayload;
        payload_.clear();
        oversized_ = false;
        sum_ = 0;
      } else if (byte == 0x03) {
        out.push_back({GdbInput::Kind::kInterrupt, {}});
      } else if (byte == '+') {
        out.push_back({GdbInput::Kind::kAck, {}});
      } else if (byte == '-') {
        out.push_back({GdbInput::Kind::kNak, {}});
      }
      return;  // anything else between packets is noise
    case State::kPayload:
      if (byte == '#') {
        state_ = State::kCheck1;
        return;
      }
      if (byte == '$') {  // a new packet before this one ended: start over
        payload_.clear();
        oversized_ = false;
        sum_ = 0;
        return;
      }
      sum_ = static_cast<uint8_t>(sum_ + byte);
      if (payload_.size() < kGdbMaxPacket) {
        payload_.push_back(static_cast<char>(byte));
      } else {
        oversized_ = true;
      }
      return;
    case State::kCheck1:
      check_high_ = hex_digit(static_cast<char>(byte));
      state_ = State::kCheck2;
      return;
    case State::kCheck2: {
      const int low = hex_digit(static_cast<char>(byte));
      state_ = State::kIdle;
      if (oversized_) {
        out.push_back({GdbInput::Kind::kOversized, {}});
      } else if (check_high_ < 0 || low < 0 || ((check_high_ << 4) | low) != sum_) {
        out.push_back({GdbInput::Kind::kBadChecksum, {}});
      } else {
        out.push_back({GdbInput::Kind::kPacket, std::move(payload_)});
      }
      payload_.clear();
      return;
    }
  }
}

std::string gdb_frame(std::string_view payload) {
  std::string out = "$";
  uint8_t sum = 0;
  for (char c : payload) {
    if (c == '$' || c == '#' || c == '}' || c == '*') {
      out.push_back('}');
      sum = static_cast<uint8_t>(sum + '}');
      c = static_cast<char>(c ^ 0x20);
    }
    out.push_back(c);
    sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
  }
  out.push_back('#');
  out += to_hex_le(sum, 1);
  return out;
}

bool gdb_unescape(std::string_view in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '}') {
      if (++i == in.size()) return false;
      out.push_back(static_cast<char>(in[i] ^ 0x20));
    } else {
      out.push_back(in[i]);
    }
  }
  return true;
}

std::string to_hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    out.push_back(kDigits[(static_cast<uint8_t>(c) >> 4) & 0xF]);
    out.push_back(kDigits[static_cast<uint8_t>(c) & 0xF]);
  }
  return out;
}

std::string to_hex_le(uint64_t value, unsigned bytes) {
  std::string raw;
  for (unsigned i = 0; i < bytes; ++i) raw.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  return to_hex(raw);
}

bool from_hex(std::string_view hex, std::string& out) {
  out.clear();
  if (hex.size() % 2) return false;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return true;
}

bool parse_hex_number(std::string_view text, uint64_t& value) {
  if (text.empty() || text.size() > 16) return false;
  value = 0;
  for (char c : text) {
    int d = hex_digit(c);
    if (d < 0) return false;
    value = value << 4 | static_cast<unsigned>(d);
  }
  return true;
}

}  // namespace mkemu
