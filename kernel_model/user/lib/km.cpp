#include "user/lib/km.h"

#include <stdarg.h>

#include "km/format.h"

extern "C" void* memcpy(void* d, const void* s, unsigned n) {
  auto* dp = static_cast<unsigned char*>(d);
  auto* sp = static_cast<const unsigned char*>(s);
  while (n--) *dp++ = *sp++;
  return d;
}
extern "C" void* memset(void* d, int v, unsigned n) {
  auto* dp = static_cast<unsigned char*>(d);
  while (n--) *dp++ = static_cast<unsigned char>(v);
  return d;
}

namespace km {

extern "C" void km_sleep_forever() {
  for (;;) {
    Msg m;
    ipc(kNilId, my_id(), timeouts(0, kTimeoutNever), m);  // nobody sends as ourselves
  }
}

uint32_t ipc(uint32_t to, uint32_t from, uint32_t tos, Msg& m) {
  Utcb* u = utcb();
  uint32_t n = tag_untyped(m.tag) + 2 * tag_typed(m.tag);
  for (uint32_t i = 2; i < n && i < kMaxWords; ++i) u->mr[i] = m.w[i];
  IpcRegs r{0, to, from, tos, m.tag, m.w[0], m.w[1]};
  km_ipc(&r);
  m.err = r.err;
  if (r.err == kOk && from != kNilId) {
    m.sender = r.partner;
    m.tag = r.tag;
    m.w[0] = r.w0;
    m.w[1] = r.w1;
    n = tag_untyped(m.tag) + 2 * tag_typed(m.tag);
    for (uint32_t i = 2; i < n && i < kMaxWords; ++i) m.w[i] = u->mr[i];
  }
  return r.err;
}

void sleep_ticks(uint32_t ticks) {
  Msg m;
  ipc(kNilId, my_id(), timeouts(0, ticks), m);  // nobody sends to us as ourselves
}

uint32_t thread_create(uint32_t id, uint32_t space, uint32_t pager, uint32_t exc, void (*entry)(),
                       uint32_t stack_top, uint32_t prio, uint32_t flags) {
  uint32_t* p = &utcb()->mr[2];
  p[0] = id;
  p[1] = space;
  p[2] = pager;
  p[3] = exc;
  p[4] = reinterpret_cast<uint32_t>(entry);
  p[5] = stack_top;
  p[6] = prio;
  p[7] = flags;
  return syscall2(kSysThreadCtl, 0, 0);
}

void debug_write(const char* s, uint32_t len) {
  constexpr uint32_t kChunk = (kMaxWords - 2) * 4;
  while (len > 0) {
    uint32_t n = len < kChunk ? len : kChunk;
    memcpy(&utcb()->mr[2], s, n);
    syscall2(kSysDebugPuts, 0, n);
    s += n;
    len -= n;
  }
}

namespace {
struct BufferOut {
  char* buf;
  uint32_t size, len;
  void operator()(char c) {
    if (len + 1 < size) buf[len] = c;
    ++len;
  }
};
}  // namespace

void printf(const char* fmt, ...) {
  char buf[256];
  BufferOut out{buf, sizeof(buf), 0};
  va_list ap;
  va_start(ap, fmt);
  vformat(out, fmt, ap);
  va_end(ap);
  debug_write(buf, out.len < sizeof(buf) ? out.len : sizeof(buf) - 1);
}

int snprintf(char* buf, uint32_t size, const char* fmt, ...) {
  BufferOut out{buf, size, 0};
  va_list ap;
  va_start(ap, fmt);
  vformat(out, fmt, ap);
  va_end(ap);
  if (size) buf[out.len < size ? out.len : size - 1] = 0;
  return static_cast<int>(out.len);
}

uint32_t strlen(const char* s) {
  uint32_t n = 0;
  while (s[n]) ++n;
  return n;
}

bool starts_with(const char* s, const char* prefix) {
  while (*prefix)
    if (*s++ != *prefix++) return false;
  return true;
}

bool contains(const char* s, const char* needle) {
  for (; *s; ++s)
    if (starts_with(s, needle)) return true;
  return false;
}

}  // namespace km
