// The stub over a real TCP connection: acknowledgements, gdb's Ctrl-C
// (the 0x03 byte while the guest runs: answered with a T02 stop reply, GDB
// manual "Interrupts"), bad checksums answered '-', and kill.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "frontend/gdb/gdb_packet.h"
#include "frontend/gdb/gdb_server.h"
#include "platform/core/errors.h"
#include "test_machine.h"

namespace mkemu {
namespace {

class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a = {};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    timeval tv{10, 0};  // a hung stub fails the test instead of hanging it
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Client() { ::close(fd_); }
  bool connected() const { return connected_; }
  void send(std::string_view bytes) { ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  // The next input from the stub (an ack or a packet), or kind kNak on timeout.
  GdbInput next() {
    while (inputs_.empty()) {
      char buffer[512];
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return {GdbInput::Kind::kOversized, "<closed or timed out>"};
      reader_.feed(std::string_view(buffer, static_cast<size_t>(n)), inputs_);
    }
    GdbInput in = inputs_.front();
    inputs_.erase(inputs_.begin());
    return in;
  }
  std::string packet() {
    for (;;) {
      GdbInput in = next();
      if (in.kind == GdbInput::Kind::kAck) continue;
      return in.kind == GdbInput::Kind::kPacket ? in.payload : "<" + in.payload + ">";
    }
  }

 private:
  int fd_;
  bool connected_ = false;
  GdbPacketReader reader_;
  std::vector<GdbInput> inputs_;
};

TEST(GdbServer, InterruptStopsARunningGuest) {
  auto m = test::boot_reset_vector_code({0xEB, 0xFE});  // jmp $: runs forever
  Debugger dbg(*m);
  Console console(dbg);
  std::mutex mutex;
  std::condition_variable cv;
  uint16_t port = 0;
  GdbSessionEnd end = GdbSessionEnd::kDisconnected;
  std::thread server([&] {
    end = serve_gdb(dbg, console, GdbEndpoint{}, [&](uint16_t p) {
      std::lock_guard<std::mutex> lock(mutex);
      port = p;
      cv.notify_all();
    });
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [&] { return port != 0; });
  }
  {
    Client gdb(port);
    ASSERT_TRUE(gdb.connected());
    gdb.send("$g#68");  // bad checksum ('g' is 0x67)
    EXPECT_EQ(gdb.next().kind, GdbInput::Kind::kNak);
    gdb.send("$?#3f");
    EXPECT_EQ(gdb.next().kind, GdbInput::Kind::kAck);
    EXPECT_EQ(gdb.packet(), "S05");
    gdb.send("$c#63");
    EXPECT_EQ(gdb.next().kind, GdbInput::Kind::kAck);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    gdb.send("\x03");
    EXPECT_EQ(gdb.packet(), "T02thread:01;");
    EXPECT_GT(m->cpu.instructions_retired(), 0u);
    EXPECT_EQ(m->cpu.state().eip, 0xFFF0u);  // still in the jmp $ loop
    gdb.send("$k#6b");
    EXPECT_EQ(gdb.next().kind, GdbInput::Kind::kAck);
  }
  server.join();
  EXPECT_EQ(end, GdbSessionEnd::kKilled);
}

TEST(GdbServer, EndpointParsing) {
  EXPECT_EQ(parse_gdb_endpoint("1234").host, "127.0.0.1");
  EXPECT_EQ(parse_gdb_endpoint("1234").port, 1234);
  EXPECT_EQ(parse_gdb_endpoint("0.0.0.0:5").host, "0.0.0.0");
  EXPECT_EQ(parse_gdb_endpoint("0.0.0.0:5").port, 5);
  EXPECT_THROW(parse_gdb_endpoint(""), InputError);
  EXPECT_THROW(parse_gdb_endpoint("65536"), InputError);
  EXPECT_THROW(parse_gdb_endpoint(":12"), InputError);
  EXPECT_THROW(parse_gdb_endpoint("host:"), InputError);
  EXPECT_THROW(parse_gdb_endpoint("12ab"), InputError);
}

}  // namespace
}  // namespace mkemu
