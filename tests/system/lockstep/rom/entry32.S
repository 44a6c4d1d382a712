/* 32-bit entry, trap stubs, privilege transitions (ring 3, VM86, call gate)
 * and the hand-written test sequences whose exact instructions matter. */
#include "rom_layout.h"

/* Runs `insn`, which is expected to fault; the trap handler resumes at the
 * next label. */
#define FAULT(insn...) movl $9f, fixup_eip; insn; 9:

        .text
        .code32
        .globl start32
start32:
        movw $SEL_DATA0, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        movw %ax, %fs
        movw %ax, %gs
        movl $KSTACK_TOP, %esp
        movl $__bss_start, %edi      /* zero .bss */
        movl $__bss_end, %ecx
        subl %edi, %ecx
        xorl %eax, %eax
        cld
        rep stosb
        call rom_main
        .globl rom_done
rom_done:
        jmp rom_done

/* One 16-byte stub per vector: push a dummy error code where the CPU pushes
 * none, push the vector, join trap_common. */
        .align 16
        .globl isr_stubs
isr_stubs:
        .set vec, 0
        .rept IDT_ENTRIES
        .align 16
        .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17)
        .else
        pushl $0
        .endif
        pushl $vec
        jmp trap_common
        .set vec, vec + 1
        .endr

trap_common:
        pushal
        pushl %ds
        pushl %es
        pushl %fs
        pushl %gs
        movw $SEL_DATA0, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %fs
        movw %ax, %gs
        pushl %esp
        call trap_handler            /* 0: return to the interrupted code */
        addl $4, %esp
        testl %eax, %eax
        jnz user_exit
        popl %gs
        popl %fs
        popl %es
        popl %ds
        popal
        addl $8, %esp
        iret

/* Back to the kernel code that called enter_user/enter_vm86. */
user_exit:
        movw $SEL_DATA0, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %fs
        movw %ax, %gs
        movl saved_kernel_esp, %esp
        popl %edi
        popl %esi
        popl %ebx
        popl %ebp
        ret

/* void enter_user(uint32_t eip, uint32_t esp, uint32_t eflags) */
        .globl enter_user
enter_user:
        pushl %ebp
        pushl %ebx
        pushl %esi
        pushl %edi
        movl %esp, saved_kernel_esp
        movl 20(%esp), %eax
        movl 24(%esp), %ecx
        movl 28(%esp), %edx
        pushl $SEL_DATA3
        pushl %ecx
        pushl %edx
        pushl $SEL_CODE3
        pushl %eax
        movw $SEL_DATA3, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %fs
        movw %ax, %gs
        iret

/* void enter_vm86(uint32_t ip, uint32_t eflags): CS = F000, stack VM86_SS:VM86_SP */
        .globl enter_vm86
enter_vm86:
        pushl %ebp
        pushl %ebx
        pushl %esi
        pushl %edi
        movl %esp, saved_kernel_esp
        movl 20(%esp), %eax
        movl 24(%esp), %edx
        pushl $0                     /* GS */
        pushl $0                     /* FS */
        pushl $VM86_DS               /* DS */
        pushl $VM86_DS               /* ES */
        pushl $VM86_SS
        pushl $VM86_SP
        orl $EFLAGS_VM, %edx
        pushl %edx
        pushl $0xF000
        pushl %eax
        iret

/* Target of the ring-3 call gate: does a little work at ring 0, returns. */
        .globl gate_entry
gate_entry:
        pushl %ds
        movw $SEL_DATA0, %bx
        movw %bx, %ds
        incl gate_calls
        leal 1(%eax,%eax,2), %eax
        popl %ds
        lret

/* Exceptions raised at ring 0, each resumed by the trap handler. */
        .globl kernel_exception_tests
