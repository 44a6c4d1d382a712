// Instructions the suite expects to fault, each with a label at the faulting
// instruction and one where the exception handler resumes the thread.
        .section .text
.macro PROBE name
        .globl \name
        .globl \name\()_insn
        .globl \name\()_resume
.endm

        PROBE km_probe_in8          // uint32_t km_probe_in8(uint32_t port)
km_probe_in8:
        mov 4(%esp), %edx
        mov $0xFFFFFFFF, %eax
km_probe_in8_insn:
        inb %dx, %al
km_probe_in8_resume:
        ret

        PROBE km_probe_in32         // uint32_t km_probe_in32(uint32_t port)
km_probe_in32:
        mov 4(%esp), %edx
        mov $0xFFFFFFFF, %eax
km_probe_in32_insn:
        inl %dx, %eax
km_probe_in32_resume:
        ret

        PROBE km_probe_div0         // divides by zero
km_probe_div0:
        push %ebx
        xor %ebx, %ebx
        mov $1, %eax
        xor %edx, %edx
km_probe_div0_insn:
        div %ebx
km_probe_div0_resume:
        pop %ebx
        ret

        PROBE km_probe_ud2          // undefined opcode
km_probe_ud2:
km_probe_ud2_insn:
        ud2
km_probe_ud2_resume:
        ret

        .globl km_read_iopl         // uint32_t km_read_iopl(): EFLAGS.IOPL
km_read_iopl:
        pushf
        pop %eax
        shr $12, %eax
        and $3, %eax
        ret
