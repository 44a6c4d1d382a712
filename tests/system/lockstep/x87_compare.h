#pragma once
// The x87 half of the lockstep comparison: how QEMU 7.2's gdb stub reports
// the FPU, which of its differences from mkemu are documented QEMU errors
// (accepted, counted, and QEMU then given mkemu's values so that the run
// goes on comparing exactly), and the memory images x87 stores write.
#include <capstone/capstone.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cpu/fpu/x87.h"
#include "tests/system/lockstep/qemu_registers.h"

namespace mkemu::lockstep {

// Where QEMU 7.2 differs from the SDM for the x87, printed by the test.
const std::vector<const char*>& x87_qemu_deviations();

// The memory an x87 store writes: FST/FSTP/FIST/FISTP/FBSTP, FNSTCW, FNSTSW
// m16, FNSTENV, FNSAVE (32-bit layouts).
struct MemoryOperand {
  uint32_t address;
  uint32_t bytes;
  bool environment;  // an FNSTENV/FNSAVE image
};

class X87Comparison {
 public:
  // Before each step: the instruction (null if capstone cannot decode it),
  // its bytes, and mkemu's x87 state.
  void before(const cs_insn* insn, const std::vector<uint8_t>& bytes, const X87State& mkemu);
  // After each step that did not deliver an exception.
  void completed();

  // Register differences that no documented QEMU error explains. Sets
  // `resync` when explained ones were found: QEMU must then be given
  // mkemu's values (registers_to_resync()).
  std::vector<std::string> diff(const std::vector<uint8_t>& q, const std::vector<uint8_t>& m,
                                const X87State& mkemu, bool& resync);
  // Slots and the mkemu values QEMU should be given after `diff` (st<n> is
  // physical register n, as QEMU 7.2's stub numbers them).
  const std::vector<std::pair<std::string, RegisterValue>>& registers_to_resync() const {
    return resync_;
  }

  // The operand of the instruction just passed to before(), if it is an x87
  // store; `regs` are EAX..EDI before it. Segment bases are not added: the
  // ROM's data segments are flat.
  std::optional<MemoryOperand> store_operand(const uint32_t regs[8]) const;
  std::vector<std::string> diff_store(const MemoryOperand& op, const std::vector<uint8_t>& qemu,
                                      const std::vector<uint8_t>& mkemu) const;

  // How often each documented QEMU error was seen.
  const std::map<std::string, unsigned>& accepted() const { return accepted_; }
  static bool is_x87_slot(const char* name);

 private:
  const cs_insn* insn_ = nullptr;
  X87State pre_{};
  uint8_t opcode_ = 0, modrm_ = 0;
  bool x87_ = false;
  bool control_word_loaded_ = false;
  bool fip_comparable_ = true, fdp_comparable_ = true;
  std::vector<std::pair<std::string, RegisterValue>> resync_;
  std::map<std::string, unsigned> accepted_;
};

}  // namespace mkemu::lockstep
