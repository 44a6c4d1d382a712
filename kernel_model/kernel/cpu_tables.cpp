#include "kernel/cpu_tables.h"

#include "km/abi.h"

extern "C" uint32_t isr_table[49];

namespace kernel {

namespace {
uint64_t g_gdt[7];
uint64_t g_idt[256];

uint64_t segment(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags) {
  uint64_t d = limit & 0xFFFF;
  d |= static_cast<uint64_t>(base & 0xFFFFFF) << 16;
  d |= static_cast<uint64_t>(access) << 40;
  d |= static_cast<uint64_t>((limit >> 16) & 0xF) << 48;
  d |= static_cast<uint64_t>(flags & 0xF) << 52;
  d |= static_cast<uint64_t>(base >> 24) << 56;
  return d;
}

uint64_t gate(uint32_t offset, uint8_t type_attr) {
  uint64_t d = offset & 0xFFFF;
  d |= static_cast<uint64_t>(kKernelCs) << 16;
  d |= static_cast<uint64_t>(type_attr) << 40;
  d |= static_cast<uint64_t>(offset >> 16) << 48;
  return d;
}

struct __attribute__((packed)) TablePointer {
  uint16_t limit;
  uint32_t base;
};
}  // namespace

void cpu_tables_init() {
  g_gdt[0] = 0;
  g_gdt[1] = segment(0, 0xFFFFF, 0x9A, 0xC);  // kernel code
  g_gdt[2] = segment(0, 0xFFFFF, 0x92, 0xC);  // kernel data
  g_gdt[3] = segment(0, 0xFFFFF, 0xFA, 0xC);  // user code
  g_gdt[4] = segment(0, 0xFFFFF, 0xF2, 0xC);  // user data
  g_gdt[5] = segment(0, 0xFFF, 0xF2, 0x4);    // UTCB (byte granular, 4 KiB)
  g_gdt[6] = 0;                               // TSS, set by activate_tss
  TablePointer gp{sizeof(g_gdt) - 1, reinterpret_cast<uint32_t>(g_gdt)};
  asm volatile(
      "lgdt %0\n"
      "ljmp $0x08, $1f\n"
      "1: mov $0x10, %%ax\n"
      "mov %%ax, %%ds\n mov %%ax, %%es\n mov %%ax, %%ss\n mov %%ax, %%fs\n mov %%ax, %%gs\n" ::"m"(
          gp)
      : "eax", "memory");

  for (uint32_t v = 0; v < 49; ++v) g_idt[v] = gate(isr_table[v], 0x8E);
  g_idt[3] = gate(isr_table[3], 0xEE);  // int3 from user reports #BP, not #GP
  g_idt[km::kSyscallVector] = gate(isr_table[km::kSyscallVector], 0xEE);
  TablePointer ip{sizeof(g_idt) - 1, reinterpret_cast<uint32_t>(g_idt)};
  asm volatile("lidt %0" ::"m"(ip));
}

void init_tss(uint8_t* tss, bool all_ports) {
  auto* w = reinterpret_cast<uint32_t*>(tss);
  w[2] = kKernelDs;  // ss0
  *reinterpret_cast<uint16_t*>(tss + 102) = kTssIoMapOffset;
  for (uint32_t i = 0; i < 8192; ++i) tss[kTssIoMapOffset + i] = all_ports ? 0x00 : 0xFF;
  tss[kTssLimit] = 0xFF;
}

void set_tss_esp0(uint8_t* tss, uint32_t esp0) {
  reinterpret_cast<uint32_t*>(tss)[1] = esp0;
}

void activate_tss(uint8_t* tss) {
  g_gdt[6] = segment(reinterpret_cast<uint32_t>(tss), kTssLimit, 0x89, 0x0);
  asm volatile("ltr %w0" ::"r"(kTssSel) : "memory");
}

void set_utcb_segment(uint32_t base) {
  g_gdt[5] = segment(base, 0xFFF, 0xF2, 0x4);
}

}  // namespace kernel
