/* x87 work for the lockstep comparison: every register (ST0-7, control,
 * status) is compared after each instruction, and each x87 store (FST/FIST/
 * FBSTP, FNSTCW/FNSTSW, FNSTENV/FNSAVE images) is compared in memory.
 * Covers loads of every format, arithmetic in all rounding and precision
 * modes, compares, masked invalid/zero-divide/overflow/underflow/denormal
 * responses, stack overflow and underflow, and FNSAVE/FRSTOR round trips.
 * Transcendentals are left out: QEMU computes FSIN/FCOS/FPTAN through host
 * doubles, which is not the x87's result. */
#include "rom_layout.h"

        .text
        .code32

/* void x87_tests(u32 round): the round selects the control word of the
 * arithmetic block (4 rounding x 3 precision modes). */
        .globl x87_tests
x87_tests:
        pushl %ebx
        pushl %esi
        movl 12(%esp), %eax
        movl $12, %ecx
        xorl %edx, %edx
        divl %ecx
        movzwl x87_control_words(,%edx,2), %esi

        /* Loads of every format; the denormal single sets DE. */
        fninit
        flds x87_denormal_f32
        fldl x87_third_f64
        fldt x87_pi_f80
        filds x87_i16
        fildl x87_i32
        fildll x87_i64
        fbld x87_bcd
        fld1
        fnstsw %ax                     /* TOP = 0, eight registers valid */
        fnstenv x87_env                /* full tag word: zero, special, valid */
        fldz                           /* stack overflow, masked: IE SF C1 */
        fnstsw %ax
        fnsave x87_save                /* and FNINIT */
        frstor x87_save
        fnclex
        fstp %st(0)
        fxch %st(3)
        fadd %st(2), %st
        fmulp %st, %st(4)
        fsubr %st(1), %st
        fdivr %st(5), %st
        ffree %st(6)
        fincstp
        fdecstp
        fbstp x87_bcd_out
        fistps x87_i16_out
        fistpl x87_i32_out
        fistpll x87_i64_out
        fstpt x87_f80_out
        fnstsw %ax
        fnsave x87_save

        /* Arithmetic under the round's control word. */
        fninit
        movw %si, x87_cw
        fldcw x87_cw
        fld1
        fldl x87_third_f64
        fdivr %st(1), %st              /* 1/3 */
        fadd %st(0), %st
        fmull x87_third_f64
        fsqrt
        fsubs x87_tenth_f32
        fdivrl x87_third_f64
        fidivl x87_i32
        fimuls x87_i16
        frndint
        fxtract
        fscale
        fprem
        fprem1
        fabs
        fchs
        fldl2e
        fldl2t
        fldlg2
        fldln2
        fldpi
        faddp %st, %st(1)
        fsubp %st, %st(1)
        fmulp %st, %st(1)
        fdivp %st, %st(1)
        fsts x87_f32_out
        fstl x87_f64_out
        fistl x87_i32_out
        fists x87_i16_out
        fnstcw x87_cw_out
        fnstsw x87_sw_out
        fnstenv x87_env
        fldenv x87_env

        /* Compares: FNSTSW AX and SAHF carry the condition codes to EFLAGS. */
        fld1
        fldz
        fcom %st(1)
        fnstsw %ax
        sahf
        fcomp %st(1)
        fldl x87_third_f64
        fucom %st(1)
        fnstsw %ax
        ftst
        fnstsw %ax
        fxam
        fnstsw %ax
        ficoms x87_i16
        fnstsw %ax
        ficompl x87_i32
        fcoms x87_tenth_f32
        fcompl x87_third_f64
        fnstsw %ax
        cmpl %eax, %eax                /* OF SF AF = 0: see fpu_tests */
        fcomi %st(1), %st
        cmpl %eax, %eax
        fucomip %st(1), %st
        fucompp
        fnstsw %ax

        /* Masked responses to special operands. */
        fninit
        fldz
        fld1
        fdiv %st(1), %st               /* ZE: +inf */
        fld %st(0)
        fsub %st(1), %st               /* inf - inf: IE, QNaN indefinite */
        fldz
        fdiv %st(0), %st               /* 0/0: IE */
        fldt x87_huge_f80
        fmul %st(0), %st               /* OE PE: +inf */
        fldt x87_tiny_f80
        fmul %st(0), %st               /* UE PE: flushed toward zero */
        fnstsw %ax
        fnstenv x87_env
        fldl x87_minus_one_f64
        fsqrt                          /* IE: indefinite */
        fnstsw %ax
        fnclex
        fldt x87_snan_f80              /* FLD m80 loads an SNaN unchanged, no IE */
        fnstsw %ax
        fcomp %st(1)                   /* SNaN compare: IE, C3 C2 C0 = 111 */
        fnstsw %ax
        fldt x87_qnan_f80
        fadd %st(2), %st               /* QNaN propagation */
        fnsave x87_save

        /* Stack underflow, masked: an empty ST(1) as operand. */
        fninit
        fld1
        fadd %st(1), %st               /* IE SF, C1 = 0: indefinite */
        fnstsw %ax
        fstp %st(0)
        fstp %st(0)                    /* pops an empty register: IE SF */
        fnstsw %ax
        fnsave x87_save
        frstor x87_save
        fnstenv x87_env
        popl %esi
        popl %ebx
        ret

        .section .rodata
        .align 16
x87_control_words:                     /* masked, RC x PC */
        .word 0x037F, 0x077F, 0x0B7F, 0x0F7F
        .word 0x027F, 0x067F, 0x0A7F, 0x0E7F
        .word 0x007F, 0x047F, 0x087F, 0x0C7F
x87_denormal_f32:
        .long 0x00012345
x87_tenth_f32:
        .long 0x3DCCCCCD
        .align 8
x87_third_f64:
        .long 0x55555555, 0x3FD55555
x87_minus_one_f64:
        .long 0x00000000, 0xBFF00000
x87_i64:
        .long 0x89ABCDEF, 0xFFFFFF01
x87_i32:
        .long 0x00012345
x87_i16:
        .word 0xFF7B
        .align 8
x87_pi_f80:
        .long 0x2168C235, 0xC90FDAA2
        .word 0x4000
        .align 8
x87_bcd:
        .byte 0x21, 0x43, 0x65, 0x87, 0x09, 0x21, 0x43, 0x65, 0x07, 0x80
        .align 8
x87_huge_f80:
        .long 0x00000000, 0xC0000000
        .word 0x7FF0
        .align 8
x87_tiny_f80:
        .long 0x00000000, 0xC0000000
        .word 0x000F
        .align 8
x87_snan_f80:
        .long 0x00000001, 0x80000000
        .word 0x7FFF
        .align 8
x87_qnan_f80:
        .long 0x00000123, 0xC0000000
        .word 0xFFFF

        .bss
        .align 16
        .globl x87_save
x87_save:
        .space 108
        .align 16
x87_env:
        .space 28
x87_cw:
        .space 2
x87_cw_out:
        .space 2
x87_sw_out:
        .space 2
        .align 8
x87_f80_out:
        .space 10
        .align 8
x87_f64_out:
        .space 8
x87_i64_out:
        .space 8
x87_bcd_out:
        .space 10
        .align 4
x87_f32_out:
        .space 4
x87_i32_out:
        .space 4
x87_i16_out:
        .space 2

        .section .note.GNU-stack, "", @progbits
