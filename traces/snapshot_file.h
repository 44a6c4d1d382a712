#pragma once
// Snapshot files (docs/trace-format.md, "Snapshot files"): a 40-byte header
// with magic, version, sizes and CRCs, then one zlib stream holding the
// machine identity and the snapshot. Reading checks everything before it is
// used and reports problems as InputError with the file offset.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "traces/machine_identity.h"
#include "traces/snapshot.h"

namespace mkemu::traces {

inline constexpr char kSnapshotMagic[8] = {'M', 'K', 'E', 'M', 'U', 'S', 'N', 'P'};
inline constexpr uint32_t kSnapshotVersion = 1;
inline constexpr uint32_t kSnapshotHeaderSize = 40;

struct SnapshotFile {
  MachineIdentity identity;
  MachineSnapshot snapshot;
};

std::vector<uint8_t> encode_snapshot(const SnapshotFile& file);
SnapshotFile decode_snapshot(std::span<const uint8_t> bytes, const std::string& origin);

// Atomic: a failed write leaves no file behind.
void write_snapshot_file(const std::string& path, const SnapshotFile& file);
SnapshotFile read_snapshot_file(const std::string& path);

}  // namespace mkemu::traces
