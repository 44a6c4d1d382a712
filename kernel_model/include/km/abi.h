// The kernel_model system-call ABI, shared by the kernel and user level.
// docs/kernel_model-abi.md is the prose version of this file.
#pragma once

#include <stdint.h>

namespace km {

// ---- address-space layout (every task) ----
constexpr uint32_t kUserBase = 0x40000000;          // first user address
constexpr uint32_t kUtcbArea = 0xBF000000;          // UTCB of thread t at kUtcbArea + t * 4096
constexpr uint32_t kKipAddr = 0xBFFFF000;           // kernel info page, read-only
constexpr uint32_t kUserEnd = 0xBF000000;           // mappable user range is [kUserBase, kUserEnd)
constexpr uint32_t kSigma0PhysWindow = 0x40000000;  // sigma0 sees phys P at this + P

// ---- system calls: int 0x30, EAX = number ----
enum Syscall : uint32_t {
  kSysIpc = 0,
  kSysUnmap = 1,
  kSysThreadCtl = 2,
  kSysIrqCtl = 3,
  kSysDebugPuts = 4,
  kSysYield = 5,
};
constexpr uint8_t kSyscallVector = 0x30;

// ---- thread ids ----
constexpr uint32_t kMaxThreads = 128;  // thread ids 1..127
constexpr uint32_t kNilId = 0;
constexpr uint32_t kAnyId = 0xFFFFFFFF;  // open wait
constexpr uint32_t kIrqIdBase = 0x200;   // IRQ n sends as kIrqIdBase + n
constexpr uint32_t kSigma0Id = 1;
constexpr uint32_t kRootId = 2;

// ---- IPC (EAX=kSysIpc) ----
// in:  EBX send-to (0: no send)   ECX receive-from (0: none, kAnyId: open, id: closed)
//      EDX timeouts (send: bits 0..15, receive: bits 16..31)
//      ESI tag   EDI word 0   EBP word 1   UTCB mr[2..] further words
// out: EAX error code   EBX sender id   ESI tag   EDI/EBP words 0, 1
constexpr uint32_t kTimeoutZero = 0;
constexpr uint32_t kTimeoutNever = 0xFFFF;  // any other value: timer ticks
constexpr uint32_t timeouts(uint32_t snd, uint32_t rcv) {
  return (snd & 0xFFFF) | (rcv << 16);
}

enum IpcError : uint32_t {
  kOk = 0,
  kErrSendTimeout = 1,
  kErrRecvTimeout = 2,
  kErrNoPartner = 3,
  kErrInvalid = 4,
  kErrDenied = 5,
};

// Tag: untyped word count bits 0..5, typed item count bits 6..11, label bits 16..31.
constexpr uint32_t kMaxWords = 64;
constexpr uint32_t tag(uint32_t label, uint32_t untyped, uint32_t typed = 0) {
  return (label << 16) | ((typed & 63) << 6) | (untyped & 63);
}
constexpr uint32_t tag_label(uint32_t t) {
  return t >> 16;
}
constexpr uint32_t tag_untyped(uint32_t t) {
  return t & 63;
}
constexpr uint32_t tag_typed(uint32_t t) {
  return (t >> 6) & 63;
}

// Labels the kernel uses for messages it synthesises.
constexpr uint32_t kLabelPageFault = 0xFFFE;  // words: fault address, eip, error code
constexpr uint32_t kLabelException = 0xFFFB;  // words: vector, error, eip, esp, eflags, eax
constexpr uint32_t kLabelIrq = 0xFFF0;        // words: irq number

// ---- flexpages: one word ----
// bits 0..1 type, bit 2 write right (memory), bits 4..9 log2 size,
// memory: base bits 12..31; I/O: port base in bits 12..27.
constexpr uint32_t kFpNil = 0, kFpMem = 1, kFpIo = 2;
constexpr uint32_t kFpWrite = 4;
constexpr uint32_t mem_fpage(uint32_t base, uint32_t order, bool writable) {
  return (base & 0xFFFFF000) | (order << 4) | (writable ? kFpWrite : 0) | kFpMem;
}
constexpr uint32_t io_fpage(uint32_t port, uint32_t order) {
  return ((port & 0xFFFF) << 12) | (order << 4) | kFpIo;
}
constexpr uint32_t kFpAllPorts = (16u << 4) | kFpIo;
constexpr uint32_t fp_type(uint32_t f) {
  return f & 3;
}
constexpr uint32_t fp_order(uint32_t f) {
  return (f >> 4) & 63;
}
constexpr uint32_t fp_mem_base(uint32_t f) {
  return f & 0xFFFFF000;
}
constexpr uint32_t fp_io_base(uint32_t f) {
  return (f >> 12) & 0xFFFF;
}

// A typed item is two words: control (bit 0: grant instead of map; bits 12..31 send
// hot spot for memory), then the flexpage.
constexpr uint32_t kItemGrant = 1;

// ---- unmap (EAX=kSysUnmap): EBX fpage, ECX flags ----
constexpr uint32_t kUnmapSelf = 1;  // also remove the caller's own mapping

// ---- thread control (EAX=kSysThreadCtl): parameters in UTCB mr[2..9] ----
// mr[2] new id, mr[3] space (0: new task, else a thread id whose task receives the
// thread), mr[4] pager, mr[5] exception handler, mr[6] eip, mr[7] esp, mr[8] priority,
// mr[9] flags.
constexpr uint32_t kThreadPrivileged = 1;  // new task may create tasks and attach IRQs

// ---- IRQ control (EAX=kSysIrqCtl): EBX irq, ECX thread id (0 detaches) ----
// Acknowledge/unmask: send an (empty) IPC to kIrqIdBase + irq.

// ---- debug output (EAX=kSysDebugPuts): ECX length, text in UTCB mr[2..] ----

// ---- UTCB: one page per thread, GS points at it ----
struct Utcb {
  uint32_t self;        // linear address of this UTCB
  uint32_t my_id;       // thread id
  uint32_t rcv_window;  // memory fpage where received mappings land (0: none)
  uint32_t io_accept;   // non-zero: accept I/O flexpages
  uint32_t reserved[12];
  uint32_t mr[kMaxWords];  // message words (mr[0], mr[1] travel in EDI, EBP)
};

// ---- kernel info page ----
constexpr uint32_t kKipMagic = 0x4B4D4B50;  // "PKMK"
constexpr uint32_t kMaxModules = 12;
struct KipModule {
  uint32_t start, end;  // physical
  char cmdline[120];
};
struct Kip {
  uint32_t magic;
  uint32_t mem_end;               // physical memory end
  uint32_t sigma0_lo, sigma0_hi;  // sigma0 free memory [lo, hi), physical
  uint32_t ticks_per_second;
  uint32_t module_count;
  KipModule modules[kMaxModules];
};

}  // namespace km
