/* Real-mode test ROM for the debugger console and the gdb stub.
   Facts the tests rely on come from the instructions themselves (Intel SDM):
   MOV loads, OUT writes AL to the port, the 16-bit store writes AX. */
        .code16
        .text
rom_base:                       /* linked at 0xF0000: offsets in CS=F000 are label - rom_base */
        .globl start
start:
        xor %ax, %ax
        mov %ax, %ds
        mov %ax, %ss
        mov $0x7000, %sp
set_ax:
        mov $0x1234, %ax
        mov $5, %cx
        add %cx, %ax            /* ax = 0x1239 */
io_out:
        out %al, $0x80          /* POST port: the I/O breakpoint fires here */
after_io:
        movw $0xbeef, 0x600     /* a store the watchpoint must not catch */
store:
        mov %ax, 0x500          /* the watched store: 0x1239 to 0x500 */
after_store:
        call helper
after_call:
        xchg %bx, %bx           /* Bochs' magic breakpoint */
after_magic:
        mov $3, %cx
        mov $0x700, %di
        xor %ax, %ax
        mov %ax, %es
        mov $0x41, %al
        cld
rep_insn:
        rep stosb               /* three bytes of 0x41 at 0x700 */
after_rep:
        /* IVT entry 0x30 (at 0xC0: offset, then segment) -> int_handler. */
        movw $(int_handler - rom_base), 0xc0
        movw $0xf000, 0xc2
int1:
        int $0x30               /* caught by `catch interrupt 0x30` */
int2:
        int $0x30               /* stepped over whole by `next` */
after_int2:
        mov $0x42, %al
exit_out:
        out %al, $0xf4          /* isa-debug-exit: status (0x42 << 1) | 1 = 133 */
        hlt
        jmp exit_out

int_handler:
        inc %si                 /* counts the software interrupts */
        iret

        .globl helper
helper:
        mov $7, %dx
        inc %dx                 /* dx = 8 */
helper_ret:
        ret

        /* The reset vector: the last 16 bytes of the 64 KiB image. */
        .org 0xfff0
        .globl reset
reset:
        ljmp $0xf000, $(start - rom_base)
        .org 0x10000, 0xf4
