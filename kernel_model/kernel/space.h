// Address spaces and the mapping database (memory and I/O flexpages).
#pragma once

#include <stdint.h>

#include "kernel/objects.h"

namespace kernel {

void mapdb_init(uint32_t node_count);
Task* task_create(uint32_t creator, bool privileged);

// Memory mappings (one node per 4 KiB page).
uint32_t* pte_of(Task* t, uint32_t va, bool create);
// Installs a page the kernel owns (UTCB, KIP) without a node: it cannot be mapped on.
void map_kernel_page(Task* t, uint32_t va, uint32_t pa, bool writable);
// Installs a root mapping (no parent): sigma0's memory and the boot tasks' images.
void map_root_page(Task* t, uint32_t va, uint32_t pa, bool writable);
// Maps (or grants) one page from `src` to `dst`; silently skips unmapped source pages.
void map_page(Task* src, uint32_t sva, Task* dst, uint32_t dva, bool writable, bool grant);
// Removes everything derived from [base, base+size) of `t`, and `t`'s own mappings if asked.
void unmap_mem(Task* t, uint32_t base, uint64_t size, bool self);

// I/O flexpages.
void io_grant_all(Task* t);  // sigma0's root node over all 65536 ports
void map_io(Task* src, uint32_t port, uint32_t order, Task* dst, bool grant);
void unmap_io(Task* t, uint32_t port, uint32_t order, bool self);

}  // namespace kernel
