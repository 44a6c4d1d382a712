// Guest misbehaviour must not break the kernel: a child issues random unmaps and
// IPCs (seeded, so every run is the same) and the system keeps working afterwards.
#include "user/testsuite/suite.h"

namespace suite {

namespace {
uint32_t g_rng;
uint32_t next_random() {  // xorshift32
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}
}  // namespace

uint32_t hostile_rounds(uint32_t seed, uint32_t rounds) {
  g_rng = seed;
  uint32_t done = 0;
  for (; done < rounds; ++done) {
    uint32_t r = next_random();
    if (r & 1) {
      // Any flexpage of our own space, including our code, stack and UTCB; the pager
      // pages the image back in.
      unmap(next_random() & ~0x8u, next_random() & 1);
    } else {
      // Random tags and items to partners that do not exist or IRQs we do not own,
      // with zero timeouts: every one must fail cleanly.
      uint32_t to = (r >> 8) & 1 ? kIrqIdBase + ((r >> 9) & 15) : kMaxThreads + ((r >> 9) & 511);
      IpcRegs regs{0, to, 0, 0, next_random(), next_random(), next_random()};
      for (uint32_t i = 2; i < kMaxWords; ++i) utcb()->mr[i] = next_random();
      km_ipc(&regs);
      if (regs.err != kErrNoPartner) break;
    }
  }
  return done;
}

void robustness_tests() {
  uint32_t h = spawn_task();
  Msg m;
  uint32_t err = command(h, kOpHostile, m, 0x2545F491, 3000, 0, 0, 3000);
  check("robust.random_syscalls_fail_cleanly", err == kOk && m.w[0] == 3000, "err %u rounds %u",
        err, m.w[0]);
  uint32_t after = spawn_task();
  err = command(after, kOpIopl, m);
  check("robust.system_works_afterwards", err == kOk && m.sender == after, "err %u", err);
}

}  // namespace suite
