#pragma once
// A serial backend on a host file descriptor (a pty master or a TCP
// connection): guest output is buffered and written at line ends, when the
// buffer fills and at every host poll; input is read when poll() says so.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "frontend/output_sink.h"

namespace mkemu {

class FdSerialBackend : public OutputSink {
 public:
  ~FdSerialBackend() override;
  void put(uint8_t byte) override;
  void flush() override;
  int input_fd() const override { return fd_; }
  bool read_input(std::vector<uint8_t>& out) override;

 protected:
  // What a full host buffer means: a pty nobody reads drops output; a TCP
  // client that reads slowly holds the guest back.
  enum class WhenFull { kDrop, kWait };
  FdSerialBackend(std::string name, WhenFull when_full)
      : name_(std::move(name)), when_full_(when_full) {}
  // Takes ownership of `fd` (-1: not connected yet).
  void attach(int fd) { fd_ = fd; }
  const std::string& name() const { return name_; }

 private:
  void close_connection(const char* why);
  std::string name_;  // for messages: "pty /dev/pts/3", "tcp:127.0.0.1:4555"
  WhenFull when_full_;
  int fd_ = -1;
  std::vector<uint8_t> pending_;
};

}  // namespace mkemu