kernel_exception_tests:
        pushl %ebx
        FAULT(xorl %ecx, %ecx; divl %ecx)                /* #DE */
        FAULT(ud2)                                       /* #UD */
        FAULT(.byte 0xF0, 0x01, 0xC3)                    /* #UD: lock add %eax,%ebx (register) */
        int3                                             /* #BP, a trap */
        movb $0x7F, %al
        addb $1, %al
        into                                             /* #OF, a trap */
        movb $0x80, %al
        subb $1, %al
        into                                             /* #OF from a subtraction */
        movl $100, %eax
        FAULT(boundl %eax, bound_pair)                   /* #BR */
        movl $-1, %eax
        FAULT(boundl %eax, bound_pair)                   /* #BR: below the lower bound */
        FAULT(movw $SEL_NOT_PRESENT, %ax; movw %ax, %es) /* #NP */
        movw $SEL_DATA0, %ax
        movw %ax, %es
        FAULT(movw $0x1238, %ax; movw %ax, %ds)          /* #GP: beyond the GDT limit */
        FAULT(int $0x41)                                 /* #NP: gate not present */
        /* A segment with a 4 KiB limit, read inside it. (Reads beyond it are
         * not tested here: QEMU's TCG does not check data segment limits,
         * measured at this very instruction.) */
        movw $SEL_SMALL, %ax
        movw %ax, %fs
        movl %fs:0xFF0, %eax
        movw $SEL_DATA0, %ax
        movw %ax, %fs
        int $0x40                                        /* a software interrupt */
        int $0x40
        FAULT(movl UNMAPPED_ADDR + 0x123, %eax)          /* #PF: not present */
        FAULT(movl %eax, UNMAPPED_ADDR + 0x2000)         /* #PF: write, not present */
        movl SUPERVISOR_ADDR, %eax                       /* supervisor page at ring 0 */
        invlpg UNMAPPED_ADDR
        movl %cr0, %eax                                  /* #NM, then restart */
        orl $8, %eax
        movl %eax, %cr0
        fninit
        fld1
        fstp %st(0)
        popl %ebx
        ret

/* System and protection instructions whose results land in registers and
 * flags: descriptor-table stores, LAR/LSL/VERR/VERW/ARPL, atomic forms.
 * LAR uses 16-bit operands: with 32 bits, result bits 16-19 are undefined
 * (SDM Vol.2 LAR; QEMU clears them, mkemu keeps the limit bits). */
        .globl system_tests
system_tests:
        pushl %ebx
        sgdt sys_buffer
        sidt sys_buffer + 8
        movl sys_buffer + 2, %eax
        movl sys_buffer + 10, %ecx
        str %ax
        sldt %cx
        smsw %dx
        movl $SEL_CODE3, %eax
        lar %ax, %cx
        lsl %eax, %edx
        movl $SEL_NOT_PRESENT, %eax
        lar %ax, %cx                  /* LAR ignores P: ZF = 1 */
        movl $SEL_SMALL, %eax
        lsl %eax, %edx                  /* 0xFFF */
        movl $0x1238, %eax
        lar %ax, %cx                  /* beyond the GDT limit: ZF = 0 */
        movl $SEL_GATE3, %eax
        lar %ax, %cx                  /* call gates are valid for LAR */
        lsl %eax, %edx                  /* but not for LSL: ZF = 0 */
        movw $SEL_DATA0, %ax
        verr %ax
        verw %ax
        movw $SEL_CODE0, %ax
        verr %ax
        verw %ax                        /* code is never writable: ZF = 0 */
        movw $SEL_DATA3 & ~3, %ax
        movw $SEL_DATA3, %bx
        arpl %bx, %ax                   /* raises the RPL: ZF = 1 */
        arpl %bx, %ax                   /* already 3: ZF = 0 */
        movl $0x11223344, %eax
        bswap %eax
        movl %eax, sys_buffer
        movl $5, %ecx
        xaddl %ecx, sys_buffer
        movl sys_buffer, %eax
        cmpxchgl %ecx, sys_buffer       /* equal: stores ECX */
        cmpxchgl %ecx, sys_buffer       /* now unequal: loads EAX */
        movl sys_buffer, %eax
        movl sys_buffer + 4, %edx
        movl $1, %ebx
        movl $2, %ecx
        cmpxchg8b sys_buffer
        cmpxchg8b sys_buffer
        pushfl
        orl $0x0400, (%esp)             /* DF */
        popfl
        cld
        movl $0x1234, %eax
        lcall $SEL_TASK, $0              /* a hardware task switch and back */
        popl %ebx
        ret

/* The second task: runs a little, returns with IRET (NT is set), and resumes
 * after that IRET the next time it is called. */
        .globl task_entry
task_entry:
        incl task_switches
        movl task_switches, %eax
        leal 7(%eax,%eax,4), %ecx
        iret
        jmp task_entry

/* Ring-3 view of the same: reads are allowed, protected fields stay. */
        .globl user_system_tests
user_system_tests:
        sgdt user_buffer
        str %ax
        smsw %cx
        movw $SEL_DATA0, %ax
        verr %ax                        /* DPL 0 from CPL 3: ZF = 0 */
        movl $SEL_CODE0, %eax
        lar %ax, %dx                  /* not visible from ring 3: ZF = 0 */
        movl $SEL_DATA3, %eax
        lsl %eax, %edx
        pushfl
        orl $0x3200, (%esp)             /* IOPL and IF: ignored at CPL 3 */
        popfl
        pushfl
        popl %eax
        ret

