#pragma once
// The GNU Mach hello boot (hello_boot.sh) as machine options, for the tests
// that boot it in-process the way `mkemu run` does (frontend/machine_setup.h).
#include <string>
#include <vector>

#include "frontend/machine_options.h"

namespace mkemu {

inline constexpr const char* kHelloLine =
    "mkemu-hello: a line from the bootstrap task through GNU Mach's console";

// `mkemu run` arguments that boot GNU Mach with the hello task, output nowhere.
std::vector<std::string> hello_arguments(const std::string& kernel, const std::string& hello);

// The same arguments (plus `extra`) parsed and finished as `mkemu run` does.
MachineOptions hello_options(const std::string& kernel, const std::string& hello,
                             const std::vector<std::string>& extra = {});

}  // namespace mkemu
