#include <stdarg.h>

#include "km/format.h"
#include "user/lib/sigma0_protocol.h"
#include "user/testsuite/suite.h"

extern "C" char __image_end[];

namespace suite {

Record g_fault, g_exc;
volatile uint32_t g_fault_page;
uint32_t g_main, g_log, g_io;
bool g_have_ports;

namespace {
constexpr uint32_t kImageBase = 0x80000000;
constexpr uint32_t kStackSize = 4096;
alignas(16) uint8_t g_stacks[kMaxThreads][kStackSize];
uint32_t g_next_id = kAppPrivateIds + 2;
uint32_t g_passed, g_failed;
volatile uint32_t g_last_item[kMaxThreads], g_last_item_sender[kMaxThreads];

uint32_t stack_top(uint32_t id) {
  return reinterpret_cast<uint32_t>(&g_stacks[id][kStackSize]);
}

// Pager of every child task: the suite image is shared 1:1 (so children run the suite's
// code and see its data); any other fault is recorded and, if the test says so, resolved.
void pager_main() {
  Msg m;
  wait(kAnyId, m);
  for (;;) {
    bool answer = false;
    if (tag_label(m.tag) == kLabelPageFault) {
      uint32_t addr = m.w[0] & ~0xFFFu;
      if (addr >= kImageBase && addr < reinterpret_cast<uint32_t>(__image_end)) {
        (void)*reinterpret_cast<volatile uint8_t*>(addr);  // make sure we have it ourselves
        m.tag = tag(0, 0, 1);
        m.w[0] = addr;
        m.w[1] = mem_fpage(addr, 12, true);
        answer = true;
      } else {
        g_fault.addr = m.w[0];
        g_fault.eip = m.w[1];
        g_fault.error = m.w[2];
        g_fault.thread = m.sender;
        g_fault.count = g_fault.count + 1;
        if (g_fault_page && m.w[0] >= kUserBase && m.w[0] < kUserEnd) {  // else: no loop
          m.tag = tag(0, 0, 1);
          m.w[0] = m.w[0] & ~0xFFFu;
          m.w[1] = mem_fpage(g_fault_page, 12, true);
          answer = true;
        }
      }
    }
    if (!answer || reply_wait(m.sender, m) != kOk) wait(kAnyId, m);
  }
}

// Exception handler of every child: records, and resumes known probes after the
// faulting instruction.
void exc_main() {
  static const struct {
    const char* insn;
    const char* resume;
  } kProbes[] = {{km_probe_in8_insn, km_probe_in8_resume},
                 {km_probe_in32_insn, km_probe_in32_resume},
                 {km_probe_div0_insn, km_probe_div0_resume},
                 {km_probe_ud2_insn, km_probe_ud2_resume}};
  Msg m;
  wait(kAnyId, m);
  for (;;) {
    bool answer = false;
    if (tag_label(m.tag) == kLabelException) {
      g_exc.vector = m.w[0];
      g_exc.error = m.w[1];
      g_exc.eip = m.w[2];
      g_exc.thread = m.sender;
      g_exc.count = g_exc.count + 1;
      for (const auto& p : kProbes) {
        if (m.w[2] == reinterpret_cast<uint32_t>(p.insn)) {
          m.tag = tag(0, 1);
          m.w[0] = reinterpret_cast<uint32_t>(p.resume);
          answer = true;
        }
      }
    }
    if (!answer || reply_wait(m.sender, m) != kOk) wait(kAnyId, m);
  }
}

void execute(Msg& m) {
  uint32_t op = tag_label(m.tag), a = m.w[0], b = m.w[1];
  uint32_t seen = g_exc.count;
  uint32_t r0 = 0, r1 = 0;
  switch (op) {
    case kOpRead: r0 = *reinterpret_cast<volatile uint32_t*>(a); break;
    case kOpWrite: *reinterpret_cast<volatile uint32_t*>(a) = b; break;
    case kOpIn8:
      r1 = km_probe_in8(a);
      r0 = g_exc.count - seen;
      break;
    case kOpIn32:
      r1 = km_probe_in32(a);
      r0 = g_exc.count - seen;
      break;
    case kOpIopl: r0 = km_read_iopl(); break;
    case kOpWindow: utcb()->rcv_window = a; break;
    case kOpSendMap: {
      Msg s;
      s.tag = tag(kOpTake, 0, 1);
      s.w[0] = m.w[2] | (m.w[3] ? kItemGrant : 0);
      s.w[1] = b;
      r0 = call(a, s, kWaitTicks);
      break;
    }
    case kOpLastItem:
      r0 = g_last_item[my_id()];
      r1 = g_last_item_sender[my_id()];
      break;
    case kOpPciRead: {
      Msg s;
      s.tag = tag(kPciRead, 1);
      s.w[0] = a;
      r0 = call(g_io, s, kWaitTicks) == kOk ? s.w[0] : 0xDEADDEAD;
      break;
    }
    case kOpDiv0:
      km_probe_div0();
      r0 = g_exc.count - seen;
      break;
    case kOpHostile: r0 = hostile_rounds(a, b); break;
    case kOpUd2:
      km_probe_ud2();
      r0 = g_exc.count - seen;
      break;
    default: break;
  }
  m.tag = tag(0, 2);
  m.w[0] = r0;
  m.w[1] = r1;
}

// A child obeys commands from main; map messages from anyone are recorded and acknowledged.
void child_main() {
  utcb()->io_accept = 1;
  Msg m;
  wait(kAnyId, m);
  for (;;) {
    if (tag_typed(m.tag) > 0) {
      uint32_t u = tag_untyped(m.tag);
      g_last_item[my_id()] = m.w[u + 1];
      g_last_item_sender[my_id()] = m.sender;
      m.tag = tag(0, 1);
      m.w[0] = g_last_item[my_id()];
    } else if (m.sender == g_main) {
      execute(m);
    } else {
      m.tag = tag(0, 0);
    }
    if (reply_wait(m.sender, m) != kOk) wait(kAnyId, m);
  }
}

struct Out {
  void operator()(char c) {
    if (len + 1 < sizeof(buf)) buf[len++] = c;
  }
  char buf[200];
  uint32_t len = 0;
};
}  // namespace

void check(const char* name, bool ok, const char* fmt, ...) {
  if (ok) {
    ++g_passed;
    printf("[ok] %s\n", name);
    return;
  }
  ++g_failed;
  Out out;
  va_list ap;
  va_start(ap, fmt);
  vformat(out, fmt, ap);
  va_end(ap);
  out.buf[out.len] = 0;
  printf("[FAIL] %s: %s\n", name, out.buf);
}

uint32_t passed() {
  return g_passed;
}
uint32_t failed() {
  return g_failed;
}

void start_helpers() {
  g_main = my_id();
  thread_in_own_task(kPagerId, 0, pager_main, stack_top(kPagerId), kHelperPrio);
  thread_in_own_task(kExcId, 0, exc_main, stack_top(kExcId), kHelperPrio);
}

uint32_t spawn_task(uint32_t prio) {
  uint32_t id = g_next_id++;
  uint32_t err = thread_create(id, 0, kPagerId, kExcId, child_main, stack_top(id), prio);
  return err == kOk ? id : 0;
}

uint32_t spawn_thread(void (*fn)(), uint32_t prio) {
  uint32_t id = g_next_id++;
  uint32_t err = thread_in_own_task(id, kExcId, fn, stack_top(id), prio);
  return err == kOk ? id : 0;
}

uint32_t command(uint32_t child, uint32_t op, Msg& m, uint32_t a, uint32_t b, uint32_t c,
                 uint32_t d, uint32_t timeout) {
  m.tag = tag(op, 4);
  m.w[0] = a;
  m.w[1] = b;
  m.w[2] = c;
  m.w[3] = d;
  return call(child, m, timeout);
}

uint32_t get_page(uint32_t va) {
  return sigma0_any_page(va) ? va : 0;
}

}  // namespace suite

