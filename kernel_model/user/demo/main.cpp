// The demo: a short greeting through the log server and a summary of what ran.
#include "user/lib/client.h"

using namespace km;

namespace {
void echo_main() {
  Msg m;
  wait(kAnyId, m);
  for (;;) {
    m.w[0] += 1;
    if (reply_wait(m.sender, m) != kOk) wait(kAnyId, m);
  }
}
alignas(16) uint8_t g_echo_stack[4096];
}  // namespace

extern "C" void umain() {
  InitInfo init = root_init();
  uint32_t log = init.w0, io = init.w1;
  log_write(log, "Hello from kernel_model, the mkemu project's own L4-style microkernel!\n");
  log_write(log, "This text reached the UART through the log server: an I/O flexpage for\n");
  log_write(log, "ports 0x3F8-0x3FF and the transmit interrupt (IRQ 4) delivered as IPC.\n");

  constexpr uint32_t kEchoId = kAppPrivateIds;
  thread_in_own_task(kEchoId, 0, echo_main,
                     reinterpret_cast<uint32_t>(&g_echo_stack[sizeof(g_echo_stack)]), kAppPrio + 1);
  Msg m;
  uint32_t value = 0, round_trips = 0;
  for (uint32_t i = 0; i < 1000; ++i) {
    m.tag = tag(1, 1);
    m.w[0] = value;
    if (call(kEchoId, m) == kOk && m.w[0] == value + 1) ++round_trips;
    value = m.w[0];
  }
  m.tag = tag(kPciCount, 0);
  uint32_t pci = call(io, m, 300) == kOk ? m.w[0] : 0;
  m.tag = tag(kLogStats, 0);
  call(log, m, 300);
  char line[200];
  snprintf(line, sizeof(line), "Summary: %u IPC round trips (call + reply) between two threads,\n",
           round_trips);
  log_write(log, line);
  snprintf(line, sizeof(line),
           "the I/O server found %u PCI functions, the log server took %u IRQs.\n", pci, m.w[0]);
  log_write(log, line);
  log_write(log, "Tasks: sigma0, root, log server, I/O server, demo. Goodbye.\n");
  outb(kExitPort, kExitAllPassed);
}
