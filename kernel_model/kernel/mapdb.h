// The mapping-database node pool and tree operations shared by memory and I/O.
#pragma once

#include <stdint.h>

#include "kernel/objects.h"

namespace kernel {

Node& node_at(uint32_t n);
// Allocates a node for `task`, linked as the newest child of `parent` (0: a root).
uint32_t node_alloc(uint8_t kind, uint32_t task, uint32_t addr, uint32_t parent);
// Revokes everything derived from node `n` (recursively) and, if `self`, `n` too.
void unmap_subtree(uint32_t n, bool self);

// Undo the mapping a node stands for (space.cpp / iospace.cpp).
void mapdb_clear_mem(uint32_t n);
void mapdb_clear_io(uint32_t n);

}  // namespace kernel
