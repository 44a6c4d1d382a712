// Multiboot v1 entry: the boot loader leaves the CPU in flat 32-bit protected
// mode with interrupts off; set up a stack and run the probes.
        .section .multiboot, "a"
        .align 4
        .long 0x1BADB002                // magic
        .long 0                         // flags: ELF image, nothing requested
        .long -0x1BADB002               // checksum

        .section .bss
        .align 16
stack:  .skip 8192
stack_top:

        .section .text
        .globl _start
_start:
        cli
        mov $stack_top, %esp
        call devprobe_main
1:      hlt
        jmp 1b
