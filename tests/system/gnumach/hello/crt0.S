// Entry of the hello task. GNU Mach's bootstrap leaves ESP pointing at argc,
// followed by argv[0..argc-1], a null, then a null envp (kern/bootstrap.c).
        .section .text.start, "ax"
        .globl _start
_start:
        mov %esp, %eax
        lea 4(%eax), %edx       // argv
        and $-16, %esp
        push %edx
        push (%eax)             // argc
        call hello_main
1:      hlt                     // unreachable: hello_main reboots; a privileged
        jmp 1b                  // instruction here would fault the task loudly
