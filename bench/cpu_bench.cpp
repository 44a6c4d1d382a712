// In-process guest throughput on the workload ROMs (bench/roms): reports
// guest instructions per second of host time as `items_per_second`, and the
// same ALU run with a no-op observer attached (the cost of an armed hook).
#include <benchmark/benchmark.h>

#include <string>

#include "platform/boot/rom_loader.h"
#include "platform/core/host_file.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

class NoOpObserver : public Observer {};

void run_rom(benchmark::State& state, const std::string& name, bool observed) {
  std::vector<uint8_t> rom = read_host_file(std::string(MKEMU_BENCH_ROM_DIR) + "/" + name + ".rom");
  uint64_t instructions = 0;
  for (auto _ : state) {
    state.PauseTiming();
    MachineConfig config;
    Machine machine(config);
    map_rom(machine.memory, rom, name);
    machine.reset();
    NoOpObserver observer;
    if (observed) machine.observers.attach(&observer);
    state.ResumeTiming();
    RunResult result = machine.run({});
    if (result.stop != MachineStop::kGuestExit) state.SkipWithError("workload did not exit");
    instructions += machine.cpu.instructions_retired();
  }
  state.SetItemsProcessed(static_cast<int64_t>(instructions));
}

void BM_Alu(benchmark::State& s) {
  run_rom(s, "alu", false);
}
void BM_AluWithObserver(benchmark::State& s) {
  run_rom(s, "alu", true);
}
void BM_PortIo(benchmark::State& s) {
  run_rom(s, "port_io", false);
}
void BM_RingTrip(benchmark::State& s) {
  run_rom(s, "ring_trip", false);
}
void BM_TlbMiss(benchmark::State& s) {
  run_rom(s, "tlb_miss", false);
}

BENCHMARK(BM_Alu)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_AluWithObserver)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_PortIo)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_RingTrip)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_TlbMiss)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace mkemu
