#pragma once
// zlib compression for snapshots and trace chunks, and the CRC-32 both use.
// Decompression grows its output as zlib produces it (never trusting a size
// read from a file) and stops at `max_size`, so a hostile file cannot make
// us allocate more than the caller allows.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mkemu::traces {

std::vector<uint8_t> zlib_compress(std::span<const uint8_t> data, int level);

// Inflates one complete zlib stream. Throws InputError naming `origin` and
// `offset` (where the compressed bytes start in the file) when the stream is
// corrupt, incomplete, followed by garbage or larger than `max_size`.
std::vector<uint8_t> zlib_decompress(std::span<const uint8_t> data, uint64_t max_size,
                                     const std::string& origin, uint64_t offset);

uint32_t crc32_of(std::span<const uint8_t> data);

}  // namespace mkemu::traces
