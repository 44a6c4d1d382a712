// Mach system calls on i386: the trap number (negative) in EAX, then a far
// call through the call gate at selector 7 (GNU Mach's SVC, lcall $7,$0).
// The kernel copies the arguments from the user stack above the return
// address, exactly as a C caller pushed them; the result comes back in EAX.
#define MACH_TRAP(name, number)  \
        .globl name;             \
        .type name, @function;   \
name:                            \
        mov $(number), %eax;     \
        lcall $7, $0;            \
        ret

        .section .text
MACH_TRAP(mach_msg_trap, -25)
MACH_TRAP(mach_reply_port, -26)
MACH_TRAP(mach_task_self, -28)
