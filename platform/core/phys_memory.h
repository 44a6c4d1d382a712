#pragma once
// The guest physical address space: RAM, ROM and MMIO regions, page-granular.
// Device and CPU code reach memory only through this map (or through host
// pointers it hands out for RAM/ROM pages, which the MMU caches).
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace mkemu {

// A device that claims a physical range. Offsets are relative to the region
// base; size is 1, 2 or 4 and the access never crosses the region's end.
class MmioHandler {
 public:
  virtual ~MmioHandler() = default;
  virtual uint32_t mmio_read(uint32_t offset, unsigned size) = 0;
  virtual void mmio_write(uint32_t offset, unsigned size, uint32_t value) = 0;
  // Reads without side effects (debugger, gdb, traces).
  virtual uint32_t mmio_peek(uint32_t offset, unsigned size) const = 0;
};

class PhysicalMemoryMap {
 public:
  static constexpr unsigned kPageShift = 12;
  static constexpr uint32_t kPageSize = 1u << kPageShift;
  static constexpr uint32_t kPageCount = 1u << (32 - kPageShift);

  // RAM from physical 0 up to `ram_bytes` (a multiple of 4 KiB, at most 3.5 GiB).
  explicit PhysicalMemoryMap(uint32_t ram_bytes);

  // Overlays, page-aligned; a later region hides what is below it.
  // ROM content is copied; guest writes to ROM are ignored.
  void add_rom(uint32_t base, std::span<const uint8_t> content, std::string name);
  void add_mmio(uint32_t base, uint32_t size, MmioHandler* handler, std::string name);

  uint32_t read(uint32_t paddr, unsigned size);
  void write(uint32_t paddr, unsigned size, uint32_t value);
  // Side-effect-free access for inspection and loaders. `poke` writes RAM
  // (and ROM, for loaders) and skips MMIO; it reports code-page writes.
  void peek(uint32_t paddr, std::span<uint8_t> out) const;
  void poke(uint32_t paddr, std::span<const uint8_t> in);

  // Host pointer to the start of the page holding `paddr`, or nullptr.
  // Writable: RAM only. Readable: RAM or ROM.
  uint8_t* writable_page(uint32_t paddr) const;
  const uint8_t* readable_page(uint32_t paddr) const;
  bool is_ram(uint32_t paddr) const { return writable_page(paddr) != nullptr; }

  // Pages holding decoded code (self-modifying-code detection). The CPU marks
  // them; writes through read()/write()/poke() to such a page call the
  // code-write listener, and marking a page calls the mark listener so that
  // cached write pointers to it can be dropped.
  void mark_code_page(uint32_t paddr);
  void unmark_code_page(uint32_t paddr) { code_page_[paddr >> kPageShift] = 0; }
  bool is_code_page(uint32_t paddr) const { return code_page_[paddr >> kPageShift] != 0; }
  std::function<void(uint32_t paddr, unsigned size)> on_code_write;
  std::function<void(uint32_t page_base)> on_code_page_marked;
  // Accesses to addresses nothing claims (reads return all ones).
  std::function<void(uint32_t paddr, unsigned size, bool is_write)> on_unclaimed;

  // Bumped whenever the region layout changes, so cached translations to host
  // pointers can be dropped; on_layout_changed is called right after.
  uint64_t layout_generation() const { return generation_; }
  std::function<void()> on_layout_changed;

  std::span<uint8_t> ram() { return {ram_.get(), ram_size_}; }
  std::span<const uint8_t> ram() const { return {ram_.get(), ram_size_}; }

 private:
  enum class Kind : uint8_t { kRam, kRom, kMmio };
  struct Region {
    Kind kind;
    uint32_t base;
    uint32_t size;
    uint8_t* host;         // RAM/ROM
    MmioHandler* handler;  // MMIO
    std::string name;
  };
  uint16_t add_region(Region region);
  const Region* region_at(uint32_t paddr) const {
    uint16_t idx = page_region_[paddr >> kPageShift];
    return idx ? &regions_[idx] : nullptr;
  }
  void note_code_write(uint32_t paddr, unsigned size);
  uint8_t read8(uint32_t paddr);
  void write8(uint32_t paddr, uint8_t value);

  std::unique_ptr<uint8_t[]> ram_;
  uint32_t ram_size_;
  std::vector<std::unique_ptr<uint8_t[]>> rom_storage_;
  std::vector<Region> regions_;        // index 0 is "unmapped"
  std::vector<uint16_t> page_region_;  // kPageCount entries
  std::vector<uint8_t> code_page_;     // kPageCount entries
  uint64_t generation_ = 0;
};

}  // namespace mkemu
