/* A 64 KiB BIOS-replacement ROM for the trace tests (real mode, GNU as).
 * It copies its code to RAM at 1000:0000 and runs there (so a test can
 * patch an instruction in RAM), programs the PIC and the PIT for a 1 kHz
 * timer interrupt, sets up COM1, then loops: it counts iterations, echoes
 * every received serial byte and sums them, and after TICKS timer
 * interrupts (or on receiving 'q') prints its results on port 0xE9 and
 * exits through the isa-debug-exit port 0xF4 with value 0 (status 1).
 */
        .code16
        .set TICKS, 30
        .set CODE_SEG, 0x1000
        .text
        .globl _start
_start:
        cli
        xor %ax, %ax
        mov %ax, %ds
        mov %ax, %ss
        mov $0x7000, %sp
        /* Copy the first 4 KiB of the ROM (this code) to 1000:0000. */
        mov $0xF000, %ax
        mov %ax, %ds
        mov $CODE_SEG, %ax
        mov %ax, %es
        xor %si, %si
        xor %di, %di
        mov $2048, %cx
        cld
        rep movsw
        xor %ax, %ax
        mov %ax, %ds
        ljmp $CODE_SEG, $in_ram

in_ram:
        /* IVT entry 8 (IRQ0 after the PIC setup below) -> 1000:timer. */
        movw $timer, 0x20
        movw $CODE_SEG, 0x22
        /* 8259A master: ICW1 edge/cascade/ICW4, ICW2 base 8, ICW3, ICW4 8086. */
        mov $0x11, %al
        out %al, $0x20
        mov $0x08, %al
        out %al, $0x21
        mov $0x04, %al
        out %al, $0x21
        mov $0x01, %al
        out %al, $0x21
        mov $0xFE, %al          /* only IRQ0 unmasked */
        out %al, $0x21
        /* 8254 channel 0, lobyte/hibyte, mode 2, divisor 1193 (about 1 kHz). */
        mov $0x34, %al
        out %al, $0x43
        mov $0xA9, %al
        out %al, $0x40
        mov $0x04, %al
        out %al, $0x40
        /* 16550: divisor 1 (115200 baud), 8N1, FIFOs on and cleared. */
        mov $0x3FB, %dx
        mov $0x80, %al
        out %al, %dx
        mov $0x3F8, %dx
        mov $1, %al
        out %al, %dx
        mov $0x3F9, %dx
        xor %al, %al
        out %al, %dx
        mov $0x3FB, %dx
        mov $0x03, %al
        out %al, %dx
        mov $0x3FA, %dx
        mov $0x07, %al
        out %al, %dx
        sti
        jmp main

        /* The main loop sits at a fixed offset so tests can patch it:
         * 1000:0100 (linear 0x10100) is "addw $7, 0x506" = 83 06 06 05 07. */
        .org 0x100
main:
        addw $7, 0x506
        incw 0x504
        mov 0x504, %ax
        imul $3, %ax, %ax
        add %ax, 0x50A
        mov $0x3FD, %dx
        in %dx, %al
        test $1, %al
        jz no_rx
        mov $0x3F8, %dx
        in %dx, %al
        cmp $'q', %al
        je done
        mov %al, %bl
        add %bl, 0x508
tx_wait:
        mov $0x3FD, %dx
        in %dx, %al
        test $0x20, %al
        jz tx_wait
        mov $0x3F8, %dx
        mov %bl, %al
        out %al, %dx
no_rx:
        cmpw $TICKS, 0x500
        jb main
done:
        cli
        /* Results on the debug console: "T=" ticks, " S=" serial sum, as hex bytes. */
        mov $'T', %al
        out %al, $0xE9
        mov 0x500, %al
        call put_hex
        mov $'S', %al
        out %al, $0xE9
        mov 0x508, %al
        call put_hex
        mov $'\n', %al
        out %al, $0xE9
        xor %ax, %ax
        out %ax, $0xF4
halt:
        hlt
        jmp halt

put_hex:                        /* AL as two hex digits on port 0xE9 */
        mov %al, %ah
        shr $4, %al
        call put_nibble
        mov %ah, %al
        and $0x0F, %al
put_nibble:
        add $'0', %al
        cmp $'9', %al
        jbe 1f
        add $('a' - '0' - 10), %al
1:      out %al, $0xE9
        ret

timer:
        push %ax
        incw 0x500      /* DS is 0 throughout */
        mov $0x20, %al  /* non-specific EOI */
        out %al, $0x20
        pop %ax
        iret

        .org 0xFFF0
reset:
        ljmp $0xF000, $_start
        .org 0x10000
