// The single C entry point for exceptions, IRQs and system calls.
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/cpu_tables.h"
#include "kernel/ipc.h"
#include "kernel/pic.h"
#include "kernel/sched.h"
#include "kernel/syscalls.h"

namespace kernel {

namespace {
// Turns a user-mode exception into an IPC call to the pager (#PF) or exception handler.
void user_exception(Frame* f) {
  Thread* t = g_current;
  uint32_t target;
  if (f->vector == 14) {
    target = t->pager;
    t->ktag = km::tag(km::kLabelPageFault, 3);
    t->kwords[0] = read_cr2();
    t->kwords[1] = f->eip;
    t->kwords[2] = f->error;
  } else {
    target = t->exc_handler;
    t->ktag = km::tag(km::kLabelException, 6);
    t->kwords[0] = f->vector;
    t->kwords[1] = f->error;
    t->kwords[2] = f->eip;
    t->kwords[3] = f->user_esp;
    t->kwords[4] = f->eflags;
    t->kwords[5] = f->eax;
  }
  KTRACE("[%u] exception %u thread %u eip %x esp %x addr %x error %x -> %u\n", g_ticks, f->vector,
         t->id, f->eip, f->user_esp, t->kwords[0], f->error, target);
  t->kipc = true;
  t->kresult = km::kErrNoPartner;
  t->kreply_tag = 0;
  if (target != km::kNilId) {
    sys_ipc(t, target, target, km::timeouts(km::kTimeoutNever, km::kTimeoutNever));
  }
  t->kipc = false;
  if (t->kresult != km::kOk) {
    kprintf("kernel: thread %u: unhandled %s %u at eip %x (addr %x), stopped\n", t->id,
            f->vector == 14 ? "page fault" : "exception", f->vector, f->eip, t->kwords[0]);
    t->state = ThreadState::kDead;
    schedule();  // never returns: nobody wakes a dead thread
  }
  if (f->vector != 14) {
    uint32_t words = km::tag_untyped(t->kreply_tag);
    if (words >= 1 && t->kreply_words[0]) f->eip = t->kreply_words[0];
    if (words >= 2 && t->kreply_words[1]) f->user_esp = t->kreply_words[1];
  }
}
}  // namespace

extern "C" void trap_entry(Frame* f) {
  uint32_t v = f->vector;
  bool from_user = (f->cs & 3) == 3;
  if (v >= kIrqVectorBase && v < kIrqVectorBase + 16u) {
    uint32_t irq = v - kIrqVectorBase;
    if (irq == 0) {
      pic_eoi(0);
      timer_tick();
    } else if (!pic_spurious(irq)) {
      irq_raise(irq);
    }
  } else if (v == km::kSyscallVector) {
    syscall(f);
  } else if (from_user) {
    user_exception(f);
  } else {
    panic("exception %u error %x at eip %x cr2 %x (thread %u)", v, f->error, f->eip, read_cr2(),
          g_current ? g_current->id : 0);
  }
  if (from_user) maybe_preempt();
}

}  // namespace kernel
