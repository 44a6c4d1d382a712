// I/O flexpages and the TSS I/O bitmap; exceptions as IPC.
#include "user/testsuite/suite.h"

namespace suite {

namespace {
constexpr uint32_t kGp = 13;
constexpr uint32_t kPort = 0x80;  // POST diagnostic port: harmless to read

bool give_io(uint32_t child, uint32_t fpage) {
  Msg m;
  m.tag = tag(kOpTake, 0, 1);
  m.w[0] = 0;
  m.w[1] = fpage;
  return call(child, m, kWaitTicks) == kOk;
}

// `child` reads `port`: true if that raised exactly one #GP at the probe instruction.
bool in_faults(uint32_t child, uint32_t port) {
  Msg m;
  uint32_t err = command(child, kOpIn8, m, port);
  return err == kOk && m.w[0] == 1 && g_exc.vector == kGp && g_exc.thread == child &&
         g_exc.eip == reinterpret_cast<uint32_t>(km_probe_in8_insn) && g_exc.error == 0;
}

bool in_works(uint32_t child, uint32_t port) {
  Msg m;
  return command(child, kOpIn8, m, port) == kOk && m.w[0] == 0;
}

uint32_t iopl_of(uint32_t child) {
  Msg m;
  return command(child, kOpIopl, m) == kOk ? m.w[0] : 99;
}
}  // namespace

void io_tests() {
  uint32_t d = spawn_task();
  check("io.no_flexpage_gp_to_exception_handler", in_faults(d, kPort),
        "vector %u eip %x error %x thread %u", g_exc.vector, g_exc.eip, g_exc.error, g_exc.thread);
  bool given = give_io(d, io_fpage(kPort, 0));
  check("io.flexpage_allows_port", given && in_works(d, kPort), "given %d", given);
  check("io.bitmap_is_per_port", in_faults(d, kPort + 1), "vector %u", g_exc.vector);
  check("io.some_ports_keep_iopl0", iopl_of(d) == 0, "iopl %u", iopl_of(d));
  unmap(io_fpage(kPort, 0), 0);
  check("io.unmap_revokes_port", in_faults(d, kPort), "vector %u", g_exc.vector);

  uint32_t all = spawn_task();
  given = give_io(all, kFpAllPorts);
  check("io.all_ports_give_iopl3", given && iopl_of(all) == 3 && in_works(all, kPort), "iopl %u",
        iopl_of(all));
  unmap(kFpAllPorts, 0);
  check("io.unmap_all_ports_drops_iopl", iopl_of(all) == 0 && in_faults(all, kPort), "iopl %u",
        iopl_of(all));
}

void exception_tests() {
  uint32_t e = spawn_task();
  Msg m;
  uint32_t err = command(e, kOpDiv0, m);
  check("exc.divide_error_to_handler",
        err == kOk && m.w[0] == 1 && g_exc.vector == 0 && g_exc.thread == e &&
            g_exc.eip == reinterpret_cast<uint32_t>(km_probe_div0_insn),
        "err %u seen %u vector %u eip %x", err, m.w[0], g_exc.vector, g_exc.eip);
  err = command(e, kOpUd2, m);
  check("exc.invalid_opcode_to_handler",
        err == kOk && m.w[0] == 1 && g_exc.vector == 6 &&
            g_exc.eip == reinterpret_cast<uint32_t>(km_probe_ud2_insn),
        "err %u seen %u vector %u eip %x", err, m.w[0], g_exc.vector, g_exc.eip);
}

}  // namespace suite
