# Port I/O loop: an OUT and an IN on the POST port 0x80 per iteration
# (4 instructions), the pattern of polled device drivers.
        .include "common.inc"
workload:
        movl    $ITERATIONS, %ecx
        xorl    %eax, %eax
1:      outb    %al, $0x80
        inb     $0x80, %al
        decl    %ecx
        jnz     1b
        jmp     finish
