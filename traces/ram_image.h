#pragma once
// A copy of guest RAM made of shared, immutable 4 KiB pages. Capturing with
// a previous image reuses its pages where nothing changed, so a ring of
// in-memory snapshots costs one page per page written between them. Zero
// pages take no memory.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace mkemu {
class PhysicalMemoryMap;
}

namespace mkemu::traces {

class RamImage {
 public:
  static constexpr uint32_t kPageSize = 4096;
  using Page = std::array<uint8_t, kPageSize>;

  RamImage() = default;
  // `ram.size()` must be a multiple of kPageSize.
  static RamImage capture(std::span<const uint8_t> ram, const RamImage* previous = nullptr);

  uint32_t page_count() const { return static_cast<uint32_t>(pages_.size()); }
  uint64_t size_bytes() const { return uint64_t{page_count()} * kPageSize; }
  // Null for a zero page.
  const Page* page(uint32_t index) const { return pages_[index].get(); }
  void set_page(uint32_t index, std::span<const uint8_t, kPageSize> bytes);
  void resize(uint32_t pages) { pages_.assign(pages, nullptr); }
  // Host bytes this image holds that `previous` does not share.
  uint64_t unshared_bytes(const RamImage* previous) const;

  // Writes the image into guest RAM page by page, only where RAM differs,
  // and tells the CPU's decode cache of every code page that changes.
  void restore_into(PhysicalMemoryMap& memory) const;

 private:
  std::vector<std::shared_ptr<const Page>> pages_;
};

}  // namespace mkemu::traces
