/* Real-mode ROM for reverse execution: a busy main loop that counts in
   `work` (0x504) and adds whatever an injected input (--input poke) put at
   `extra` (0x508) into `mix` (0x506), while 8254 PIT channel 0 (mode 2,
   divisor 1193, about 1 kHz: 100,000 cycles at the default 100 MHz) raises
   IRQ 0 through the 8259A pair (vector base 0x20, ICW1-ICW4 as in the Intel
   data sheet). The IRQ 0 handler counts in `ticks` (0x500), writes the tick
   number as a digit to the debug console (port 0xE9) and sends a
   non-specific EOI. After four ticks the ROM exits with status
   (0x44 << 1) | 1 = 137. Device state (PIT, PIC), interrupts in flight and
   guest output are all part of what going back has to reproduce. */
        .equ ticks, 0x500
        .equ work, 0x504
        .equ mix, 0x506
        .equ extra, 0x508

        .code16
        .text
rom_base:
        .globl start
start:
        xor %ax, %ax
        mov %ax, %ds
        mov %ax, %ss
        mov $0x7000, %sp         /* ticks, work, mix and extra start as zero RAM */
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
        mov $0xa9, %al          /* divisor 1193 (0x4a9) */
        out %al, $0x40
        mov $0x04, %al
        out %al, $0x40
        sti
        .globl main_loop
main_loop:
        incw work
        mov work, %ax
        add extra, %ax
        .globl mix_store
mix_store:
        mov %ax, mix
        cmpw $4, ticks
        jb main_loop
        mov $0x44, %al
        .globl exit_out
exit_out:
        out %al, $0xf4
        cli
        hlt

        .globl timer_handler
timer_handler:
        incw ticks              /* the watched write */
        .globl after_tick
after_tick:
        mov ticks, %al
        add $0x30, %al          /* '1', '2', ...: one digit per tick */
        out %al, $0xe9
        mov $0x20, %al          /* OCW2: non-specific EOI */
        out %al, $0x20
        iret

        .org 0xfff0
        .globl reset
reset:
        ljmp $0xf000, $(start - rom_base)
        .org 0x10000, 0xf4
