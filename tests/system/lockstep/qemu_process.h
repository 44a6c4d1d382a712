#pragma once
// Starts qemu-system-i386 on a ROM, stopped at the reset vector with its gdb
// stub on a free local port, and ends that process (only it) on destruction.
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace mkemu::lockstep {

class QemuProcess {
 public:
  QemuProcess(const std::string& qemu, const std::string& rom);
  ~QemuProcess();
  QemuProcess(const QemuProcess&) = delete;
  QemuProcess& operator=(const QemuProcess&) = delete;

  uint16_t gdb_port() const { return port_; }

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

}  // namespace mkemu::lockstep