/* x87 arithmetic whose results reach the integer registers.
 * FUCOMIP clears OF, SF and AF (SDM Vol.2A, FCOMI/FUCOMI); QEMU 7.2 leaves
 * SF and AF as they were (measured), so they are cleared beforehand. */
        .globl fpu_tests
fpu_tests:
        pushl %ebx
        fninit
        fld1
        fldpi
        faddp
        fsqrt
        fstpl fpu_double
        movl fpu_double, %eax
        movl fpu_double + 4, %edx
        fildl fpu_int
        fimull fpu_int
        fldl fpu_double
        fmulp
        fistpl fpu_result
        movl fpu_result, %ecx
        fldz
        fld1
        fdivp                        /* 1/0, masked: infinity */
        fchs
        fld1
        cmpl %eax, %eax              /* OF = SF = AF = 0: see the note below */
        fucomip %st(1), %st
        fstp %st(0)
        fnstsw %ax
        fnstcw fpu_cw
        movw $0x007F, fpu_cw2        /* single precision, round to nearest */
        fldcw fpu_cw2
        fld1
        fldl fpu_third
        fdivrp
        fstpl fpu_double
        movl fpu_double, %ebx
        fldcw fpu_cw
        incl fpu_int
        popl %ebx
        ret

/* Ring-3 code with IOPL 0: the call gate, system calls, the I/O bitmap and
 * privileged instructions; ends with INT 81h back to the kernel. */
        .globl user_entry
user_entry:
        call user_workload
        call user_system_tests
        movl $5, %eax
        lcall $SEL_GATE3, $0
        lcall $SEL_GATE3, $0
        movl $7, %eax
        int $0x80
        int $0x80
        inb $PORT_ALLOWED, %al
        outb %al, $PORT_ALLOWED + 2
        movw $PORT_ALLOWED + 4, %dx
        inw %dx, %ax
        outl %eax, %dx
        FAULT(inb $PORT_DENIED, %al)
        FAULT(outb %al, $PORT_DENIED + 3)
        FAULT(movw $PORT_ALLOWED + 7, %dx; inw %dx, %ax) /* straddles a denied port */
        FAULT(movw $0x2F8, %dx; inb %dx, %al)             /* beyond the bitmap */
        movl $user_buffer, %edi
        FAULT(movw $PORT_DENIED, %dx; insb)
        FAULT(cli)
        FAULT(hlt)
        FAULT(movl %cr0, %eax)
        FAULT(movw $SEL_DATA0, %ax; movw %ax, %ds)        /* DPL 0 data from ring 3 */
        FAULT(lcall $SEL_GATE0, $0)                       /* gate DPL 0 */
        FAULT(int $0x40)                                  /* gate DPL 0 */
        FAULT(ud2)
        FAULT(xorl %ecx, %ecx; divl %ecx)
        FAULT(movl SUPERVISOR_ADDR + 8, %eax)            /* #PF: user reads a supervisor page */
        movl READ_ONLY_ADDR + 4, %eax                    /* user reads a read-only page */
        FAULT(movl %eax, READ_ONLY_ADDR + 4)             /* #PF: user writes it */
        FAULT(movl UNMAPPED_ADDR, %eax)                  /* #PF: not present */
        movl PAGED_BASE + 0x2008, %eax                   /* #PF (4): mapped on demand */
        movl %eax, PAGED_BASE + 0x300C                   /* #PF (6): mapped on demand */
        addl PAGE_USER_RO + 8, %eax                      /* user reads a read-only 4 KiB page */
        FAULT(movl %eax, PAGE_USER_RO + 8)               /* #PF (7) */
        FAULT(movl PAGE_SUPERVISOR, %eax)                /* #PF (5) */
        FAULT(movl PAGED2_BASE + 4, %eax)                /* #PF (5): the PDE is supervisor */
        movl %eax, PAGE_USER_RW + 0x20
        int3
        int $0x81

/* Ring 3 with IOPL 3: every port and CLI are allowed. */
        .globl user_iopl3_entry
user_iopl3_entry:
        inb $PORT_DENIED, %al
        movw $PORT_DENIED + 2, %dx
        inw %dx, %ax
        outb %al, $PORT_DENIED + 1
        cli
        movl $3, %eax
        lcall $SEL_GATE3, $0
        int $0x81

        .section .rodata
        .align 8
bound_pair:
        .long 0, 10
fpu_third:
        .double 3.0

        .section .note.GNU-stack, "", @progbits
