// Physical memory: the kernel pool allocator and the kernel's identity mapping.
#pragma once

#include <stdint.h>

namespace kernel {

constexpr uint32_t kPteP = 1, kPteW = 2, kPteU = 4;
constexpr uint32_t kKernelPdes = 256;  // [0, 1 GiB) is kernel space, identical in every task

// Sets up the pool [pool_start, pool_end) and the kernel page tables for [0, mem_end).
void memory_init(uint32_t mem_end, uint32_t pool_start, uint32_t pool_end);
// Returns `count` contiguous zeroed frames from the pool (panics when empty).
void* alloc_frames(uint32_t count);
inline void* alloc_frame() {
  return alloc_frames(1);
}
// The page directory that only holds the kernel part (used before the first task).
uint32_t* kernel_page_directory();
void enable_paging();

void* memset(void* dst, int value, uint32_t n);

}  // namespace kernel
