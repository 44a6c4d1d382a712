// Decoding cross-check: mkemu's decoder (model p6) against capstone over
// seeded random instruction bytes in 16- and 32-bit mode. Where both decode,
// length and mnemonic must agree. Cases only one side decodes are counted by
// group, and every group must have an explanation in decode_groups.cpp.
#include <capstone/capstone.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <random>
#include <string>

#include "cpu/decode_info.h"
#include "tests/conformance/decode_groups.h"

using namespace mkemu;

namespace {

constexpr uint64_t kSeed = 0x6d6b656d75'0003ull;  // fixed: the run is the same every time
constexpr unsigned kSequences = 1'000'000;
constexpr unsigned kShownMismatches = 20;

constexpr uint8_t kPrefixes[] = {0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};

// Prefixes (mostly none or few, sometimes many to reach the 15-byte limit),
// an opcode from the one-byte, 0F, 0F 38 or 0F 3A maps, then random
// ModRM/SIB/displacement/immediate bytes.
std::array<uint8_t, 16> make_sequence(std::mt19937_64& rng) {
  std::array<uint8_t, 16> b;
  for (auto& x : b) x = static_cast<uint8_t>(rng());
  unsigned roll = rng() % 100;
  unsigned prefixes = roll < 50   ? 0
                      : roll < 75 ? 1
                      : roll < 90 ? 2
                      : roll < 98 ? 3
                                  : 4 + rng() % 11;
  unsigned i = 0;
  for (; i < prefixes; ++i) b[i] = kPrefixes[rng() % std::size(kPrefixes)];
  unsigned map = rng() % 100;
  if (map >= 65 && i < 15) {
    b[i++] = 0x0F;
    if (map >= 95 && i < 15) b[i++] = (map & 1) ? 0x38 : 0x3A;
  }
  // Half of the ModRM bytes are memory forms with a SIB byte in 32-bit addressing.
  if (i + 1 < 16 && (rng() & 1)) b[i + 1] = static_cast<uint8_t>((b[i + 1] & 0xF8) | 4);
  return b;
}

std::string hex(const uint8_t* p, size_t n) {
  std::string s;
  char buf[4];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", p[i]);
    s += buf;
  }
  return s;
}

struct Capstone {
  csh handle = 0;
  cs_insn* insn = nullptr;
  explicit Capstone(cs_mode mode) {
    if (cs_open(CS_ARCH_X86, mode, &handle) != CS_ERR_OK) std::abort();
    cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
    insn = cs_malloc(handle);
  }
  ~Capstone() {
    cs_free(insn, 1);
    cs_close(&handle);
  }
  bool decode(const uint8_t* bytes, size_t n) {
    const uint8_t* code = bytes;
    uint64_t address = 0;
    return cs_disasm_iter(handle, &code, &n, &address, insn);
  }
  bool first_operand_is_memory() const {
    return insn->detail->x86.op_count > 0 && insn->detail->x86.operands[0].type == X86_OP_MEM;
  }
  std::vector<std::string> groups() const {
    std::vector<std::string> out;
    for (uint8_t i = 0; i < insn->detail->groups_count; ++i)
      out.push_back(cs_group_name(handle, insn->detail->groups[i]));
    return out;
  }
};

bool is_legacy_prefix(uint8_t b) {
  return std::find(std::begin(kPrefixes), std::end(kPrefixes), b) != std::end(kPrefixes);
}

std::string without_rep(std::string m) {
  for (const char* rep : {"rep ", "repe ", "repne "})
    if (m.rfind(rep, 0) == 0) return m.substr(std::string(rep).size());
  return m;
}

// Capstone's second opinion on the same bytes with their F2/F3 prefixes
// removed: capstone 4 mishandles F2/F3 next to other prefixes.
bool agrees_without_f2_f3(Capstone& cs, const std::array<uint8_t, 16>& bytes,
                          const DecodeInfo& mk) {
  std::array<uint8_t, 16> stripped{};
  unsigned n = 0, removed = 0;
  bool in_prefixes = true;
  for (uint8_t b : bytes) {
    if (in_prefixes && (b == 0xF2 || b == 0xF3)) {
      ++removed;
      continue;
    }
    in_prefixes = in_prefixes && is_legacy_prefix(b);
    stripped[n++] = b;
  }
  if (removed == 0 || !cs.decode(stripped.data(), n)) return false;
  return cs.insn->size + removed == mk.length && cs.insn->mnemonic == without_rep(mk.mnemonic);
}

}  // namespace

