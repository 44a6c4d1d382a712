// I/O server: the only task with ports 0xCF8..0xCFF. Each driver sees a virtual PCI
// bus holding only the devices its manager assigned to it, at 00:00.0, 00:01.0, ...
#include "user/lib/client.h"

using namespace km;

namespace {
constexpr uint32_t kMaxDevices = 32;
constexpr uint32_t kMaxAssignments = 32;
constexpr uint32_t kNoDevice = 0xFFFFFFFF;

uint32_t g_devices[kMaxDevices];  // real config address of function (bus<<16|dev<<11|fn<<8)
uint32_t g_device_count;
struct Assignment {
  uint32_t driver, device;
};
Assignment g_assign[kMaxAssignments];
uint32_t g_assign_count;
uint32_t g_manager;

uint32_t config_read(uint32_t address) {
  outl(0xCF8, 0x80000000u | address);
  return inl(0xCFC);
}
void config_write(uint32_t address, uint32_t value) {
  outl(0xCF8, 0x80000000u | address);
  outl(0xCFC, value);
}

void enumerate() {
  for (uint32_t dev = 0; dev < 32; ++dev) {
    for (uint32_t fn = 0; fn < 8 && g_device_count < kMaxDevices; ++fn) {
      uint32_t a = pci_address(0, dev, fn, 0);
      if ((config_read(a) & 0xFFFF) == 0xFFFF) {
        if (fn == 0) break;
        continue;
      }
      g_devices[g_device_count++] = a;
      bool multifunction = config_read(pci_address(0, dev, 0, 0x0C)) & 0x00800000;
      if (fn == 0 && !multifunction) break;
    }
  }
}

// Translates a driver's virtual config address to the real one, or returns false.
bool translate(uint32_t driver, uint32_t vaddr, uint32_t& real) {
  uint32_t bus = (vaddr >> 16) & 0xFF, dev = (vaddr >> 11) & 31, fn = (vaddr >> 8) & 7;
  if (bus != 0 || fn != 0) return false;
  uint32_t n = 0;
  for (uint32_t i = 0; i < g_assign_count; ++i) {
    if (g_assign[i].driver != driver) continue;
    if (n++ == dev) {
      real = g_devices[g_assign[i].device] | (vaddr & 0xFC);
      return true;
    }
  }
  return false;
}

void serve(Msg& m) {
  uint32_t label = tag_label(m.tag);
  bool manager = m.sender == g_manager || m.sender == kRootId;
  uint32_t real;
  m.tag = tag(0, 2);
  if (label == kPciRead) {
    m.w[0] = translate(m.sender, m.w[0], real) ? config_read(real) : kNoDevice;
  } else if (label == kPciWrite) {
    if (translate(m.sender, m.w[0], real)) config_write(real, m.w[1]);
    m.w[0] = 0;
  } else if (label == kPciCount && manager) {
    m.w[0] = g_device_count;
  } else if (label == kPciAssign && manager && m.w[1] < g_device_count &&
             g_assign_count < kMaxAssignments) {
    g_assign[g_assign_count++] = {m.w[0], m.w[1]};
    m.w[0] = config_read(g_devices[m.w[1]]);
    m.w[1] = g_devices[m.w[1]];
  } else {
    m.tag = tag(0xFFFF, 0);
  }
}
}  // namespace

extern "C" void umain() {
  InitInfo init = root_init();
  g_manager = init.w0;
  enumerate();
  Msg m;
  wait(kAnyId, m);
  for (;;) {
    serve(m);
    if (reply_wait(m.sender, m) != kOk) wait(kAnyId, m);
  }
}
