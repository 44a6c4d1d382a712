// Tasks, page tables and the mapping tree for memory pages.
#include "kernel/space.h"

#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/cpu_tables.h"
#include "kernel/mapdb.h"
#include "kernel/memory.h"

namespace kernel {

Task g_tasks[kMaxTasks];

Task* task_create(uint32_t creator, bool privileged) {
  for (uint32_t i = 1; i < kMaxTasks; ++i) {
    Task* t = &g_tasks[i];
    if (t->used) continue;
    t->used = true;
    t->id = i;
    t->creator = creator;
    t->privileged = privileged;
    t->iopl3 = false;
    t->io_nodes = 0;
    t->pd = static_cast<uint32_t*>(alloc_frame());
    t->shadow = static_cast<uint32_t**>(alloc_frame());
    const uint32_t* kpd = kernel_page_directory();
    for (uint32_t i = 0; i < kKernelPdes; ++i) t->pd[i] = kpd[i];
    t->tss = static_cast<uint8_t*>(alloc_frames(kTssPages));
    init_tss(t->tss, false);
    map_kernel_page(t, km::kKipAddr, reinterpret_cast<uint32_t>(g_kip), false);
    return t;
  }
  return nullptr;
}

uint32_t* pte_of(Task* t, uint32_t va, bool create) {
  uint32_t pde = va >> 22;
  if (!(t->pd[pde] & kPteP)) {
    if (!create) return nullptr;
    auto* pt = static_cast<uint32_t*>(alloc_frame());
    t->shadow[pde] = static_cast<uint32_t*>(alloc_frame());
    t->pd[pde] = reinterpret_cast<uint32_t>(pt) | kPteP | kPteW | kPteU;
  }
  auto* pt = reinterpret_cast<uint32_t*>(t->pd[pde] & ~0xFFFu);
  return &pt[(va >> 12) & 1023];
}

static uint32_t& shadow_of(Task* t, uint32_t va) {
  return t->shadow[va >> 22][(va >> 12) & 1023];
}

static void flush_if_current(Task* t, uint32_t va) {
  if (g_current && g_current->task == t) invlpg(va);
}

void map_kernel_page(Task* t, uint32_t va, uint32_t pa, bool writable) {
  *pte_of(t, va, true) = pa | kPteP | kPteU | (writable ? kPteW : 0);
}

void map_root_page(Task* t, uint32_t va, uint32_t pa, bool writable) {
  *pte_of(t, va, true) = pa | kPteP | kPteU | (writable ? kPteW : 0);
  uint32_t n = node_alloc(km::kFpMem, t->id, va, 0);
  shadow_of(t, va) = n;
}

// Removes the page mapping `n` stands for (the node itself is freed by the caller).
static void clear_mem_node(uint32_t n) {
  Node& node = node_at(n);
  Task* t = &g_tasks[node.task];
  uint32_t* pte = pte_of(t, node.addr, false);
  if (pte) *pte = 0;
  shadow_of(t, node.addr) = 0;
  flush_if_current(t, node.addr);
}

void mapdb_clear_mem(uint32_t n) {
  clear_mem_node(n);
}

static bool user_page(uint32_t va) {
  return va >= km::kUserBase && va < km::kUserEnd;
}

void map_page(Task* src, uint32_t sva, Task* dst, uint32_t dva, bool writable, bool grant) {
  if (!user_page(sva) || !user_page(dva)) return;
  uint32_t* spte = pte_of(src, sva, false);
  if (!spte || !(*spte & kPteP)) return;
  uint32_t sn = shadow_of(src, sva);
  if (sn == 0) return;  // kernel-owned page (UTCB, KIP): never mapped on
  if (src == dst && sva == dva) return;
  uint32_t frame = *spte & ~0xFFFu;
  bool w = writable && (*spte & kPteW);
  uint32_t* dpte = pte_of(dst, dva, true);
  if (*dpte & kPteP) {
    uint32_t dn = shadow_of(dst, dva);
    if (dn == 0) return;  // never replace a kernel page
    Node& old = node_at(dn);
    if (old.parent == sn && (*dpte & ~0xFFFu) == frame && !grant) {
      *dpte = frame | kPteP | kPteU | (w ? kPteW : 0);  // same page again: update rights
      flush_if_current(dst, dva);
      return;
    }
    for (uint32_t a = sn; a; a = node_at(a).parent) {
      if (a == dn) return;  // mapping a page onto one it derives from: refuse
    }
    unmap_subtree(dn, true);
  }
  uint32_t n;
  if (grant) {
    n = sn;
    *spte = 0;
    shadow_of(src, sva) = 0;
    flush_if_current(src, sva);
    Node& node = node_at(n);
    node.task = static_cast<uint16_t>(dst->id);
    node.addr = dva;
  } else {
    n = node_alloc(km::kFpMem, dst->id, dva, sn);
  }
  *dpte = frame | kPteP | kPteU | (w ? kPteW : 0);
  shadow_of(dst, dva) = n;
  flush_if_current(dst, dva);
}

void unmap_mem(Task* t, uint32_t base, uint64_t size, bool self) {
  for (uint64_t off = 0; off < size; off += kPageSize) {
    uint32_t va = static_cast<uint32_t>(base + off);
    if (!user_page(va)) continue;
    if (!(t->pd[va >> 22] & kPteP)) {
      off = ((va | 0x3FFFFFu) + 1ull) - base - kPageSize;  // skip an empty 4 MiB region
      continue;
    }
    uint32_t n = shadow_of(t, va);
    if (n) unmap_subtree(n, self);
  }
}

}  // namespace kernel
