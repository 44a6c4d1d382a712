// State hash: equal states hash equal; any single changed byte of RAM or of
// a component's state changes it, and the digest names what changed.
#include <gtest/gtest.h>

#include <vector>

#include "platform/core/state_hash.h"

namespace mkemu {
namespace {

class Registers : public Stateful {
 public:
  std::vector<uint8_t> bytes = std::vector<uint8_t>(64, 0);
  std::string_view state_name() const override { return "regs"; }
  void save_state(StateWriter& out) const override { out.put_bytes(bytes); }
  void load_state(StateReader& in) override { in.get_bytes(bytes); }
};

TEST(StateHash, EqualStatesHashEqual) {
  Registers a, b;
  std::vector<uint8_t> ram_a(3 * 4096, 7), ram_b(3 * 4096, 7);
  const Stateful* pa[] = {&a};
  const Stateful* pb[] = {&b};
  EXPECT_EQ(compute_state_digest(pa, ram_a).total, compute_state_digest(pb, ram_b).total);
}

TEST(StateHash, EveryRamByteMatters) {
  Registers regs;
  const Stateful* parts[] = {&regs};
  std::vector<uint8_t> ram(2 * 4096, 0);
  StateDigest base = compute_state_digest(parts, ram);
  for (size_t i = 0; i < ram.size(); i += 97) {  // a spread of positions incl. both pages
    ram[i] ^= 1;
    StateDigest changed = compute_state_digest(parts, ram);
    EXPECT_NE(changed.total, base.total) << "byte " << i;
    // The digest localises the change to its page.
    size_t page = i / 4096;
    EXPECT_NE(changed.ram_pages[page], base.ram_pages[page]);
    EXPECT_EQ(changed.ram_pages[1 - page], base.ram_pages[1 - page]);
    ram[i] ^= 1;
  }
}

TEST(StateHash, EveryRegisterByteMatters) {
  Registers regs;
  const Stateful* parts[] = {&regs};
  std::vector<uint8_t> ram(4096, 0);
  uint64_t base = compute_state_digest(parts, ram).total;
  for (size_t i = 0; i < regs.bytes.size(); ++i) {
    regs.bytes[i] = 0x80;
    StateDigest d = compute_state_digest(parts, ram);
    EXPECT_NE(d.total, base) << "register byte " << i;
    EXPECT_EQ(d.components.at(0).name, "regs");
    regs.bytes[i] = 0;
  }
}

TEST(StateHash, StateReaderNamesOriginAndOffsetOnTruncation) {
  std::vector<uint8_t> data = {1, 2, 3};
  StateReader r(data, "snap.mks", 100);
  r.get<uint16_t>();
  try {
    r.get<uint32_t>();
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("snap.mks"), std::string::npos) << what;
    EXPECT_NE(what.find("offset 102"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace mkemu
