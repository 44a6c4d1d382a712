# TLB-miss-heavy loop: paging on, one load from each of 4096 distinct pages
# (16 MiB, far more than any TLB holds) per pass, so nearly every access walks
# the page tables. 4 instructions per access.
        .include "common.inc"
        .set PAGE_DIR, 0x00100000
        .set PAGE_TABLES, 0x00101000     # 32 tables: identity map of 0-128 MiB
        .set ROM_TABLE, 0x00121000       # maps 0xFFC00000-0xFFFFFFFF (the ROM)
        .set DATA, 0x01000000            # the 16 MiB that the loop touches
workload:
        # Page tables: identity map the first 128 MiB and the top 4 MiB.
        movl    $PAGE_TABLES, %edi
        movl    $0x003, %eax             # present, writable
        movl    $32 * 1024, %ecx
1:      stosl
        addl    $0x1000, %eax
        decl    %ecx
        jnz     1b
        movl    $ROM_TABLE, %edi
        movl    $0xFFC00003, %eax
        movl    $1024, %ecx
2:      stosl
        addl    $0x1000, %eax
        decl    %ecx
        jnz     2b
        movl    $PAGE_DIR, %edi
        xorl    %eax, %eax
        movl    $1024, %ecx
        rep stosl
        movl    $PAGE_TABLES + 3, %eax
        movl    $PAGE_DIR, %edi
        movl    $32, %ecx
3:      stosl
        addl    $0x1000, %eax
        decl    %ecx
        jnz     3b
        movl    $ROM_TABLE + 3, PAGE_DIR + 1023 * 4
        movl    $PAGE_DIR, %eax
        movl    %eax, %cr3
        movl    %cr0, %eax
        orl     $0x80000000, %eax
        movl    %eax, %cr0
        # The measured loop.
        movl    $PASSES, %ebp
4:      movl    $DATA, %esi
        movl    $4096, %ecx
5:      movl    (%esi), %eax
        addl    $0x1000, %esi
        decl    %ecx
        jnz     5b
        decl    %ebp
        jnz     4b
        jmp     finish
