#include "platform/core/phys_memory.h"

#include <cstring>
#include <stdexcept>

namespace mkemu {

PhysicalMemoryMap::PhysicalMemoryMap(uint32_t ram_bytes)
    : ram_(new uint8_t[ram_bytes]()),
      ram_size_(ram_bytes),
      page_region_(kPageCount, 0),
      code_page_(kPageCount, 0) {
  if (ram_bytes % kPageSize != 0 || ram_bytes > 0xE000'0000u) {
    throw std::invalid_argument("RAM size must be a multiple of 4 KiB and at most 3.5 GiB");
  }
  regions_.push_back({Kind::kMmio, 0, 0, nullptr, nullptr, "unmapped"});
  if (ram_bytes) add_region({Kind::kRam, 0, ram_bytes, ram_.get(), nullptr, "ram"});
}

uint16_t PhysicalMemoryMap::add_region(Region region) {
  if (region.base % kPageSize != 0 || region.size % kPageSize != 0 || region.size == 0 ||
      uint64_t{region.base} + region.size > (uint64_t{1} << 32)) {
    throw std::invalid_argument("region '" + region.name +
                                "' is not page-aligned or exceeds 4 GiB");
  }
  if (regions_.size() >= 0xFFFF) throw std::length_error("too many memory regions");
  auto idx = static_cast<uint16_t>(regions_.size());
  regions_.push_back(std::move(region));
  const Region& r = regions_.back();
  for (uint64_t a = r.base; a < uint64_t{r.base} + r.size; a += kPageSize) {
    page_region_[a >> kPageShift] = idx;
  }
  ++generation_;
  if (on_layout_changed) on_layout_changed();
  return idx;
}

void PhysicalMemoryMap::add_rom(uint32_t base, std::span<const uint8_t> content, std::string name) {
  uint32_t size = (static_cast<uint32_t>(content.size()) + kPageSize - 1) & ~(kPageSize - 1);
  auto storage = std::make_unique<uint8_t[]>(size);
  std::memset(storage.get(), 0xFF, size);
  std::memcpy(storage.get(), content.data(), content.size());
  add_region({Kind::kRom, base, size, storage.get(), nullptr, std::move(name)});
  rom_storage_.push_back(std::move(storage));
}

void PhysicalMemoryMap::add_mmio(uint32_t base, uint32_t size, MmioHandler* handler,
                                 std::string name) {
  add_region({Kind::kMmio, base, size, nullptr, handler, std::move(name)});
}

uint8_t* PhysicalMemoryMap::writable_page(uint32_t paddr) const {
  const Region* r = region_at(paddr);
  if (!r || r->kind != Kind::kRam) return nullptr;
  return r->host + ((paddr & ~(kPageSize - 1)) - r->base);
}

const uint8_t* PhysicalMemoryMap::readable_page(uint32_t paddr) const {
  const Region* r = region_at(paddr);
  if (!r || r->kind == Kind::kMmio) return nullptr;
  return r->host + ((paddr & ~(kPageSize - 1)) - r->base);
}

void PhysicalMemoryMap::mark_code_page(uint32_t paddr) {
  uint8_t& mark = code_page_[paddr >> kPageShift];
  if (mark) return;
  mark = 1;
  if (on_code_page_marked) on_code_page_marked(paddr & ~(kPageSize - 1));
}

void PhysicalMemoryMap::note_code_write(uint32_t paddr, unsigned size) {
  if (on_code_write && (is_code_page(paddr) || is_code_page(paddr + size - 1))) {
    on_code_write(paddr, size);
  }
}

uint8_t PhysicalMemoryMap::read8(uint32_t paddr) {
  const Region* r = region_at(paddr);
  if (!r) {
    if (on_unclaimed) on_unclaimed(paddr, 1, false);
    return 0xFF;
  }
  if (r->kind == Kind::kMmio)
    return static_cast<uint8_t>(r->handler->mmio_read(paddr - r->base, 1));
  return r->host[paddr - r->base];
}

void PhysicalMemoryMap::write8(uint32_t paddr, uint8_t value) {
  const Region* r = region_at(paddr);
  if (!r) {
    if (on_unclaimed) on_unclaimed(paddr, 1, true);
    return;
  }
  switch (r->kind) {
    case Kind::kRam: r->host[paddr - r->base] = value; break;
    case Kind::kRom: break;
    case Kind::kMmio: r->handler->mmio_write(paddr - r->base, 1, value); break;
  }
}

uint32_t PhysicalMemoryMap::read(uint32_t paddr, unsigned size) {
  const Region* r = region_at(paddr);
  bool one_page = ((paddr & (kPageSize - 1)) + size) <= kPageSize;
  if (r && one_page && region_at(paddr + size - 1) == r) {
    if (r->kind == Kind::kMmio) return r->handler->mmio_read(paddr - r->base, size);
    uint32_t value = 0;
    std::memcpy(&value, r->host + (paddr - r->base), size);
    return value;
  }
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) value |= uint32_t{read8(paddr + i)} << (8 * i);
  return value;
}

void PhysicalMemoryMap::write(uint32_t paddr, unsigned size, uint32_t value) {
  const Region* r = region_at(paddr);
  bool one_page = ((paddr & (kPageSize - 1)) + size) <= kPageSize;
  if (r && one_page) {
    switch (r->kind) {
      case Kind::kRam:
        std::memcpy(r->host + (paddr - r->base), &value, size);
        note_code_write(paddr, size);
        return;
      case Kind::kRom: return;
      case Kind::kMmio: r->handler->mmio_write(paddr - r->base, size, value); return;
    }
  }
  for (unsigned i = 0; i < size; ++i) write8(paddr + i, static_cast<uint8_t>(value >> (8 * i)));
  note_code_write(paddr, size);
}

void PhysicalMemoryMap::peek(uint32_t paddr, std::span<uint8_t> out) const {
  for (size_t i = 0; i < out.size(); ++i) {
    uint32_t a = paddr + static_cast<uint32_t>(i);
    const Region* r = region_at(a);
    if (!r) {
      out[i] = 0xFF;
    } else if (r->kind == Kind::kMmio) {
      out[i] = static_cast<uint8_t>(r->handler->mmio_peek(a - r->base, 1));
    } else {
      out[i] = r->host[a - r->base];
    }
  }
}

void PhysicalMemoryMap::poke(uint32_t paddr, std::span<const uint8_t> in) {
  for (size_t i = 0; i < in.size(); ++i) {
    uint32_t a = paddr + static_cast<uint32_t>(i);
    const Region* r = region_at(a);
    if (r && r->kind != Kind::kMmio) {
      r->host[a - r->base] = in[i];
      note_code_write(a, 1);
    }
  }
}

}  // namespace mkemu
