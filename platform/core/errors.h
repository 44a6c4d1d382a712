#pragma once
// Errors that reach the user: bad host input (exit status 2) and internal errors.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace mkemu {

// Bad host input: an image, config, trace, snapshot or command. The message
// names the file and, where it helps, the byte offset.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  static InputError at(const std::string& file, uint64_t offset, const std::string& what) {
    return InputError(file + ": offset " + std::to_string(offset) + ": " + what);
  }
};

}  // namespace mkemu
