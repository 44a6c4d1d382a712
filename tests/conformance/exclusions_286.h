#pragma once
// Tests of the 80286 set whose reference result is a 286-only behaviour that
// a P6 legitimately does differently. Each category is decided from the test's
// own bytes and reference data (never from mkemu's result) and the expected
// count per opcode file is listed in exclusions_286.cpp, so the table stays
// honest: the runner fails when a category matches a different number of tests.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tests/conformance/moo_reader.h"

namespace mkemu::conformance {

enum class Exclusion286 : uint8_t {
  kNone,
  kLockUndefined,     // LOCK where P6 raises #UD
  kPopIoplNt,         // POPF/IRET loading IOPL/NT in real mode
  kFsGsEncoding,      // 8C/8E reg 4/5 (FS/GS) are #UD on the 286
  kStackWrapFault,    // SS-relative wrap: #GP on the 286, #SS on P6
  kOverTenBytes,      // the 286's 10-byte instruction limit
  kStringFaultIndex,  // the 286 advances SI/DI before a string #GP
  kHltAtFfff,         // the 286 wraps IP to 0 after an instruction ending at FFFF
  kLast = kHltAtFfff,
};

// Why the category differs, for the printed table.
std::string_view exclusion_reason(Exclusion286 category);
std::string_view exclusion_name(Exclusion286 category);

// The category of `test` from opcode file `stem` (e.g. "9D", "80.1").
Exclusion286 classify_286(std::string_view stem, const moo::TestCase& test);

struct ExpectedExclusion {
  const char* stem;
  Exclusion286 category;
  unsigned count;
};
// The published table: every (file, category) with its count.
std::span<const ExpectedExclusion> expected_exclusions_286();

}  // namespace mkemu::conformance
