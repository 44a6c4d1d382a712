#include "platform/core/io_bus.h"

#include <stdexcept>

namespace mkemu {

IoBus::IoBus() : ports_(0x10000), range_end_(0x10000, 0), names_{"unclaimed"} {}

void IoBus::claim(uint16_t first, uint32_t count, IoHandler* handler, std::string name) {
  if (count == 0 || uint32_t{first} + count > 0x10000) {
    throw std::invalid_argument("port range of '" + name + "' is empty or exceeds 0xFFFF");
  }
  for (uint32_t p = first; p < first + count; ++p) {
    if (ports_[p].handler) {
      throw std::invalid_argument("port " + std::to_string(p) + " claimed by both '" +
                                  names_[ports_[p].range] + "' and '" + name + "'");
    }
  }
  auto range = static_cast<uint16_t>(names_.size());
  names_.push_back(std::move(name));
  for (uint32_t p = first; p < first + count; ++p) {
    ports_[p] = {handler, range};
    range_end_[p] = first + count;
  }
}

void IoBus::release(uint16_t first, uint32_t count) {
  for (uint32_t p = first; p < first + count && p < 0x10000; ++p) {
    ports_[p] = {};
    range_end_[p] = 0;
  }
}

const std::string& IoBus::name_at(uint16_t port) const {
  return names_[ports_[port].range];
}

bool IoBus::whole(uint16_t port, unsigned size) const {
  return ports_[port].handler && uint32_t{port} + size <= range_end_[port];
}

uint32_t IoBus::read(uint16_t port, unsigned size) {
  if (whole(port, size)) return ports_[port].handler->io_read(port, size);
  // Split into bytes: part may be claimed, part not (ports wrap at 0xFFFF).
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    auto p = static_cast<uint16_t>(port + i);
    uint32_t byte = 0xFF;
    if (ports_[p].handler) {
      byte = ports_[p].handler->io_read(p, 1) & 0xFF;
    } else if (on_unclaimed) {
      on_unclaimed(p, 1, false, 0xFF);
    }
    value |= byte << (8 * i);
  }
  return value;
}

void IoBus::write(uint16_t port, unsigned size, uint32_t value) {
  if (whole(port, size)) {
    ports_[port].handler->io_write(port, size, value);
    return;
  }
  for (unsigned i = 0; i < size; ++i) {
    auto p = static_cast<uint16_t>(port + i);
    uint32_t byte = (value >> (8 * i)) & 0xFF;
    if (ports_[p].handler) {
      ports_[p].handler->io_write(p, 1, byte);
    } else if (on_unclaimed) {
      on_unclaimed(p, 1, true, byte);
    }
  }
}

uint32_t IoBus::peek(uint16_t port, unsigned size) const {
  if (whole(port, size)) return ports_[port].handler->io_peek(port, size);
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    auto p = static_cast<uint16_t>(port + i);
    uint32_t byte = ports_[p].handler ? ports_[p].handler->io_peek(p, 1) & 0xFF : 0xFF;
    value |= byte << (8 * i);
  }
  return value;
}

}  // namespace mkemu
