/* Descriptor tables, the trap handler and the test driver of the lockstep
 * ROM. Everything is deterministic: no timers, no interrupts, no CPUID. */
#include "rom_layout.h"

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

/* The frame trap_common builds (see entry32.S). */
struct frame {
  u32 gs, fs, es, ds;
  u32 edi, esi, ebp, esp_at_pushal, ebx, edx, ecx, eax;
  u32 vector, error;
  u32 eip, cs, eflags;
  u32 esp, ss;                            /* only from ring 3 or VM86 */
  u32 vm86_es, vm86_ds, vm86_fs, vm86_gs; /* only from VM86 */
};

/* Shared with entry32.S. */
u32 fixup_eip;
u32 saved_kernel_esp;
u32 gate_calls;
u32 fpu_int;
u32 fpu_result;
u64 fpu_double;
u16 fpu_cw, fpu_cw2;
u8 user_buffer[64];
u32 sys_buffer[8];
u32 task_switches;

u32 trap_counts[IDT_ENTRIES];
u32 unexpected_traps;
u32 syscalls;
u32 checksum;

void isr_stubs(void);
void gate_entry(void);
void enter_user(u32 eip, u32 esp, u32 eflags);
void enter_vm86(u32 ip, u32 eflags);
void kernel_exception_tests(void);
void fpu_tests(void);
void system_tests(void);
void task_entry(void);
void user_entry(void);
void user_iopl3_entry(void);
void vm86_entry(void);
void workload(u32 seed);
void x87_tests(u32 round);
void setup_small_pages(u32* pd);
u32 handle_page_fault(u32 error);
void paging_tests(u32 round);

static u64 descriptor(u32 base, u32 limit, u32 access, u32 flags) {
  return (u64)(limit & 0xFFFF) | ((u64)(base & 0xFFFFFF) << 16) | ((u64)access << 40) |
         ((u64)((limit >> 16) & 0xF) << 48) | ((u64)flags << 52) | ((u64)(base >> 24) << 56);
}

static u64 gate(u32 offset, u16 selector, u32 type_dpl) {
  return (u64)(offset & 0xFFFF) | ((u64)selector << 16) | ((u64)type_dpl << 40) |
         ((u64)(offset >> 16) << 48);
}

/* Every code and data descriptor starts with its accessed bit set: QEMU 7.2
 * does not set it when IRET or RET loads CS (measured through LAR), so a
 * clear bit would make the descriptors differ. */
static void setup_tables(void) {
  u64* gdt = (u64*)RAM_GDT;
  gdt[0] = 0;
  gdt[1] = descriptor(0, 0xFFFFF, 0x9B, 0xC);
  gdt[2] = descriptor(0, 0xFFFFF, 0x93, 0xC);
  gdt[3] = descriptor(0, 0xFFFFF, 0xFB, 0xC);
  gdt[4] = descriptor(0, 0xFFFFF, 0xF3, 0xC);
  gdt[5] = descriptor(RAM_TSS, TSS_IOMAP_OFFSET + IOMAP_BYTES, 0x89, 0x0);
  gdt[6] = gate((u32)gate_entry, SEL_CODE0, 0xEC); /* 32-bit call gate, DPL 3 */
  gdt[7] = descriptor(0, 0xFFFFF, 0x13, 0xC);      /* not present */
  gdt[8] = gate((u32)gate_entry, SEL_CODE0, 0x8C); /* DPL 0 */
  gdt[9] = descriptor(0x40000, 0xFFF, 0x93, 0x4);
  gdt[10] = descriptor(RAM_TASK_TSS, 0x67, 0x89, 0x0);

  /* The second task starts at task_entry with flat ring-0 segments. */
  u32* task = (u32*)RAM_TASK_TSS;
  for (u32 i = 0; i < 0x68 / 4; ++i) task[i] = 0;
  task[0x1C / 4] = RAM_PAGE_DIR; /* CR3 */
  task[0x20 / 4] = (u32)task_entry;
  task[0x24 / 4] = 0x0002; /* EFLAGS */
  task[0x38 / 4] = TASK_STACK_TOP;
  task[0x48 / 4] = SEL_DATA0;     /* ES */
  task[0x4C / 4] = SEL_CODE0;     /* CS */
  task[0x50 / 4] = SEL_DATA0;     /* SS */
  task[0x54 / 4] = SEL_DATA0;     /* DS */
  task[0x58 / 4] = SEL_DATA0;     /* FS */
  task[0x5C / 4] = SEL_DATA0;     /* GS */
  task[0x64 / 4] = 0x0068u << 16; /* I/O map base beyond the limit: no bitmap */

  u64* idt = (u64*)RAM_IDT;
  for (u32 v = 0; v < IDT_ENTRIES; ++v) {
    u32 dpl3 = v == 3 || v == 4 || v == 0x80 || v == 0x81;
    u32 type = v == 0x80 ? 0x8F : 0x8E; /* INT 80h is a trap gate: IF stays */
    idt[v] = gate((u32)isr_stubs + 16 * v, SEL_CODE0, type | (dpl3 ? 0x60 : 0));
  }
  idt[0x41] &= ~((u64)0x80 << 40); /* not present: INT 41h raises #NP */

  u8* tss = (u8*)RAM_TSS;
  for (u32 i = 0; i < TSS_IOMAP_OFFSET + IOMAP_BYTES; ++i) tss[i] = 0;
  tss[TSS_IOMAP_OFFSET + IOMAP_BYTES] = 0xFF; /* the byte after the map (SDM 19.5.2) */
  *(u32*)(tss + 4) = TRAP_STACK_TOP;          /* ESP0 */
  *(u32*)(tss + 8) = SEL_DATA0;               /* SS0 */
  *(u32*)(tss + 0x1C) = RAM_PAGE_DIR;         /* CR3, loaded when the second task returns */
  *(u16*)(tss + 0x66) = TSS_IOMAP_OFFSET;     /* I/O map base */
  u8* iomap = tss + TSS_IOMAP_OFFSET;
  iomap[PORT_DENIED / 8] = 0xFF; /* 0xE8-0xEF denied */

  struct __attribute__((packed)) {
    u16 limit;
    u32 base;
  } gdtr = {GDT_ENTRIES * 8 - 1, RAM_GDT}, idtr = {IDT_ENTRIES * 8 - 1, RAM_IDT};
  __asm__ volatile("lgdt %0" : : "m"(gdtr));
  __asm__ volatile("lidt %0" : : "m"(idtr));
  __asm__ volatile("ljmp %0, $1f\n1:" : : "i"(SEL_CODE0));
  __asm__ volatile("ltr %w0" : : "r"(SEL_TSS));
}

