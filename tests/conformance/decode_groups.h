#pragma once
// Grouping and explanations for the decode cross-check: every case where only
// one of capstone and mkemu's p6 decoder accepts the bytes (or they spell a
// known alias differently) falls in a named group with a reason.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mkemu {

// capstone decodes, mkemu (p6) raises #UD. `groups` are capstone's group names.
std::string classify_capstone_only(const std::string& mnemonic,
                                   const std::vector<std::string>& groups,
                                   bool first_operand_is_memory,
                                   const std::array<uint8_t, 16>& bytes, bool code32);
// mkemu decodes, capstone does not.
std::string classify_mkemu_only(const std::string& mnemonic, const std::array<uint8_t, 16>& bytes,
                                bool code32);
// Both decode but disagree: the group of a documented difference, or "" (a failure).
std::string classify_disagreement(const std::string& capstone_mnemonic, unsigned capstone_length,
                                  const std::string& mkemu_mnemonic, unsigned mkemu_length,
                                  const std::array<uint8_t, 16>& bytes, bool code32);
// Why a group exists; empty when the group has no explanation (a failure).
std::string_view group_explanation(const std::string& key);

}  // namespace mkemu
