#pragma once
// The debugger core shared by the console and the gdb stub: breakpoints,
// execution control (step, next, finish, until, continue, interrupt) and the
// machine's register/expression view. It watches the machine through the
// observer hub and attaches only while something needs it, so a `continue`
// with no breakpoints runs at full speed (the CPU's single armed check).
//
// Stop points: the hub's stop request is taken at the next instruction
// boundary, so breakpoints are checked against the *next* instruction after
// each one retires, and exceptions/interrupts stop at the handler's first
// instruction. I/O breakpoints and watchpoints stop after the instruction
// that made the access (as hardware data breakpoints do) and name it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/debugger/breakpoints.h"
#include "frontend/debugger/expression.h"
#include "frontend/debugger/reverse_history.h"
#include "frontend/debugger/symbols.h"
#include "platform/machine.h"

namespace mkemu {

enum class StopReason : uint8_t {
  kNone,           // not stopped yet (the initial state)
  kStep,           // the requested number of instructions retired
  kBreakpoint,     // execution breakpoint
  kWatchpoint,     // memory watchpoint
  kIoBreakpoint,   // I/O port breakpoint
  kException,      // an exception was taken (caught, or while stepping)
  kInterrupt,      // an interrupt was taken (caught, or while stepping)
  kCplChange,      // catch cpl
  kCr3Write,       // catch cr3
  kMagic,          // xchg bx,bx with magic breakpoints on
  kFinish,         // the current function returned
  kUntil,          // reached the `until`/`next` location
  kUserInterrupt,  // Ctrl-C or gdb's 0x03
  kMachine,        // the machine stopped on its own (exit, triple fault, ...)
  kReverseStep,    // reverse-step went back the requested number of instructions
  kHistoryStart,   // reverse execution reached the start of the history
  kRecordingEnd,   // debug --replay: the end of the recording
};

struct StopEvent {
  StopReason reason = StopReason::kNone;
  int breakpoint = 0;    // id, for breakpoint/watchpoint/io/catch stops
  uint32_t by_eip = 0;   // linear address of the instruction that caused it
  uint32_t address = 0;  // exec/watch linear address, or the port
  uint32_t phys = 0;     // watch: physical address
  uint32_t value = 0;    // written/read value (watch, I/O) or new CR3
  unsigned size = 0;
  bool is_write = false;
  uint8_t vector = 0;  // exception/interrupt
  bool has_error = false;
  uint32_t error = 0;
  unsigned old_cpl = 0, new_cpl = 0;
  std::optional<RunResult> machine;  // kMachine
  std::string note;                  // extra text (e.g. a condition that failed to evaluate)
  uint64_t instructions = 0;         // retired during this resume (reverse: went back)
  bool reverse = false;              // the previous stop, found by reverse-continue
};

class Debugger : private Observer {
 public:
  explicit Debugger(Machine& machine, RunLimits limits = {});
  ~Debugger() override;
  Debugger(const Debugger&) = delete;
  Debugger& operator=(const Debugger&) = delete;

  Machine& machine() { return m_; }
  const Machine& machine() const { return m_; }
  SymbolTable& symbols() { return symbols_; }
  const SymbolTable& symbols() const { return symbols_; }

  // Breakpoints. add_breakpoint assigns and returns the id.
  int add_breakpoint(Breakpoint bp);
  bool delete_breakpoint(int id);
  void delete_all(std::string_view owner);
  bool enable_breakpoint(int id, bool enabled);
  const std::vector<Breakpoint>& breakpoints() const { return breakpoints_; }
  void set_magic_breakpoints(bool on);
  bool magic_breakpoints() const { return magic_; }

  // Execution control. Each returns why the machine stopped.
  StopEvent step(uint64_t count);
  StopEvent next();
  StopEvent finish();
  StopEvent until(uint32_t linear);
  StopEvent cont();
  // Reverse execution (reverse_execution.cpp): back `count` instructions, or
  // back to the previous stop of a breakpoint, watchpoint or catchpoint
  // (kHistoryStart when there is none). Exact: restore the nearest snapshot
  // and re-execute with the same inputs. Both throw
  // HistoryError (nothing changed) when reverse execution is off, and
  // reverse_step also beyond the start of the history.
  StopEvent reverse_step(uint64_t count);
  StopEvent reverse_continue();
  ExecutionHistory& history() { return history_; }
  const ExecutionHistory& history() const { return history_; }
  // Guest state changed from outside (registers, memory): the history
  // begins anew there.
  void note_state_changed() { history_.state_changed(); }
  // debug --replay: reaching the run limits is the end of the recording.
  void set_limits_end_recording(bool on) { limits_end_recording_ = on; }
  // Polled between run slices; returning true stops with kUserInterrupt.
  std::function<bool()> poll_interrupt;
  const StopEvent& last_stop() const { return last_stop_; }

