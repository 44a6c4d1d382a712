// Threads and the scheduler: fixed priorities, round robin within a priority.
#pragma once

#include <stdint.h>

#include "kernel/objects.h"

namespace kernel {

constexpr uint32_t kTimeSliceTicks = 2;
constexpr uint32_t kTicksPerSecond = 100;

Thread* thread_by_id(uint32_t id);  // nullptr unless a live thread
Thread* thread_create(uint32_t id, Task* task, uint32_t eip, uint32_t esp, uint8_t prio,
                      uint32_t pager, uint32_t exc_handler);
// Makes a blocked thread ready (cancelling its timeout).
void wake(Thread* t);
// Blocks the current thread (its state is already set) until someone wakes it.
void block_current(uint32_t timeout_ticks);
void yield_current();
// Runs the highest-priority ready thread; idles with interrupts on while none is ready.
void schedule();
// Called on return to user mode: preempt if a better thread is ready.
void maybe_preempt();
void timer_tick();
// Timeout expiry hook (ipc.cpp): unblock `t` with a timeout error.
void ipc_timeout(Thread* t);

}  // namespace kernel
