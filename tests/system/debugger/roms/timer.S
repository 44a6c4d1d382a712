/* Real-mode ROM that takes hardware timer interrupts: 8259A PIC pair
   initialised with vector bases 0x20/0x28 (ICW1-ICW4, Intel 8259A data
   sheet), only IRQ 0 unmasked, 8254 PIT channel 0 in mode 2 (rate
   generator). The IRQ 0 handler counts in SI and sends a non-specific EOI;
   after three ticks the ROM exits with status (0x43 << 1) | 1 = 135. */
        .code16
        .text
rom_base:
        .globl start
start:
        xor %ax, %ax
        mov %ax, %ds
        mov %ax, %ss
        mov $0x7000, %sp
        xor %si, %si
        /* IVT entry 0x20 (at 0x80) -> timer_handler. */
        movw $(timer_handler - rom_base), 0x80
        movw $0xf000, 0x82
        mov $0x11, %al          /* ICW1: edge triggered, cascade, ICW4 follows */
        out %al, $0x20
        out %al, $0xa0
        mov $0x20, %al          /* ICW2: master vectors 0x20-0x27 */
        out %al, $0x21
        mov $0x28, %al          /* ICW2: slave vectors 0x28-0x2f */
        out %al, $0xa1
        mov $0x04, %al          /* ICW3: slave on IRQ 2 */
        out %al, $0x21
        mov $0x02, %al          /* ICW3: slave identity 2 */
        out %al, $0xa1
        mov $0x01, %al          /* ICW4: 8086 mode */
        out %al, $0x21
        out %al, $0xa1
        mov $0xfe, %al          /* OCW1: only IRQ 0 */
        out %al, $0x21
        mov $0xff, %al
        out %al, $0xa1
        mov $0x34, %al          /* PIT: channel 0, lobyte/hibyte, mode 2 */
        out %al, $0x43
        mov $0xa9, %al          /* divisor 1193 (0x4a9): about 1 kHz */
        out %al, $0x40
        mov $0x04, %al
        out %al, $0x40
        sti
        .globl idle
idle:
        hlt
after_hlt:
        cmp $3, %si
        jb idle
        mov $0x43, %al
        out %al, $0xf4
        cli
        hlt

        .globl timer_handler
timer_handler:
        inc %si
        mov $0x20, %al          /* OCW2: non-specific EOI */
        out %al, $0x20
        iret

        .org 0xfff0
        .globl reset
reset:
        ljmp $0xf000, $(start - rom_base)
        .org 0x10000, 0xf4
