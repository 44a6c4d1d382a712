#include "platform/core/state_hash.h"

#include <xxhash.h>

namespace mkemu {

uint64_t hash_bytes(std::span<const uint8_t> bytes) {
  return XXH3_64bits(bytes.data(), bytes.size());
}

StateDigest compute_state_digest(std::span<const Stateful* const> parts,
                                 std::span<const uint8_t> ram) {
  StateDigest digest;
  StateWriter scratch;
  StateWriter records;
  for (const Stateful* part : parts) {
    scratch.clear();
    part->save_state(scratch);
    uint64_t h = hash_bytes(scratch.bytes());
    digest.components.push_back({std::string(part->state_name()), h});
    records.put_string(part->state_name());
    records.put(h);
  }
  constexpr size_t kPage = 4096;
  digest.ram_pages.reserve((ram.size() + kPage - 1) / kPage);
  for (size_t off = 0; off < ram.size(); off += kPage) {
    digest.ram_pages.push_back(hash_bytes(ram.subspan(off, std::min(kPage, ram.size() - off))));
  }
  digest.ram = XXH3_64bits(digest.ram_pages.data(), digest.ram_pages.size() * sizeof(uint64_t));
  records.put_string("ram");
  records.put(digest.ram);
  digest.total = hash_bytes(records.bytes());
  return digest;
}

}  // namespace mkemu
