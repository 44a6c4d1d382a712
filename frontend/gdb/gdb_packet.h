#pragma once
// GDB remote serial protocol framing: `$payload#cc` with a modulo-256
// checksum, `+`/`-` acknowledgements, the 0x03 interrupt byte, and `}`
// escaping of binary data (GDB manual, "Overview" of the remote protocol).
// The reader takes any byte stream: garbage between packets is skipped,
// oversized packets are dropped with a bounded buffer, bad checksums are
// reported so the server can answer `-`.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mkemu {

// Largest payload accepted; the stub advertises it as PacketSize.
inline constexpr size_t kGdbMaxPacket = 0x4000;

struct GdbInput {
  enum class Kind : uint8_t {
    kPacket,       // a packet with a good checksum (payload as sent, still escaped)
    kBadChecksum,  // answer '-'
    kOversized,    // dropped: longer than kGdbMaxPacket
    kInterrupt,    // 0x03 outside a packet
    kAck,          // '+'
    kNak,          // '-': retransmit the last reply
  };
  Kind kind;
  std::string payload;
};

class GdbPacketReader {
 public:
  // Consumes one byte; appends complete inputs to `out`.
  void feed(uint8_t byte, std::vector<GdbInput>& out);
  void feed(std::string_view bytes, std::vector<GdbInput>& out) {
    for (char c : bytes) feed(static_cast<uint8_t>(c), out);
  }

 private:
  enum class State : uint8_t { kIdle, kPayload, kCheck1, kCheck2 };
  State state_ = State::kIdle;
  std::string payload_;
  bool oversized_ = false;
  uint8_t sum_ = 0;
  int check_high_ = 0;
};

// `$payload#cc` with '$', '#', '}' and '*' escaped.
std::string gdb_frame(std::string_view payload);
// Undoes `}` escaping (X packet data); false if the data ends inside an escape.
bool gdb_unescape(std::string_view in, std::string& out);

std::string to_hex(std::string_view bytes);
std::string to_hex_le(uint64_t value, unsigned bytes);
// Strict hex parsing: false on any non-hex character or an odd length.
bool from_hex(std::string_view hex, std::string& out);
// A hex number of at most 16 digits (addresses, lengths); false otherwise.
bool parse_hex_number(std::string_view text, uint64_t& value);
int hex_digit(char c);

}  // namespace mkemu
