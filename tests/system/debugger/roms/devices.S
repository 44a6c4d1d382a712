/* Multiboot kernel that leaves every modelled device in a state where a
   guest read has a side effect, stops at a magic breakpoint (`xchg bx,bx`)
   for the debugger to inspect everything, then reads those registers itself
   and checks that they still hold what an uninspected machine holds:
     - 8259A master: poll command pending (OCW3 0x0C), IRQ0 requested: the
       next read is the poll word 0x80 and acknowledges IR0 (8259A datasheet);
     - 8254 channel 2: mode 0, gate low, count 0x1234 latched, LSB already
       read: the next read is the latch's MSB 0x12; channel 1: status latched
       by a read-back command (8254 datasheet 231164);
     - 16550A in loopback: 17 bytes sent into a 16-byte receive FIFO (overrun),
       THR-empty interrupt pending, CTS dropped (delta): IIR, LSR, MSR and RBR
       reads each clear something (PC16550D datasheet);
     - RTC: periodic flag set, index at register C (reading C clears it);
     - PCI: the 0xCF8 latch left pointing at 00:01.0 register 0x60;
     - local APIC: TPR, periodic timer, a self-IPI in IRR; I/O APIC: pins
       2, 4 and 8 programmed (pin 8 level-triggered, remote IRR set).
   Interrupts stay disabled (IF=0): requests stay pending.
   Exit status: all checks pass -> (0x11 << 1) | 1 = 35; check N fails ->
   ((0x20 + N) << 1) | 1. */
        .section .multiboot, "a"
        .align 4
        .long 0x1BADB002
        .long 0
        .long -0x1BADB002

        .set COM1, 0x3f8
        .set LAPIC, 0xfee00000
        .set IOAPIC, 0xfec00000

        /* Checks that an 8-bit IN from PORT, ANDed with MASK, equals EXPECTED. */
        .macro CHECK_IN port, expected, n, mask=0xff
        mov $\port, %dx
        in %dx, %al
        and $\mask, %al
        mov $\n, %bl
        cmp $\expected, %al
        jne fail
        .endm

        .macro OUTB port, value
        mov $\port, %dx
        mov $\value, %al
        out %al, %dx
        .endm

        /* I/O APIC redirection entry PIN := HIGH:LOW (IOREGSEL, then IOWIN). */
        .macro IOAPIC_ENTRY pin, low, high
        movl $(0x10 + 2 * \pin), IOAPIC
        movl $\low, IOAPIC + 0x10
        movl $(0x11 + 2 * \pin), IOAPIC
        movl $\high, IOAPIC + 0x10
        .endm

        .text
        .globl _start
_start:
        cli
        mov $stack_top, %esp

        /* 8259A pair: ICW1 edge+cascade+ICW4, vectors 0x20/0x28, slave on IR2. */
        OUTB 0x20, 0x11
        OUTB 0xa0, 0x11
        OUTB 0x21, 0x20
        OUTB 0xa1, 0x28
        OUTB 0x21, 0x04
        OUTB 0xa1, 0x02
        OUTB 0x21, 0x01
        OUTB 0xa1, 0x01
        OUTB 0x21, 0xf8                 /* IMR: IRQ 0, 1, 2 unmasked */
        OUTB 0xa1, 0xfe                 /* IMR: IRQ 8 unmasked */
        OUTB 0x4d1, 0x08                /* ELCR: IRQ 11 level-triggered */

        /* I/O APIC before any source raises a line. */
        IOAPIC_ENTRY 2, 0x00000030, 0x00000000  /* IRQ0: vector 0x30, edge */
        IOAPIC_ENTRY 4, 0x00010834, 0x01000000  /* IRQ4: masked, logical dest 1 */
        IOAPIC_ENTRY 8, 0x00008038, 0x00000000  /* IRQ8: vector 0x38, level */
        movl $0x20, IOAPIC              /* IOREGSEL: pin 8, low dword */

        /* Local APIC: TPR 0x20, periodic timer vector 0x40 divide by 16,
           a self-IPI with vector 0x51 (ICR shorthand "self"). */
        movl $0x20, LAPIC + 0x80
        movl $0x3, LAPIC + 0x3e0
        movl $0x00020040, LAPIC + 0x320
        movl $0x100000, LAPIC + 0x380
        movl $0x00040051, LAPIC + 0x300

        /* 8254: channel 0 mode 2 reload 11932; channel 1 mode 3 reload 0x100;
           channel 2 mode 0 count 0x1234 with its gate (port 0x61 bit 0) low. */
        OUTB 0x43, 0x34
        OUTB 0x40, 0x9c
        OUTB 0x40, 0x2e
        OUTB 0x43, 0x76
        OUTB 0x41, 0x00
        OUTB 0x41, 0x01
        OUTB 0x61, 0x00
        OUTB 0x43, 0xb0
        OUTB 0x42, 0x34
        OUTB 0x42, 0x12

        /* RTC: periodic interrupt enable (rate 6, 1024 Hz, from power-on). */
        OUTB 0x70, 0x0b
        OUTB 0x71, 0x42

        /* 16550A: 115200 baud 8N1, FIFOs with trigger 4, loopback with DTR and
           OUT2 (CTS drops: delta CTS), then 17 bytes: one to the shift
           register, 16 to the transmit FIFO; the 17th received overruns. */
        OUTB COM1 + 3, 0x80
        OUTB COM1 + 0, 0x01
        OUTB COM1 + 1, 0x00
        OUTB COM1 + 3, 0x03
        OUTB COM1 + 2, 0x47
        OUTB COM1 + 4, 0x19
        OUTB COM1 + 7, 0x5a
        mov $COM1, %dx
        mov $'A', %al
        mov $17, %ecx
