// Test-suite infrastructure: result lines, helper threads, child tasks that obey
// commands, and the suite's own pager and exception handler threads.
#pragma once

#include <stdint.h>

#include "user/lib/client.h"

namespace suite {

using namespace km;

constexpr uint32_t kPagerId = kAppPrivateIds;
constexpr uint32_t kExcId = kAppPrivateIds + 1;
constexpr uint32_t kHelperPrio = 140;  // above main: serves faults at once
constexpr uint32_t kChildPrio = 90;    // below main: runs while main waits
constexpr uint32_t kWaitTicks = 300;
constexpr uint32_t kStuckTicks = 30;  // how long main waits for a child that must not answer

// Commands for child threads (message label; arguments in w0..w3, result in w0, w1).
enum Op : uint32_t {
  kOpRead = 0x9001,  // w0 address -> w0 value
  kOpWrite,          // w0 address, w1 value
  kOpIn8,            // w0 port -> w0 exceptions seen, w1 value
  kOpIn32,           // w0 port -> w0 exceptions seen, w1 value
  kOpIopl,           // -> w0 EFLAGS.IOPL
  kOpWindow,         // w0 receive window fpage
  kOpSendMap,        // w0 target, w1 fpage, w2 hot spot, w3 grant -> w0 ipc error
  kOpLastItem,       // -> w0 fpage of the last map item received, w1 its sender
  kOpPciRead,        // w0 virtual config address -> w0 value (via the I/O server)
  kOpDiv0,           // -> w0 exceptions seen
  kOpUd2,            // -> w0 exceptions seen
  kOpTake,           // a message from main carrying map items -> w0 received fpage
  kOpHostile,        // w0 seed, w1 rounds: random unmaps and IPCs -> w0 rounds done
};

struct Record {
  volatile uint32_t count, addr, error, eip, thread, vector;
};
extern Record g_fault;                  // page faults seen by the suite pager (outside the image)
extern Record g_exc;                    // exceptions seen by the suite exception handler
extern volatile uint32_t g_fault_page;  // suite page mapped on tracked faults (0: leave stuck)
extern uint32_t g_main, g_log, g_io;
extern bool g_have_ports;  // the suite itself may use every port (IOPL 3)

void check(const char* name, bool ok, const char* fmt = "", ...)
    __attribute__((format(printf, 3, 4)));
uint32_t passed();
uint32_t failed();

void start_helpers();
uint32_t spawn_task(uint32_t prio = kChildPrio);     // a command-obeying child in a new task
uint32_t spawn_thread(void (*fn)(), uint32_t prio);  // a thread in the suite's own task
// Sends a command to a child and waits for its answer; returns the IPC error.
uint32_t command(uint32_t child, uint32_t op, Msg& m, uint32_t a = 0, uint32_t b = 0,
                 uint32_t c = 0, uint32_t d = 0, uint32_t timeout = kWaitTicks);
// A page of the suite's own memory from sigma0 at `va` (0 on failure).
uint32_t get_page(uint32_t va);

void ipc_tests();
void sched_tests();
void memory_tests();
void io_tests();
void exception_tests();
void pci_tests();
void irq_tests();
void robustness_tests();
uint32_t hostile_rounds(uint32_t seed, uint32_t rounds);

}  // namespace suite

extern "C" {
uint32_t km_probe_in8(uint32_t port);
uint32_t km_probe_in32(uint32_t port);
void km_probe_div0();
void km_probe_ud2();
uint32_t km_read_iopl();
extern char km_probe_in8_insn[], km_probe_in8_resume[], km_probe_in32_insn[],
    km_probe_in32_resume[], km_probe_div0_insn[], km_probe_div0_resume[], km_probe_ud2_insn[],
    km_probe_ud2_resume[];
}
