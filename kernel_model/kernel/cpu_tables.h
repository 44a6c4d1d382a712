// GDT, IDT and the per-task TSS.
#pragma once

#include <stdint.h>

namespace kernel {

constexpr uint16_t kKernelCs = 0x08, kKernelDs = 0x10, kUserCs = 0x1B, kUserDs = 0x23,
                   kUtcbSel = 0x2B, kTssSel = 0x30;
constexpr uint32_t kTssIoMapOffset = 104;
constexpr uint32_t kTssLimit = kTssIoMapOffset + 8192;  // last byte is the 0xFF terminator
constexpr uint32_t kTssPages = 3;

void cpu_tables_init();
// Makes `tss` the active TSS (per task) with ring-0 stack `esp0`.
void activate_tss(uint8_t* tss);
void set_tss_esp0(uint8_t* tss, uint32_t esp0);
// Points the UTCB segment (GS of user threads) at a thread's UTCB.
void set_utcb_segment(uint32_t base);
// Fills a fresh TSS: all ports denied (or all allowed).
void init_tss(uint8_t* tss, bool all_ports);

}  // namespace kernel