extern "C" void umain() {
  using namespace suite;
  InitInfo init = root_init();
  g_log = init.w0;
  g_io = init.w1;
  start_helpers();
  printf("testsuite: kernel_model checks\n");
  check("root.init", init.ok && g_log != 0 && g_io != 0, "init %d log %u io %u", init.ok, g_log,
        g_io);
  // The root task mapped us every port: without IOPL 3 our own port accesses would be
  // fatal (no exception handler for the main thread), so those checks are skipped then.
  g_have_ports = km_read_iopl() == 3;
  check("io.suite_holds_all_ports_iopl3", g_have_ports, "iopl %u", km_read_iopl());
  const Kip* k = kip();
  // The boot loader passes each module's whole "file args" text (QEMU -initrd and mkemu
  // --module alike); the suite is booted with "mem=64" and checks the RAM size against it.
  const char* cmdline = k->module_count >= 5 ? k->modules[4].cmdline : "";
  const char* arg = cmdline;
  while (*arg && *arg != ' ') ++arg;
  bool path_ok = arg - cmdline >= 16 && starts_with(arg - 16, "km_testsuite.elf");
  uint32_t mib = 0;
  if (starts_with(arg, " mem=")) {
    for (const char* d = arg + 5; *d >= '0' && *d <= '9'; ++d) mib = mib * 10 + (*d - '0');
  }
  // QEMU 7.2 reports 128 KiB less than -m (its ACPI tables sit at the top), so allow
  // the loader to keep up to 1 MiB of the top for firmware data.
  check("boot.module_cmdline_and_memory",
        path_ok && mib != 0 && k->mem_end <= (mib << 20) && k->mem_end >= ((mib - 1) << 20),
        "cmdline '%s' mem_end %x", cmdline, k->mem_end);
  check("kip.magic_and_modules",
        k->magic == kKipMagic && k->module_count >= 5 && k->ticks_per_second == 100,
        "magic %x modules %u", k->magic, k->module_count);
  ipc_tests();
  sched_tests();
  memory_tests();
  io_tests();
  exception_tests();
  pci_tests();
  irq_tests();
  robustness_tests();
  printf("%u passed, %u failed\n", passed(), failed());
  if (g_have_ports) outb(kExitPort, failed() == 0 ? kExitAllPassed : kExitSomeFailed);
  // Otherwise there is no way out: the missing exit is itself a failure.
}
