#pragma once
// What a snapshot or trace was made on: the machine options as name/value
// pairs (in the command line's spelling, e.g. "mem" = "64") and the images it
// booted with their sizes and hashes. A replay or restore rebuilds the
// machine from it and refuses images that changed.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "platform/core/state_io.h"

namespace mkemu::traces {

struct ImageHash {
  std::string role;  // "kernel", "module", "rom"
  std::string path;
  uint64_t size = 0;
  uint64_t hash = 0;  // XXH3-64 of the file (hash_bytes)
  bool operator==(const ImageHash&) const = default;
};

struct MachineIdentity {
  std::vector<std::pair<std::string, std::string>> options;  // in command-line order
  std::vector<ImageHash> images;

  // All values of option `name` (options like "module" repeat).
  std::vector<std::string> values(const std::string& name) const;
  std::string value(const std::string& name, const std::string& fallback = "") const;
  bool operator==(const MachineIdentity&) const = default;
};

// Reads and hashes a host image file.
ImageHash hash_image(const std::string& role, const std::string& path);

void write_identity(StateWriter& out, const MachineIdentity& identity);
MachineIdentity read_identity(StateReader& in);

// Throws InputError naming the first option or image that differs between
// what `recorded` (from `origin`) was made on and `current`.
void check_same_machine(const MachineIdentity& recorded, const MachineIdentity& current,
                        const std::string& origin);

}  // namespace mkemu::traces
