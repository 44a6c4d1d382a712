// Any byte string given to `run --restore` is decoded or rejected with
// InputError naming an offset; a decoded snapshot restores into a machine
// or is rejected with InputError (each part's load_state checks its bytes);
// never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "platform/core/errors.h"
#include "platform/machine.h"
#include "traces/snapshot_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mkemu::traces::SnapshotFile file;
  try {
    file = mkemu::traces::decode_snapshot(std::span(data, size), "fuzz.snap");
  } catch (const mkemu::InputError& e) {
    if (std::string(e.what()).find("offset ") == std::string::npos) __builtin_trap();
    return 0;
  }
  // Restoring needs a machine with the snapshot's RAM size; keep it small.
  uint64_t ram = file.snapshot.ram.size_bytes();
  if (ram < (2u << 20) || ram > (16u << 20) || ram % (1u << 20)) return 0;
  mkemu::MachineConfig config;
  config.ram_mib = static_cast<uint32_t>(ram >> 20);
  mkemu::Machine machine(config);
  try {
    mkemu::traces::InputQueue inputs;
    mkemu::traces::restore_snapshot(machine, file.snapshot, &inputs, "fuzz.snap");
  } catch (const mkemu::InputError&) {
  }
  return 0;
}
