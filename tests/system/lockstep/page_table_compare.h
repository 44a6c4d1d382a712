#pragma once
// The paging half of the lockstep comparison: the page directory entries and
// the 4 KiB page tables the ROM uses, read from QEMU's memory (gdb 'm') and
// from mkemu's physical memory, so that every Accessed/Dirty bit the two CPUs
// write (and every entry the guest writes) is compared.
//
// When: whenever mkemu's copy changed (checked locally after every
// instruction, so each A/D update on mkemu's side is compared at the very
// instruction that made it), at every #PF, CR3 write and INVLPG, and every
// kPeriod instructions (--table-period) (an update only QEMU made shows up within that many
// instructions), and at the end of the run.
#include <cstdint>
#include <string>
#include <vector>

#include "tests/system/lockstep/gdb_remote.h"
#include "tests/system/lockstep/mkemu_side.h"

namespace mkemu::lockstep {

struct PagingLayout {
  uint32_t page_dir, page_table, page_table2, table_entries;
};

class PageTableComparison {
 public:
  static constexpr unsigned kPeriod = 256;

  explicit PageTableComparison(const PagingLayout& layout);

  // mkemu's entries differ from those last compared.
  bool mkemu_changed(const MkemuSide& mk) const;
  // Reads both sides and returns the differing entries.
  std::vector<std::string> compare(GdbRemote& gdb, const MkemuSide& mk);

  unsigned comparisons() const { return comparisons_; }
  // A and D bits mkemu's CPU set (0 -> 1) between comparisons.
  unsigned accessed_set() const { return accessed_set_; }
  unsigned dirty_set() const { return dirty_set_; }

 private:
  struct Region {
    uint32_t address, bytes;
    const char* what;
  };
  std::vector<uint8_t> read_mkemu(const MkemuSide& mk) const;

  std::vector<Region> regions_;
  std::vector<uint8_t> last_;
  unsigned comparisons_ = 0, accessed_set_ = 0, dirty_set_ = 0;
};

}  // namespace mkemu::lockstep
