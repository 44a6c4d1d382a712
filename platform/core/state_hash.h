#pragma once
// The machine state hash (see docs/state-hash.md). Each stateful part is
// hashed over its serialised state; RAM is hashed per 4 KiB page so that a
// difference can be named down to the page.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "platform/core/state_io.h"

namespace mkemu {

uint64_t hash_bytes(std::span<const uint8_t> bytes);

struct ComponentHash {
  std::string name;
  uint64_t hash;
};

struct StateDigest {
  std::vector<ComponentHash> components;  // in machine order
  std::vector<uint64_t> ram_pages;        // one per 4 KiB page of RAM
  uint64_t ram = 0;                       // hash over ram_pages
  uint64_t total = 0;                     // hash over (name, hash) records and `ram`
};

StateDigest compute_state_digest(std::span<const Stateful* const> parts,
                                 std::span<const uint8_t> ram);

}  // namespace mkemu
