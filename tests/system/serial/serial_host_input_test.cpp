// SerialHostInput on a pipe standing in for an interactive backend: what
// arrives becomes one serial input stamped with the machine's current
// cycle, output is flushed at every poll, and the end of the input is
// reported so the run loop stops waiting for it. Also the TCP address
// parser of `--serial tcp:HOST:PORT`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "frontend/serial_host_input.h"
#include "frontend/serial_tcp.h"
#include "platform/core/errors.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

using traces::HostPoll;
using traces::InputQueue;

// An interactive backend reading a pipe (what the pty and TCP backends do
// with their descriptor).
class PipeBackend : public OutputSink {
 public:
  PipeBackend() {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    read_end_ = fds[0];
    write_end_ = fds[1];
  }
  ~PipeBackend() override {
    if (read_end_ >= 0) ::close(read_end_);
    if (write_end_ >= 0) ::close(write_end_);
  }
  void put(uint8_t byte) override { pending_.push_back(static_cast<char>(byte)); }
  void flush() override {
    flushed_ += pending_;
    pending_.clear();
  }
  int input_fd() const override { return read_end_; }
  bool read_input(std::vector<uint8_t>& out) override {
    char buffer[64];
    ssize_t n = ::read(read_end_, buffer, sizeof buffer);
    if (n <= 0) return false;
    out.insert(out.end(), buffer, buffer + n);
    return true;
  }
  void send(const std::string& text) {
    ASSERT_EQ(::write(write_end_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  void hang_up() {
    ::close(write_end_);
    write_end_ = -1;
  }
  std::string pending_, flushed_;

 private:
  int read_end_ = -1, write_end_ = -1;
};

std::string bytes_of(const traces::ExternalInput& input) {
  return {input.bytes.begin(), input.bytes.end()};
}

TEST(SerialHostInput, StampsWhatArrivedWithTheCurrentCycle) {
  Machine machine{MachineConfig{}};
  PipeBackend backend;
  SerialHostInput host(&backend, false, 100'000'000);
  ASSERT_TRUE(host.active());
  HostPoll hook = host.host_poll();
  EXPECT_EQ(hook.interval, 100'000u);  // a millisecond of guest time

  InputQueue inputs;
  machine.clock.cycles = 12'345;
  EXPECT_TRUE(hook.poll(machine, inputs, 0));  // nothing yet
  EXPECT_TRUE(inputs.empty());

  backend.send("ab");
  backend.send("c");
  backend.put('>');
  machine.clock.cycles = 112'345;
  EXPECT_TRUE(hook.poll(machine, inputs, 0));
  EXPECT_EQ(backend.flushed_, ">");  // a prompt without a line end is shown
  ASSERT_FALSE(inputs.empty());
  EXPECT_EQ(inputs.next_cycle(), 112'345u);
  traces::ExternalInput got = inputs.pop();
  EXPECT_EQ(got.kind, traces::InputKind::kSerial);
  EXPECT_EQ(bytes_of(got), "abc");  // one poll, one input
  EXPECT_TRUE(inputs.empty());

  // Waiting "forever" returns as soon as input comes (here: already there).
  backend.send("x");
  EXPECT_TRUE(hook.poll(machine, inputs, HostPoll::kWaitForever));
  ASSERT_FALSE(inputs.empty());
  EXPECT_EQ(bytes_of(inputs.pop()), "x");

  // The other side hangs up: no more host input, nothing queued.
  backend.hang_up();
  EXPECT_FALSE(hook.poll(machine, inputs, HostPoll::kWaitForever));
  EXPECT_TRUE(inputs.empty());
  EXPECT_FALSE(host.active());
}

TEST(SerialHostInput, PlainOutputsNeedNoHook) {
  class Sink : public OutputSink {
   public:
    void put(uint8_t) override {}
  } sink;
  SerialHostInput host(&sink, false, 100'000'000);
  EXPECT_FALSE(host.active());
  EXPECT_FALSE(host.host_poll().poll);
  SerialHostInput none(nullptr, false, 100'000'000);
  EXPECT_FALSE(none.host_poll().poll);
}

TEST(TcpEndpoint, ParsesHostAndPort) {
  TcpEndpoint e = parse_tcp_endpoint("127.0.0.1:4555", "tcp:127.0.0.1:4555");
  EXPECT_EQ(e.host, "127.0.0.1");
  EXPECT_EQ(e.port, 4555);
  e = parse_tcp_endpoint("[::1]:0", "tcp:[::1]:0");
  EXPECT_EQ(e.host, "::1");
  EXPECT_EQ(e.port, 0);
  e = parse_tcp_endpoint("localhost:65535", "tcp:localhost:65535");
  EXPECT_EQ(e.host, "localhost");
  EXPECT_EQ(e.port, 65535);
}

TEST(TcpEndpoint, RejectsBadAddresses) {
  for (const char* bad :
       {"nohost", ":4555", "host:", "host:65536", "host:12a", "host:-1", "host:123456"}) {
    EXPECT_THROW(parse_tcp_endpoint(bad, std::string("tcp:") + bad), InputError) << bad;
  }
}

}  // namespace
}  // namespace mkemu
