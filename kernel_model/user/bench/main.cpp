// Measures modelled cycles (RDTSC) of an IPC round trip (call + reply) and of a
// page-fault round trip (fault -> pager IPC -> map reply -> retry). On mkemu the
// numbers are deterministic (virtual time is cycles); under QEMU they are host time.
#include "user/lib/client.h"
#include "user/lib/sigma0_protocol.h"

using namespace km;

namespace {
constexpr uint32_t kEchoId = kAppPrivateIds, kPagerId = kAppPrivateIds + 1,
                   kToucherId = kAppPrivateIds + 2;
constexpr uint32_t kRounds = 1000, kFaults = 200;
constexpr uint32_t kSource = 0x50000000, kArea = 0x60000000;
alignas(16) uint8_t g_stacks[3][4096];
volatile uint32_t g_fault_cycles;

uint64_t rdtsc() {
  uint32_t lo, hi;
  asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}
uint32_t stack(int i) {
  return reinterpret_cast<uint32_t>(&g_stacks[i][4096]);
}

void echo_main() {
  Msg m;
  wait(kAnyId, m);
  for (;;)
    if (reply_wait(m.sender, m) != kOk) wait(kAnyId, m);
}

// Resolves every fault in the area with the same source page.
void pager_main() {
  Msg m;
  wait(kAnyId, m);
  for (;;) {
    uint32_t addr = m.w[0] & ~0xFFFu;
    m.tag = tag(0, 0, 1);
    m.w[0] = addr;
    m.w[1] = mem_fpage(kSource, 12, true);
    if (reply_wait(m.sender, m) != kOk) wait(kAnyId, m);
  }
}

void toucher_main() {
  uint64_t start = rdtsc();
  for (uint32_t i = 0; i < kFaults; ++i)
    (void)*reinterpret_cast<volatile uint32_t*>(kArea + i * 4096);
  g_fault_cycles = static_cast<uint32_t>((rdtsc() - start) / kFaults);
  Msg m;
  m.tag = tag(1, 0);
  send(kFirstAppId, m);
  km_sleep_forever();
}
}  // namespace

extern "C" void umain() {
  root_init();
  bool page = sigma0_any_page(kSource) != 0;
  thread_in_own_task(kEchoId, 0, echo_main, stack(0), kAppPrio + 1);
  thread_in_own_task(kPagerId, 0, pager_main, stack(1), kAppPrio + 2);
  Msg m;
  for (uint32_t i = 0; i < 10; ++i) {  // warm up: page in code and stacks
    m.tag = tag(1, 1);
    call(kEchoId, m);
  }
  uint64_t start = rdtsc();
  for (uint32_t i = 0; i < kRounds; ++i) {
    m.tag = tag(1, 1);
    call(kEchoId, m);
  }
  uint32_t ipc = static_cast<uint32_t>((rdtsc() - start) / kRounds);
  (void)*reinterpret_cast<volatile uint8_t*>(stack(2) - 16);  // its stack: present, not faulting
  // The toucher's own faults go to our pager thread; its code and stack are already
  // present in our task, so only the area faults are counted.
  thread_create(kToucherId, my_id(), kPagerId, 0, toucher_main, stack(2), kAppPrio - 1);
  uint32_t err = wait(kToucherId, m, 1000);
  printf("bench: ipc round trip (call + reply) %u cycles\n", ipc);
  printf("bench: page fault round trip (fault, pager IPC, map, retry) %u cycles\n", g_fault_cycles);
  outb(kExitPort, page && err == kOk ? kExitAllPassed : kExitSomeFailed);
}
