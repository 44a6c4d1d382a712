#include "frontend/gdb/gdb_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>

#include "frontend/gdb/gdb_packet.h"
#include "frontend/gdb/gdb_stub.h"
#include "platform/core/errors.h"

namespace mkemu {
namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// One accepted connection: buffered input, acknowledgements, framing.
class Connection {
 public:
  explicit Connection(int fd) : fd_(fd) {}

  // Waits for input (or only polls when `wait` is false). False once gdb hung up.
  bool pump(bool wait) {
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, wait ? -1 : 0);
    if (ready < 0) return errno == EINTR;
    if (ready == 0) return true;
    char buffer[4096];
    ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return n < 0 && errno == EINTR;
    std::vector<GdbInput> inputs;
    reader_.feed(std::string_view(buffer, static_cast<size_t>(n)), inputs);
    for (auto& in : inputs) {
      // gdb sends nothing but 0x03 while the guest runs; a flooding peer
      // cannot make the queue grow without bound.
      if (pending_.size() < kMaxPending || in.kind == GdbInput::Kind::kInterrupt) {
        pending_.push_back(std::move(in));
      }
    }
    return true;
  }
  bool next(GdbInput& in) {
    if (pending_.empty()) return false;
    in = std::move(pending_.front());
    pending_.pop_front();
    return true;
  }
  // Looks for gdb's interrupt byte while the machine runs, keeping the rest.
  bool interrupt_requested() {
    if (!pump(false)) return true;  // gdb went away: stop so the loop can notice
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->kind == GdbInput::Kind::kInterrupt) {
        pending_.erase(it);
        return true;
      }
    }
    return false;
  }
  void send_raw(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // the peer is gone; pump() will notice
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }
  void send_packet(std::string_view payload) {
    last_sent_ = gdb_frame(payload);
    send_raw(last_sent_);
  }
  void resend() { send_raw(last_sent_); }
  bool acks = true;

 private:
  static constexpr size_t kMaxPending = 256;
  int fd_;
  GdbPacketReader reader_;
  std::deque<GdbInput> pending_;
  std::string last_sent_;
};

int open_listener(const GdbEndpoint& e, uint16_t& bound_port) {
  addrinfo hints = {};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(e.host.c_str(), nullptr, &hints, &found) != 0 || !found) {
    throw InputError("--gdb: cannot resolve host '" + e.host + "'");
  }
  sockaddr_in address = *reinterpret_cast<sockaddr_in*>(found->ai_addr);
  freeaddrinfo(found);
  address.sin_port = htons(e.port);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw InputError(std::string("--gdb: socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 1) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    throw InputError("--gdb: cannot listen on " + e.host + ":" + std::to_string(e.port) + ": " +
                     why);
  }
  socklen_t len = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &len);
  bound_port = ntohs(address.sin_port);
  return fd;
}

}  // namespace

GdbEndpoint parse_gdb_endpoint(const std::string& text) {
  GdbEndpoint e;
  std::string port = text;
  size_t colon = text.rfind(':');
  if (colon != std::string::npos) {
    e.host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (e.host.empty()) throw InputError("--gdb: empty host in '" + text + "'");
  }
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
    throw InputError("--gdb: expected [HOST:]PORT with PORT 0..65535, not '" + text + "'");
  }
  e.port = static_cast<uint16_t>(std::stoul(port));
  return e;
}

GdbSessionEnd serve_gdb(Debugger& dbg, Console& console, const GdbEndpoint& endpoint,
                        const std::function<void(uint16_t port)>& on_listening) {
  uint16_t port = 0;
  Fd listener(open_listener(endpoint, port));
  std::fprintf(stderr, "mkemu: gdb: listening on %s:%u\n", endpoint.host.c_str(), port);
  std::fflush(stderr);
  if (on_listening) on_listening(port);
  int client = -1;
  do {
    client = ::accept(listener.get(), nullptr, nullptr);
  } while (client < 0 && errno == EINTR);
  if (client < 0) throw InputError(std::string("--gdb: accept: ") + std::strerror(errno));
  Fd connection_fd(client);
  int one = 1;
  ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::fprintf(stderr, "mkemu: gdb: connected\n");

  Connection conn(client);
  GdbStub stub(dbg, console);
  auto saved_poll = dbg.poll_interrupt;
  dbg.poll_interrupt = [&conn, &saved_poll] {
    return conn.interrupt_requested() || (saved_poll && saved_poll());
  };
  GdbSessionEnd end = GdbSessionEnd::kDisconnected;
  for (bool open = true; open;) {
    GdbInput in;
    if (!conn.next(in)) {
      if (!conn.pump(true)) break;
      continue;
    }
    switch (in.kind) {
      case GdbInput::Kind::kAck: continue;
      case GdbInput::Kind::kNak: conn.resend(); continue;
      case GdbInput::Kind::kInterrupt: continue;  // already stopped
      case GdbInput::Kind::kBadChecksum: conn.send_raw("-"); continue;
      case GdbInput::Kind::kOversized:
        if (conn.acks) conn.send_raw("+");
        conn.send_packet("E01");
        continue;
      case GdbInput::Kind::kPacket: break;
    }
    if (conn.acks) conn.send_raw("+");
    GdbStub::Reply reply = stub.handle(in.payload);
    for (const std::string& p : reply.payloads) conn.send_packet(p);
    if (reply.no_ack) conn.acks = false;
    if (reply.resume != GdbStub::Resume::kNone) {
      conn.send_packet(stub.resume(reply.resume));
      if (stub.exited()) {
        end = GdbSessionEnd::kGuestExited;
        open = false;
      }
    }
    if (reply.action == GdbStub::Action::kDetach) {
      end = GdbSessionEnd::kDetached;
      open = false;
    } else if (reply.action == GdbStub::Action::kKill) {
      end = GdbSessionEnd::kKilled;
      open = false;
    }
  }
  dbg.poll_interrupt = saved_poll;
  if (end != GdbSessionEnd::kDetached) dbg.delete_all("gdb");
  std::fprintf(stderr, "mkemu: gdb: session ended\n");
  return end;
}

}  // namespace mkemu
