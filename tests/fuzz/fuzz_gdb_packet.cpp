// Hostile bytes on the gdb connection: framing, then every packet through
// the stub against a small machine. Resuming packets only set a flag in
// handle() (the server runs the machine), and console commands reached
// through qRcmd run under a small instruction limit, so every input ends.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "frontend/debugger/console.h"
#include "frontend/gdb/gdb_packet.h"
#include "frontend/gdb/gdb_stub.h"
#include "platform/boot/rom_loader.h"

namespace {

struct Target {
  Target() : machine(mkemu::MachineConfig{}) {
    std::vector<uint8_t> rom(0x10000, 0x90);  // NOPs
    rom[0xFFF0] = 0xEB;                       // jmp $ at the reset vector
    rom[0xFFF1] = 0xFE;
    mkemu::map_rom(machine.memory, rom, "fuzz-rom");
    machine.reset();
  }
  mkemu::Machine machine;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Target target;  // fresh per input: inputs may write memory and registers
  mkemu::RunLimits limits;
  limits.max_instructions = 2000;
  mkemu::Debugger dbg(target.machine, limits);
  mkemu::Console console(dbg);
  mkemu::GdbStub stub(dbg, console);
  mkemu::GdbPacketReader reader;
  std::vector<mkemu::GdbInput> inputs;
  reader.feed(std::string_view(reinterpret_cast<const char*>(data), size), inputs);
  for (const mkemu::GdbInput& in : inputs) {
    if (in.kind != mkemu::GdbInput::Kind::kPacket) continue;
    mkemu::GdbStub::Reply reply = stub.handle(in.payload);
    for (const std::string& p : reply.payloads) (void)mkemu::gdb_frame(p);
    if (reply.resume != mkemu::GdbStub::Resume::kNone) (void)stub.resume(reply.resume);
  }
  return 0;
}
