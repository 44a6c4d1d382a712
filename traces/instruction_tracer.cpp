#include "traces/instruction_tracer.h"

#include "cpu/decode_info.h"

namespace mkemu::traces {

InstructionTracer::InstructionTracer(Machine& machine, Sink sink)
    : machine_(machine), sink_(std::move(sink)), last_registers_(read_registers(machine)) {
  machine_.observers.attach(this);
}

InstructionTracer::~InstructionTracer() {
  machine_.observers.detach(this);
}

void InstructionTracer::read_code(uint32_t linear) {
  const CpuState& s = machine_.cpu.state();
  bool user = s.cpl == 3;
  uint8_t code[15];
  unsigned have = 0;
  // Side-effect-free reads, page by page: no A/D bits, no TLB fills.
  while (have < sizeof code) {
    uint32_t phys = 0;
    uint32_t at = linear + have;
    if (!machine_.mmu.peek_translate(at, user, AccessType::kExecute, phys)) break;
    unsigned n = std::min<unsigned>(sizeof code - have, 4096 - (at & 0xFFF));
    machine_.memory.peek(phys, {code + have, n});
    have += n;
  }
  event_.code32 = (s.cr0 & 1) && (s.seg[kCs].attributes & 0x400);
  unsigned length = have;
  if (have) {
    DecodeInfo info = decode_for_crosscheck({code, have}, event_.code32, machine_.cpu.config());
    if (info.length && info.length <= have) length = info.length;
  }
  event_.bytes.assign(code, code + length);
}

void InstructionTracer::before_instruction(uint32_t eip_linear) {
  if (open_) finish_event();  // the previous instruction faulted
  open_ = true;
  event_.index = machine_.cpu.instructions_retired();
  event_.cycle = machine_.clock.cycles;
  event_.eip = eip_linear;
  read_code(eip_linear);
}

void InstructionTracer::after_instruction() {
  if (open_) finish_event();
}

void InstructionTracer::flush() {
  if (open_) finish_event();
}

void InstructionTracer::finish_event() {
  std::vector<uint32_t> now = read_registers(machine_);
  for (size_t i = 0; i < now.size(); ++i) {
    if (now[i] != last_registers_[i]) {
      event_.registers.push_back({static_cast<uint8_t>(i), now[i]});
    }
  }
  last_registers_ = std::move(now);
  sink_(event_);
  event_ = InstructionEvent{};
  open_ = false;
}

void InstructionTracer::on_io(uint16_t port, unsigned size, uint32_t value, bool is_write) {
  event_.ports.push_back({port, static_cast<uint8_t>(size), is_write, value});
}

void InstructionTracer::on_memory(uint32_t linear, uint32_t phys, unsigned size, uint32_t value,
                                  bool is_write) {
  if (is_write) event_.writes.push_back({linear, phys, static_cast<uint8_t>(size), value});
}

void InstructionTracer::on_exception(uint8_t vector, bool has_error_code, uint32_t error) {
  event_.events.push_back({2, vector, has_error_code, error});
}

void InstructionTracer::on_interrupt(uint8_t vector) {
  event_.events.push_back({1, vector, false, 0});
}

}  // namespace mkemu::traces
