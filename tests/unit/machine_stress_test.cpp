// Guest misbehaviour must never crash the host: seeded random port and MMIO
// traffic against every device of the pc machine (any width, any value,
// any order), with virtual time passing and host serial input, and
// periodic snapshot checks: each device's state restored into a fresh
// machine gives the same component hashes.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "platform/machine.h"

namespace mkemu {
namespace {

MachineConfig pc() {
  MachineConfig c;
  c.cpu = parse_cpu_option("p6");
  c.ram_mib = 16;
  return c;
}

void expect_same_devices(Machine& a) {
  Machine b(pc());
  b.clock.cycles = a.clock.cycles;
  auto from = a.stateful_parts();
  auto to = b.restorable_parts();
  ASSERT_EQ(from.size(), to.size());
  for (size_t i = 0; i < from.size(); ++i) {
    StateWriter w;
    from[i]->save_state(w);
    StateReader r(w.bytes());
    to[i]->load_state(r);
    ASSERT_EQ(r.remaining(), 0u) << from[i]->state_name();
  }
  b.state_restored();
  StateDigest da = a.digest(), db = b.digest();
  for (size_t i = 0; i < da.components.size(); ++i) {
    if (da.components[i].name == "cpu" || da.components[i].name == "mmu") continue;
    EXPECT_EQ(da.components[i].hash, db.components[i].hash) << da.components[i].name;
  }
}

TEST(MachineStress, RandomDeviceTrafficNeverBreaksTheHost) {
  Machine m(pc());
  std::mt19937 rng(20260101);  // fixed seed: the same traffic every run
  const std::vector<uint16_t> ports = {
      0x20, 0x21,  0xA0,  0xA1,  0x4D0, 0x4D1, 0x40,  0x41,  0x42,  0x43,  0x61,  0x70,
      0x71, 0x3F8, 0x3F9, 0x3FA, 0x3FB, 0x3FC, 0x3FD, 0x3FE, 0x3FF, 0x60,  0x64,  0x92,
      0x80, 0xCF8, 0xCF9, 0xCFA, 0xCFB, 0xCFC, 0xCFD, 0xCFE, 0xCFF, 0x3D4, 0x3D5, 0x3DA};
  const uint32_t mmio[] = {0xFEE0'0000u, 0xFEC0'0000u, 0xB8000};
  const unsigned sizes[] = {1, 2, 4};
  for (int op = 0; op < 200'000; ++op) {
    unsigned kind = rng() % 16;
    unsigned size = sizes[rng() % 3];
    uint32_t value = rng();
    if (kind < 8) {
      uint16_t port = ports[rng() % ports.size()];
      if (port == 0x64 && (value & 0xF1) == 0xF0) value |= 1;  // keep resets rare
      if (kind < 5) {
        m.io.write(port, size, value);
      } else {
        m.io.read(port, size);
      }
    } else if (kind < 13) {
      uint32_t base = mmio[rng() % 3];
      uint32_t offset = (rng() % 0x400) & ~(size - 1);
      if (kind < 10) {
        m.memory.write(base + offset, size, value);
      } else {
        m.memory.read(base + offset, size);
      }
    } else if (kind == 13) {
      uint8_t bytes[3] = {static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8), 0x0A};
      m.serial_input(bytes);
    } else {
      m.clock.cycles += rng() % 200'000;
      m.scheduler.run_due(m.clock.cycles);
    }
    if (op % 50'000 == 49'999) expect_same_devices(m);
  }
  // Inspection reads never change state.
  uint64_t before = m.digest().total;
  for (uint16_t port : ports) m.io.peek(port, 1);
  std::vector<uint8_t> buf(0x400);
  for (uint32_t base : mmio) m.memory.peek(base, buf);
  EXPECT_EQ(m.digest().total, before);
}

}  // namespace
}  // namespace mkemu
