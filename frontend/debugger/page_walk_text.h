#pragma once
// `translate ADDR`: the page walk for a linear address, entry by entry, read
// from guest memory without side effects (Intel SDM vol. 3, 4.3 and 4.4).
#include <cstdint>
#include <string>

#include "platform/machine.h"

namespace mkemu {

std::string format_page_walk(const Machine& m, uint32_t linear);

}  // namespace mkemu
