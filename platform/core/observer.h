#pragma once
// The one narrow interface through which observers (debugger, gdb stub, trace
// recorder, fault injector, --log) watch the machine. The CPU tests a single
// flag per instruction (`armed()`); with nothing attached that is all it costs.
// Memory-access events come only from the slow path: while an observer wants
// them, the MMU stops using its host-pointer fast path.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace mkemu {

class Observer {
 public:
  virtual ~Observer() = default;
  // Before the instruction at linear address `eip_linear` executes.
  virtual void before_instruction(uint32_t /*eip_linear*/) {}
  // After an instruction retired (or faulted, then `before_instruction` of the
  // handler follows).
  virtual void after_instruction() {}
  virtual void on_io(uint16_t /*port*/, unsigned /*size*/, uint32_t /*value*/, bool /*is_write*/) {}
  virtual void on_memory(uint32_t /*linear*/, uint32_t /*phys*/, unsigned /*size*/,
                         uint32_t /*value*/, bool /*is_write*/) {}
  virtual void on_exception(uint8_t /*vector*/, bool /*has_error_code*/, uint32_t /*error*/) {}
  virtual void on_interrupt(uint8_t /*vector*/) {}
  virtual void on_control_register_write(unsigned /*cr*/, uint32_t /*value*/) {}
  virtual void on_cpl_change(unsigned /*old_cpl*/, unsigned /*new_cpl*/) {}

  // Subscriptions; the hub ORs them. Memory events cost the fast path.
  virtual bool wants_instructions() const { return true; }
  virtual bool wants_memory() const { return false; }
};

class ObserverHub {
 public:
  void attach(Observer* o) {
    observers_.push_back(o);
    refresh();
  }
  void detach(Observer* o) {
    observers_.erase(std::remove(observers_.begin(), observers_.end(), o), observers_.end());
    refresh();
  }
  // Call after an observer changes what it wants.
  void refresh() {
    wants_memory_ = std::any_of(observers_.begin(), observers_.end(),
                                [](Observer* o) { return o->wants_memory(); });
    armed_ = !observers_.empty() || stop_requested_;
  }

  bool armed() const { return armed_; }
  bool wants_memory() const { return wants_memory_; }

  // An observer asks the machine to stop at the next instruction boundary.
  void request_stop() {
    stop_requested_ = true;
    armed_ = true;
  }
  // Called per instruction while armed: cheap unless a stop was requested.
  bool take_stop_request() {
    if (!stop_requested_) return false;
    stop_requested_ = false;
    refresh();
    return true;
  }

  template <typename F>
  void each(F&& f) {
    for (Observer* o : observers_) f(*o);
  }

 private:
  std::vector<Observer*> observers_;
  bool armed_ = false;
  bool wants_memory_ = false;
  bool stop_requested_ = false;
};

}  // namespace mkemu
