// System-call dispatch (see docs/kernel_model-abi.md).
#include "kernel/syscalls.h"

#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/ipc.h"
#include "kernel/sched.h"
#include "kernel/space.h"

namespace kernel {

namespace {
using namespace km;

uint32_t sys_unmap(Thread* cur, uint32_t fp, uint32_t flags) {
  bool self = flags & kUnmapSelf;
  if (fp_type(fp) == kFpMem) {
    uint32_t order = fp_order(fp) < 12 ? 12 : fp_order(fp);
    if (order > 31) return kErrInvalid;
    uint64_t size = 1ull << order;
    unmap_mem(cur->task, static_cast<uint32_t>(fp_mem_base(fp) & ~(size - 1)), size, self);
    load_cr3(reinterpret_cast<uint32_t>(cur->task->pd));
  } else if (fp_type(fp) == kFpIo) {
    unmap_io(cur->task, fp_io_base(fp), fp_order(fp), self);
  } else {
    return kErrInvalid;
  }
  return kOk;
}

uint32_t sys_thread_ctl(Thread* cur) {
  const uint32_t* p = &cur->utcb->mr[2];
  uint32_t id = p[0], space = p[1], pager = p[2], exc = p[3], eip = p[4], esp = p[5];
  uint32_t prio = p[6] > 254 ? 254 : p[6], flags = p[7];
  if (id == 0 || id >= kMaxThreads || thread_by_id(id)) return kErrInvalid;
  Task* task;
  if (space == 0) {
    if (!cur->task->privileged) return kErrDenied;
    task = task_create(cur->task->id, flags & kThreadPrivileged);
    if (!task) return kErrInvalid;
  } else {
    Thread* s = thread_by_id(space);
    if (!s) return kErrInvalid;
    task = s->task;
    if (task != cur->task && task->creator != cur->task->id) return kErrDenied;
  }
  if (!thread_create(id, task, eip, esp, static_cast<uint8_t>(prio), pager, exc))
    return kErrInvalid;
  return kOk;
}

uint32_t sys_debug_puts(Thread* cur, uint32_t len) {
  const char* text = reinterpret_cast<const char*>(&cur->utcb->mr[2]);
  uint32_t max = (kMaxWords - 2) * 4;
  for (uint32_t i = 0; i < len && i < max; ++i) console_putc(text[i]);
  return kOk;
}
}  // namespace

void syscall(Frame* f) {
  Thread* cur = g_current;
  switch (f->eax) {
    case kSysIpc: sys_ipc(cur, f->ebx, f->ecx, f->edx); break;
    case kSysUnmap: f->eax = sys_unmap(cur, f->ebx, f->ecx); break;
    case kSysThreadCtl: f->eax = sys_thread_ctl(cur); break;
    case kSysIrqCtl: f->eax = irq_attach(cur, f->ebx, f->ecx); break;
    case kSysDebugPuts: f->eax = sys_debug_puts(cur, f->ecx); break;
    case kSysYield:
      f->eax = kOk;
      yield_current();
      break;
    default: f->eax = kErrInvalid; break;
  }
}

}  // namespace kernel
