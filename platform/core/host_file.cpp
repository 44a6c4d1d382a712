#include "platform/core/host_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "platform/core/errors.h"

namespace mkemu {

std::vector<uint8_t> read_host_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read: " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(path + ": read error: " + std::strerror(errno));
  return bytes;
}

void write_host_file_atomically(const std::string& path, std::span<const uint8_t> bytes) {
  std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path + ": cannot write: " + std::strerror(errno));
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::remove(temp.c_str());
      throw InputError(path + ": write failed: " + std::strerror(errno));
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw InputError(path + ": cannot rename into place: " + std::strerror(errno));
  }
}

}  // namespace mkemu
