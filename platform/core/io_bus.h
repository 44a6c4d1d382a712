#pragma once
// The I/O port space. Devices claim port ranges; unclaimed ports read as all
// ones and ignore writes. Handlers see absolute port numbers.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mkemu {

class IoHandler {
 public:
  virtual ~IoHandler() = default;
  // size is 1, 2 or 4 and [port, port+size) lies inside one claimed range.
  virtual uint32_t io_read(uint16_t port, unsigned size) = 0;
  virtual void io_write(uint16_t port, unsigned size, uint32_t value) = 0;
  // Reads without side effects (debugger, gdb, traces).
  virtual uint32_t io_peek(uint16_t port, unsigned size) const = 0;
};

class IoBus {
 public:
  IoBus();
  // Claims [first, first+count). Claiming a port twice is a configuration
  // error (std::invalid_argument), so machine descriptions cannot overlap.
  void claim(uint16_t first, uint32_t count, IoHandler* handler, std::string name);
  void release(uint16_t first, uint32_t count);

  uint32_t read(uint16_t port, unsigned size);
  void write(uint16_t port, unsigned size, uint32_t value);
  uint32_t peek(uint16_t port, unsigned size) const;

  const IoHandler* handler_at(uint16_t port) const { return ports_[port].handler; }
  const std::string& name_at(uint16_t port) const;

  // Accesses to ports nothing claims.
  std::function<void(uint16_t port, unsigned size, bool is_write, uint32_t value)> on_unclaimed;

 private:
  struct Claim {
    IoHandler* handler = nullptr;
    uint16_t range = 0;  // index into names_
  };
  // True when [port, port+size) is within one claimed range of one handler.
  bool whole(uint16_t port, unsigned size) const;
  std::vector<Claim> ports_;         // 65536 entries
  std::vector<uint32_t> range_end_;  // per port: one past the end of its claimed range
  std::vector<std::string> names_;
};

}  // namespace mkemu
