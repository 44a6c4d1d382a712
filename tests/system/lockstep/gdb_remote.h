#pragma once
// A small client for the GDB remote serial protocol over TCP, enough to drive
// QEMU's gdb stub: read the target description, single-step, read registers
// and memory. Every failure throws std::runtime_error with the packet.
#include <cstdint>
#include <string>
#include <vector>

namespace mkemu::lockstep {

class GdbRemote {
 public:
  // Connects to 127.0.0.1:port, retrying while the stub starts (up to ~10 s).
  explicit GdbRemote(uint16_t port);
  ~GdbRemote();
  GdbRemote(const GdbRemote&) = delete;
  GdbRemote& operator=(const GdbRemote&) = delete;

  // Sends one packet and returns the reply's payload.
  std::string transact(const std::string& payload);
  // The whole of a qXfer:features:read object (e.g. "target.xml").
  std::string read_feature(const std::string& annex);
  // One instruction; returns the stop reply (e.g. "T05thread:01;").
  std::string step();
  // All registers ('g'), as raw target-order bytes.
  std::vector<uint8_t> read_registers();
  std::vector<uint8_t> read_memory(uint32_t address, uint32_t length);
  // One register ('P'), `value` in target byte order.
  void write_register(unsigned number, const uint8_t* value, unsigned bytes);

 private:
  void send_packet(const std::string& payload);
  std::string receive_packet();
  int fd_ = -1;
  std::string pending_;  // bytes received but not yet consumed
};

}  // namespace mkemu::lockstep