1:      out %al, %dx
        inc %al
        loop 1b

        /* PCI: PIRQA -> IRQ 11 through the PIIX3 (00:01.0 register 0x60). */
        mov $0xcf8, %dx
        mov $0x80000860, %eax
        out %eax, %dx
        OUTB 0xcfc, 0x0b

        /* Let time pass: loopback characters (87 us each), PIT ticks (10 ms),
           RTC periodic ticks, APIC timer periods. */
        mov $3000000, %ecx
2:      dec %ecx
        jnz 2b

        OUTB COM1 + 1, 0x0a             /* IER: THR empty + modem status */
        OUTB 0x43, 0x80                 /* latch channel 2's count */
        mov $0x42, %dx
        in %dx, %al                     /* its LSB */
        mov $4, %bl
        cmp $0x34, %al
        jne fail
        OUTB 0x43, 0xe4                 /* read-back: status of channel 1 */
        OUTB 0x70, 0x0c                 /* RTC index: register C */
        OUTB 0xa0, 0x0b                 /* slave OCW3: read ISR */
        OUTB 0x20, 0x0c                 /* master OCW3: poll command */

        .globl inspect_here
inspect_here:
        xchg %bx, %bx                   /* the debugger inspects here */

        .globl checks
checks:
        CHECK_IN 0x20, 0x80, 1          /* poll word: IR0 pending */
        CHECK_IN 0x42, 0x12, 2          /* channel 2 latch: MSB */
        CHECK_IN 0x42, 0x34, 3          /* then the live count: LSB, MSB */
        CHECK_IN 0x42, 0x12, 5
        CHECK_IN 0x41, 0x36, 6, 0x7f    /* channel 1 status: RW 3, mode 3 */
        CHECK_IN COM1 + 2, 0xc2, 7      /* IIR: THR empty (reading clears it) */
        CHECK_IN COM1 + 2, 0xc0, 8      /* IIR: modem status next */
        CHECK_IN COM1 + 5, 0x63, 9      /* LSR: DR OE THRE TEMT */
        CHECK_IN COM1 + 5, 0x61, 10     /* LSR: OE cleared by the read */
        CHECK_IN COM1 + 6, 0xa1, 11     /* MSR: DSR DCD, delta CTS */
        CHECK_IN COM1 + 6, 0xa0, 12     /* MSR: delta cleared */
        CHECK_IN COM1 + 0, 0x41, 13     /* RBR: 'A' first */
        CHECK_IN COM1 + 0, 0x42, 14     /* then 'B' */
        CHECK_IN 0x71, 0xc0, 15, 0xf0   /* RTC C: IRQF and PF */
        mov $0xcf8, %dx
        in %dx, %eax
        mov $16, %bl
        cmp $0x80000860, %eax
        jne fail
        OUTB 0xf4, 0x11                 /* all checks passed */
        hlt

fail:
        mov %bl, %al
        add $0x20, %al
        out %al, $0xf4
        hlt

        .bss
        .align 16
        .fill 4096, 1, 0
stack_top:
