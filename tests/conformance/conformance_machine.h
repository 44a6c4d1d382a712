#pragma once
// One bare CPU (16 MiB RAM, empty port bus: IN reads all ones) that runs MOO
// tests one after another. Reused across tests: only the bytes a test loads or
// checks are cleared afterwards, so no 16 MiB allocation per test.
#include <cstdint>
#include <string>
#include <vector>

#include "cpu/cpu.h"
#include "mmu/mmu.h"
#include "platform/core/clock.h"
#include "platform/core/io_bus.h"
#include "platform/core/observer.h"
#include "platform/core/phys_memory.h"
#include "tests/conformance/moo_reader.h"

namespace mkemu::conformance {

struct Mismatch {
  std::string field;
  uint32_t expected;
  uint32_t got;
};

class ConformanceMachine {
 public:
  static constexpr uint32_t kRamBytes = 16u << 20;  // the capture boards' 24 address lines

  ConformanceMachine();

  // Runs `test` to its HLT and compares the final state. `flags_mask` has a 1
  // for each FLAGS bit the reference defines for this opcode.
  std::vector<Mismatch> run(const moo::TestCase& test, uint32_t flags_mask);

 private:
  void load(const moo::TestCase& test);
  void compare(const moo::TestCase& test, uint32_t flags_mask, std::vector<Mismatch>& out);
  void clear(const moo::TestCase& test);

  PhysicalMemoryMap phys_{kRamBytes};
  IoBus io_;
  Clock clock_;
  ObserverHub hub_;
  Mmu mmu_{phys_, clock_, hub_};
  Cpu cpu_;
};

}  // namespace mkemu::conformance
