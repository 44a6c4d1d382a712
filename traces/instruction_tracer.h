#pragma once
// Observer that turns execution into InstructionEvents: each event holds one
// instruction plus everything since the previous event (an interrupt taken
// before it, register changes, memory writes, port I/O). Used by the
// recorder (to write them) and the replayer (to compare them).
#include <array>
#include <cstdint>
#include <functional>

#include "platform/core/observer.h"
#include "traces/trace_records.h"

namespace mkemu::traces {

class InstructionTracer final : public Observer {
 public:
  using Sink = std::function<void(const InstructionEvent&)>;
  InstructionTracer(Machine& machine, Sink sink);
  ~InstructionTracer() override;
  InstructionTracer(const InstructionTracer&) = delete;
  InstructionTracer& operator=(const InstructionTracer&) = delete;

  // Emits the open event (an instruction whose after_instruction never came
  // because it faulted, or the last one before a stop).
  void flush();

  void before_instruction(uint32_t eip_linear) override;
  void after_instruction() override;
  void on_io(uint16_t port, unsigned size, uint32_t value, bool is_write) override;
  void on_memory(uint32_t linear, uint32_t phys, unsigned size, uint32_t value,
                 bool is_write) override;
  void on_exception(uint8_t vector, bool has_error_code, uint32_t error) override;
  void on_interrupt(uint8_t vector) override;
  bool wants_memory() const override { return true; }

 private:
  void finish_event();
  void read_code(uint32_t linear);
  Machine& machine_;
  Sink sink_;
  InstructionEvent event_;
  bool open_ = false;
  std::vector<uint32_t> last_registers_;
};

}  // namespace mkemu::traces
