#pragma once
// Decoded views of the modelled devices for the debugger console (`pic`,
// `pit`, `apic`, `ioapic`, `uart`, `pci`, `rtc`, `timers`; docs/debugger.md).
// They read device state only through const accessors and side-effect-free
// peeks: showing a view never changes what the guest reads next (no UART
// byte popped, no PIT latch consumed, no interrupt acknowledged). Each
// throws ConsoleError when the machine has no such device.
#include <cstdint>
#include <string>
#include <string_view>

namespace mkemu {

class Machine;

std::string format_pic_view(const Machine& m);
std::string format_pit_view(const Machine& m);
std::string format_local_apic_view(const Machine& m);
std::string format_io_apic_view(const Machine& m);
std::string format_uart_view(const Machine& m);
std::string format_pci_view(const Machine& m);
std::string format_rtc_view(const Machine& m);
// Every scheduler timer: armed deadline and cycles from now, or idle.
std::string format_timers_view(const Machine& m);

// Shared by the views.
// The set bits of `bits` as numbers plus `offset` ("0 3 7"), or "none".
std::string bit_numbers(uint64_t bits, unsigned offset = 0);
// "cycle N (in M cycles)" for the scheduler timer named `timer`, or "none".
std::string timer_deadline_text(const Machine& m, std::string_view timer);
// printf into a std::string.
std::string text_format(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace mkemu
