#pragma once
// Serialisation of machine state. Every stateful part writes itself with a
// StateWriter; snapshots store those bytes and the state hash hashes them, so
// there is one definition of "the state" of each part.
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "platform/core/errors.h"

namespace mkemu {

class StateWriter {
 public:
  template <typename T>
  requires std::is_arithmetic_v<T> || std::is_enum_v<T>
  void put(T value) {
    // Host is little-endian x86-64; the format is little-endian by definition.
    const auto* p = reinterpret_cast<const uint8_t*>(&value);
    buf_.insert(buf_.end(), p, p + sizeof(T));
  }
  void put_bytes(std::span<const uint8_t> bytes) {
    if (bytes.empty()) return;
    buf_.insert(buf_.end(), bytes.begin(), bytes.end());
  }
  void put_string(std::string_view s) {
    put<uint32_t>(static_cast<uint32_t>(s.size()));
    put_bytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
  }
  const std::vector<uint8_t>& bytes() const { return buf_; }
  void clear() { buf_.clear(); }

 private:
  std::vector<uint8_t> buf_;
};

class StateReader {
 public:
  // `origin` names the source (a file) in errors; `base_offset` is where
  // `data` starts in it, so errors give file offsets.
  StateReader(std::span<const uint8_t> data, std::string origin = "state", uint64_t base_offset = 0)
      : data_(data), origin_(std::move(origin)), base_(base_offset) {}

  template <typename T>
  requires std::is_arithmetic_v<T> || std::is_enum_v<T> T get() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  void get_bytes(std::span<uint8_t> out) {
    if (out.empty()) return;  // memcpy with a null pointer is undefined even for 0 bytes
    need(out.size());
    std::memcpy(out.data(), data_.data() + pos_, out.size());
    pos_ += out.size();
  }
  std::string get_string(size_t max_len = 1 << 20) {
    auto n = get<uint32_t>();
    if (n > max_len) fail("string length " + std::to_string(n) + " too large");
    need(n);
    std::string s(reinterpret_cast<const char*>(data_.data() + pos_), n);
    pos_ += n;
    return s;
  }
  // Checks a value read from the stream; names the offset when it fails.
  void expect(bool ok, const std::string& what) {
    if (!ok) fail(what);
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError::at(origin_, base_ + pos_, what);
  }
  size_t remaining() const { return data_.size() - pos_; }
  size_t position() const { return pos_; }

 private:
  void need(size_t n) const {
    if (remaining() < n) fail("truncated (need " + std::to_string(n) + " more bytes)");
  }
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  std::string origin_;
  uint64_t base_;
};

// A part of the machine with state. `state_name` is stable: it appears in
// snapshots, traces and divergence reports.
class Stateful {
 public:
  virtual ~Stateful() = default;
  virtual std::string_view state_name() const = 0;
  virtual void save_state(StateWriter& out) const = 0;
  virtual void load_state(StateReader& in) = 0;
};

}  // namespace mkemu
