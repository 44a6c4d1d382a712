#include "frontend/debugger/debugger.h"

#include <algorithm>

#include "frontend/debugger/guest_memory.h"

namespace mkemu {

Debugger::Debugger(Machine& machine, RunLimits limits)
    : m_(machine), history_(machine), state_(machine.cpu.state()), limits_(limits) {}

Debugger::~Debugger() {
  if (attached_) m_.observers.detach(this);
}

uint32_t Debugger::current_linear_eip() const {
  return state_.seg[kCs].base + state_.eip;
}

int Debugger::add_breakpoint(Breakpoint bp) {
  bp.id = next_id_++;
  breakpoints_.push_back(std::move(bp));
  rebuild_exec_index();
  return breakpoints_.back().id;
}

bool Debugger::delete_breakpoint(int id) {
  auto it = std::find_if(breakpoints_.begin(), breakpoints_.end(),
                         [id](const Breakpoint& b) { return b.id == id; });
  if (it == breakpoints_.end()) return false;
  breakpoints_.erase(it);
  rebuild_exec_index();
  return true;
}

void Debugger::delete_all(std::string_view owner) {
  std::erase_if(breakpoints_, [owner](const Breakpoint& b) { return b.owner == owner; });
  rebuild_exec_index();
}

bool Debugger::enable_breakpoint(int id, bool enabled) {
  for (Breakpoint& b : breakpoints_) {
    if (b.id == id) {
      b.enabled = enabled;
      rebuild_exec_index();
      return true;
    }
  }
  return false;
}

void Debugger::set_magic_breakpoints(bool on) {
  magic_ = on;
  update_attachment(false);
}

void Debugger::rebuild_exec_index() {
  exec_linear_.clear();
  has_exec_physical_ = has_watch_ = has_events_ = false;
  for (const Breakpoint& b : breakpoints_) {
    if (!b.enabled) continue;
    if (b.kind == BreakKind::kExecLinear) exec_linear_.push_back(b.address);
    if (b.kind == BreakKind::kExecPhysical) has_exec_physical_ = true;
    if (b.is_watch()) has_watch_ = true;
    if (b.is_exec() || b.kind == BreakKind::kException || b.kind == BreakKind::kInterrupt) {
      has_events_ = true;
    }
  }
  std::sort(exec_linear_.begin(), exec_linear_.end());
  update_attachment(false);
}

// Attached only while a breakpoint, magic breakpoints or a stepping resume
// needs the hooks: otherwise the CPU runs with the hub unarmed.
void Debugger::update_attachment(bool running) {
  bool any = magic_ || running;
  for (const Breakpoint& b : breakpoints_) any = any || b.enabled;
  if (any && !attached_) {
    m_.observers.attach(this);
    attached_ = true;
  } else if (!any && attached_) {
    m_.observers.detach(this);
    attached_ = false;
  } else {
    m_.observers.refresh();  // wants_memory may have changed
  }
}

void Debugger::stop_with(StopEvent event) {
  if (!pending_) pending_ = std::move(event);
  m_.observers.request_stop();
}

bool Debugger::condition_true(Breakpoint& bp, std::string& note) {
  if (bp.condition.empty()) return true;
  try {
    return evaluate(bp.condition) != 0;
  } catch (const ExpressionError& e) {
    note = std::string("condition could not be evaluated, stopping: ") + e.what();
    return true;
  }
}

bool Debugger::exec_breakpoint_hit(uint32_t linear, StopEvent& stop) {
  uint32_t phys = 0;
  bool have_phys = false;
  if (has_exec_physical_) {
    have_phys = m_.mmu.peek_translate(linear, m_.cpu.state().cpl == 3, AccessType::kExecute, phys);
  }
  for (Breakpoint& b : breakpoints_) {
    if (!b.enabled) continue;
    bool match = (b.kind == BreakKind::kExecLinear && b.address == linear) ||
                 (b.kind == BreakKind::kExecPhysical && have_phys && b.address == phys);
    if (!match) continue;
    std::string note;
    if (!condition_true(b, note)) continue;
    ++b.hits;
    stop = {};
    stop.reason = StopReason::kBreakpoint;
    stop.breakpoint = b.id;
    stop.address = linear;
    stop.phys = phys;
    stop.note = note;
    return true;
  }
  return false;
}

// A return instruction (C3, C2, CB, CA after any prefixes) at `linear`.
bool Debugger::is_return_at(uint32_t linear) const {
  uint8_t bytes[15];
  size_t n = peek_guest(m_, AddressSpace::kLinear, linear, bytes);
  for (size_t i = 0; i < n; ++i) {
    switch (bytes[i]) {
      case 0x66:
      case 0x67:
      case 0xF2:
      case 0xF3:
      case 0xF0:
      case 0x26:
      case 0x2E:
      case 0x36:
      case 0x3E:
      case 0x64:
      case 0x65: continue;
      case 0xC3:
      case 0xC2:
      case 0xCB:
      case 0xCA: return true;
      default: return false;
    }
  }
  return false;
}

// Bochs' magic breakpoint: xchg bx,bx (87 DB), with or without 66h.
bool Debugger::is_magic_at(uint32_t linear) const {
  uint8_t bytes[3];
  size_t n = peek_guest(m_, AddressSpace::kLinear, linear, bytes);
  size_t i = (n > 0 && bytes[0] == 0x66) ? 1 : 0;
  return n >= i + 2 && bytes[i] == 0x87 && bytes[i + 1] == 0xDB;
}

void Debugger::before_instruction(uint32_t eip_linear) {
  cur_lin_ = eip_linear;
  cur_esp_ = state_.gpr[kEsp];
  if (mode_ == Mode::kFinish) ret_pending_ = is_return_at(eip_linear);
  if (magic_) magic_pending_ = is_magic_at(eip_linear);
}

void Debugger::after_instruction() {
  ++steps_;
  if (magic_pending_) {
    magic_pending_ = false;
    StopEvent e;
    e.reason = StopReason::kMagic;
    e.by_eip = cur_lin_;
    stop_with(e);
  }
  if (mode_ == Mode::kFinish && ret_pending_ && cur_esp_ >= finish_esp_) {
    StopEvent e;
    e.reason = StopReason::kFinish;
    e.by_eip = cur_lin_;
    stop_with(e);
  }
  if (mode_ == Mode::kStep && steps_ >= step_target_) {
    StopEvent e;
    e.reason = StopReason::kStep;
    stop_with(e);
  }
  if (pending_) return;
  const uint32_t next = current_linear_eip();
  if (mode_ == Mode::kTarget && next == target_linear_ && state_.gpr[kEsp] >= target_min_esp_) {
    StopEvent e;
    e.reason = target_reason_;
    e.address = next;
    stop_with(e);
    return;
  }
  // The per-instruction check: most instructions leave here.
  if (!has_exec_physical_ && !std::binary_search(exec_linear_.begin(), exec_linear_.end(), next)) {
    return;
  }
  StopEvent hit;
  if (exec_breakpoint_hit(next, hit)) stop_with(hit);
}

void Debugger::on_io(uint16_t port, unsigned size, uint32_t value, bool is_write) {
  for (Breakpoint& b : breakpoints_) {
    if (!b.enabled || b.kind != BreakKind::kIo) continue;
    if (!(static_cast<unsigned>(b.access) & (is_write ? 2u : 1u))) continue;
    if (port + size - 1u < b.address || port > b.last) continue;
    ++b.hits;
    StopEvent e;
    e.reason = StopReason::kIoBreakpoint;
    e.breakpoint = b.id;
    e.by_eip = cur_lin_;
    e.address = port;
    e.value = value;
    e.size = size;
    e.is_write = is_write;
    stop_with(e);
    return;
  }
}

void Debugger::on_memory(uint32_t linear, uint32_t phys, unsigned size, uint32_t value,
                         bool is_write) {
  for (Breakpoint& b : breakpoints_) {
    if (!b.enabled || !b.is_watch()) continue;
    if (!(static_cast<unsigned>(b.access) & (is_write ? 2u : 1u))) continue;
    const uint64_t at = b.kind == BreakKind::kWatchLinear ? linear : phys;
    if (at + size <= b.address || at >= uint64_t{b.address} + b.length) continue;
    ++b.hits;
    StopEvent e;
    e.reason = StopReason::kWatchpoint;
    e.breakpoint = b.id;
    e.by_eip = cur_lin_;
    e.address = linear;
    e.phys = phys;
    e.value = value;
    e.size = size;
    e.is_write = is_write;
    stop_with(e);
    return;
  }
}

void Debugger::on_exception(uint8_t vector, bool has_error_code, uint32_t error) {
  on_event(true, vector, has_error_code, error);
}

void Debugger::on_interrupt(uint8_t vector) {
  on_event(false, vector, false, 0);
}

// An event moves execution to a handler. Stepping and catchpoints stop at the
// handler's first instruction; a pending execution breakpoint is dropped (it
// will hit again when the handler returns to it) and the handler's address is
// checked instead, once the CPU stops at the boundary.
void Debugger::on_event(bool exception, uint8_t vector, bool has_error, uint32_t error) {
  StopEvent e;
  e.reason = exception ? StopReason::kException : StopReason::kInterrupt;
  e.vector = vector;
  e.has_error = has_error;
  e.error = error;
  e.by_eip = cur_lin_;
  const BreakKind kind = exception ? BreakKind::kException : BreakKind::kInterrupt;
  bool caught = false;
  for (Breakpoint& b : breakpoints_) {
    if (b.enabled && b.kind == kind && (b.any_vector || b.address == vector)) {
      ++b.hits;
      e.breakpoint = b.id;
      caught = true;
      break;
    }
  }
  // A stop at an instruction boundary that the event pre-empted is dropped:
  // a breakpoint hits again when the handler returns to it.
  if (pending_ &&
      (pending_->reason == StopReason::kBreakpoint || pending_->reason == StopReason::kUntil ||
       pending_->reason == StopReason::kStep)) {
    pending_.reset();
  }
  if (pending_) {
    // A data event (watch, I/O, CR3, CPL, magic, finish) keeps its report.
    pending_->note += std::string(pending_->note.empty() ? "" : "; ") + "then " +
                      (exception ? "exception " : "interrupt ") + std::to_string(vector) +
                      " was taken: now at its handler";
    m_.observers.request_stop();
    return;
  }
  if (caught || mode_ == Mode::kStep) {
    pending_ = e;
    m_.observers.request_stop();
    return;
  }
  if (has_events_ || mode_ == Mode::kTarget) {
    recheck_exec_ = true;
    m_.observers.request_stop();
  }
}

void Debugger::on_control_register_write(unsigned cr, uint32_t value) {
  if (cr != 3) return;
  for (Breakpoint& b : breakpoints_) {
    if (!b.enabled || b.kind != BreakKind::kCr3Write) continue;
    ++b.hits;
    StopEvent e;
    e.reason = StopReason::kCr3Write;
    e.breakpoint = b.id;
    e.by_eip = cur_lin_;
    e.value = value;
    stop_with(e);
    return;
  }
}

void Debugger::on_cpl_change(unsigned old_cpl, unsigned new_cpl) {
  for (Breakpoint& b : breakpoints_) {
    if (!b.enabled || b.kind != BreakKind::kCplChange) continue;
    ++b.hits;
    StopEvent e;
    e.reason = StopReason::kCplChange;
    e.breakpoint = b.id;
    e.by_eip = cur_lin_;
    e.old_cpl = old_cpl;
    e.new_cpl = new_cpl;
    stop_with(e);
    return;
  }
}

}  // namespace mkemu
