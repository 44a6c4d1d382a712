#include "user/lib/sigma0_protocol.h"

namespace km {

namespace {
bool request(uint32_t label, uint32_t a, uint32_t b, uint32_t window, Msg& m) {
  utcb()->rcv_window = window;
  utcb()->io_accept = 1;
  m.tag = tag(label, 2);
  m.w[0] = a;
  m.w[1] = b;
  uint32_t err = call(kSigma0Id, m);
  utcb()->rcv_window = 0;
  utcb()->io_accept = 0;
  return err == kOk && tag_label(m.tag) != kS0Refused && tag_typed(m.tag) == 1;
}
}  // namespace

uint32_t sigma0_any_page(uint32_t dest) {
  Msg m;
  if (!request(kS0AnyPage, 0, 0, mem_fpage(dest, 12, true), m)) return 0;
  return m.w[0];
}

bool sigma0_phys_page(uint32_t phys, uint32_t dest) {
  Msg m;
  return request(kS0PhysPage, phys, 0, mem_fpage(dest, 12, true), m);
}

bool sigma0_io(uint32_t port, uint32_t order) {
  Msg m;
  return request(kS0Io, port, order, 0, m);
}

}  // namespace km
