#pragma once
// Access kinds and the page-fault report shared by the MMU's parts.
#include <cstdint>

namespace mkemu {

enum class AccessType : uint8_t { kRead = 0, kWrite = 1, kExecute = 2 };

struct PageFaultInfo {
  uint32_t linear = 0;
  uint32_t error_code = 0;  // P, W/R, U/S, RSVD, I/D bits as the SDM defines them
};

// Page-fault error code bits (Intel SDM vol. 3, 4.7). I/D (bit 4) is only
// reported with NX or SMEP, which none of the modelled CPUs has, so it is
// always 0 here.
namespace pf {
inline constexpr uint32_t kPresent = 1u << 0;
inline constexpr uint32_t kWrite = 1u << 1;
inline constexpr uint32_t kUser = 1u << 2;
inline constexpr uint32_t kReserved = 1u << 3;
}  // namespace pf

inline uint32_t page_fault_error(bool present, AccessType type, bool user, bool reserved) {
  return (present ? pf::kPresent : 0) | (type == AccessType::kWrite ? pf::kWrite : 0) |
         (user ? pf::kUser : 0) | (reserved ? pf::kReserved : 0);
}

// The access-rights rule of SDM vol. 3, 4.6 for 32-bit and PAE paging without
// NX/SMEP: user accesses need U/S = 1 everywhere and R/W = 1 to write;
// supervisor writes need R/W = 1 only while CR0.WP = 1. Fetches are reads.
inline bool access_allowed(bool page_writable, bool page_user, AccessType type, bool user,
                           bool wp) {
  if (user && !page_user) return false;
  if (type == AccessType::kWrite && !page_writable && (user || wp)) return false;
  return true;
}

}  // namespace mkemu
