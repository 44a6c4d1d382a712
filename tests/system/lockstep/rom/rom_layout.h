/* Memory map and selectors of the lockstep test ROM, shared by its C and
 * assembly sources. The ROM is 64 KiB at 0xFFFF0000 (aliased at 0xF0000 below
 * 1 MiB, where its 16-bit VM86 code runs as segment F000). */
#ifndef ROM_LAYOUT_H
#define ROM_LAYOUT_H

#define ROM_BASE 0xFFFF0000

#define SEL_CODE0 0x08
#define SEL_DATA0 0x10
#define SEL_CODE3 0x1B /* ring-3 flat code, RPL 3 */
#define SEL_DATA3 0x23 /* ring-3 flat data, RPL 3 */
#define SEL_TSS 0x28
#define SEL_GATE3 0x33       /* 32-bit call gate, DPL 3, to gate_entry */
#define SEL_NOT_PRESENT 0x38 /* data segment with P = 0 */
#define SEL_GATE0 0x43       /* call gate with DPL 0: ring 3 may not use it */
#define SEL_SMALL 0x48       /* data segment, limit 0xFFF */
#define SEL_TASK 0x50        /* a second TSS: CALL to it switches tasks */
#define GDT_ENTRIES 11

#define RAM_GDT 0x00010000
#define RAM_IDT 0x00010800
#define RAM_TSS 0x00011000
#define RAM_TASK_TSS 0x00011800
#define TASK_STACK_TOP 0x00078000
#define IDT_ENTRIES 256
#define TSS_IOMAP_OFFSET 0x68
#define IOMAP_BYTES 0x20 /* ports 0x00-0xFF; higher ports lie beyond the TSS limit */

#define RAM_PAGE_DIR 0x00012000    /* 4 MiB pages (CR4.PSE) */
#define UNMAPPED_ADDR 0x00800000   /* page directory entry 2: not present */
#define SUPERVISOR_ADDR 0x00C00000 /* entry 3: supervisor only */
#define READ_ONLY_ADDR 0x01000000  /* entry 4: user, read only */

/* 4 KiB pages (paging_tests.c): PDE 5 points at a page table whose first
 * DEMAND_PAGES entries the #PF handler fills on demand; PDE 6 is a
 * supervisor-only entry over a table of user PTEs. Frames come from
 * FRAME_POOL, identity-mapped by PDE 0. */
#define RAM_PAGE_TABLE 0x00013000
#define RAM_PAGE_TABLE2 0x00014000
#define PAGED_BASE 0x01400000 /* PDE 5 */
#define DEMAND_PAGES 6        /* PTEs 0-5: not present until touched */
#define PAGE_USER_RO (PAGED_BASE + 8 * 0x1000)
#define PAGE_SUPERVISOR (PAGED_BASE + 9 * 0x1000)
#define PAGE_USER_RW (PAGED_BASE + 10 * 0x1000) /* PTE 11 after it: never present */
#define PAGED2_BASE 0x01800000                  /* PDE 6: supervisor, PTEs user */
#define PAGE_TABLE_ENTRIES 16                   /* PTEs in use per table */
#define FRAME_POOL 0x00300000

#define KSTACK_TOP 0x00080000
#define TRAP_STACK_TOP 0x0007C000 /* TSS.esp0 */
#define USTACK_TOP 0x00050000
#define VM86_SS 0x6000
#define VM86_SP 0xFFF0
#define VM86_DS 0x5000

/* Ports nothing in QEMU's PC machine claims: 0xE0-0xE7 allowed by the bitmap,
 * 0xE8-0xEF denied. */
#define PORT_ALLOWED 0xE0
#define PORT_DENIED 0xE8

#define EFLAGS_VM 0x00020000
#define ROUNDS 16

#endif
