// The sigma0 protocol: requests for physical memory and I/O ports.
#pragma once

#include <stdint.h>

#include "user/lib/km.h"

namespace km {

enum Sigma0Label : uint32_t {
  kS0AnyPage = 0x5001,   // reply: one free page (w0 = physical address), map item
  kS0PhysPage = 0x5002,  // w0 = physical address: reply maps that page (modules, devices)
  kS0Io = 0x5003,        // w0 = port, w1 = log2 count: reply maps the I/O flexpage
  kS0Refused = 0x50FF,   // reply label when the request cannot be served
};

// Client side: the page lands at `dest` (the receive window is set for the call).
// Return the physical address, or 0 if sigma0 refused.
uint32_t sigma0_any_page(uint32_t dest);
bool sigma0_phys_page(uint32_t phys, uint32_t dest);
bool sigma0_io(uint32_t port, uint32_t order);

}  // namespace km
