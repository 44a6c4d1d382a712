// save_state/load_state: control registers, PDPTEs, A20 and the TLB contents
// travel with a snapshot, because stale translations and miss costs are
// guest-visible. Bad snapshots are rejected with an InputError.
#include <gtest/gtest.h>

#include "mmu/paging_rig.h"
#include "platform/core/errors.h"

namespace mkemu {
namespace {

using namespace paging;

constexpr uint32_t kBase = 0x0040'0000;

struct Rig : PagingRig {
  Rig() {
    pt.map_4k(kBase, 0x0020'0000, kP | kRw | kA | kD);
    poke32(mem, 0x0020'0000, 0x1111);
    poke32(mem, 0x0030'0000, 0x2222);
  }
  uint32_t read(uint32_t linear) {
    uint32_t v = 0;
    EXPECT_TRUE(mmu.read(linear, 4, false, v, fault));
    return v;
  }
  std::vector<uint8_t> save() const {
    StateWriter w;
    mmu.save_state(w);
    return w.bytes();
  }
};

TEST(MmuState, RestoredTlbKeepsStaleTranslationsAndHitCosts) {
  Rig a;
  a.mmu.set_cr3(a.pt.cr3());
  a.mmu.set_cr0(kCr0PePgWp);
  EXPECT_EQ(a.read(kBase), 0x1111u);
  a.pt.set_pte(kBase, 0x0030'0000u | kP | kRw | kA | kD);  // no INVLPG
  std::vector<uint8_t> snapshot = a.save();

  Rig b;
  b.pt.set_pte(kBase, 0x0030'0000u | kP | kRw | kA | kD);
  StateReader in(snapshot);
  b.mmu.load_state(in);
  EXPECT_EQ(in.remaining(), 0u);
  EXPECT_EQ(b.mmu.cr0(), kCr0PePgWp);
  EXPECT_EQ(b.mmu.cr3(), b.pt.cr3());
  EXPECT_EQ(b.read(kBase), 0x1111u);  // the stale entry came along
  EXPECT_EQ(b.clock.cycles, 0u);      // and it was a hit
  EXPECT_EQ(b.save(), a.save());
}

TEST(MmuState, SnapshotFromOtherTlbGeometryIsRejected) {
  Rig a;
  std::vector<uint8_t> snapshot = a.save();
  Rig b;
  b.mmu.set_tlb_geometry(TlbGeometry::i486());
  StateReader in(snapshot, "snap.bin");
  EXPECT_THROW(b.mmu.load_state(in), InputError);
}

TEST(MmuState, TruncatedSnapshotIsRejected) {
  Rig a;
  std::vector<uint8_t> snapshot = a.save();
  snapshot.resize(snapshot.size() - 3);
  Rig b;
  b.mmu.set_cr3(b.pt.cr3());
  b.mmu.set_cr0(kCr0PePgWp);
  std::vector<uint8_t> before = b.save();
  StateReader in(snapshot, "snap.bin");
  EXPECT_THROW(b.mmu.load_state(in), InputError);
  EXPECT_EQ(b.save(), before);  // nothing half-loaded
}

TEST(MmuState, ResetEmptiesTheTlbs) {
  Rig a;
  a.mmu.set_cr3(a.pt.cr3());
  a.mmu.set_cr0(kCr0PePgWp);
  a.read(kBase);
  EXPECT_FALSE(a.mmu.tlb_entries().empty());
  a.mmu.reset();
  EXPECT_TRUE(a.mmu.tlb_entries().empty());
  EXPECT_FALSE(a.mmu.paging());
  EXPECT_EQ(a.mmu.fast_read(kBase, 4, false), nullptr);
}

}  // namespace
}  // namespace mkemu
