#pragma once
// Which arithmetic flags an instruction leaves undefined (Intel SDM Vol.2,
// "Flags Affected" of each instruction), so the lockstep comparison ignores
// them until a later instruction defines them again. QEMU and mkemu may both
// be right while disagreeing on an undefined flag.
#include <capstone/capstone.h>

#include <cstdint>

namespace mkemu::lockstep {

inline constexpr uint32_t kCF = 0x001, kPF = 0x004, kAF = 0x010, kZF = 0x040, kSF = 0x080,
                          kOF = 0x800;
inline constexpr uint32_t kArithmeticFlags = kCF | kPF | kAF | kZF | kSF | kOF;

struct FlagEffect {
  uint32_t defined = 0;    // written with an architectural value
  uint32_t undefined = 0;  // written with an undefined value
};

// `insn` needs capstone detail; `cl` is ECX's low byte before the instruction.
FlagEffect flag_effect(const cs_insn& insn, uint8_t cl);

// The undefined flags still visible after a run of instructions.
class UndefinedFlags {
 public:
  void apply(const FlagEffect& e) {
    pending_ = (pending_ & ~(e.defined | e.undefined)) | e.undefined;
  }
  uint32_t mask() const { return pending_; }

 private:
  uint32_t pending_ = 0;
};

}  // namespace mkemu::lockstep
