#include "tests/system/lockstep/qemu_process.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

namespace mkemu::lockstep {
namespace {

// A port the kernel just handed out for an ephemeral bind; free again once
// the probe socket closes.
uint16_t free_local_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot find a free local port");
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

QemuProcess::QemuProcess(const std::string& qemu, const std::string& rom)
    : port_(free_local_port()) {
  std::string gdb = "tcp:127.0.0.1:" + std::to_string(port_);
  // -S: stopped at the reset vector. 128 MiB like mkemu's side of the test.
  std::vector<std::string> args = {qemu,       "-bios", rom,       "-m",   "128",
                                   "-display", "none",  "-serial", "none", "-monitor",
                                   "none",     "-S",    "-gdb",    gdb};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    execvp(argv[0], argv.data());
    _exit(127);
  }
}

QemuProcess::~QemuProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

}  // namespace mkemu::lockstep
