# Ring 3 -> ring 0 -> ring 3 round trips: ring-3 code executes INT 0x80, whose
# DPL-3 interrupt gate enters a ring-0 handler that returns with IRET
# (4 instructions per iteration: int, iret, dec, jnz).
        .include "common.inc"
workload:
        # TSS: ring-0 stack for the privilege switch.
        movl    $TSS_BASE, %edi
        xorl    %eax, %eax
        movl    $26, %ecx
        rep stosl
        movl    $STACK_TOP, TSS_BASE + 4
        movl    $0x10, TSS_BASE + 8
        movl    $0x68, %eax             # I/O map base past the limit: no bitmap
        movw    %ax, TSS_BASE + 102
        movw    $0x28, %ax
        ltr     %ax
        # IDT: vector 0x80 -> handler, 32-bit interrupt gate, DPL 3.
        movl    $handler, %eax
        movw    %ax, IDT_BASE + 0x80 * 8
        movw    $0x08, IDT_BASE + 0x80 * 8 + 2
        movw    $0xEE00, IDT_BASE + 0x80 * 8 + 4
        shrl    $16, %eax
        movw    %ax, IDT_BASE + 0x80 * 8 + 6
        lidtl   idt_desc
        # Drop to ring 3 with IOPL 3 (so ring 3 can reach the exit ports).
        pushl   $0x23
        pushl   $STACK_TOP - 0x1000
        pushl   $0x3002
        pushl   $0x1B
        pushl   $user
        iretl
handler:
        iretl
user:
        movw    $0x23, %ax
        movw    %ax, %ds
        movw    %ax, %es
        movl    $ITERATIONS, %ecx
1:      int     $0x80
        decl    %ecx
        jnz     1b
        jmp     finish

idt_desc:
        .word   256 * 8 - 1
        .long   IDT_BASE
