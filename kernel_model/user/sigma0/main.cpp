// sigma0: owns all physical memory (seen at kSigma0PhysWindow + phys) and all I/O ports,
// and hands them out first come, first served, by the sigma0 protocol.
#include "user/lib/sigma0_protocol.h"

using namespace km;

namespace {
constexpr uint32_t kMaxPages = (512u << 20) / 4096;
uint8_t g_page_owner[kMaxPages];  // thread id that received the page, 0: free
uint8_t g_port_owner[65536];
uint32_t g_next_free;

bool take_page(uint32_t phys, uint32_t client) {
  uint32_t i = phys / 4096;
  if (phys >= kip()->mem_end || phys < 0x100000) return false;
  if (g_page_owner[i] != 0 && g_page_owner[i] != client) return false;
  g_page_owner[i] = static_cast<uint8_t>(client);
  return true;
}

void reply_page(Msg& m, uint32_t phys) {
  m.tag = tag(0, 1, 1);
  m.w[0] = phys;
  m.w[1] = 0;  // hot spot: the client's receive window decides where it lands
  m.w[2] = mem_fpage(kSigma0PhysWindow + phys, 12, true);
}

bool take_ports(uint32_t port, uint32_t order, uint32_t client) {
  if (order > 16) return false;
  uint32_t size = 1u << order;
  port &= ~(size - 1);
  for (uint32_t p = port; p < port + size; ++p)
    if (g_port_owner[p] != 0 && g_port_owner[p] != client) return false;
  for (uint32_t p = port; p < port + size; ++p) g_port_owner[p] = static_cast<uint8_t>(client);
  return true;
}

void serve(Msg& m) {
  uint32_t client = m.sender;
  switch (tag_label(m.tag)) {
    case kS0AnyPage:
      for (; g_next_free < kip()->sigma0_hi; g_next_free += 4096) {
        if (g_page_owner[g_next_free / 4096] == 0 && take_page(g_next_free, client)) {
          reply_page(m, g_next_free);
          return;
        }
      }
      break;
    case kS0PhysPage:
      if (take_page(m.w[0] & ~0xFFFu, client)) {
        reply_page(m, m.w[0] & ~0xFFFu);
        return;
      }
      break;
    case kS0Io:
      if (take_ports(m.w[0], m.w[1], client)) {
        uint32_t fp = io_fpage(m.w[0] & 0xFFFF, m.w[1]);
        m.tag = tag(0, 0, 1);
        m.w[0] = 0;
        m.w[1] = fp;
        return;
      }
      break;
  }
  m.tag = tag(kS0Refused, 0);
}
}  // namespace

extern "C" void umain() {
  g_next_free = kip()->sigma0_lo;
  Msg m;
  wait(kAnyId, m);
  for (;;) {
    serve(m);
    if (reply_wait(m.sender, m) != kOk) wait(kAnyId, m);  // client gave up: next one
  }
}
