#include "user/lib/client.h"

namespace km {

InitInfo root_init() {
  Msg m;
  m.tag = tag(kRootInit, 0);
  utcb()->io_accept = 1;
  uint32_t err = call(kRootId, m);
  utcb()->io_accept = 0;
  return {err == kOk, m.w[0], m.w[1]};
}

uint32_t thread_in_own_task(uint32_t id, uint32_t exc, void (*entry)(), uint32_t stack_top,
                            uint32_t prio) {
  Msg m;
  m.tag = tag(kRootAdopt, 1);
  m.w[0] = id;
  if (call(kRootId, m) != kOk) return kErrNoPartner;
  return thread_create(id, my_id(), kRootId, exc, entry, stack_top, prio);
}

uint32_t log_write(uint32_t log_server, const char* text) {
  uint32_t len = strlen(text);
  uint32_t max = (kMaxWords - 1) * 4;
  if (len > max) len = max;
  Msg m;
  m.tag = tag(kLogWrite, 1 + (len + 3) / 4);
  m.w[0] = len;
  memcpy(&m.w[1], text, len);
  if (call(log_server, m, 1000) != kOk) return 0;
  return m.w[0];
}

}  // namespace km
