#include "traces/snapshot.h"

#include "platform/core/errors.h"
#include "platform/machine.h"

namespace mkemu::traces {

MachineSnapshot capture_snapshot(const Machine& machine, const InputQueue* inputs,
                                 const MachineSnapshot* previous) {
  MachineSnapshot snap;
  snap.cycles = machine.clock.cycles;
  snap.instructions = machine.cpu.instructions_retired();
  snap.state_hash = machine.digest().total;
  StateWriter writer;
  for (const Stateful* part : machine.stateful_parts()) {
    writer.clear();
    part->save_state(writer);
    snap.parts.push_back({std::string(part->state_name()), writer.bytes()});
  }
  snap.ram = RamImage::capture(machine.memory.ram(), previous ? &previous->ram : nullptr);
  if (inputs) snap.pending_inputs = inputs->pending();
  return snap;
}

void restore_snapshot(Machine& machine, const MachineSnapshot& snapshot, InputQueue* inputs,
                      const std::string& origin) {
  std::vector<const Stateful*> parts = machine.stateful_parts();
  if (parts.size() != snapshot.parts.size()) {
    throw InputError(origin + ": holds " + std::to_string(snapshot.parts.size()) +
                     " machine parts, this machine has " + std::to_string(parts.size()));
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i]->state_name() != snapshot.parts[i].name) {
      throw InputError(origin + ": part " + std::to_string(i) + " is '" + snapshot.parts[i].name +
                       "', this machine has '" + std::string(parts[i]->state_name()) + "'");
    }
  }
  if (snapshot.ram.size_bytes() != machine.memory.ram().size()) {
    throw InputError(origin + ": holds " + std::to_string(snapshot.ram.size_bytes() >> 20) +
                     " MiB of RAM, this machine has " +
                     std::to_string(machine.memory.ram().size() >> 20) + " MiB");
  }
  // RAM and clock first: parts may look at memory or time while loading.
  snapshot.ram.restore_into(machine.memory);
  machine.clock.cycles = snapshot.cycles;
  for (size_t i = 0; i < parts.size(); ++i) {
    const PartState& state = snapshot.parts[i];
    StateReader reader(state.bytes, origin + " (part '" + state.name + "')");
    // The machine owns its parts mutably; stateful_parts() hands out const views.
    const_cast<Stateful*>(parts[i])->load_state(reader);
    reader.expect(reader.remaining() == 0,
                  std::to_string(reader.remaining()) + " bytes left over after the part's state");
  }
  machine.state_restored();  // derived wiring (the CPU's INTR pin) follows the devices
  if (inputs) *inputs = InputQueue(snapshot.pending_inputs);
}

}  // namespace mkemu::traces
