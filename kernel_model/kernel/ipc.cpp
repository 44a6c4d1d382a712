#include "kernel/ipc.h"

#include "kernel/console.h"
#include "kernel/pic.h"
#include "kernel/sched.h"
#include "kernel/space.h"

namespace kernel {

namespace {
using namespace km;

constexpr uint32_t kIrqCount = 16;
uint32_t g_irq_owner[kIrqCount];
bool g_irq_pending[kIrqCount];

bool is_irq_id(uint32_t id) {
  return id >= kIrqIdBase && id < kIrqIdBase + kIrqCount;
}

void set_result(Thread* t, uint32_t err, uint32_t sender) {
  if (t->kipc) {
    t->kresult = err;
    return;
  }
  Frame* f = frame_of(t);
  f->eax = err;
  f->ebx = sender;
}

void sendq_remove(Thread* owner, Thread* t) {
  for (Thread** link = &owner->sendq_head; *link; link = &(*link)->sendq_next) {
    if (*link == t) {
      *link = t->sendq_next;
      t->sendq_next = nullptr;
      return;
    }
  }
}

uint32_t map_mem_item(Thread* s, Thread* d, uint32_t ctl, uint32_t fp) {
  uint32_t window = d->kipc ? mem_fpage(0, 32, true) : d->utcb->rcv_window;
  if (fp_type(window) != kFpMem) return 0;
  uint32_t sorder = fp_order(fp) < 12 ? 12 : fp_order(fp);
  uint32_t rorder = fp_order(window) < 12 ? 12 : fp_order(window);
  if (rorder > 32) rorder = 32;
  if (sorder > 30) return 0;  // larger than user space: refuse rather than walk it
  uint64_t ssize = 1ull << sorder, rsize = 1ull << rorder;
  uint32_t sbase = static_cast<uint32_t>(fp_mem_base(fp) & ~(ssize - 1));
  uint32_t rbase = static_cast<uint32_t>(fp_mem_base(window) & ~(rsize - 1));
  uint32_t hotspot = ctl & ~0xFFFu;
  uint32_t src, dst, order;
  if (sorder <= rorder) {
    src = sbase;
    dst = static_cast<uint32_t>(rbase + ((hotspot & (rsize - 1)) & ~(ssize - 1)));
    order = sorder;
  } else {
    src = static_cast<uint32_t>(sbase + ((hotspot & (ssize - 1)) & ~(rsize - 1)));
    dst = rbase;
    order = rorder;
  }
  bool writable = fp & kFpWrite;
  for (uint64_t off = 0; off < (1ull << order); off += 4096) {
    map_page(s->task, static_cast<uint32_t>(src + off), d->task, static_cast<uint32_t>(dst + off),
             writable, ctl & kItemGrant);
  }
  return mem_fpage(dst, order, writable);
}

// Copies the message of `s` to `d` (both blocked or current) and performs its map items.
void transfer(Thread* s, Thread* d) {
  uint32_t w[kMaxWords];
  uint32_t t;
  if (s->kipc) {
    t = s->ktag;
    for (uint32_t i = 0; i < 6; ++i) w[i] = s->kwords[i];
  } else {
    Frame* f = frame_of(s);
    t = f->esi;
    w[0] = f->edi;
    w[1] = f->ebp;
  }
  uint32_t u = tag_untyped(t), items = tag_typed(t);
  if (u + 2 * items > kMaxWords) items = (kMaxWords - u) / 2;
  uint32_t n = u + 2 * items;
  if (!s->kipc) {
    for (uint32_t i = 2; i < n; ++i) w[i] = s->utcb->mr[i];
  }
  for (uint32_t i = 0; i < items; ++i) {
    uint32_t ctl = w[u + 2 * i], fp = w[u + 2 * i + 1];
    if (fp_type(fp) == kFpMem) {
      w[u + 2 * i + 1] = map_mem_item(s, d, ctl, fp);
    } else if (fp_type(fp) == kFpIo && !d->kipc && d->utcb->io_accept) {
      map_io(s->task, fp_io_base(fp), fp_order(fp), d->task, ctl & kItemGrant);
    } else {
      w[u + 2 * i + 1] = 0;
    }
  }
  t = (t & ~0xFFFu) | (items << 6) | u;
  if (d->kipc) {
    d->kresult = kOk;
    d->kreply_tag = t;
    d->kreply_words[0] = w[0];
    d->kreply_words[1] = w[1];
    return;
  }
  Frame* g = frame_of(d);
  g->eax = kOk;
  g->ebx = s->id;
  g->esi = t;
  g->edi = w[0];
  g->ebp = w[1];
  for (uint32_t i = 2; i < n; ++i) d->utcb->mr[i] = w[i];
}

void deliver_irq(Thread* t, uint32_t irq) {
  g_irq_pending[irq] = false;
  Frame* f = frame_of(t);
  f->eax = kOk;
  f->ebx = kIrqIdBase + irq;
  f->esi = tag(kLabelIrq, 1);
  f->edi = irq;
}

int pending_irq_for(Thread* t, uint32_t from) {
  if (t->kipc) return -1;
  for (uint32_t i = 0; i < kIrqCount; ++i) {
    if (g_irq_owner[i] == t->id && g_irq_pending[i] && (from == kAnyId || from == kIrqIdBase + i))
      return static_cast<int>(i);
  }
  return -1;
}

Thread* find_sender(Thread* r, uint32_t from) {
  for (Thread* s = r->sendq_head; s; s = s->sendq_next) {
    if (from == kAnyId || s->id == from) return s;
  }
  return nullptr;
}

bool accepts(Thread* r, uint32_t from_id) {
  return r->state == ThreadState::kRecvBlocked &&
         (r->wait_from == kAnyId || r->wait_from == from_id);
}

void receive_phase(Thread* cur, uint32_t from, uint32_t timeout);

// `s` finished its send phase while blocked: move it on to its receive phase.
void after_blocked_send(Thread* s) {
  s->send_to = nullptr;
  if (s->then_from == kNilId) {
    set_result(s, kOk, 0);
    wake(s);
  } else if (pending_irq_for(s, s->then_from) >= 0 || find_sender(s, s->then_from)) {
    s->retry_recv = true;  // something is already waiting: let it receive in its own context
    wake(s);
  } else if (s->then_timeout == kTimeoutZero) {
    set_result(s, kErrRecvTimeout, 0);
    wake(s);
  } else {
    s->state = ThreadState::kRecvBlocked;
    s->wait_from = s->then_from;
    s->timeout_at = s->then_timeout == kTimeoutNever ? 0 : g_ticks + s->then_timeout;
  }
}

void receive_phase(Thread* cur, uint32_t from, uint32_t timeout) {
  if (!(from == kAnyId || is_irq_id(from)) && !thread_by_id(from)) {
    set_result(cur, kErrNoPartner, 0);
    return;
  }
  int irq = pending_irq_for(cur, from);
  if (irq >= 0) {
    deliver_irq(cur, static_cast<uint32_t>(irq));
    return;
  }
  if (Thread* s = find_sender(cur, from)) {
    sendq_remove(cur, s);
    transfer(s, cur);
    after_blocked_send(s);
    return;
  }
  if (timeout == kTimeoutZero) {
    set_result(cur, kErrRecvTimeout, 0);
    return;
  }
  cur->state = ThreadState::kRecvBlocked;
  cur->wait_from = from;
  block_current(timeout);
}
}  // namespace

void ipc_timeout(Thread* t) {
  if (t->state == ThreadState::kSendBlocked) {
    if (t->send_to) sendq_remove(t->send_to, t);
    t->send_to = nullptr;
    set_result(t, kErrSendTimeout, 0);
  } else {
    set_result(t, kErrRecvTimeout, 0);
  }
  wake(t);
}

void sys_ipc(Thread* cur, uint32_t dest, uint32_t from, uint32_t timeouts) {
  KTRACE("[%u] ipc %u: to %x from %x timeouts %x tag %x\n", g_ticks, cur->id, dest, from, timeouts,
         cur->kipc ? cur->ktag : frame_of(cur)->esi);
  uint32_t snd_timeout = timeouts & 0xFFFF, rcv_timeout = timeouts >> 16;
  if (dest != kNilId) {
    if (is_irq_id(dest)) {
      uint32_t irq = dest - kIrqIdBase;
      if (g_irq_owner[irq] != cur->id) {
        set_result(cur, kErrNoPartner, 0);
        return;
      }
      pic_unmask(irq);  // the acknowledge: the line may interrupt again
    } else {
      Thread* d = thread_by_id(dest);
      if (!d || d == cur) {
        set_result(cur, kErrNoPartner, 0);
        return;
      }
      if (accepts(d, cur->id)) {
        transfer(cur, d);
        wake(d);
      } else if (snd_timeout == kTimeoutZero) {
        set_result(cur, kErrSendTimeout, 0);
        return;
      } else {
        cur->state = ThreadState::kSendBlocked;
        cur->send_to = d;
        cur->then_from = from;
        cur->then_timeout = rcv_timeout;
        cur->sendq_next = nullptr;
        Thread** link = &d->sendq_head;
        while (*link) link = &(*link)->sendq_next;
        *link = cur;
        block_current(snd_timeout);
        if (cur->retry_recv) {
          cur->retry_recv = false;
          receive_phase(cur, cur->then_from, cur->then_timeout);
        }
        return;
      }
    }
  }
  if (from == kNilId) {
    set_result(cur, kOk, 0);
    return;
  }
  receive_phase(cur, from, rcv_timeout);
}

void irq_raise(uint32_t irq) {
  pic_mask(irq);  // stays masked until the handler acknowledges
  pic_eoi(irq);
  uint32_t owner = g_irq_owner[irq];
  if (owner == 0) return;
  g_irq_pending[irq] = true;
  Thread* t = thread_by_id(owner);
  if (t && !t->kipc && accepts(t, kIrqIdBase + irq)) {
    deliver_irq(t, irq);
    wake(t);
  }
}

uint32_t irq_attach(Thread* caller, uint32_t irq, uint32_t thread_id) {
  if (!caller->task->privileged) return kErrDenied;
  if (irq == 0 || irq == 2 || irq >= kIrqCount) return kErrInvalid;
  if (thread_id != 0 && !thread_by_id(thread_id)) return kErrInvalid;
  g_irq_owner[irq] = thread_id;
  g_irq_pending[irq] = false;
  if (thread_id)
    pic_unmask(irq);
  else
    pic_mask(irq);
  return kOk;
}

}  // namespace kernel
