# ALU loop: 9 instructions per iteration, registers only.
        .include "common.inc"
workload:
        movl    $ITERATIONS, %ecx
        xorl    %eax, %eax
        movl    $1, %ebx
        movl    $3, %edx
1:      addl    %ebx, %eax
        xorl    %edx, %eax
        subl    $7, %ebx
        shll    $1, %edx
        orl     %eax, %edx
        andl    $0xFFFF, %edx
        incl    %ebx
        decl    %ecx
        jnz     1b
        jmp     finish
