// Console commands for translation, TLBs, descriptor tables and devices.
#include <cstdio>

#include "frontend/debugger/console_args.h"
#include "frontend/debugger/descriptors.h"
#include "frontend/debugger/device_view.h"
#include "frontend/debugger/page_walk_text.h"

namespace mkemu {
namespace {

const char* tlb_name(TlbEntryInfo::Tlb t) {
  switch (t) {
    case TlbEntryInfo::Tlb::kInstruction: return "ITLB";
    case TlbEntryInfo::Tlb::kData: return "DTLB";
    case TlbEntryInfo::Tlb::kUnified: return "TLB";
  }
  return "?";
}

void table_range(Console::Args& a, uint32_t& first, uint32_t& count) {
  first = 0;
  count = 0;
  if (a.words.size() > 2) throw ConsoleError("usage: TABLE [FIRST [COUNT]]");
  if (!a.words.empty()) first = a.eval_u32(a.words[0], "FIRST");
  if (a.words.size() == 2) count = a.eval_u32(a.words[1], "COUNT");
  if (first > 0x10000) throw ConsoleError("FIRST is beyond any table");
}

// Port ranges as the I/O bus names them, each port's value read with
// io_peek (no side effects).
std::string format_devices(const IoBus& io, const std::string& filter) {
  std::string out;
  uint32_t port = 0;
  while (port < 0x10000) {
    const IoHandler* h = io.handler_at(static_cast<uint16_t>(port));
    uint32_t end = port + 1;
    if (!h) {
      port = end;
      continue;
    }
    const std::string& name = io.name_at(static_cast<uint16_t>(port));
    while (end < 0x10000 && io.handler_at(static_cast<uint16_t>(end)) == h &&
           io.name_at(static_cast<uint16_t>(end)) == name) {
      ++end;
    }
    if (filter.empty() || name.find(filter) != std::string::npos) {
      char line[120];
      std::snprintf(line, sizeof line, "%-16s ports 0x%04x-0x%04x:", name.c_str(), port, end - 1);
      out += line;
      for (uint32_t p = port; p < end; ++p) {
        if ((p - port) % 16 == 0 && p != port) out += "\n" + std::string(40, ' ');
        std::snprintf(line, sizeof line, " %02x", io.peek(static_cast<uint16_t>(p), 1) & 0xFF);
        out += line;
      }
      out += "\n";
    }
    port = end;
  }
  if (out.empty())
    out = "no device claims ports" + (filter.empty() ? "" : " matching '" + filter + "'") + "\n";
  return out;
}

// Each stateful part's serialised state (the bytes snapshots and the state
// hash use); the device views (device_view.h) decode the devices.
std::string format_state(const Machine& m, const std::string& name) {
  std::string out;
  char line[120];
  bool found = false;
  for (const Stateful* part : m.stateful_parts()) {
    StateWriter w;
    part->save_state(w);
    const std::vector<uint8_t>& b = w.bytes();
    if (name.empty()) {
      std::snprintf(line, sizeof line, "%-16s %6zu bytes  hash %016llx\n",
                    std::string(part->state_name()).c_str(), b.size(),
                    static_cast<unsigned long long>(hash_bytes(b)));
      out += line;
      continue;
    }
    if (part->state_name() != name) continue;
    found = true;
    for (size_t at = 0; at < b.size(); at += 16) {
      std::snprintf(line, sizeof line, "  %04zx:", at);
      out += line;
      for (size_t k = at; k < b.size() && k < at + 16; ++k) {
        std::snprintf(line, sizeof line, " %02x", b[k]);
        out += line;
      }
      out += "\n";
    }
  }
  if (!name.empty() && !found)
    throw ConsoleError("no stateful part '" + name + "'; 'state' lists them");
  return out;
}

}  // namespace

void Console::register_table_commands() {
  add({{"translate", "tr", "page"},
       "translate ADDR",
       "Walk the page tables for linear ADDR: each entry, its flags, the physical address",
       "translate 0xc0100000",
       [](Console& c, Args& a, std::string& out) {
         if (a.rest.empty()) throw ConsoleError("translate needs a linear address");
         out += format_page_walk(c.dbg_.machine(), a.eval_u32(a.rest, "the address"));
       }});
  add({{"tlb"},
       "tlb",
       "The modelled TLBs' valid entries",
       "tlb",
       [](Console& c, Args&, std::string& out) {
         auto entries = c.dbg_.machine().mmu.tlb_entries();
         if (entries.empty()) out += "TLBs empty\n";
         for (const TlbEntryInfo& e : entries) {
           char line[200];
           std::snprintf(
               line, sizeof line,
               "%-4s %s set %3u way %u  linear 0x%08x -> physical 0x%08x  %u KiB%s%s%s%s\n",
               tlb_name(e.tlb), e.large_array ? "large" : "small", e.set, e.way, e.linear, e.phys,
               e.bytes / 1024, e.writable ? " RW" : " RO", e.user ? " U" : " S",
               e.dirty ? " D" : "", e.global ? " G" : "");
           out += line;
         }
       }});
  add({{"gdt"},
       "gdt [FIRST [COUNT]]",
       "Decode the GDT (non-null entries)",
       "gdt",
       [](Console& c, Args& a, std::string& out) {
         uint32_t first, count;
         table_range(a, first, count);
         out += format_gdt(c.dbg_.machine(), first, count);
       }});
  add({{"ldt"},
       "ldt [FIRST [COUNT]]",
       "Decode the current LDT",
       "ldt",
       [](Console& c, Args& a, std::string& out) {
         uint32_t first, count;
         table_range(a, first, count);
         out += format_ldt(c.dbg_.machine(), first, count);
       }});
  add({{"idt"},
       "idt [FIRST [COUNT]]",
       "Decode the IDT (or the real-mode IVT)",
       "idt 0x20 16",
       [](Console& c, Args& a, std::string& out) {
         uint32_t first, count;
         table_range(a, first, count);
         out += format_idt(c.dbg_.machine(), first, count);
       }});
  add({{"tss"},
       "tss",
       "Decode the current TSS, including the ports its I/O bitmap allows",
       "tss",
       [](Console& c, Args&, std::string& out) { out += format_tss(c.dbg_.machine()); }});
  add({{"devices", "dev", "device"},
       "devices [NAME]",
       "Each device's port range and the value every port reads (read without side effects; "
       "pic, pit, apic, ioapic, uart, pci and rtc decode them)",
       "devices uart",
       [](Console& c, Args& a, std::string& out) {
         out += format_devices(c.dbg_.machine().io, a.rest);
       }});
  // Decoded device views (device_view_*.cpp): const reads, no side effects.
  struct DeviceView {
    std::vector<std::string> names;
    const char* summary;
    std::string (*format)(const Machine&);
  };
  const DeviceView views[] = {
      {{"pic"},
       "The 8259A pair decoded: IRR/ISR/IMR, ELCR, ICWs, OCW3, priority, pending IRQ",
       format_pic_view},
      {{"pit"},
       "The 8254 channels decoded: mode, reload, count, OUT, gate, latches; port 0x61",
       format_pit_view},
      {{"apic", "lapic"},
       "The local APIC decoded: ID, TPR/PPR, IRR/ISR/TMR, ICR, LVT, timer",
       format_local_apic_view},
      {{"ioapic"},
       "The I/O APIC decoded: ID, version, every redirection entry",
       format_io_apic_view},
      {{"uart", "com1"},
       "The 16550A decoded: every register, divisor and baud, FIFO levels, IRQ",
       format_uart_view},
      {{"pci", "lspci"},
       "The 0xCF8 address latch and every PCI function's header decoded",
       format_pci_view},
      {{"rtc", "cmos"},
       "The RTC's time, alarm and status registers decoded, and the CMOS RAM",
       format_rtc_view},
      {{"timers"},
       "Every scheduler timer (device events) with its deadline in cycles",
       format_timers_view},
  };
  for (const DeviceView& v : views) {
    add({v.names, v.names[0], v.summary, v.names[0],
         [format = v.format](Console& c, Args& a, std::string& out) {
           if (!a.rest.empty()) throw ConsoleError(a.command + " takes no arguments");
           out += format(c.dbg_.machine());
         }});
  }
  add({{"state"},
       "state [PART]",
       "The stateful parts (CPU, MMU, each device) with their state size and hash; with PART, "
       "its serialised state in hex",
       "state pic",
       [](Console& c, Args& a, std::string& out) {
         out += format_state(c.dbg_.machine(), a.rest);
       }});
}

}  // namespace mkemu
