/* A 64 KiB BIOS-replacement ROM for the serial backend tests (real mode,
 * GNU as). It enables COM1's receive interrupt (IRQ4 through the 8259A)
 * and idles in HLT with interrupts on; nothing else is scheduled, so only
 * serial input can wake it. Every received byte is echoed and counted;
 * 'q' ends the run through the isa-debug-exit port 0xF4 with the count of
 * bytes before it, so the exit status is (count << 1) | 1.
 */
        .code16
        .set COUNT, 0x500       /* bytes received before 'q' (DS = 0) */
        .text
        .globl _start
_start:
        cli
        xor %ax, %ax
        mov %ax, %ds
        mov %ax, %ss
        mov $0x7000, %sp
        movb $0, COUNT
        /* IVT entry 0x0C (IRQ4 after the PIC setup below) -> F000:serial_irq. */
        movw $serial_irq, 0x30
        movw $0xF000, 0x32
        /* 8259A master: ICW1 edge/cascade/ICW4, ICW2 base 8, ICW3, ICW4 8086. */
        mov $0x11, %al
        out %al, $0x20
        mov $0x08, %al
        out %al, $0x21
        mov $0x04, %al
        out %al, $0x21
        mov $0x01, %al
        out %al, $0x21
        mov $0xEF, %al          /* only IRQ4 unmasked */
        out %al, $0x21
        /* 16550: divisor 1 (115200 baud), 8N1, FIFOs on, receive interrupt,
         * DTR + RTS + OUT2 (the PC gates IRQ4 with OUT2). */
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
        mov $0x3FC, %dx
        mov $0x0B, %al
        out %al, %dx
        mov $0x3F9, %dx
        mov $0x01, %al
        out %al, %dx
idle:
        sti
        hlt
        jmp idle

serial_irq:                     /* drain the receive FIFO, echoing */
        push %ax
        push %bx
        push %dx
rx_next:
        mov $0x3FD, %dx
        in %dx, %al
        test $1, %al
        jz rx_done
        mov $0x3F8, %dx
        in %dx, %al
        cmp $'q', %al
        je quit
        incb COUNT
        mov %al, %bl
tx_wait:
        mov $0x3FD, %dx
        in %dx, %al
        test $0x20, %al
        jz tx_wait
        mov $0x3F8, %dx
        mov %bl, %al
        out %al, %dx
        jmp rx_next
rx_done:
        mov $0x20, %al          /* non-specific EOI */
        out %al, $0x20
        pop %dx
        pop %bx
        pop %ax
        iret

quit:
        mov COUNT, %al
        out %al, $0xF4
        cli
1:      hlt
        jmp 1b

        .org 0xFFF0
reset:
        ljmp $0xF000, $_start
        .org 0x10000
