#pragma once

#include "kernel/objects.h"

namespace kernel {

void syscall(Frame* f);

}  // namespace kernel
