#include "frontend/serial_fd_backend.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mkemu {
namespace {

constexpr size_t kFlushAt = 4096;

}  // namespace

FdSerialBackend::~FdSerialBackend() {
  flush();
  if (fd_ >= 0) ::close(fd_);
}

void FdSerialBackend::put(uint8_t byte) {
  if (fd_ < 0) return;  // not connected any more: output is dropped
  pending_.push_back(byte);
  if (byte == '\n' || pending_.size() >= kFlushAt) flush();
}

void FdSerialBackend::flush() {
  size_t done = 0;
  while (fd_ >= 0 && done < pending_.size()) {
    // send() with MSG_NOSIGNAL: a client that left is an error, not SIGPIPE.
    ssize_t n = ::send(fd_, pending_.data() + done, pending_.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK)
      n = ::write(fd_, pending_.data() + done, pending_.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (when_full_ == WhenFull::kDrop) break;
      pollfd p{fd_, POLLOUT, 0};
      ::poll(&p, 1, -1);
    } else if (n < 0 && errno == EIO) {
      break;  // a pty whose other side is closed: drop
    } else {
      close_connection(n < 0 ? std::strerror(errno) : "write failed");
    }
  }
  pending_.clear();
}

bool FdSerialBackend::read_input(std::vector<uint8_t>& out) {
  if (fd_ < 0) return false;
  uint8_t buffer[4096];
  ssize_t n = ::read(fd_, buffer, sizeof buffer);
  if (n > 0) {
    out.insert(out.end(), buffer, buffer + n);
    return true;
  }
  if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK || errno == EIO)) {
    return true;  // nothing now (EIO: a pty between two users)
  }
  close_connection(n == 0 ? "the client disconnected" : std::strerror(errno));
  return false;
}

void FdSerialBackend::close_connection(const char* why) {
  std::fprintf(stderr, "serial: %s: %s; COM1 output is dropped from now on\n", name_.c_str(), why);
  ::close(fd_);
  fd_ = -1;
}

}  // namespace mkemu