  // Register and symbol values for expressions; `SEG:OFF` far addresses.
  std::optional<uint64_t> value_of(std::string_view name) const;
  ExpressionContext expression_context() const;
  uint64_t evaluate(std::string_view text) const {
    return evaluate_expression(text, expression_context());
  }
  // Writes a register by name (gdb G/P, console `set`); false if unknown.
  bool set_register(std::string_view name, uint32_t value);

  // Current instruction address: CS.base + EIP.
  uint32_t current_linear_eip() const;

 private:
  enum class Mode : uint8_t { kContinue, kStep, kTarget, kFinish };
  // Runs until a stop, or until `horizon` instructions have retired (then
  // reason kNone).
  StopEvent resume(Mode mode, uint64_t horizon = UINT64_MAX);
  StopEvent run_slices(uint64_t horizon);
  bool recheck_at_handler(StopEvent& result);
  // Restores the nearest snapshot and re-executes, unobserved, to `target`.
  void replay_to(uint64_t target);
  struct Hit {
    uint64_t position;  // instructions retired at the stop
    uint64_t cycles;
    uint32_t linear_eip;
    StopEvent event;
  };
  // The stops of a continue from snapshot `from` up to instruction `end`.
  std::vector<Hit> scan_hits(uint64_t from, uint64_t end, bool& interrupted);
  void update_attachment(bool running);
  void rebuild_exec_index();
  bool exec_breakpoint_hit(uint32_t linear, StopEvent& stop);
  bool condition_true(Breakpoint& bp, std::string& note);
  void stop_with(StopEvent event);
  bool is_return_at(uint32_t linear) const;
  bool is_magic_at(uint32_t linear) const;

  // Observer hooks.
  void before_instruction(uint32_t eip_linear) override;
  void after_instruction() override;
  void on_io(uint16_t port, unsigned size, uint32_t value, bool is_write) override;
  void on_memory(uint32_t linear, uint32_t phys, unsigned size, uint32_t value,
                 bool is_write) override;
  void on_exception(uint8_t vector, bool has_error_code, uint32_t error) override;
  void on_interrupt(uint8_t vector) override;
  void on_control_register_write(unsigned cr, uint32_t value) override;
  void on_cpl_change(unsigned old_cpl, unsigned new_cpl) override;
  bool wants_memory() const override { return has_watch_; }
  void on_event(bool exception, uint8_t vector, bool has_error, uint32_t error);

  Machine& m_;
  ExecutionHistory history_;
  bool limits_end_recording_ = false;
  bool scanning_ = false;  // reverse-continue looks for hits: no side effects on breakpoints
  CpuState& state_;        // the CPU's register file (a stable reference), read per instruction
  RunLimits limits_;
  SymbolTable symbols_;
  std::vector<Breakpoint> breakpoints_;
  int next_id_ = 1;
  bool magic_ = false;
  bool attached_ = false;
  // Derived from breakpoints_ for the hot path.
  std::vector<uint32_t> exec_linear_;  // sorted
  bool has_exec_physical_ = false;
  bool has_watch_ = false;
  bool has_events_ = false;  // any exec/catch that needs a look after an event

  // The resume in progress.
  Mode mode_ = Mode::kContinue;
  uint64_t step_target_ = 0;  // steps_ value at which kStep stops
  uint64_t steps_ = 0;
  uint32_t target_linear_ = 0;  // kTarget
  uint32_t target_min_esp_ = 0;
  StopReason target_reason_ = StopReason::kUntil;
  uint32_t finish_esp_ = 0;
  uint32_t cur_lin_ = 0;
  uint32_t cur_esp_ = 0;
  bool ret_pending_ = false;
  bool magic_pending_ = false;
  bool recheck_exec_ = false;
  std::optional<StopEvent> pending_;
  StopEvent last_stop_;
};

}  // namespace mkemu
