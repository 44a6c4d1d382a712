#pragma once
// Where guest output goes and, for interactive serial backends, where host
// input comes from. OutputSink::open knows the plain outputs `stdio`, `none`
// and `file:PATH` (--serial, --debugcon); open_serial_backend
// (frontend/serial_backend.h) adds `pty` and `tcp:HOST:PORT` for --serial.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace mkemu {

class OutputSink {
 public:
  // Throws InputError for an unknown spec or a file that cannot be created.
  static std::unique_ptr<OutputSink> open(const std::string& spec, const std::string& option);
  virtual ~OutputSink() = default;
  virtual void put(uint8_t byte) = 0;
  virtual void flush() {}

  // Interactive backends only. The descriptor to poll for host input, -1
  // when there is none (any more).
  virtual int input_fd() const { return -1; }
  // Appends what has arrived, without blocking; false once the input has
  // ended for good (the TCP client left).
  virtual bool read_input(std::vector<uint8_t>& /*out*/) { return false; }
  // Called once the machine is built, before its first instruction (a TCP
  // backend waits for its client here).
  virtual void before_run() {}
};

}  // namespace mkemu
