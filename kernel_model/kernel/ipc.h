// Synchronous IPC, message transfer (incl. flexpage items) and IRQ delivery.
#pragma once

#include <stdint.h>

#include "kernel/objects.h"

namespace kernel {

// The IPC system call on behalf of `cur` (the current thread). For a kernel-synthesised
// message (cur->kipc) the message comes from cur->ktag/kwords and the result lands in
// cur->kresult/kreply_*; otherwise registers and UTCB carry both.
void sys_ipc(Thread* cur, uint32_t dest, uint32_t from, uint32_t timeouts);

void irq_raise(uint32_t irq);
uint32_t irq_attach(Thread* caller, uint32_t irq, uint32_t thread_id);

}  // namespace kernel
