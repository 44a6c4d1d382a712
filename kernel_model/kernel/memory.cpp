#include "kernel/memory.h"

#include "kernel/console.h"

extern "C" void* memset(void* dst, int value, unsigned n) {
  auto* p = static_cast<unsigned char*>(dst);
  while (n--) *p++ = static_cast<unsigned char>(value);
  return dst;
}
extern "C" void* memcpy(void* dst, const void* src, unsigned n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  while (n--) *d++ = *s++;
  return dst;
}

namespace kernel {

namespace {
uint32_t g_pool_next, g_pool_end;
uint32_t* g_kernel_pd;
}  // namespace

void* memset(void* dst, int value, uint32_t n) {
  return ::memset(dst, value, n);
}

void* alloc_frames(uint32_t count) {
  uint32_t bytes = count * 4096;
  if (g_pool_next + bytes > g_pool_end) panic("kernel pool exhausted");
  void* p = reinterpret_cast<void*>(g_pool_next);
  g_pool_next += bytes;
  ::memset(p, 0, bytes);
  return p;
}

void memory_init(uint32_t mem_end, uint32_t pool_start, uint32_t pool_end) {
  g_pool_next = pool_start;
  g_pool_end = pool_end;
  g_kernel_pd = static_cast<uint32_t*>(alloc_frame());
  // Identity-map all RAM, supervisor only. Page tables are shared by every task.
  for (uint32_t pde = 0; pde * 0x400000u < mem_end && pde < kKernelPdes; ++pde) {
    auto* pt = static_cast<uint32_t*>(alloc_frame());
    for (uint32_t i = 0; i < 1024; ++i) {
      uint32_t pa = pde * 0x400000u + i * 4096u;
      if (pa < mem_end) pt[i] = pa | kPteP | kPteW;
    }
    g_kernel_pd[pde] = reinterpret_cast<uint32_t>(pt) | kPteP | kPteW;
  }
}

uint32_t* kernel_page_directory() {
  return g_kernel_pd;
}

void enable_paging() {
  asm volatile(
      "mov %0, %%cr3\n"
      "mov %%cr0, %%eax\n"
      "or $0x80000000, %%eax\n"
      "mov %%eax, %%cr0\n" ::"r"(g_kernel_pd)
      : "eax", "memory");
}

}  // namespace kernel
