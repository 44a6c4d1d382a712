#include "tests/system/lockstep/page_table_compare.h"

#include <cstdio>
#include <cstring>

namespace mkemu::lockstep {

PageTableComparison::PageTableComparison(const PagingLayout& layout) {
  regions_ = {
      {layout.page_dir, 8 * 4, "PDE"},         // PDE 0-7: the 4 MiB pages and both tables
      {layout.page_dir + 1023 * 4, 4, "PDE"},  // the ROM
      {layout.page_table, layout.table_entries * 4, "PTE"},
      {layout.page_table2, layout.table_entries * 4, "PTE"},
  };
}

std::vector<uint8_t> PageTableComparison::read_mkemu(const MkemuSide& mk) const {
  std::vector<uint8_t> out;
  for (const Region& r : regions_) {
    std::vector<uint8_t> part = mk.read(r.address, r.bytes);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

bool PageTableComparison::mkemu_changed(const MkemuSide& mk) const {
  return read_mkemu(mk) != last_;
}

std::vector<std::string> PageTableComparison::compare(GdbRemote& gdb, const MkemuSide& mk) {
  ++comparisons_;
  std::vector<uint8_t> m = read_mkemu(mk);
  if (last_.size() == m.size()) {
    for (size_t i = 0; i < m.size(); i += 4) {
      uint32_t before, after;
      std::memcpy(&before, last_.data() + i, 4);
      std::memcpy(&after, m.data() + i, 4);
      accessed_set_ += (after & ~before & 0x20) != 0;
      dirty_set_ += (after & ~before & 0x40) != 0;
    }
  }
  std::vector<std::string> out;
  size_t offset = 0;
  for (const Region& r : regions_) {
    const std::vector<uint8_t> q = gdb.read_memory(r.address, r.bytes);
    for (uint32_t i = 0; i < r.bytes; i += 4) {
      uint32_t a, b;
      std::memcpy(&a, q.data() + i, 4);
      std::memcpy(&b, m.data() + offset + i, 4);
      if (a == b) continue;
      char line[128];
      std::snprintf(line, sizeof line, "%s at %08x: qemu %08x mkemu %08x (differ in %08x)", r.what,
                    r.address + i, a, b, a ^ b);
      out.push_back(line);
    }
    offset += r.bytes;
  }
  last_ = std::move(m);
  return out;
}

}  // namespace mkemu::lockstep
