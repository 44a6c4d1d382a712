// Memory flexpages: map, rights, page faults to the pager, unmap (recursive), grant.
#include "user/testsuite/suite.h"

namespace suite {

namespace {
volatile uint32_t* word(uint32_t va) {
  return reinterpret_cast<volatile uint32_t*>(va);
}

// Maps `page` of main's space to `child`, landing at `at`; returns the fpage it received.
uint32_t give(uint32_t child, uint32_t page, uint32_t at, bool writable) {
  Msg m;
  command(child, kOpWindow, m, mem_fpage(at, 12, true));
  m.tag = tag(kOpTake, 0, 1);
  m.w[0] = 0;
  m.w[1] = mem_fpage(page, 12, writable);
  if (call(child, m, kWaitTicks) != kOk) return 0;
  return m.w[0];
}

// A read by `child` at `va` must fault to the pager, which resolves it with the
// marker page: true if exactly that happened.
bool read_faults(uint32_t child, uint32_t va, uint32_t marker) {
  Msg m;
  uint32_t before = g_fault.count;
  uint32_t err = command(child, kOpRead, m, va);
  return err == kOk && g_fault.count == before + 1 && g_fault.addr == va &&
         g_fault.thread == child && m.w[0] == marker;
}
}  // namespace

void memory_tests() {
  constexpr uint32_t kWindow = 0x58000000;
  constexpr uint32_t kMarker = 0xFA017ED0;
  Msg m;
  uint32_t p = get_page(0x50000000), q = get_page(0x50001000);
  uint32_t r = get_page(0x50002000), s = get_page(0x50003000);
  check("mem.sigma0_pages", p && q && r && s, "pages %x %x %x %x", p, q, r, s);
  if (!(p && q && r && s)) return;
  *word(p) = 0xC0FFEE01;
  *word(q) = kMarker;
  word(q)[4] = kMarker;  // also at offset 0x10, where the unmapped-access check reads
  *word(r) = 0x12345678;
  *word(s) = 0x6A6A6A6A;

  uint32_t b = spawn_task();
  uint32_t got = give(b, p, kWindow, true);
  check("mem.map_item_lands_in_window", fp_mem_base(got) == kWindow && fp_order(got) == 12,
        "fpage %x", got);
  uint32_t err = command(b, kOpRead, m, kWindow);
  check("mem.mapped_page_visible", err == kOk && m.w[0] == 0xC0FFEE01, "err %u value %x", err,
        m.w[0]);
  err = command(b, kOpWrite, m, kWindow + 4, 0xBEEF);
  check("mem.write_through_mapping", err == kOk && word(p)[1] == 0xBEEF, "value %x", word(p)[1]);

  g_fault_page = q;
  uint32_t before = g_fault.count;
  err = command(b, kOpRead, m, 0x5C000010);
  check("mem.unmapped_access_faults_to_pager",
        err == kOk && g_fault.count == before + 1 && g_fault.addr == 0x5C000010 &&
            g_fault.thread == b && g_fault.error == 4 && m.w[0] == kMarker,
        "err %u faults %u addr %x error %x value %x", err, g_fault.count - before, g_fault.addr,
        g_fault.error, m.w[0]);

  // Read-only mapping: reading works, writing faults (error code: user, write, present).
  uint32_t c = spawn_task();
  give(c, p, kWindow, false);
  err = command(c, kOpRead, m, kWindow);
  bool read_ok = err == kOk && m.w[0] == 0xC0FFEE01;
  g_fault_page = 0;  // leave the writer stuck
  before = g_fault.count;
  err = command(c, kOpWrite, m, kWindow, 1, 0, 0, kStuckTicks);
  check("mem.read_only_mapping_write_faults",
        read_ok && err == kErrRecvTimeout && g_fault.count == before + 1 &&
            g_fault.addr == kWindow && g_fault.error == 7 && *word(p) == 0xC0FFEE01,
        "read %d err %u addr %x error %x", read_ok, err, g_fault.addr, g_fault.error);

  // Unmap (children only): b loses the page, main keeps it.
  g_fault_page = q;
  unmap(mem_fpage(p, 12, true), 0);
  check("mem.unmap_revokes_mapping", read_faults(b, kWindow, kMarker), "addr %x thread %u",
        g_fault.addr, g_fault.thread);
  check("mem.unmap_keeps_own_page", *word(p) == 0xC0FFEE01, "value %x", *word(p));

  uint32_t err2 = 0;
  // b maps its copy of q (derived from main's q) back onto main's q: the kernel must
  // refuse instead of revoking the very mapping the item derives from.
  utcb()->rcv_window = mem_fpage(q, 12, true);
  err = command(b, kOpSendMap, m, g_main, mem_fpage(kWindow, 12, true), 0, 0);
  utcb()->rcv_window = 0;
  bool got_item = err == kOk && m.sender == b && tag_typed(m.tag) == 1;
  m.tag = tag(0, 0);
  send(b, m, kWaitTicks);  // answer b's call, then collect its command reply
  err2 = wait(b, m, kWaitTicks);
  before = g_fault.count;  // b's own mapping must be untouched: it reads without a fault
  uint32_t err3 = command(b, kOpRead, m, kWindow);
  check("mem.map_onto_own_source_refused",
        got_item && err2 == kOk && *word(q) == kMarker && err3 == kOk && m.w[0] == kMarker &&
            g_fault.count == before,
        "item %d err %u/%u value %x faults %u", got_item, err2, err3, m.w[0],
        g_fault.count - before);

  // Recursive unmap: main -> x -> y; unmapping in main must reach y.
  uint32_t x = spawn_task(), y = spawn_task();
  give(x, r, kWindow, true);
  command(y, kOpWindow, m, mem_fpage(0x59000000, 12, true));
  err = command(x, kOpSendMap, m, y, mem_fpage(kWindow, 12, true), 0, 0);
  uint32_t send_err = m.w[0];
  err2 = command(y, kOpLastItem, m);
  check("mem.map_on_to_third_task",
        err == kOk && send_err == kOk && err2 == kOk && fp_mem_base(m.w[0]) == 0x59000000 &&
            m.w[1] == x,
        "err %u/%u/%u item %x from %u", err, send_err, err2, m.w[0], m.w[1]);
  err = command(y, kOpRead, m, 0x59000000);
  check("mem.third_task_sees_page", err == kOk && m.w[0] == 0x12345678, "value %x", m.w[0]);
  unmap(mem_fpage(r, 12, true), 0);
  check("mem.recursive_unmap_reaches_derived_mapping", read_faults(y, 0x59000000, kMarker),
        "grandchild still reads %x (faults %u addr %x)", m.w[0], g_fault.count, g_fault.addr);
  check("mem.recursive_unmap_child", read_faults(x, kWindow, kMarker), "addr %x", g_fault.addr);

  // Grant: g hands its mapping to h and loses it; main can still revoke it.
  uint32_t g = spawn_task(), h = spawn_task();
  give(g, s, kWindow, true);
  command(h, kOpWindow, m, mem_fpage(0x5A000000, 12, true));
  err = command(g, kOpSendMap, m, h, mem_fpage(kWindow, 12, true), 0, 1);
  err2 = command(h, kOpRead, m, 0x5A000000);
  check("mem.grant_moves_page", err == kOk && err2 == kOk && m.w[0] == 0x6A6A6A6A, "value %x",
        m.w[0]);
  check("mem.grant_removes_from_granter", read_faults(g, kWindow, kMarker), "addr %x",
        g_fault.addr);
  unmap(mem_fpage(s, 12, true), 0);
  check("mem.granted_page_revocable_by_mapper", read_faults(h, 0x5A000000, kMarker), "addr %x",
        g_fault.addr);

  // Kernel memory and the KIP are out of reach: user read of a supervisor page and
  // user write of the read-only KIP both fault (error: user|present, user|write|present).
  g_fault_page = 0;
  uint32_t k = spawn_task();
  before = g_fault.count;
  err = command(k, kOpRead, m, 0x00100000, 0, 0, 0, kStuckTicks);
  check("mem.kernel_memory_protected",
        err == kErrRecvTimeout && g_fault.count == before + 1 && g_fault.addr == 0x00100000 &&
            g_fault.error == 5,
        "err %u addr %x error %x", err, g_fault.addr, g_fault.error);
  uint32_t kipper = spawn_task();
  err = command(kipper, kOpRead, m, kKipAddr);
  bool kip_read = err == kOk && m.w[0] == kKipMagic;
  before = g_fault.count;
  err = command(kipper, kOpWrite, m, kKipAddr, 0, 0, 0, kStuckTicks);
  check("mem.kip_readable_not_writable",
        kip_read && err == kErrRecvTimeout && g_fault.count == before + 1 &&
            g_fault.addr == kKipAddr && g_fault.error == 7,
        "read %d err %u addr %x error %x", kip_read, err, g_fault.addr, g_fault.error);
}

}  // namespace suite
