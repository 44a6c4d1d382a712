#include "frontend/serial_pty.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "frontend/serial_fd_backend.h"
#include "platform/core/errors.h"

namespace mkemu {
namespace {

class PtyBackend : public FdSerialBackend {
 public:
  PtyBackend(int master, int slave, const std::string& path)
      : FdSerialBackend("pty " + path, WhenFull::kDrop), slave_(slave) {
    attach(master);
  }
  ~PtyBackend() override { ::close(slave_); }

 private:
  // Held open so the master never sees a hang-up between two users of the
  // terminal (it would poll as readable forever): output written while
  // nobody reads fills the terminal's buffer, then is dropped.
  int slave_;
};

[[noreturn]] void fail(const char* step) {
  throw InputError(std::string("--serial pty: ") + step + ": " + std::strerror(errno));
}

}  // namespace

std::unique_ptr<OutputSink> open_pty_backend() {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0) fail("posix_openpt");
  if (::grantpt(master) != 0 || ::unlockpt(master) != 0) {
    int saved = errno;
    ::close(master);
    errno = saved;
    fail("grantpt/unlockpt");
  }
  const char* name = ::ptsname(master);
  std::string path = name ? name : "";
  int slave = path.empty() ? -1 : ::open(path.c_str(), O_RDWR | O_NOCTTY);
  if (slave < 0) {
    int saved = errno;
    ::close(master);
    errno = saved;
    fail("opening the terminal");
  }
  // Raw: bytes pass unchanged both ways, and nothing echoes the guest's
  // output back to it as input.
  termios mode{};
  if (::tcgetattr(slave, &mode) == 0) {
    ::cfmakeraw(&mode);
    ::tcsetattr(slave, TCSANOW, &mode);
  }
  // Writes never block: a terminal nobody reads drops output when full.
  ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
  std::fprintf(stderr, "serial: COM1 on %s\n", path.c_str());
  return std::make_unique<PtyBackend>(master, slave, path);
}

}  // namespace mkemu
