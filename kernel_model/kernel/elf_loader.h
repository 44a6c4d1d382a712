#pragma once

#include <stdint.h>

#include "kernel/objects.h"

namespace kernel {

// Copies an ELF32 image's PT_LOAD segments into fresh frames mapped into `t`
// (root mappings, so they can be mapped on). Returns the entry point, 0 on error.
uint32_t load_elf(Task* t, uint32_t image, uint32_t size);

}  // namespace kernel
