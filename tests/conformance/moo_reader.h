#pragma once
// Reader for the SingleStepTests MOO format (../shared/conformance/README.md):
// a chunked little-endian container of single-instruction CPU tests with an
// initial and a final state. Any malformed input raises InputError naming the
// byte offset; nothing about the input can make the reader crash or hang.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/core/errors.h"

namespace mkemu::moo {

// Register order of `REGS` (80286 files, 16-bit values).
enum Reg16 : uint8_t { kAx, kBx, kCx, kDx, kCs, kSs, kDs, kEs, kSp, kBp, kSi, kDi, kIp, kFlags };
inline constexpr unsigned kReg16Count = 14;
// Register order of `RG32` (80386 files, 32-bit values).
enum Reg32 : uint8_t {
  kCr0,
  kCr3,
  kEax,
  kEbx,
  kEcx,
  kEdx,
  kEsi,
  kEdi,
  kEbp,
  kEsp,
  kCs32,
  kDs32,
  kEs32,
  kFs32,
  kGs32,
  kSs32,
  kEip,
  kEflags,
  kDr6,
  kDr7
};
inline constexpr unsigned kReg32Count = 20;
inline constexpr unsigned kMaxRegs = 20;

// A register block (REGS/RG32) or a mask block (RMSK/RM32): `present` has a
// bit per register in file order, `value` is indexed by that order.
struct RegisterBlock {
  bool wide = false;  // RG32/RM32
  uint32_t present = 0;
  std::array<uint32_t, kMaxRegs> value{};
  bool has(unsigned reg) const { return (present >> reg) & 1u; }
};

struct RamByte {
  uint32_t address;
  uint8_t value;
};

// The INIT or FINA container.
struct CpuSnapshot {
  std::optional<RegisterBlock> regs;
  std::optional<RegisterBlock> mask;
  std::vector<RamByte> ram;
};

struct ExceptionInfo {
  uint8_t vector = 0;
  uint32_t flags_address = 0;  // linear address of the FLAGS word pushed
};

struct TestCase {
  uint32_t index = 0;
  std::string name;  // disassembly
  std::vector<uint8_t> bytes;
  CpuSnapshot initial;
  CpuSnapshot final;
  std::optional<ExceptionInfo> exception;
  std::optional<std::array<uint8_t, 20>> hash;
  std::string hash_hex() const;
};

struct Meta {
  uint8_t set_major = 0, set_minor = 0, cpu_type = 0;
  uint32_t opcode = 0;
  std::string mnemonic;
  uint32_t test_count = 0;
  uint64_t seed = 0;
  uint8_t cpu_mode = 0;  // 0 = real
  uint8_t group_extension = 0;
};

struct File {
  uint8_t major = 0, minor = 0;
  uint32_t declared_tests = 0;
  std::string cpu_id;  // "C286", "386E"
  std::optional<Meta> meta;
  std::optional<RegisterBlock> file_mask;
  std::vector<TestCase> tests;
};

// Parses an uncompressed MOO image. `origin` names the input in errors.
File parse(std::span<const uint8_t> data, const std::string& origin);

// Reads a whole file, inflating it when it is gzip-compressed (moo_gzip.cpp).
std::vector<uint8_t> read_maybe_gzip(const std::string& path);

}  // namespace mkemu::moo
