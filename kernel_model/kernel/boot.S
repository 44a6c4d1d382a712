// Multiboot v1 header, kernel entry, interrupt stubs and the context switch.
        .set MB_MAGIC, 0x1BADB002
        .set MB_FLAGS, 0x00000003          // page-aligned modules, memory info
        .section .multiboot, "a"
        .align 4
        .long MB_MAGIC
        .long MB_FLAGS
        .long -(MB_MAGIC + MB_FLAGS)

        .section .bss
        .align 16
boot_stack:
        .skip 16384
boot_stack_top:

        .section .text
        .globl _start
_start:
        cli
        mov $boot_stack_top, %esp
        push %ebx                          // multiboot info (physical)
        push %eax                          // multiboot magic
        call kmain
1:      hlt
        jmp 1b

// Interrupt stubs: every vector pushes (error code or 0) and its number.
.macro STUB_NOERR vec
        .globl isr_\vec
isr_\vec:
        push $0
        push $\vec
        jmp isr_common
.endm
.macro STUB_ERR vec
        .globl isr_\vec
isr_\vec:
        push $\vec
        jmp isr_common
.endm

STUB_NOERR 0
STUB_NOERR 1
STUB_NOERR 2
STUB_NOERR 3
STUB_NOERR 4
STUB_NOERR 5
STUB_NOERR 6
STUB_NOERR 7
STUB_ERR 8
STUB_NOERR 9
STUB_ERR 10
STUB_ERR 11
STUB_ERR 12
STUB_ERR 13
STUB_ERR 14
STUB_NOERR 15
STUB_NOERR 16
STUB_ERR 17
STUB_NOERR 18
STUB_NOERR 19
.irp vec, 20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48
STUB_NOERR \vec
.endr

isr_common:
        pusha
        push %ds
        push %es
        push %fs
        push %gs
        mov $0x10, %ax
        mov %ax, %ds
        mov %ax, %es
        mov %ax, %fs
        mov %ax, %gs
        push %esp
        call trap_entry
        add $4, %esp
        .globl ret_to_user
ret_to_user:
        pop %gs
        pop %fs
        pop %es
        pop %ds
        popa
        add $8, %esp
        iret

        .section .rodata
        .globl isr_table
isr_table:
.irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48
        .long isr_\vec
.endr

        .section .text
// void switch_context(uint32_t* save_esp, uint32_t new_esp)
        .globl switch_context
switch_context:
        mov 4(%esp), %eax
        mov 8(%esp), %edx
        push %ebp
        push %ebx
        push %esi
        push %edi
        mov %esp, (%eax)
        mov %edx, %esp
        pop %edi
        pop %esi
        pop %ebx
        pop %ebp
        ret
