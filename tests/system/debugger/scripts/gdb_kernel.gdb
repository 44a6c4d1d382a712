target remote 127.0.0.1:@PORT@
break kernel_main
continue
stepi
info registers eax eip
x/2i $pc
x/2xw 0x100000
watch *(int*)&counter
continue
continue
p/x *(int*)&counter
monitor regs
monitor translate 0x100000
delete
hbreak paged
continue
p/x $cr3
info registers cr0
continue
