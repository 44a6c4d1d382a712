#include "mmu/tlb_geometry.h"

namespace mkemu {

// Sources and the cost model are in docs/mmu.md. Walk costs are model
// estimates (no Intel document gives a cycle count for a P6 page walk).

TlbGeometry TlbGeometry::i486() {
  TlbGeometry g;
  g.name = "i486";
  g.unified = true;
  g.dtlb_small = {32, 4};
  g.walk_base_cycles = 5;
  g.walk_read_cycles = 4;
  g.walk_write_cycles = 4;
  return g;
}

TlbGeometry TlbGeometry::pentium() {
  TlbGeometry g;
  g.name = "pentium";
  g.itlb_small = {32, 4};
  g.dtlb_small = {64, 4};
  g.dtlb_large = {8, 4};
  g.walk_base_cycles = 3;
  g.walk_read_cycles = 3;
  g.walk_write_cycles = 3;
  return g;
}

TlbGeometry TlbGeometry::p6() {
  TlbGeometry g;
  g.name = "p6";
  g.itlb_small = {32, 4};
  g.itlb_large = {2, 2};
  g.dtlb_small = {64, 4};
  g.dtlb_large = {8, 4};
  g.pat = true;
  g.walk_base_cycles = 5;
  g.walk_read_cycles = 3;
  g.walk_write_cycles = 3;
  return g;
}

}  // namespace mkemu
