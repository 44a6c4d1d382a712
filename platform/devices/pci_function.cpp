#include "platform/devices/pci_function.h"

namespace mkemu {

void PciFunction::set_config16(uint8_t reg, uint16_t value) {
  config_[reg] = static_cast<uint8_t>(value);
  config_[reg + 1] = static_cast<uint8_t>(value >> 8);
}

void PciFunction::set_config32(uint8_t reg, uint32_t value) {
  set_config16(reg, static_cast<uint16_t>(value));
  set_config16(static_cast<uint8_t>(reg + 2), static_cast<uint16_t>(value >> 16));
}

void PciFunction::set_identity(uint16_t vendor, uint16_t device, uint8_t revision,
                               uint32_t class_code, uint8_t header_type) {
  set_config16(kVendor, vendor);
  set_config16(kVendor + 2, device);
  config_[kRevision] = revision;
  config_[0x09] = static_cast<uint8_t>(class_code);
  config_[0x0A] = static_cast<uint8_t>(class_code >> 8);
  config_[0x0B] = static_cast<uint8_t>(class_code >> 16);
  config_[kHeaderType] = header_type;
  // Command: I/O, memory, bus master, parity response, SERR#, INTx disable.
  write_mask_[kCommand] = 0x47;
  write_mask_[kCommand + 1] = 0x05;
  // Status: parity/abort/SERR bits clear when written with 1.
  clear_mask_[kStatus + 1] = 0xF9;
  write_mask_[0x0C] = 0xFF;  // cache line size
  write_mask_[0x0D] = 0xFF;  // latency timer
}

void PciFunction::set_bar(unsigned index, uint32_t size, bool io, bool prefetchable) {
  bars_[index] = {size, io, prefetchable};
  uint8_t reg = static_cast<uint8_t>(kBar0 + 4 * index);
  uint32_t type = io ? 1u : (prefetchable ? 8u : 0u);
  set_config32(reg, type);
  uint32_t mask = ~(size - 1) & (io ? ~3u : ~15u);
  for (unsigned i = 0; i < 4; ++i) write_mask_[reg + i] = static_cast<uint8_t>(mask >> (8 * i));
}

void PciFunction::set_interrupt_pin(uint8_t pin) {
  config_[kInterruptPin] = pin;
  write_mask_[kInterruptLine] = 0xFF;
}

void PciFunction::make_writable(uint8_t first, unsigned count, uint8_t mask) {
  for (unsigned i = 0; i < count && first + i < 256; ++i) write_mask_[first + i] = mask;
}

uint32_t PciFunction::bar_address(unsigned index) const {
  uint32_t v = static_cast<uint32_t>(config_read(static_cast<uint8_t>(kBar0 + 4 * index), 4));
  return bars_[index].io ? v & ~3u : v & ~15u;
}

uint32_t PciFunction::config_read(uint8_t reg, unsigned size) const {
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) value |= uint32_t{config_[(reg + i) & 0xFF]} << (8 * i);
  return value;
}

void PciFunction::write_byte(uint8_t reg, uint8_t value) {
  uint8_t old = config_[reg];
  uint8_t next = static_cast<uint8_t>((old & ~write_mask_[reg]) | (value & write_mask_[reg]));
  next &= ~(value & clear_mask_[reg]);
  config_[reg] = next;
}

void PciFunction::config_write(uint8_t reg, unsigned size, uint32_t value) {
  for (unsigned i = 0; i < size; ++i) {
    write_byte(static_cast<uint8_t>(reg + i), static_cast<uint8_t>(value >> (8 * i)));
  }
  config_changed(reg, size);
}

}  // namespace mkemu
