#pragma once
// The register file QEMU 7.2's i386 gdb stub returns for 'g' (344 bytes,
// measured): the XML order, except that only fs_base, gs_base and k_gs_base
// of the bases are present. Every one of them is compared.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace mkemu::lockstep {

struct RegisterSlot {
  const char* name;
  unsigned offset;  // into the 'g' reply
  unsigned bytes;
};

// In reply order.
const std::vector<RegisterSlot>& qemu_register_slots();
inline constexpr unsigned kQemuRegisterBytes = 344;

// One register's value as bytes (up to 16), little-endian.
using RegisterValue = std::array<uint8_t, 16>;

RegisterValue slot_value(const std::vector<uint8_t>& g, const RegisterSlot& slot);
uint32_t slot_u32(const std::vector<uint8_t>& g, const char* name);
// The gdb register number of a slot (its index in the 'g' order).
unsigned slot_number(const char* name);
std::string format_value(const RegisterValue& v, unsigned bytes);

}  // namespace mkemu::lockstep
