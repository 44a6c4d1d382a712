#include "frontend/machine_options.h"

#include <cstdio>

#include "cpu/cpu_model.h"
#include "frontend/serial_backend.h"
#include "platform/core/errors.h"
#include "platform/machine_description.h"
#include "platform/machine_log.h"

namespace mkemu {

void add_machine_options(CLI::App& app, MachineOptions& o) {
  app.add_option("--kernel", o.config.kernel, "Multiboot ELF kernel to boot")->type_name("FILE");
  app.add_option(
         "--module", o.module_texts,
         "Multiboot module: \"FILE ARGS...\" (repeatable; the whole text is its command line)")
      ->type_name("\"FILE ARGS\"")
      ->allow_extra_args(false);
  app.add_option("--append", o.config.append,
                 "Kernel command line (after the kernel path, as QEMU)")
      ->type_name("CMDLINE");
  app.add_option("--rom", o.config.rom,
                 "BIOS-replacement ROM ending at 4 GiB, its last 128 KiB mirrored below 1 MiB; "
                 "the CPU starts at the reset vector")
      ->type_name("FILE");
  app.add_option("--mem", o.config.ram_mib, "Guest RAM in MiB")
      ->default_val(64)
      ->check(CLI::Range(2, 3584))
      ->type_name("MiB");
  app.add_option("--serial", o.serial,
                 "COM1: output to stdio, none or file:PATH; or interactive on a new pty or "
                 "on tcp:HOST:PORT (waits for one client; port 0 picks a free one)")
      ->default_val("stdio")
      ->type_name(kSerialSpecs);
  app.add_option("--debugcon", o.debugcon, "Port 0xE9 output: stdio, none or file:PATH")
      ->default_val("none")
      ->type_name("stdio|none|file:PATH");
  app.add_option("--cpu", o.cpu_text, "CPU model and feature edits; 'help' lists them")
      ->default_val("p6")
      ->type_name("MODEL[,+feat,-feat...]");
  app.add_option("--machine", o.config.machine, "Machine description; 'help' lists them")
      ->default_val("pc")
      ->type_name("NAME");
  app.add_option("--clock", o.clock_mhz, "Virtual CPU clock rate (RDTSC and device timing)")
      ->default_val(100)
      ->check(CLI::Range(1, 10000))
      ->type_name("MHZ");
  app.add_option("--max-insns", o.max_insns, "Stop (status 6) after N instructions")
      ->type_name("N");
  app.add_option("--max-cycles", o.max_cycles, "Stop (status 6) after N cycles")->type_name("N");
  app.add_option("--stop-on", o.stop_on,
                 "Stop with status 0 once the serial or debug-console output contains TEXT")
      ->type_name("TEXT");
  app.add_option("--rtc", o.config.rtc, "RTC start time (never the host clock)")
      ->default_val("2026-01-01T00:00:00")
      ->type_name("YYYY-MM-DDTHH:MM:SS");
  app.add_option("--apic", o.apic,
                 "Local APIC + IOAPIC: auto (when the CPU model has an APIC), on, off")
      ->default_val("auto")
      ->check(CLI::IsMember({"auto", "on", "off"}))
      ->type_name("auto|on|off");
  app.add_option("--log", o.log,
                 "Log events with cycle and EIP on stderr: " + log_categories_help())
      ->default_val("none")
      ->type_name("CATEGORY[,CATEGORY...]");
  app.add_option("--serial-input", o.serial_input,
                 "Bytes the UART receives from boot on, at its modelled baud rate (an "
                 "external input; cycle-stamped input comes with --input). '-': stdin as it "
                 "arrives, stamped with the guest cycle (run and record)")
      ->type_name("FILE|-");
  app.add_flag("--stats", o.stats, "At the end, print guest instructions and cycles on stderr");
  app.add_flag("--no-reboot", o.config.no_reboot,
               "A guest reset request ends the run (status 0) instead of restarting");
}

bool finish_machine_options(MachineOptions& o) {
  if (o.cpu_text == "help") {
    std::fputs(cpu_help_text().c_str(), stdout);
    return false;
  }
  if (o.config.machine == "help") {
    std::fputs(machine_help_text().c_str(), stdout);
    return false;
  }
  o.config.cpu = parse_cpu_option(o.cpu_text);
  find_machine(o.config.machine);  // throws InputError naming the known machines
  o.config.apic = o.apic == "on"    ? ApicMode::kOn
                  : o.apic == "off" ? ApicMode::kOff
                                    : ApicMode::kAuto;
  o.config.log_categories = parse_log_categories(o.log);
  if (o.config.kernel.empty() == o.config.rom.empty()) {
    throw InputError(o.config.kernel.empty() ? "nothing to boot: give --kernel FILE or --rom FILE"
                                             : "give either --kernel or --rom, not both");
  }
  if (!o.config.rom.empty() && (!o.module_texts.empty() || !o.config.append.empty())) {
    throw InputError("--module and --append need --kernel");
  }
  for (const std::string& text : o.module_texts) {
    std::string path = text.substr(0, text.find(' '));
    if (path.empty()) throw InputError("--module: empty file name in '" + text + "'");
    o.config.modules.push_back({path, text});
  }
  o.config.clock_hz = uint64_t{o.clock_mhz} * 1'000'000;
  return true;
}

}  // namespace mkemu
