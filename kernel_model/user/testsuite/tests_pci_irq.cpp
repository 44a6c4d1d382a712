// The I/O server's virtual PCI buses, the serial log server (IRQ 4) and IRQ IPC with
// its acknowledge protocol (RTC periodic interrupt, IRQ 8).
#include "user/lib/sigma0_protocol.h"
#include "user/testsuite/suite.h"

namespace suite {

namespace {
constexpr uint32_t kNone = 0xFFFFFFFF;

uint32_t io_request(uint32_t label, uint32_t a, uint32_t b, uint32_t* second = nullptr) {
  Msg m;
  m.tag = tag(label, 2);
  m.w[0] = a;
  m.w[1] = b;
  if (call(g_io, m, kWaitTicks) != kOk || tag_label(m.tag) == 0xFFFF) return kNone;
  if (second) *second = m.w[1];
  return m.w[0];
}

uint32_t driver_read(uint32_t driver, uint32_t address) {
  Msg m;
  return command(driver, kOpPciRead, m, address) == kOk ? m.w[0] : 0xDEADDEAD;
}

uint32_t visible_devices(uint32_t driver) {
  uint32_t n = 0;
  for (uint32_t dev = 0; dev < 32; ++dev)
    if (driver_read(driver, pci_address(0, dev, 0, 0)) != kNone) ++n;
  return n;
}

uint8_t cmos_read(uint8_t reg) {
  outb(0x70, reg);
  return inb(0x71);
}
void cmos_write(uint8_t reg, uint8_t v) {
  outb(0x70, reg);
  outb(0x71, v);
}
}  // namespace

void pci_tests() {
  check("sigma0.ports_handed_out_once", !sigma0_io(0xCF8, 3), "sigma0 gave 0xCF8 twice");
  uint32_t count = io_request(kPciCount, 0, 0);
  check("pci.ioserver_enumerated", count != kNone && count >= 2, "count %u", count);
  if (count == kNone || count < 2) return;
  uint32_t a = spawn_task(), b = spawn_task(), none = spawn_task();
  uint32_t bdf_a = 0, bdf_b = 0;
  uint32_t id_a = io_request(kPciAssign, a, 0, &bdf_a);
  uint32_t id_b = io_request(kPciAssign, b, 1, &bdf_b);
  uint32_t real_a = 0;
  if (g_have_ports) {
    outl(0xCF8, 0x80000000u | bdf_a);  // the suite holds every port: read the real device
    real_a = inl(0xCFC);
  }
  check("pci.ioserver_reads_real_device", id_a != kNone && id_a == real_a && bdf_a != bdf_b,
        "id %x real %x", id_a, real_a);
  uint32_t seen_a = driver_read(a, pci_address(0, 0, 0, 0));
  check("pci.driver_sees_its_device_at_00.0", seen_a == id_a, "sees %x expected %x", seen_a, id_a);
  uint32_t seen_b = driver_read(b, pci_address(0, 0, 0, 0));
  check("pci.second_driver_sees_its_own_device", seen_b == id_b, "sees %x expected %x", seen_b,
        id_b);
  uint32_t n = visible_devices(a);
  check("pci.driver_sees_only_its_devices", n == 1, "sees %u devices", n);
  uint32_t other = driver_read(a, pci_address(0, 0, 1, 0));
  check("pci.other_functions_hidden", other == kNone, "fn 1 reads %x", other);
  check("pci.unassigned_driver_sees_nothing", visible_devices(none) == 0, "sees %u",
        visible_devices(none));
  Msg m;
  uint32_t err = command(a, kOpIn32, m, 0xCFC);
  check("pci.driver_cannot_touch_config_ports",
        err == kOk && m.w[0] == 1 && g_exc.vector == 13 &&
            g_exc.eip == reinterpret_cast<uint32_t>(km_probe_in32_insn),
        "err %u seen %u vector %u", err, m.w[0], g_exc.vector);
}

void irq_tests() {
  const char* line = "testsuite: this line went through the log server (IRQ 4 as IPC)\n";
  uint32_t written = log_write(g_log, line);
  Msg m;
  m.tag = tag(kLogStats, 0);
  uint32_t err = call(g_log, m, kWaitTicks);
  check("irq.serial_log_server_irq4", written == strlen(line) && err == kOk && m.w[0] > 0,
        "written %u irqs %u", written, m.w[0]);

  if (!g_have_ports) {
    check("irq.rtc_checks_need_ports", false, "the suite has no port access");
    return;
  }
  constexpr uint32_t kRtcIrq = 8, kRtcId = kIrqIdBase + kRtcIrq;
  err = irq_attach(kRtcIrq, my_id());
  (void)cmos_read(0x0C);
  cmos_write(0x0A, 0x26);  // 32.768 kHz base, 1024 Hz periodic rate
  cmos_write(0x0B, static_cast<uint8_t>(cmos_read(0x0B) | 0x40));  // periodic interrupt on
  uint32_t err1 = wait(kRtcId, m, 100);
  check("irq.delivered_as_ipc",
        err == kOk && err1 == kOk && m.sender == kRtcId && tag_label(m.tag) == kLabelIrq &&
            m.w[0] == kRtcIrq,
        "attach %u wait %u sender %x label %x", err, err1, m.sender, tag_label(m.tag));
  (void)cmos_read(0x0C);  // the device acknowledges; the kernel keeps the line masked
  uint32_t err2 = wait(kRtcId, m, 20);
  check("irq.masked_until_acknowledged", err2 == kErrRecvTimeout, "wait %u", err2);
  m.tag = tag(0, 0);
  uint32_t err3 = ipc(kRtcId, kRtcId, timeouts(kTimeoutZero, 100), m);
  check("irq.acknowledge_unmasks", err3 == kOk && m.sender == kRtcId, "ipc %u sender %x", err3,
        m.sender);
  cmos_write(0x0B, static_cast<uint8_t>(cmos_read(0x0B) & ~0x40));
  (void)cmos_read(0x0C);
  irq_attach(kRtcIrq, 0);
}

}  // namespace suite
