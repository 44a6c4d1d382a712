// The `pci` view: the configuration address latch at 0xCF8 and every
// function on bus 0 with its header decoded (PCI Local Bus Specification
// 3.0, 6.2), read from configuration space without side effects.
#include <iterator>

#include "frontend/debugger/console_args.h"
#include "frontend/debugger/device_view.h"
#include "platform/devices/pci_bus.h"
#include "platform/devices/pci_host.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

// Class names for the base class (and the bridge subclasses a PC has).
std::string class_name(uint32_t class_code) {
  static const char* const kBase[] = {
      "unclassified",    "mass storage", "network",          "display",           "multimedia",
      "memory",          "bridge",       "communication",    "system peripheral", "input",
      "docking station", "processor",    "serial bus",       "wireless",          "intelligent I/O",
      "satellite",       "encryption",   "signal processing"};
  unsigned base = class_code >> 16, sub = (class_code >> 8) & 0xFF;
  std::string name = base < std::size(kBase) ? kBase[base] : "unknown";
  if (base == 6) {
    static const char* const kBridges[] = {"host bridge", "ISA bridge", "EISA bridge", "MCA bridge",
                                           "PCI-to-PCI bridge"};
    if (sub < std::size(kBridges)) return kBridges[sub];
  }
  if (base == 2 && sub == 0) return "Ethernet controller";
  if (base == 3 && sub == 0) return "VGA-compatible display";
  return name;
}

std::string command_text(uint16_t cmd) {
  static const char* const kBits[] = {
      "I/O", "memory", "bus-master",        "special-cycles", "MWI", "VGA-snoop", "parity-response",
      "-",   "SERR#",  "fast-back-to-back", "INTx-disable"};
  std::string out;
  for (unsigned bit = 0; bit < std::size(kBits); ++bit) {
    if (!((cmd >> bit) & 1) || kBits[bit][0] == '-') continue;
    out += out.empty() ? "" : " ";
    out += kBits[bit];
  }
  return out.empty() ? "none" : out;
}

std::string status_text(uint16_t status) {
  static const char* const kDevsel[] = {"fast", "medium", "slow", "reserved"};
  std::string out = std::string("DEVSEL ") + kDevsel[(status >> 9) & 3];
  const struct {
    unsigned bit;
    const char* name;
  } kBits[] = {{3, "interrupt"},
               {4, "capabilities"},
               {5, "66MHz"},
               {7, "fast-back-to-back"},
               {8, "master-parity-error"},
               {11, "signalled-target-abort"},
               {12, "received-target-abort"},
               {13, "received-master-abort"},
               {14, "signalled-system-error"},
               {15, "detected-parity-error"}};
  for (const auto& b : kBits) {
    if ((status >> b.bit) & 1) out += std::string(" ") + b.name;
  }
  return out;
}

std::string format_function(const PciBus& bus, const PciFunction& f, unsigned dev, unsigned fn) {
  uint32_t id = f.config_read(PciFunction::kVendor, 4);
  uint32_t class_code = f.config_read(0x09, 4) & 0xFFFFFF;
  std::string out = text_format(
      "00:%02x.%u %s: vendor %04x device %04x revision %02x, class %06x (%s), header type "
      "0x%02x%s\n",
      dev, fn, f.name().c_str(), id & 0xFFFF, id >> 16, f.config8(PciFunction::kRevision),
      class_code, class_name(class_code).c_str(), f.config8(PciFunction::kHeaderType) & 0x7F,
      (f.config8(PciFunction::kHeaderType) & 0x80) ? " (multi-function)" : "");
  auto status = static_cast<uint16_t>(f.config_read(PciFunction::kStatus, 2));
  out += text_format("  command 0x%04x: %s; status 0x%04x: %s\n", f.command(),
                     command_text(f.command()).c_str(), status, status_text(status).c_str());
  for (unsigned i = 0; i < 6; ++i) {
    const PciFunction::Bar& bar = f.bar(i);
    if (!bar.size) continue;
    bool enabled = bar.io ? f.io_enabled() : f.memory_enabled();
    out += text_format("  BAR%u %s at 0x%08x, size 0x%x%s (%s)\n", i, bar.io ? "I/O" : "memory",
                       f.bar_address(i), bar.size, bar.prefetchable ? ", prefetchable" : "",
                       enabled ? "decoded" : "not decoded: command bit clear");
  }
  uint8_t pin = f.interrupt_pin();
  if (pin >= 1 && pin <= 4) {
    // The PIIX swizzle: INTx of device D drives PIRQ (D + pin - 1) mod 4.
    unsigned pirq = (dev + pin - 1) % 4;
    int irq = bus.pirq_route ? bus.pirq_route(pirq) : -1;
    out += text_format("  interrupt pin INT%c -> PIRQ%c -> %s, interrupt line register 0x%02x\n",
                       'A' + pin - 1, 'A' + pirq,
                       irq < 0 ? "not routed" : text_format("IRQ %d", irq).c_str(),
                       f.config8(PciFunction::kInterruptLine));
  } else {
    out += "  interrupt pin none\n";
  }
  return out;
}

}  // namespace

std::string format_pci_view(const Machine& m) {
  const PciHost* host = m.pci_host();
  const PciBus* bus = m.pci_bus();
  if (!host || !bus)
    throw ConsoleError("this machine has no PCI host bridge (--machine pc has one)");
  uint32_t a = host->config_address();
  std::string out = text_format(
      "PCI configuration address 0xcf8 = 0x%08x: %s, bus %u device %u function %u register 0x%02x; "
      "0xcfc reads 0x%08x\n",
      a, (a >> 31) ? "enabled" : "disabled", (a >> 16) & 0xFF, (a >> 11) & 0x1F, (a >> 8) & 7,
      a & 0xFC, m.io.peek(0xCFC, 4));
  if (bus->pirq_route) {
    out += "PIRQ routing:";
    for (unsigned p = 0; p < 4; ++p) {
      int irq = bus->pirq_route(p);
      out += text_format(" %c->%s", 'A' + p, irq < 0 ? "none" : std::to_string(irq).c_str());
    }
    out += "\n";
  }
  for (unsigned dev = 0; dev < PciBus::kDevices; ++dev) {
    for (unsigned fn = 0; fn < 8; ++fn) {
      if (const PciFunction* f = bus->find(dev, fn)) out += format_function(*bus, *f, dev, fn);
    }
  }
  return out;
}

}  // namespace mkemu
