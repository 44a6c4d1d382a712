#pragma once
// One PCI function's 256-byte configuration space (type 0 header) with
// per-bit write masks, status bits that clear when written with 1, and the
// BAR sizing protocol: a BAR of size S (a power of two) keeps only the
// address bits above S, so writing all ones reads back ~(S-1) plus its type
// bits. Later devices (NIC, framebuffer) derive from this, declare their
// BARs and react to address or command changes in `config_changed`.
#include <array>
#include <cstdint>
#include <string>

#include "platform/core/state_io.h"

namespace mkemu {

class PciFunction {
 public:
  struct Bar {
    uint32_t size = 0;  // 0: not implemented (reads as 0)
    bool io = false;
    bool prefetchable = false;
  };

  explicit PciFunction(std::string name) : name_(std::move(name)) {}
  virtual ~PciFunction() = default;

  // Register offsets of the type 0 header.
  static constexpr uint8_t kVendor = 0x00, kCommand = 0x04, kStatus = 0x06, kRevision = 0x08,
                           kHeaderType = 0x0E, kBar0 = 0x10, kSubsystemVendor = 0x2C,
                           kInterruptLine = 0x3C, kInterruptPin = 0x3D;

  void set_identity(uint16_t vendor, uint16_t device, uint8_t revision, uint32_t class_code,
                    uint8_t header_type);
  // Declares BAR `index` (0-5): size a power of two (I/O >= 4, memory >= 16).
  void set_bar(unsigned index, uint32_t size, bool io, bool prefetchable = false);
  // INTA..INTD = 1..4; makes the interrupt line register writable.
  void set_interrupt_pin(uint8_t pin);
  // Plain read/write storage for device-specific registers [first, first+count).
  void make_writable(uint8_t first, unsigned count, uint8_t mask = 0xFF);
  void set_config8(uint8_t reg, uint8_t value) { config_[reg] = value; }
  void set_config16(uint8_t reg, uint16_t value);
  void set_config32(uint8_t reg, uint32_t value);

  virtual uint32_t config_read(uint8_t reg, unsigned size) const;
  virtual void config_write(uint8_t reg, unsigned size, uint32_t value);
  // Power-on values (the ones set by the constructor of the derived class).
  void reset() { config_ = reset_config_; }
  // Call at the end of the derived constructor: the current bytes become the reset values.
  void capture_reset_values() { reset_config_ = config_; }

  uint8_t config8(uint8_t reg) const { return config_[reg]; }
  uint16_t command() const { return static_cast<uint16_t>(config_[4] | config_[5] << 8); }
  bool io_enabled() const { return command() & 1; }
  bool memory_enabled() const { return command() & 2; }
  uint32_t bar_address(unsigned index) const;
  const Bar& bar(unsigned index) const { return bars_[index]; }
  uint8_t interrupt_pin() const { return config_[kInterruptPin]; }
  const std::string& name() const { return name_; }

  void save(StateWriter& out) const { out.put_bytes(config_); }
  void load(StateReader& in) { in.get_bytes(config_); }

 protected:
  // After a write changed the command register or a BAR (remap here).
  virtual void config_changed(uint8_t /*reg*/, unsigned /*size*/) {}

 private:
  void write_byte(uint8_t reg, uint8_t value);
  std::string name_;
  std::array<uint8_t, 256> config_{};
  std::array<uint8_t, 256> reset_config_{};
  std::array<uint8_t, 256> write_mask_{};
  std::array<uint8_t, 256> clear_mask_{};  // write-1-to-clear bits
  std::array<Bar, 6> bars_{};
};

}  // namespace mkemu
