#include "frontend/serial_tcp.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "frontend/serial_fd_backend.h"
#include "platform/core/errors.h"

namespace mkemu {
namespace {

std::string numeric_address(const sockaddr_storage& address) {
  char host[NI_MAXHOST] = "?", port[NI_MAXSERV] = "?";
  ::getnameinfo(reinterpret_cast<const sockaddr*>(&address), sizeof address, host, sizeof host,
                port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV);
  bool v6 = address.ss_family == AF_INET6;
  return (v6 ? "[" : "") + std::string(host) + (v6 ? "]:" : ":") + port;
}

class TcpBackend : public FdSerialBackend {
 public:
  TcpBackend(int listener, const std::string& where)
      : FdSerialBackend("tcp:" + where, WhenFull::kWait), listener_(listener) {}
  ~TcpBackend() override {
    if (listener_ >= 0) ::close(listener_);
  }

  void before_run() override {
    if (listener_ < 0) return;
    std::fprintf(stderr, "serial: COM1 waiting for a client on %s\n", name().c_str());
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    int fd;
    do {
      fd = ::accept(listener_, reinterpret_cast<sockaddr*>(&peer), &length);
    } while (fd < 0 && errno == EINTR);
    int saved = errno;
    ::close(listener_);
    listener_ = -1;
    if (fd < 0) throw InputError("--serial " + name() + ": accept: " + std::strerror(saved));
    std::fprintf(stderr, "serial: COM1 client connected from %s\n", numeric_address(peer).c_str());
    attach(fd);
  }

 private:
  int listener_;
};

}  // namespace

TcpEndpoint parse_tcp_endpoint(const std::string& address, const std::string& spec) {
  size_t colon = address.rfind(':');
  std::string usage = "--serial " + spec + ": expected tcp:HOST:PORT (e.g. tcp:127.0.0.1:4555)";
  if (colon == std::string::npos || colon == 0) throw InputError(usage);
  TcpEndpoint endpoint;
  endpoint.host = address.substr(0, colon);
  if (endpoint.host.size() > 2 && endpoint.host.front() == '[' && endpoint.host.back() == ']') {
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  }
  std::string port = address.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
    throw InputError("--serial " + spec + ": bad port '" + port +
                     "' (0-65535; 0 picks a free one)");
  }
  endpoint.port = static_cast<uint16_t>(std::stoul(port));
  return endpoint;
}

std::unique_ptr<OutputSink> open_tcp_backend(const std::string& spec) {
  TcpEndpoint endpoint = parse_tcp_endpoint(spec.substr(4), spec);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string port = std::to_string(endpoint.port);
  int rc = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) {
    throw InputError("--serial " + spec + ": unknown host '" + endpoint.host +
                     "': " + ::gai_strerror(rc));
  }
  std::string error = "no address";
  int listener = -1;
  for (addrinfo* a = found; a && listener < 0; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      error = std::strerror(errno);
      continue;
    }
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 1) == 0) {
      listener = fd;
    } else {
      error = std::strerror(errno);
      ::close(fd);
    }
  }
  ::freeaddrinfo(found);
  if (listener < 0) throw InputError("--serial " + spec + ": cannot listen: " + error);
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&bound), &length);
  return std::make_unique<TcpBackend>(listener, numeric_address(bound));
}

}  // namespace mkemu
