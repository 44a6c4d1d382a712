/* Protected-mode Multiboot test kernel for the debugger and the gdb stub.
   It loads its own GDT, IDT and TSS (with an I/O bitmap), calls a function, writes a counter, turns
   on paging (identity map of the first 4 MiB plus linear 0x40000000 mapped
   to `data_page`), stores through the new mapping, then reads the unmapped
   linear 0x80000000: the #PF handler exits with status (0x21 << 1) | 1. */
        .section .multiboot, "a"
        .align 4
        .long 0x1BADB002                /* Multiboot v1 magic */
        .long 0                         /* flags: load by ELF headers */
        .long -0x1BADB002               /* checksum */

        .text
        .globl _start
_start:
        lgdt gdt_desc
        ljmp $0x08, $reload
reload:
        mov $0x10, %ax
        mov %ax, %ds
        mov %ax, %es
        mov %ax, %ss
        mov %ax, %fs
        mov %ax, %gs
        mov $stack_top, %esp
        /* IDT entry 14: 32-bit interrupt gate (type 0xE, P=1, DPL=0) to pf_handler. */
        mov $pf_handler, %eax
        mov %ax, idt + 14 * 8
        movw $0x08, idt + 14 * 8 + 2
        movw $0x8E00, idt + 14 * 8 + 4
        shr $16, %eax
        mov %ax, idt + 14 * 8 + 6
        lidt idt_desc
        /* The TSS descriptor's base, filled in at run time (GDT entry 0x18). */
        mov $tss, %eax
        mov %ax, gdt + 0x18 + 2
        shr $16, %eax
        mov %al, gdt + 0x18 + 4
        mov %ah, gdt + 0x18 + 7
        mov $0x18, %ax
        ltr %ax
        call kernel_main
after_main:
        call enable_paging
paged:
        movl $0xcafe, 0x40000010        /* lands in data_page + 0x10 */
        xchg %bx, %bx                   /* magic breakpoint */
fault:
        mov 0x80000000, %eax            /* not present: #PF, error code 0 */
        jmp fault

        .globl kernel_main
kernel_main:
        mov $0x11, %eax
        mov %eax, counter               /* counter = 0x11 */
        add $0x22, %eax
bump:
        mov %eax, counter               /* counter = 0x33: the watched write */
        mov $0x10, %ecx
main_ret:
        ret

        .globl enable_paging
enable_paging:
        /* Page table 0 maps linear 0-4 MiB to itself: PTE i = i * 4096 | P | RW. */
        mov $pt0, %edi
        mov $0x3, %eax
        mov $1024, %ecx
1:      mov %eax, (%edi)
        add $4, %edi
        add $0x1000, %eax
        loop 1b
        movl $pt0 + 3, pd                    /* PDE 0 */
        movl $pt1 + 3, pd + 0x100 * 4        /* PDE 0x100: linear 0x40000000 */
        movl $data_page + 3, pt1             /* PTE 0 of that table */
        mov $pd, %eax
set_cr3:
        mov %eax, %cr3
        mov %cr0, %eax
        or $0x80000000, %eax
        mov %eax, %cr0
        ret

        .globl pf_handler
pf_handler:
        mov $0x21, %al
        out %al, $0xf4
        hlt
        jmp pf_handler

        .data
        .align 8
gdt:
        .quad 0
        .quad 0x00CF9A000000FFFF        /* 0x08: code, base 0, limit 4 GiB, 32-bit, DPL 0 */
        .quad 0x00CF92000000FFFF        /* 0x10: data, base 0, limit 4 GiB, 32-bit, DPL 0 */
        .quad 0x00008900000000E8        /* 0x18: 32-bit TSS, limit 0xE8, base set above */
gdt_desc:
        .word 4 * 8 - 1
        .long gdt
        .align 8
idt:
        .fill 32 * 8, 1, 0
idt_desc:
        .word 32 * 8 - 1
        .long idt
        .globl counter
counter:
        .long 0
        /* A 32-bit TSS (SDM vol. 3, 7.2.1) whose I/O bitmap starts at offset
           104 and covers ports 0-1023: every bit set (denied) except ports
           0x3F8-0x3FF (byte 127), then the 0xFF byte the SDM asks for. */
        .align 4
        .globl tss
tss:
        .fill 102, 1, 0
        .word 104                       /* I/O map base */
        .fill 127, 1, 0xff
        .byte 0x00                      /* ports 0x3F8-0x3FF allowed */
        .byte 0xff

        .bss
        .align 4096
pd:     .fill 4096, 1, 0
pt0:    .fill 4096, 1, 0
pt1:    .fill 4096, 1, 0
data_page:
        .fill 4096, 1, 0
        .fill 4096, 1, 0
stack_top:
