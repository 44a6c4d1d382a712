#include "traces/ram_image.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "platform/core/phys_memory.h"

namespace mkemu::traces {
namespace {

bool all_zero(const uint8_t* p) {
  static const RamImage::Page kZero{};
  return std::memcmp(p, kZero.data(), RamImage::kPageSize) == 0;
}

}  // namespace

RamImage RamImage::capture(std::span<const uint8_t> ram, const RamImage* previous) {
  if (ram.size() % kPageSize) throw std::logic_error("RAM size is not a multiple of 4 KiB");
  RamImage image;
  uint32_t n = static_cast<uint32_t>(ram.size() / kPageSize);
  image.pages_.resize(n);
  bool reuse = previous && previous->page_count() == n;
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t* src = ram.data() + size_t{i} * kPageSize;
    if (reuse) {
      const auto& old = previous->pages_[i];
      if (old ? std::memcmp(old->data(), src, kPageSize) == 0 : all_zero(src)) {
        image.pages_[i] = old;
        continue;
      }
    }
    if (all_zero(src)) continue;
    auto page = std::make_shared<Page>();
    std::memcpy(page->data(), src, kPageSize);
    image.pages_[i] = std::move(page);
  }
  return image;
}

void RamImage::set_page(uint32_t index, std::span<const uint8_t, kPageSize> bytes) {
  if (all_zero(bytes.data())) {
    pages_[index] = nullptr;
    return;
  }
  auto page = std::make_shared<Page>();
  std::copy(bytes.begin(), bytes.end(), page->begin());
  pages_[index] = std::move(page);
}

uint64_t RamImage::unshared_bytes(const RamImage* previous) const {
  uint64_t total = 0;
  for (uint32_t i = 0; i < page_count(); ++i) {
    if (!pages_[i]) continue;
    bool shared = previous && i < previous->page_count() && previous->pages_[i] == pages_[i];
    if (!shared) total += kPageSize;
  }
  return total;
}

void RamImage::restore_into(PhysicalMemoryMap& memory) const {
  std::span<uint8_t> ram = memory.ram();
  if (ram.size() != size_bytes()) throw std::logic_error("RAM image size differs from RAM");
  static const Page kZero{};
  for (uint32_t i = 0; i < page_count(); ++i) {
    const Page& want = pages_[i] ? *pages_[i] : kZero;
    uint32_t base = i * kPageSize;
    if (std::memcmp(ram.data() + base, want.data(), kPageSize) == 0) continue;
    // Straight into RAM (poke() would write a ROM or MMIO overlay hiding
    // this page), then tell the decode cache as a guest write would.
    std::memcpy(ram.data() + base, want.data(), kPageSize);
    if (memory.on_code_write && memory.is_code_page(base)) memory.on_code_write(base, kPageSize);
  }
}

}  // namespace mkemu::traces
