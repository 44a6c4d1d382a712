/* 4 KiB paging for the lockstep ROM: page tables, the #PF handler that maps
 * pages on demand, and the ring-0 tests (A/D bits after INVLPG and CR3
 * reloads, CR0.WP, a write that crosses into a not-present page). The
 * harness compares the page tables of both sides in memory. */
#include "rom_layout.h"

typedef unsigned int u32;

extern u32 fixup_eip;
u32 demand_faults;
u32 last_pf_address, last_pf_error;

static u32 read_cr0(void) {
  u32 v;
  __asm__ volatile("mov %%cr0, %0" : "=r"(v));
  return v;
}

static void write_cr0(u32 v) {
  __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static void invlpg(u32 address) {
  __asm__ volatile("invlpg (%0)" : : "r"(address) : "memory");
}

static void reload_cr3(void) {
  u32 v;
  __asm__ volatile("mov %%cr3, %0\n\tmov %0, %%cr3" : "=r"(v) : : "memory");
}

/* A store expected to fault: the trap handler resumes after it. */
static void faulting_store(u32 address, u32 value) {
  __asm__ volatile("movl $1f, fixup_eip\n\tmovl %1, (%0)\n1:"
                   :
                   : "r"(address), "r"(value)
                   : "memory");
}

/* PDE 5 and 6 and their tables (called before paging is on). */
void setup_small_pages(u32* pd) {
  u32* pt = (u32*)RAM_PAGE_TABLE;
  u32* pt2 = (u32*)RAM_PAGE_TABLE2;
  for (u32 i = 0; i < 1024; ++i) pt[i] = pt2[i] = 0;
  pt[8] = (FRAME_POOL + 8 * 0x1000) | 0x5;   /* user, read only */
  pt[9] = (FRAME_POOL + 9 * 0x1000) | 0x3;   /* supervisor, writable */
  pt[10] = (FRAME_POOL + 10 * 0x1000) | 0x7; /* user, writable; PTE 11 stays 0 */
  for (u32 i = 0; i < 4; ++i) pt2[i] = (FRAME_POOL + (16 + i) * 0x1000) | 0x7;
  pd[5] = RAM_PAGE_TABLE | 0x7;
  pd[6] = RAM_PAGE_TABLE2 | 0x3; /* supervisor: user PTEs below do not help ring 3 */
}

/* #PF: maps a not-present demand page and returns 1 (restart the access). */
u32 handle_page_fault(u32 error) {
  u32 address;
  __asm__ volatile("mov %%cr2, %0" : "=r"(address));
  last_pf_address = address;
  last_pf_error = error;
  u32 page = (address - PAGED_BASE) >> 12;
  if (address < PAGED_BASE || page >= DEMAND_PAGES || (error & 1)) return 0;
  u32* pt = (u32*)RAM_PAGE_TABLE;
  pt[page] = (FRAME_POOL + page * 0x1000) | 0x7;
  ++demand_faults;
  return 1;
}

void paging_tests(u32 round) {
  u32* pt = (u32*)RAM_PAGE_TABLE;
  volatile u32* page0 = (volatile u32*)PAGED_BASE;
  volatile u32* page1 = (volatile u32*)(PAGED_BASE + 0x1000);

  /* Unmap the demand pages left by the last round (ring 3 maps 2 and 3). */
  for (u32 i = 0; i < DEMAND_PAGES; ++i) {
    pt[i] = 0;
    invlpg(PAGED_BASE + i * 0x1000);
  }
  u32 x = page0[round];   /* #PF (0): mapped, restarted; PTE A */
  page1[round + 5] = x;   /* #PF (2): mapped, restarted; PTE A and D */

  /* Cleared A/D bits are set again once INVLPG drops the translation. */
  pt[0] &= ~0x60u;
  pt[1] &= ~0x60u;
  invlpg(PAGED_BASE);
  invlpg(PAGED_BASE + 0x1000);
  x += page0[2];
  page1[6] = x;
  /* ... and after a CR3 reload. */
  pt[0] &= ~0x20u;
  pt[1] &= ~0x40u;
  reload_cr3();
  x += page0[3];
  page1[7] = x + 1;

  /* CR0.WP: a supervisor write to a read-only page faults (error 3). */
  write_cr0(read_cr0() | 0x10000);
  faulting_store(PAGE_USER_RO + 4, x);
  write_cr0(read_cr0() & ~0x10000u);
  *(volatile u32*)(PAGE_USER_RO + 4) = x; /* WP = 0: allowed, D set */
  *(volatile u32*)(PAGE_SUPERVISOR + 8) = x;
  x += *(volatile u32*)(PAGED2_BASE + 0x1000 * (round & 3));

  /* A write straddling PTE 10 and the never-present PTE 11: #PF with CR2 at
   * the second page, and nothing written to the first. */
  faulting_store(PAGE_USER_RW + 0xFFE, 0x11223344);
  x += *(volatile u32*)(PAGE_USER_RW + 0xFFC);
  *(volatile u32*)(PAGE_USER_RW + 0x10) = x;
}
