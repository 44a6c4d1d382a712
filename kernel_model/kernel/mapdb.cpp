#include "kernel/mapdb.h"

#include "kernel/console.h"
#include "kernel/memory.h"

namespace kernel {

namespace {
Node* g_nodes;
uint32_t g_node_count;
uint32_t g_free_head;

void unlink_from_parent(uint32_t n) {
  Node& node = g_nodes[n];
  if (node.prev)
    g_nodes[node.prev].next = node.next;
  else if (node.parent)
    g_nodes[node.parent].child = node.next;
  if (node.next) g_nodes[node.next].prev = node.prev;
  node.parent = node.next = node.prev = 0;
}

void node_free(uint32_t n) {
  g_nodes[n] = Node{};
  g_nodes[n].next = g_free_head;
  g_free_head = n;
}
}  // namespace

void mapdb_init(uint32_t node_count) {
  uint32_t bytes = node_count * sizeof(Node);
  g_nodes = static_cast<Node*>(alloc_frames((bytes + 4095) / 4096));
  g_node_count = node_count;
  g_free_head = 0;
  for (uint32_t n = node_count - 1; n >= 1; --n) node_free(n);  // index 0 means "none"
}

Node& node_at(uint32_t n) {
  return g_nodes[n];
}

uint32_t node_alloc(uint8_t kind, uint32_t task, uint32_t addr, uint32_t parent) {
  uint32_t n = g_free_head;
  if (n == 0) panic("mapping database full");
  g_free_head = g_nodes[n].next;
  Node& node = g_nodes[n];
  node = Node{};
  node.kind = kind;
  node.task = static_cast<uint16_t>(task);
  node.addr = addr;
  if (parent) {
    node.parent = parent;
    node.next = g_nodes[parent].child;
    if (node.next) g_nodes[node.next].prev = n;
    g_nodes[parent].child = n;
  }
  return n;
}

// Removes one node that has no children: undo its mapping, unlink it, free it.
static void remove_leaf(uint32_t n) {
  if (g_nodes[n].kind == km::kFpMem)
    mapdb_clear_mem(n);
  else
    mapdb_clear_io(n);
  unlink_from_parent(n);
  node_free(n);
}

void unmap_subtree(uint32_t n, bool self) {
#ifdef KM_BROKEN_UNMAP
  // Deliberately wrong (test-only build): what was derived from the direct children
  // survives, cut loose from the tree instead of being revoked.
  for (uint32_t c = g_nodes[n].child; c; c = g_nodes[c].next) {
    while (uint32_t g = g_nodes[c].child) unlink_from_parent(g);
  }
#endif
  // Post-order walk without recursion: chains of mappings can be arbitrarily deep and
  // the kernel stack is small.
  uint32_t cur = n;
  for (;;) {
    if (uint32_t c = g_nodes[cur].child) {
      cur = c;
      continue;
    }
    if (cur == n) break;
    uint32_t parent = g_nodes[cur].parent;
    remove_leaf(cur);
    cur = parent;
  }
  if (self) remove_leaf(n);
}

}  // namespace kernel
