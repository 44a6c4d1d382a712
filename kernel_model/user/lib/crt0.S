// User entry: own stack in .bss, then umain(); a returning program sleeps forever.
        .section .bss
        .align 16
main_stack:
        .skip 16384
main_stack_top:

        .section .text.start, "ax"
        .globl _start
_start:
        mov $main_stack_top, %esp
        call umain
1:      call km_sleep_forever
        jmp 1b

// uint32_t km_ipc(IpcRegs* r): registers in, registers out (see km/abi.h)
        .section .text
        .globl km_ipc
km_ipc:
        push %ebp
        push %ebx
        push %esi
        push %edi
        mov 20(%esp), %eax
        push %eax
        mov 4(%eax), %ebx
        mov 8(%eax), %ecx
        mov 12(%eax), %edx
        mov 16(%eax), %esi
        mov 20(%eax), %edi
        mov 24(%eax), %ebp
        mov $0, %eax
        int $0x30
        xchg %eax, (%esp)
        mov %ebx, 4(%eax)
        mov %esi, 16(%eax)
        mov %edi, 20(%eax)
        mov %ebp, 24(%eax)
        pop %edx
        mov %edx, 0(%eax)
        mov %edx, %eax
        pop %edi
        pop %esi
        pop %ebx
        pop %ebp
        ret
