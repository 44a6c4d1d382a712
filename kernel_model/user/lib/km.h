// User-level library: system-call wrappers, IPC helpers, debug printing.
#pragma once

#include <stdint.h>

#include "km/abi.h"

namespace km {

struct IpcRegs {
  uint32_t err;      // out: error code
  uint32_t partner;  // in: send-to; out: sender
  uint32_t from;     // receive-from
  uint32_t timeouts;
  uint32_t tag;
  uint32_t w0, w1;
};

extern "C" uint32_t km_ipc(IpcRegs* r);
extern "C" [[noreturn]] void km_sleep_forever();

inline Utcb* utcb() {
  Utcb* u;
  asm volatile("mov %%gs:0, %0" : "=r"(u));
  return u;
}
inline uint32_t my_id() {
  return utcb()->my_id;
}

inline uint32_t syscall2(uint32_t nr, uint32_t b, uint32_t c) {
  uint32_t r;
  asm volatile("int $0x30" : "=a"(r) : "a"(nr), "b"(b), "c"(c) : "memory", "edx");
  return r;
}

// A message: tag plus words (w[0], w[1] travel in registers, the rest via the UTCB).
struct Msg {
  uint32_t tag = 0;
  uint32_t w[kMaxWords] = {};
  uint32_t sender = 0;
  uint32_t err = 0;
};

// The general IPC: send `m` to `to` (0: none), then receive from `from` (0: none) into `m`.
uint32_t ipc(uint32_t to, uint32_t from, uint32_t timeouts, Msg& m);
// A finite timeout bounds both phases: a partner that never receives cannot hang us.
inline uint32_t call(uint32_t to, Msg& m, uint32_t timeout = kTimeoutNever) {
  return ipc(to, to, timeouts(timeout, timeout), m);
}
inline uint32_t send(uint32_t to, Msg& m, uint32_t snd_timeout = kTimeoutNever) {
  return ipc(to, kNilId, timeouts(snd_timeout, 0), m);
}
inline uint32_t wait(uint32_t from, Msg& m, uint32_t rcv_timeout = kTimeoutNever) {
  return ipc(kNilId, from, timeouts(0, rcv_timeout), m);
}
// Reply with timeout zero, then open wait.
inline uint32_t reply_wait(uint32_t to, Msg& m) {
  return ipc(to, kAnyId, timeouts(kTimeoutZero, kTimeoutNever), m);
}
void sleep_ticks(uint32_t ticks);

inline uint32_t unmap(uint32_t fpage, uint32_t flags) {
  return syscall2(kSysUnmap, fpage, flags);
}
inline uint32_t irq_attach(uint32_t irq, uint32_t thread) {
  return syscall2(kSysIrqCtl, irq, thread);
}
inline void yield() {
  syscall2(kSysYield, 0, 0);
}
uint32_t thread_create(uint32_t id, uint32_t space, uint32_t pager, uint32_t exc, void (*entry)(),
                       uint32_t stack_top, uint32_t prio, uint32_t flags = 0);

void debug_write(const char* s, uint32_t len);
void printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char* buf, uint32_t size, const char* fmt, ...) __attribute__((format(printf, 3, 4)));

inline const Kip* kip() {
  return reinterpret_cast<const Kip*>(kKipAddr);
}

inline uint8_t inb(uint16_t port) {
  uint8_t v;
  asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
inline void outb(uint16_t port, uint8_t v) {
  asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
inline uint32_t inl(uint16_t port) {
  uint32_t v;
  asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
inline void outl(uint16_t port, uint32_t v) {
  asm volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}

// String helpers (freestanding).
uint32_t strlen(const char* s);
bool starts_with(const char* s, const char* prefix);
bool contains(const char* s, const char* needle);
extern "C" void* memcpy(void* d, const void* s, unsigned n);
extern "C" void* memset(void* d, int v, unsigned n);

}  // namespace km
