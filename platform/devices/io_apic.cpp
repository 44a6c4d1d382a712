#include "platform/devices/io_apic.h"

namespace mkemu {
namespace {

constexpr uint64_t kMasked = 1u << 16;
constexpr uint64_t kLevel = 1u << 15;
constexpr uint64_t kRemoteIrr = 1u << 14;
constexpr uint64_t kDeliveryStatus = 1u << 12;
// Writable: vector, delivery mode, destination mode, polarity, trigger, mask, destination.
constexpr uint64_t kWritable = 0xFF00'0000'0001'AFFFull;

}  // namespace

void IoApic::attach(MachineBus& bus) {
  bus.memory.add_mmio(kBase, PhysicalMemoryMap::kPageSize, this, "ioapic");
  reset();
}

void IoApic::reset() {
  select_ = 0;
  id_ = 0;
  irr_ = 0;
  redirection_.fill(kMasked);
}

void IoApic::irq_input_changed(unsigned pin, bool level) {
  if (pin >= kPins) return;
  uint32_t bit = 1u << pin;
  bool was = levels_ & bit;
  levels_ = level ? (levels_ | bit) : (levels_ & ~bit);
  if (redirection_[pin] & kLevel) {
    irr_ = level ? (irr_ | bit) : (irr_ & ~bit);
  } else if (level && !was) {
    irr_ |= bit;  // rising edge
  }
  service();
}

void IoApic::service() {
  for (unsigned pin = 0; pin < kPins; ++pin) {
    uint32_t bit = 1u << pin;
    uint64_t e = redirection_[pin];
    if (!(irr_ & bit) || (e & kMasked)) continue;
    bool level = e & kLevel;
    if (level && (e & kRemoteIrr)) continue;  // waiting for the EOI
    if (level) {
      redirection_[pin] |= kRemoteIrr;
    } else {
      irr_ &= ~bit;
    }
    auto destination = static_cast<uint8_t>(e >> 56);
    bool logical = e & 0x800;
    if (!lapic_.matches_destination(destination, logical)) continue;
    unsigned mode = (e >> 8) & 7;
    if (mode == 0 || mode == 1) {
      lapic_.accept(static_cast<uint8_t>(e), level);
    } else if (mode == 4 && lapic_.on_nmi) {
      lapic_.on_nmi();
    }
    // SMI, INIT and ExtINT messages are not modelled.
  }
}

void IoApic::end_of_interrupt(uint8_t vector) {
  for (unsigned pin = 0; pin < kPins; ++pin) {
    if ((redirection_[pin] & 0xFF) == vector && (redirection_[pin] & kRemoteIrr)) {
      redirection_[pin] &= ~kRemoteIrr;
    }
  }
  service();  // a line still high asks again
}

uint32_t IoApic::read_indirect(uint8_t index) const {
  switch (index) {
    case 0x00: return id_;
    case 0x01: return kVersion;
    case 0x02: return id_;  // arbitration ID follows the ID
    default: break;
  }
  if (index >= 0x10 && index < 0x10 + 2 * kPins) {
    uint64_t e = redirection_[(index - 0x10) / 2];
    return static_cast<uint32_t>((index & 1) ? e >> 32 : e);
  }
  return 0;
}

void IoApic::write_indirect(uint8_t index, uint32_t value) {
  if (index == 0x00) {
    id_ = value & 0x0F00'0000u;
    return;
  }
  if (index < 0x10 || index >= 0x10 + 2 * kPins) return;
  unsigned pin = (index - 0x10) / 2;
  uint64_t e = redirection_[pin];
  uint64_t written = (index & 1) ? (uint64_t{value} << 32) | (e & 0xFFFF'FFFFu)
                                 : (e & 0xFFFF'FFFF'0000'0000ull) | value;
  redirection_[pin] = (written & kWritable) | (e & (kRemoteIrr | kDeliveryStatus));
  // Switching to edge drops remote IRR; a level line that is high requests.
  if (!(redirection_[pin] & kLevel)) {
    redirection_[pin] &= ~kRemoteIrr;
  } else if (levels_ & (1u << pin)) {
    irr_ |= 1u << pin;
  }
  service();
}

uint32_t IoApic::mmio_peek(uint32_t offset, unsigned size) const {
  uint32_t value = 0;
  if (offset < 4) {
    value = select_;
  } else if (offset >= 0x10 && offset < 0x14) {
    value = read_indirect(select_);
  } else {
    return 0;
  }
  uint32_t shifted = value >> (8 * (offset & 3));
  return size >= 4 ? shifted : shifted & ((1u << (8 * size)) - 1);
}

void IoApic::mmio_write(uint32_t offset, unsigned size, uint32_t value) {
  if (offset == 0x00) {
    select_ = static_cast<uint8_t>(value);
  } else if (offset == 0x10 && size == 4) {
    write_indirect(select_, value);
  } else if (offset == 0x40 && size == 4) {
    end_of_interrupt(static_cast<uint8_t>(value));  // version 20h EOI register
  }
}

void IoApic::save_state(StateWriter& out) const {
  out.put(select_);
  out.put(id_);
  out.put(irr_);
  out.put(levels_);
  for (uint64_t e : redirection_) out.put(e);
}

void IoApic::load_state(StateReader& in) {
  select_ = in.get<uint8_t>();
  id_ = in.get<uint32_t>();
  irr_ = in.get<uint32_t>();
  levels_ = in.get<uint32_t>();
  for (uint64_t& e : redirection_) e = in.get<uint64_t>();
}

}  // namespace mkemu
