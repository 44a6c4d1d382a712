/* Reset vector, the switch from real to protected mode, and the 16-bit code
 * the ROM runs in virtual-8086 mode (as segment F000 through the ROM's alias
 * below 1 MiB). */
#include "rom_layout.h"

#define TEXT16_OFFSET 0x100 /* rom.ld places .text16 at ROM_BASE + 0x100 */

/* What the harness needs to know about this image, at its first byte. */
        .section .rom_header, "a"
        .ascii "MKLOCKST"
        .long isr_stubs              /* stub for vector v: isr_stubs + 16 * v */
        .long 16
        .long gate_entry             /* call-gate target */
        .long rom_done               /* the final `jmp .` */
        .long vm86_entry - ROM_BASE  /* VM86 code: F000:this */
        .long RAM_PAGE_DIR           /* paging structures the harness compares */
        .long RAM_PAGE_TABLE
        .long RAM_PAGE_TABLE2
        .long PAGE_TABLE_ENTRIES
        .long PAGED_BASE             /* #PF here, below DEMAND_PAGES: handled */
        .long DEMAND_PAGES

        .section .text16, "ax"
        .code16
start16:
        cli
        cld
        /* CS.base is still 0xFFFF0000: address the boot GDT through CS. */
        lgdtl %cs:(boot_gdt_ptr - start16 + TEXT16_OFFSET)
        movl %cr0, %eax
        orl $1, %eax
        movl %eax, %cr0
        ljmpl $SEL_CODE0, $start32

        .align 8
boot_gdt:
        .quad 0
        .quad 0x00CF9A000000FFFF     /* flat code, ring 0 */
        .quad 0x00CF92000000FFFF     /* flat data, ring 0 */
boot_gdt_ptr:
        .word boot_gdt_ptr - boot_gdt - 1
        .long boot_gdt

/* Virtual-8086 code. IOPL is 0: CLI, PUSHF and INT trap to the monitor (#GP),
 * which skips them; IN/OUT go through the TSS I/O bitmap; INT 30h ends it. */
        .globl vm86_entry
vm86_entry:
        movw $0x1234, %ax
        addw %ax, %bx
        movw $VM86_DS, %ax
        movw %ax, %ds
        movw %ax, %es
        movw $0x55AA, 0x10
        movw 0x10, %cx
        xorw %cx, 0x10
        pushw %cx
        popw %dx
        incw %si
        shlw $1, %si
        leaw 3(%bx,%si), %di
        cli                          /* #GP: IOPL-sensitive */
        pushf                        /* #GP */
        inb $PORT_ALLOWED, %al       /* the bitmap allows it */
        outb %al, $PORT_ALLOWED + 1
        inb $PORT_DENIED, %al        /* #GP: the bitmap denies it */
        movw $PORT_ALLOWED + 7, %dx
        inw %dx, %ax                 /* #GP: straddles into a denied port */
        movw %cs, %ax
        subw %ax, %bx
        int $0x30                    /* #GP: back to the monitor */
1:      jmp 1b

        .section .reset, "ax"
        .code16
        .globl reset_vector
reset_vector:
        /* A near jump to start16 (offset TEXT16_OFFSET) that wraps within the
         * 64 KiB segment; written as bytes because the linker cannot express
         * a wrapping 16-bit displacement. */
        .byte 0xE9
        .word (TEXT16_OFFSET - 0xFFF3) & 0xFFFF
        .fill 16 - (. - reset_vector), 1, 0xF4

        .section .note.GNU-stack, "", @progbits
