target remote 127.0.0.1:@PORT@
break kernel_main
continue
stepi
stepi
stepi
x/i $pc
info registers eax
reverse-stepi
x/i $pc
info registers eax
reverse-continue
x/i $pc
reverse-stepi
x/i $pc
reverse-continue
x/i $pc
delete
continue
