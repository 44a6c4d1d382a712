#include "kernel/sched.h"

#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/cpu_tables.h"
#include "kernel/memory.h"
#include "kernel/space.h"

extern "C" void switch_context(uint32_t* save_esp, uint32_t new_esp);
extern "C" void ret_to_user();

namespace kernel {

Thread g_threads[km::kMaxThreads];
Thread* g_current;
uint32_t g_ticks;
bool g_need_resched;

namespace {
Thread g_boot_thread;  // the boot context: switched away from once, never resumed
Thread* g_ready_head[256];
Thread* g_ready_tail[256];
uint32_t g_ready_bits[8];
bool g_rotate;

void enqueue(Thread* t) {
  t->state = ThreadState::kReady;
  t->next_ready = nullptr;
  if (g_ready_tail[t->prio])
    g_ready_tail[t->prio]->next_ready = t;
  else
    g_ready_head[t->prio] = t;
  g_ready_tail[t->prio] = t;
  g_ready_bits[t->prio >> 5] |= 1u << (t->prio & 31);
}

int highest_ready() {
  for (int w = 7; w >= 0; --w) {
    if (g_ready_bits[w]) return w * 32 + 31 - __builtin_clz(g_ready_bits[w]);
  }
  return -1;
}

Thread* dequeue_highest() {
  int p = highest_ready();
  if (p < 0) return nullptr;
  Thread* t = g_ready_head[p];
  g_ready_head[p] = t->next_ready;
  if (!g_ready_head[p]) {
    g_ready_tail[p] = nullptr;
    g_ready_bits[p >> 5] &= ~(1u << (p & 31));
  }
  t->next_ready = nullptr;
  return t;
}

void switch_to(Thread* next) {
  Thread* prev = g_current;
  g_current = next;
  next->state = ThreadState::kRunning;
  if (next == prev) return;
  KTRACE("[%u] switch %u -> %u\n", g_ticks, prev->id, next->id);
  if (!prev->task || prev->task != next->task) {
    load_cr3(reinterpret_cast<uint32_t>(next->task->pd));
    activate_tss(next->task->tss);
  }
  set_tss_esp0(next->task->tss, next->kstack_top);
  set_utcb_segment(next->utcb_user);
  switch_context(&prev->kesp, next->kesp);
}
}  // namespace

Thread* thread_by_id(uint32_t id) {
  if (id == 0 || id >= km::kMaxThreads) return nullptr;
  Thread* t = &g_threads[id];
  if (t->state == ThreadState::kFree || t->state == ThreadState::kDead) return nullptr;
  return t;
}

Thread* thread_create(uint32_t id, Task* task, uint32_t eip, uint32_t esp, uint8_t prio,
                      uint32_t pager, uint32_t exc_handler) {
  if (id == 0 || id >= km::kMaxThreads || g_threads[id].state != ThreadState::kFree) return nullptr;
  Thread* t = &g_threads[id];
  *t = Thread{};
  t->id = id;
  t->task = task;
  t->prio = prio;
  t->pager = pager;
  t->exc_handler = exc_handler;
  t->kstack_top = reinterpret_cast<uint32_t>(alloc_frames(2)) + 2 * kPageSize;
  t->utcb = static_cast<km::Utcb*>(alloc_frame());
  t->utcb_user = km::kUtcbArea + id * kPageSize;
  t->utcb->self = t->utcb_user;
  t->utcb->my_id = id;
  map_kernel_page(task, t->utcb_user, reinterpret_cast<uint32_t>(t->utcb), true);
  t->slice_left = kTimeSliceTicks;

  Frame* f = frame_of(t);
  f->gs = kUtcbSel;
  f->fs = f->es = f->ds = kUserDs;
  f->eax = id;
  f->eip = eip;
  f->cs = kUserCs;
  f->eflags = 0x202 | (task->iopl3 ? 3u << 12 : 0);
  f->user_esp = esp;
  f->user_ss = kUserDs;
  // A switch frame below it that "returns" into ret_to_user.
  auto* sp = reinterpret_cast<uint32_t*>(f);
  *--sp = reinterpret_cast<uint32_t>(&ret_to_user);
  for (int i = 0; i < 4; ++i) *--sp = 0;  // ebp, ebx, esi, edi
  t->kesp = reinterpret_cast<uint32_t>(sp);
  enqueue(t);
  if (g_current && t->prio > g_current->prio) g_need_resched = true;
  return t;
}

void wake(Thread* t) {
  t->timeout_at = 0;
  enqueue(t);
  if (!g_current || t->prio > g_current->prio) g_need_resched = true;
}

void block_current(uint32_t timeout_ticks) {
  Thread* t = g_current;
  t->timeout_at = timeout_ticks == km::kTimeoutNever ? 0 : g_ticks + timeout_ticks;
  schedule();
}

void yield_current() {
  enqueue(g_current);
  schedule();
}

void schedule() {
  if (!g_current) g_current = &g_boot_thread;
  for (;;) {
    if (Thread* next = dequeue_highest()) {
      next->slice_left = kTimeSliceTicks;
      switch_to(next);
      return;
    }
    asm volatile("sti; hlt; cli" ::: "memory");  // idle: interrupts may wake someone
  }
}

void maybe_preempt() {
  if (!g_need_resched) return;
  g_need_resched = false;
  Thread* cur = g_current;
  int best = highest_ready();
  bool rotate = g_rotate;
  g_rotate = false;
  if (best < 0 || cur->state != ThreadState::kRunning) return;
  if (best > cur->prio || (rotate && best == cur->prio)) yield_current();
}

void timer_tick() {
  ++g_ticks;
  for (Thread& t : g_threads) {
    if (t.timeout_at != 0 && g_ticks >= t.timeout_at &&
        (t.state == ThreadState::kSendBlocked || t.state == ThreadState::kRecvBlocked)) {
      t.timeout_at = 0;
      ipc_timeout(&t);
    }
  }
  Thread* cur = g_current;
  if (cur && cur->state == ThreadState::kRunning && --cur->slice_left == 0) {
    cur->slice_left = kTimeSliceTicks;
    g_rotate = true;
    g_need_resched = true;
  }
}

}  // namespace kernel
