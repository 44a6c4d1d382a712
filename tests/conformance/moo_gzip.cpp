// File loading for the MOO reader, kept apart so the parser itself (and its
// fuzz target) needs no zlib.
#include <zlib.h>

#include "tests/conformance/moo_reader.h"

namespace mkemu::moo {

std::vector<uint8_t> read_maybe_gzip(const std::string& path) {
  // gzread passes uncompressed files through unchanged.
  gzFile gz = gzopen(path.c_str(), "rb");
  if (!gz) throw InputError(path + ": cannot open");
  std::vector<uint8_t> out;
  uint8_t buf[1 << 16];
  for (;;) {
    int n = gzread(gz, buf, sizeof buf);
    if (n < 0) {
      int err = 0;
      std::string what = gzerror(gz, &err);
      gzclose(gz);
      throw InputError::at(path, out.size(), "gzip: " + what);
    }
    if (n == 0) break;
    out.insert(out.end(), buf, buf + n);
  }
  gzclose(gz);
  return out;
}

}  // namespace mkemu::moo
