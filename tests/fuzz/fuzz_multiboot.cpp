// Any byte string given as a --kernel image is either parsed or rejected
// with InputError; never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <span>

#include "platform/boot/multiboot_image.h"
#include "platform/core/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    mkemu::MultibootKernel k = mkemu::parse_multiboot_kernel(std::span(data, size), "fuzz");
    // A parsed kernel's segments must lie inside the image.
    for (const auto& s : k.segments) {
      if (uint64_t{s.file_offset} + s.file_size > size) __builtin_trap();
      if (s.mem_size < s.file_size) __builtin_trap();
    }
  } catch (const mkemu::InputError&) {
  }
  return 0;
}
