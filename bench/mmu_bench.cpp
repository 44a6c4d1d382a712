// MMU micro benchmarks: the cost of a data access that hits the host-pointer
// fast path, of one that takes the slow path with a modelled TLB hit, and of
// a TLB-miss-heavy pattern (a page walk on every access). The "cycles/access"
// counter is modelled guest time, not host time.
#include <benchmark/benchmark.h>

#include <cstring>

#include "mmu/paging_rig.h"

namespace mkemu {
namespace {

using namespace paging;

constexpr uint32_t kBase = 0x0040'0000;
constexpr unsigned kPages = 1024;  // 4 MiB: far more than the 64-entry DTLB

struct Rig : PagingRig {
  Rig() : PagingRig(64u << 20) {
    for (unsigned i = 0; i < kPages; ++i) {
      pt.map_4k(kBase + i * 0x1000, 0x0100'0000 + i * 0x1000, kP | kRw | kUs | kA | kD);
    }
    enable();
  }
  // What the CPU does for a data read: fast path, else the slow path.
  uint32_t load(uint32_t linear) {
    uint32_t v = 0;
    if (const uint8_t* p = mmu.fast_read(linear, 4, true)) {
      std::memcpy(&v, p, 4);
    } else {
      mmu.read(linear, 4, true, v, fault);
    }
    return v;
  }
};

void report(benchmark::State& state, const Rig& rig) {
  state.SetItemsProcessed(state.iterations());
  state.counters["cycles/access"] =
      benchmark::Counter(static_cast<double>(rig.clock.cycles) / state.iterations());
}

void BM_TlbHitFastPath(benchmark::State& state) {
  Rig rig;
  rig.load(kBase);
  uint32_t offset = 0;
  rig.clock.cycles = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(rig.load(kBase + offset));
    offset = (offset + 4) & 0xFFC;
  }
  report(state, rig);
}
BENCHMARK(BM_TlbHitFastPath);

void BM_TlbHitSlowPath(benchmark::State& state) {
  Rig rig;
  rig.mmu.set_fast_path_enabled(false);
  rig.load(kBase);
  uint32_t offset = 0;
  rig.clock.cycles = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(rig.load(kBase + offset));
    offset = (offset + 4) & 0xFFC;
  }
  report(state, rig);
}
BENCHMARK(BM_TlbHitSlowPath);

void BM_TlbHitWrite(benchmark::State& state) {
  Rig rig;
  rig.mmu.write(kBase, 4, true, 0, rig.fault);
  uint32_t offset = 0;
  rig.clock.cycles = 0;
  for (auto _ : state) {
    if (uint8_t* p = rig.mmu.fast_write(kBase + offset, 4, true)) {
      std::memcpy(p, &offset, 4);
    } else {
      rig.mmu.write(kBase + offset, 4, true, offset, rig.fault);
    }
    offset = (offset + 4) & 0xFFC;
  }
  report(state, rig);
}
BENCHMARK(BM_TlbHitWrite);

// Instruction fetch through the ITLB-backed host pointer.
void BM_FetchFastPath(benchmark::State& state) {
  Rig rig;
  uint32_t phys;
  rig.mmu.translate(kBase, AccessType::kExecute, true, phys, rig.fault);
  uint32_t offset = 0;
  rig.clock.cycles = 0;
  for (auto _ : state) {
    const uint8_t* p = rig.mmu.fast_fetch(kBase + offset, true);
    if (!p) rig.mmu.translate(kBase + offset, AccessType::kExecute, true, phys, rig.fault);
    benchmark::DoNotOptimize(p);
    offset = (offset + 3) & 0xFFF;
  }
  report(state, rig);
}
BENCHMARK(BM_FetchFastPath);

// Every access touches the next page of 1024: each one misses the modelled
// TLB and walks the tables.
void BM_TlbMissHeavy(benchmark::State& state) {
  Rig rig;
  unsigned page = 0;
  rig.clock.cycles = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(rig.load(kBase + page * 0x1000 + 8));
    page = (page + 1) % kPages;
  }
  report(state, rig);
}
BENCHMARK(BM_TlbMissHeavy);

// A working set of 48 pages with 16 accesses per page visit: mostly hits.
void BM_MixedWorkingSet(benchmark::State& state) {
  Rig rig;
  uint32_t i = 0;
  rig.clock.cycles = 0;
  for (auto _ : state) {
    uint32_t page = (i >> 4) % 48;
    benchmark::DoNotOptimize(rig.load(kBase + page * 0x1000 + (i & 15) * 4));
    ++i;
  }
  report(state, rig);
}
BENCHMARK(BM_MixedWorkingSet);

}  // namespace
}  // namespace mkemu
