// I/O flexpages: per-task port rights, reflected in the task's TSS I/O bitmap.
// A task holding all 65536 ports runs with IOPL 3 (as in L4.Fiasco).
#include "kernel/cpu_tables.h"
#include "kernel/mapdb.h"
#include "kernel/space.h"

namespace kernel {

namespace {
constexpr uint32_t kEflagsIopl3 = 3u << 12;

uint32_t io_size(const Node& n) {
  return 1u << n.order;
}

void list_add(Task* t, uint32_t n) {
  node_at(n).io_next = t->io_nodes;
  t->io_nodes = n;
}

void list_remove(Task* t, uint32_t n) {
  for (uint32_t* link = &t->io_nodes; *link; link = &node_at(*link).io_next) {
    if (*link == n) {
      *link = node_at(n).io_next;
      node_at(n).io_next = 0;
      return;
    }
  }
}

// Rebuilds the bitmap bits of [lo, hi) from the task's remaining I/O nodes.
void refresh_bitmap(Task* t, uint32_t lo, uint32_t hi) {
  uint8_t* bitmap = t->tss + kTssIoMapOffset;
  for (uint32_t p = lo; p < hi; ++p) bitmap[p >> 3] |= static_cast<uint8_t>(1u << (p & 7));
  for (uint32_t n = t->io_nodes; n; n = node_at(n).io_next) {
    const Node& node = node_at(n);
    uint32_t a = node.addr > lo ? node.addr : lo;
    uint32_t b = node.addr + io_size(node) < hi ? node.addr + io_size(node) : hi;
    for (uint32_t p = a; p < b; ++p) bitmap[p >> 3] &= static_cast<uint8_t>(~(1u << (p & 7)));
  }
  bool all = true;
  for (uint32_t i = 0; i < 8192 && all; ++i) all = bitmap[i] == 0;
  t->iopl3 = all;
  for (Thread& th : g_threads) {
    if (th.state == ThreadState::kFree || th.task != t) continue;
    Frame* f = frame_of(&th);
    f->eflags = (f->eflags & ~kEflagsIopl3) | (all ? kEflagsIopl3 : 0);
  }
}

uint32_t covering_node(Task* t, uint32_t port, uint32_t size) {
  for (uint32_t n = t->io_nodes; n; n = node_at(n).io_next) {
    const Node& node = node_at(n);
    if (node.addr <= port && port + size <= node.addr + io_size(node)) return n;
  }
  return 0;
}
}  // namespace

void io_grant_all(Task* t) {
  uint32_t n = node_alloc(km::kFpIo, t->id, 0, 0);
  node_at(n).order = 16;
  list_add(t, n);
  refresh_bitmap(t, 0, 65536);
}

void map_io(Task* src, uint32_t port, uint32_t order, Task* dst, bool grant) {
  if (order > 16) return;
  uint32_t size = 1u << order;
  port &= ~(size - 1);
  if (port + size > 65536) return;
  uint32_t sn = covering_node(src, port, size);
  if (sn == 0 || src == dst) return;
  uint32_t n;
  if (grant && node_at(sn).addr == port && node_at(sn).order == order) {
    n = sn;  // move the node itself: derived mappings stay attached
    list_remove(src, n);
    refresh_bitmap(src, port, port + size);
    node_at(n).task = static_cast<uint16_t>(dst->id);
  } else {  // map, or a grant of part of a flexpage (documented to act as a map)
    n = node_alloc(km::kFpIo, dst->id, port, sn);
    node_at(n).order = static_cast<uint8_t>(order);
  }
  list_add(dst, n);
#ifndef KM_BROKEN_IO_BITMAP
  refresh_bitmap(dst, port, port + size);
#endif
}

void mapdb_clear_io(uint32_t n) {
  Node& node = node_at(n);
  Task* t = &g_tasks[node.task];
  list_remove(t, n);
  refresh_bitmap(t, node.addr, node.addr + io_size(node));
}

void unmap_io(Task* t, uint32_t port, uint32_t order, bool self) {
  if (order > 16) return;
  uint32_t lo = port & ~((1u << order) - 1), hi = lo + (1u << order);
  bool again = true;
  while (again) {  // the list changes under us when `self` removes nodes
    again = false;
    for (uint32_t n = t->io_nodes; n; n = node_at(n).io_next) {
      const Node& node = node_at(n);
      if (node.addr >= hi || node.addr + io_size(node) <= lo) continue;
      if (self) {
        unmap_subtree(n, true);
        again = true;
        break;
      }
      unmap_subtree(n, false);
    }
  }
}

}  // namespace kernel
