#include "traces/external_input.h"

#include <algorithm>

#include "platform/devices/uart16550.h"
#include "platform/machine.h"
#include "traces/hex_text.h"

namespace mkemu::traces {

const char* input_kind_name(InputKind kind) {
  switch (kind) {
    case InputKind::kSerial: return "serial";
    case InputKind::kPoke: return "poke";
  }
  return "?";
}

void write_input(StateWriter& out, const ExternalInput& input) {
  out.put(input.cycle);
  out.put(input.kind);
  out.put(input.address);
  out.put<uint32_t>(static_cast<uint32_t>(input.bytes.size()));
  out.put_bytes(input.bytes);
}

ExternalInput read_input(StateReader& in) {
  ExternalInput input;
  input.cycle = in.get<uint64_t>();
  auto kind = in.get<uint8_t>();
  in.expect(kind == 1 || kind == 2, "unknown input kind " + std::to_string(kind));
  input.kind = static_cast<InputKind>(kind);
  input.address = in.get<uint32_t>();
  auto n = in.get<uint32_t>();
  in.expect(n <= in.remaining(), "input of " + std::to_string(n) + " bytes runs past the end");
  input.bytes.resize(n);
  if (n) in.get_bytes(input.bytes);
  return input;
}

InputQueue::InputQueue(std::vector<ExternalInput> inputs) {
  for (auto& i : inputs) add(std::move(i));
}

void InputQueue::add(ExternalInput input) {
  // Stable: after every pending input with the same or an earlier stamp.
  auto pos = std::upper_bound(
      items_.begin() + static_cast<std::ptrdiff_t>(next_), items_.end(), input.cycle,
      [](uint64_t cycle, const ExternalInput& e) { return cycle < e.cycle; });
  items_.insert(pos, std::move(input));
}

uint64_t InputQueue::next_cycle() const {
  return empty() ? UINT64_MAX : items_[next_].cycle;
}

ExternalInput InputQueue::pop() {
  return std::move(items_[next_++]);
}

void InputQueue::drop_before(uint64_t cycle) {
  while (!empty() && items_[next_].cycle < cycle) ++next_;
}

std::vector<ExternalInput> InputQueue::pending() const {
  return {items_.begin() + static_cast<std::ptrdiff_t>(next_), items_.end()};
}

namespace {

Uart16550* find_uart(Machine& machine) {
  for (const Stateful* part : machine.stateful_parts()) {
    if (auto* uart = dynamic_cast<const Uart16550*>(part)) {
      // The machine owns its parts mutably; stateful_parts() only hands out const views.
      return const_cast<Uart16550*>(uart);
    }
  }
  return nullptr;
}

}  // namespace

void deliver_input(Machine& machine, const ExternalInput& input) {
  switch (input.kind) {
    case InputKind::kSerial: {
      Uart16550* uart = find_uart(machine);
      if (!uart) throw InputError("serial input, but this machine has no UART");
      uart->host_input(input.bytes);
      return;
    }
    case InputKind::kPoke: {
      uint64_t end = uint64_t{input.address} + input.bytes.size();
      if (end > machine.memory.ram().size()) {
        throw InputError("poke at " + hex(input.address) + " lies outside RAM");
      }
      // poke() tells the CPU's decode cache about code-page writes.
      machine.memory.poke(input.address, input.bytes);
      return;
    }
  }
}

}  // namespace mkemu::traces
