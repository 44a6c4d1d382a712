#include "traces/zlib_codec.h"

#include <zlib.h>

#include <climits>
#include <stdexcept>

#include "platform/core/errors.h"

namespace mkemu::traces {

std::vector<uint8_t> zlib_compress(std::span<const uint8_t> data, int level) {
  uLongf bound = compressBound(static_cast<uLong>(data.size()));
  std::vector<uint8_t> out(bound);
  int rc = compress2(out.data(), &bound, data.data(), static_cast<uLong>(data.size()), level);
  if (rc != Z_OK) throw std::runtime_error("zlib compress2 failed: " + std::to_string(rc));
  out.resize(bound);
  return out;
}

std::vector<uint8_t> zlib_decompress(std::span<const uint8_t> data, uint64_t max_size,
                                     const std::string& origin, uint64_t offset) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) throw std::runtime_error("zlib inflateInit failed");
  std::vector<uint8_t> out;
  size_t consumed = 0;
  int rc = Z_OK;
  uint8_t buffer[65536];
  while (rc != Z_STREAM_END) {
    size_t feed = std::min<size_t>(data.size() - consumed, UINT_MAX);
    zs.next_in = const_cast<Bytef*>(data.data() + consumed);
    zs.avail_in = static_cast<uInt>(feed);
    zs.next_out = buffer;
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    consumed += feed - zs.avail_in;
    size_t produced = sizeof buffer - zs.avail_out;
    if (rc != Z_OK && rc != Z_STREAM_END) {
      std::string why = rc == Z_BUF_ERROR ? "compressed data ends early"
                                          : std::string("corrupt compressed data (") +
                                                (zs.msg ? zs.msg : "zlib error") + ")";
      inflateEnd(&zs);
      throw InputError::at(origin, offset + consumed, why);
    }
    if (out.size() + produced > max_size) {
      inflateEnd(&zs);
      throw InputError::at(
          origin, offset + consumed,
          "decompressed data exceeds the declared size " + std::to_string(max_size));
    }
    out.insert(out.end(), buffer, buffer + produced);
  }
  inflateEnd(&zs);
  if (consumed != data.size()) {
    throw InputError::at(origin, offset + consumed, "unexpected bytes after compressed data");
  }
  return out;
}

uint32_t crc32_of(std::span<const uint8_t> data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  size_t pos = 0;
  while (pos < data.size()) {
    uInt n = static_cast<uInt>(std::min<size_t>(data.size() - pos, UINT_MAX));
    crc = crc32(crc, data.data() + pos, n);
    pos += n;
  }
  return static_cast<uint32_t>(crc);
}

}  // namespace mkemu::traces
