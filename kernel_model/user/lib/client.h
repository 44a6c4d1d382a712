// Client helpers for the root task, log server and I/O server protocols.
#pragma once

#include <stdint.h>

#include "user/lib/km.h"
#include "user/lib/system.h"

namespace km {

struct InitInfo {
  bool ok;
  uint32_t w0, w1;  // log server / I/O server ids (I/O server: its manager in w0)
};
// Asks the root task for this task's resources (I/O flexpages arrive with the reply).
InitInfo root_init();

// Creates a thread in the caller's task, paged by the root task from the task's image.
uint32_t thread_in_own_task(uint32_t id, uint32_t exc, void (*entry)(), uint32_t stack_top,
                            uint32_t prio);

// Writes `text` through the log server; returns the byte count it reports.
uint32_t log_write(uint32_t log_server, const char* text);

}  // namespace km