int main() {
  const CpuConfig p6 = parse_cpu_option("p6");
  Capstone cs16(CS_MODE_16), cs32(CS_MODE_32);
  std::mt19937_64 rng(kSeed);
  unsigned agreed = 0, mismatched = 0, neither = 0;
  std::map<std::string, unsigned> one_sided;  // group key -> count
  std::map<std::string, std::string> example;
  std::map<std::string, unsigned> mismatches;  // "capstone | mkemu" -> count
  for (unsigned n = 0; n < kSequences; ++n) {
    std::array<uint8_t, 16> bytes = make_sequence(rng);
    for (bool code32 : {false, true}) {
      Capstone& cs = code32 ? cs32 : cs16;
      bool cs_ok = cs.decode(bytes.data(), bytes.size());
      DecodeInfo mk = decode_for_crosscheck(bytes, code32, p6);
      std::string mode = code32 ? "32" : "16";
      if (cs_ok && mk.valid) {
        const std::string cs_mnem = cs.insn->mnemonic, cs_ops = cs.insn->op_str;
        const unsigned cs_length = cs.insn->size;
        if (cs_length == mk.length && cs_mnem == mk.mnemonic) {
          ++agreed;
          continue;
        }
        std::string key =
            classify_disagreement(cs_mnem, cs_length, mk.mnemonic, mk.length, bytes, code32);
        if (key.empty() && agrees_without_f2_f3(cs, bytes, mk)) key = "capstone:f2-f3-prefix-quirk";
        std::string what = mode + ": " + hex(bytes.data(), std::max(cs_length, mk.length)) +
                           " capstone '" + cs_mnem + " " + cs_ops + "' (" +
                           std::to_string(cs_length) + " bytes), mkemu '" + mk.mnemonic + "' (" +
                           std::to_string(mk.length) + " bytes)";
        if (key.empty()) {
          std::string pair = cs_mnem + " | " + mk.mnemonic;
          ++mismatches[pair];
          example.try_emplace("mismatch:" + pair, what);
          if (mismatched++ < kShownMismatches) std::printf("MISMATCH %s\n", what.c_str());
          continue;
        }
        ++one_sided[key];
        example.try_emplace(key, what);
      } else if (cs_ok) {
        std::string key = classify_capstone_only(cs.insn->mnemonic, cs.groups(),
                                                 cs.first_operand_is_memory(), bytes, code32);
        ++one_sided[key];
        example.try_emplace(key, mode + ": " + hex(bytes.data(), cs.insn->size) + " " +
                                     cs.insn->mnemonic + " " + cs.insn->op_str);
      } else if (mk.valid) {
        std::string key = agrees_without_f2_f3(cs, bytes, mk)
                              ? "capstone:f2-f3-prefix-quirk"
                              : classify_mkemu_only(mk.mnemonic, bytes, code32);
        ++one_sided[key];
        example.try_emplace(key, mode + ": " + hex(bytes.data(), mk.length) + " " + mk.mnemonic);
      } else {
        ++neither;
      }
    }
  }
  for (const auto& [pair, count] : mismatches)
    std::printf("  mismatch %-34s %8u  e.g. %s\n", pair.c_str(), count,
                example["mismatch:" + pair].c_str());
  unsigned unexplained = 0;
  std::printf("Decoded by one side only (or spelled differently), by group:\n");
  for (const auto& [key, count] : one_sided) {
    std::string_view why = group_explanation(key);
    if (why.empty()) ++unexplained;
    std::printf("  %-34s %8u  e.g. %s\n      %s\n", key.c_str(), count, example[key].c_str(),
                why.empty() ? "UNEXPLAINED" : std::string(why).c_str());
  }
  std::printf(
      "capstone_decode: %u sequences x 2 modes: %u agree, %u mismatch, %u one-sided, "
      "%u neither decodes, %u unexplained groups\n",
      kSequences, agreed, mismatched, 2 * kSequences - agreed - mismatched - neither, neither,
      unexplained);
  return mismatched == 0 && unexplained == 0 && agreed > 0 ? 0 : 1;
}
