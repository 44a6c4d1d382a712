target remote 127.0.0.1:@PORT@
monitor magic on
continue
monitor hash
monitor pic
monitor pit
monitor apic
monitor ioapic
monitor uart
monitor pci
monitor rtc
monitor timers
monitor devices
monitor state
x/64xw 0xfec00000
x/1024xw 0xfee00000
x/4xw 0xfec00010
monitor hash
monitor magic off
continue