/* Identity-maps the first 16 MiB and the ROM with 4 MiB pages, with holes
 * and protections for the page-fault tests, and turns paging on. */
static void enable_paging(void) {
  u32* pd = (u32*)RAM_PAGE_DIR;
  for (u32 i = 0; i < 1024; ++i) pd[i] = 0;
  pd[0] = 0x00000087; /* present, writable, user, 4 MiB */
  pd[1] = 0x00400087;
  pd[3] = SUPERVISOR_ADDR | 0x83; /* supervisor only */
  pd[4] = READ_ONLY_ADDR | 0x85;  /* user, read only */
  pd[1023] = 0xFFC00085;          /* the ROM, read only */
  setup_small_pages(pd);
  u32 cr4, cr0;
  __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
  __asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | 0x10)); /* PSE */
  __asm__ volatile("mov %0, %%cr3" : : "r"(RAM_PAGE_DIR));
  __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
  __asm__ volatile("mov %0, %%cr0" : : "r"(cr0 | 0x80000000u) : "memory");
}

/* Instruction lengths of what VM86 code may trap on (skipped by the monitor). */
static u32 vm86_skip(const u8* p) {
  u32 n = 0;
  if (p[0] == 0x66) ++n;
  switch (p[n]) {
    case 0xE4:
    case 0xE5:
    case 0xE6:
    case 0xE7:
    case 0xCD: return n + 2;
    default: return n + 1; /* CLI, STI, PUSHF, POPF, IN/OUT DX, INSB ... */
  }
}

/* Returns 1 to leave ring 3 or VM86 for the kernel, 0 to resume. */
u32 trap_handler(struct frame* f) {
  ++trap_counts[f->vector & 0xFF];
  if (f->vector == 0x81) return 1;
  if (f->vector == 0x80) {
    ++syscalls;
    f->eax = f->eax * 3 + syscalls;
    return 0;
  }
  if (f->vector == 7) { /* #NM: clear TS and restart the instruction */
    __asm__ volatile("clts");
    return 0;
  }
  if (f->vector == 3 || f->vector == 4 || f->vector == 0x40) return 0; /* traps */
  if (f->vector == 14 && handle_page_fault(f->error)) return 0;        /* demand paging */
  if (f->eflags & EFLAGS_VM) {
    const u8* insn = (const u8*)((f->cs << 4) + (f->eip & 0xFFFF));
    if (insn[0] == 0xCD && insn[1] == 0x30) return 1;
    f->eip = (f->eip + vm86_skip(insn)) & 0xFFFF;
    return 0;
  }
  if (fixup_eip) {
    f->eip = fixup_eip;
    fixup_eip = 0;
    return 0;
  }
  ++unexpected_traps;
  return 0;
}

/* The compiled workload runs every WORKLOAD_EVERY rounds (it is long); the
 * hand-written sequences every round. */
#define WORKLOAD_EVERY 4
static u32 workload_round;

/* Ring-3 part of the workload, called from user_entry. */
void user_workload(void) {
  if (workload_round) workload(syscalls * 7 + 3);
}

void rom_main(void) {
  setup_tables();
  enable_paging();
  for (u32 round = 0; round < ROUNDS && unexpected_traps == 0; ++round) {
    workload_round = round % WORKLOAD_EVERY == 0;
    if (workload_round) workload(round);
    kernel_exception_tests();
    system_tests();
    fpu_tests();
    x87_tests(round);
    paging_tests(round);
    enter_user((u32)user_entry, USTACK_TOP, 0x0002);
    enter_user((u32)user_iopl3_entry, USTACK_TOP, 0x3002);
    enter_vm86((u32)vm86_entry - ROM_BASE, 0x0002);
  }
}
