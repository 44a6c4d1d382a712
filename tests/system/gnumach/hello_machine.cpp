#include "hello_machine.h"

#include <algorithm>
#include <stdexcept>

#include <CLI/CLI.hpp>

namespace mkemu {

std::vector<std::string> hello_arguments(const std::string& kernel, const std::string& hello) {
  return {"--kernel",   kernel,
          "--append",   "console=com0",
          "--module",   hello + " ${device-port} ${host-port} $(task-create) $(task-resume)",
          "--serial",   "none",
          "--no-reboot"};
}

MachineOptions hello_options(const std::string& kernel, const std::string& hello,
                             const std::vector<std::string>& extra) {
  MachineOptions options;
  CLI::App app;
  add_machine_options(app, options);
  std::vector<std::string> args = hello_arguments(kernel, hello);
  args.insert(args.end(), extra.begin(), extra.end());
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  app.parse(args);
  if (!finish_machine_options(options)) throw std::runtime_error("hello options: help asked");
  return options;
}

}  // namespace mkemu
