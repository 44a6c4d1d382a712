// The published exclusion table of the 80286 set: per opcode file, the
// category and the number of tests it covers. Produced from the predicates in
// exclusions_286.cpp over the reference data alone (never from mkemu's
// results); the runner recomputes it on every run and fails on any change.
// Total 390 of 16,250 tests (2.40%, limit 3%); lock-ud is most of it because
// the generator put random LOCK prefixes on every opcode.
#include "tests/conformance/exclusions_286.h"

namespace mkemu::conformance {
namespace {

using enum Exclusion286;

constexpr ExpectedExclusion kTable[] = {
    {"06", kLockUndefined, 1},    {"07", kLockUndefined, 1},    {"0A", kLockUndefined, 3},
    {"0B", kLockUndefined, 3},    {"0E", kLockUndefined, 1},    {"1A", kLockUndefined, 2},
    {"1B", kLockUndefined, 1},    {"1E", kLockUndefined, 1},    {"1F", kLockUndefined, 1},
    {"2A", kLockUndefined, 2},    {"2B", kLockUndefined, 2},    {"32", kLockUndefined, 1},
    {"33", kLockUndefined, 2},    {"38", kLockUndefined, 4},    {"39", kLockUndefined, 4},
    {"39", kStackWrapFault, 1},   {"3A", kLockUndefined, 4},    {"3B", kLockUndefined, 4},
    {"3B", kStackWrapFault, 1},   {"58", kLockUndefined, 4},    {"59", kLockUndefined, 4},
    {"5A", kLockUndefined, 1},    {"5C", kLockUndefined, 4},    {"5D", kLockUndefined, 4},
    {"5E", kLockUndefined, 4},    {"5F", kLockUndefined, 4},    {"60", kLockUndefined, 1},
    {"61", kLockUndefined, 1},    {"62", kLockUndefined, 2},    {"62", kStackWrapFault, 1},
    {"6D", kStringFaultIndex, 3}, {"6F", kStringFaultIndex, 3}, {"81.0", kOverTenBytes, 1},
    {"81.1", kOverTenBytes, 1},   {"81.2", kLockUndefined, 1},  {"81.2", kOverTenBytes, 1},
    {"81.3", kLockUndefined, 1},  {"81.3", kOverTenBytes, 1},   {"81.4", kOverTenBytes, 1},
    {"81.5", kOverTenBytes, 1},   {"81.6", kOverTenBytes, 1},   {"81.7", kOverTenBytes, 1},
    {"82.0", kLockUndefined, 1},  {"82.1", kLockUndefined, 1},  {"82.2", kLockUndefined, 1},
    {"82.3", kLockUndefined, 1},  {"82.4", kLockUndefined, 1},  {"82.5", kLockUndefined, 1},
    {"82.6", kLockUndefined, 1},  {"82.7", kLockUndefined, 1},  {"83.0", kLockUndefined, 1},
    {"83.1", kLockUndefined, 1},  {"83.2", kLockUndefined, 1},  {"83.3", kLockUndefined, 1},
    {"83.4", kLockUndefined, 1},  {"83.5", kLockUndefined, 1},  {"83.6", kLockUndefined, 1},
    {"83.7", kLockUndefined, 1},  {"84", kLockUndefined, 1},    {"85", kLockUndefined, 1},
    {"86", kLockUndefined, 1},    {"88", kLockUndefined, 1},    {"89", kLockUndefined, 1},
    {"8A", kLockUndefined, 1},    {"8C", kFsGsEncoding, 1},     {"8E", kFsGsEncoding, 1},
    {"8E", kLockUndefined, 1},    {"8F", kLockUndefined, 2},    {"9A", kLockUndefined, 5},
    {"9C", kLockUndefined, 3},    {"9D", kLockUndefined, 3},    {"9D", kPopIoplNt, 37},
    {"A0", kLockUndefined, 1},    {"A1", kLockUndefined, 1},    {"A3", kLockUndefined, 1},
    {"A5", kStringFaultIndex, 2}, {"A7", kStringFaultIndex, 1}, {"AA", kLockUndefined, 1},
    {"AB", kLockUndefined, 1},    {"AD", kLockUndefined, 1},    {"AE", kLockUndefined, 1},
    {"AF", kLockUndefined, 1},    {"C0.0", kLockUndefined, 2},  {"C0.1", kLockUndefined, 2},
    {"C0.2", kLockUndefined, 2},  {"C0.3", kLockUndefined, 2},  {"C0.4", kLockUndefined, 2},
    {"C0.5", kLockUndefined, 2},  {"C0.6", kLockUndefined, 2},  {"C0.7", kLockUndefined, 2},
    {"C1.0", kLockUndefined, 2},  {"C1.1", kLockUndefined, 2},  {"C1.2", kLockUndefined, 2},
    {"C1.3", kLockUndefined, 2},  {"C1.4", kLockUndefined, 2},  {"C1.5", kLockUndefined, 2},
    {"C1.6", kLockUndefined, 2},  {"C1.7", kLockUndefined, 2},  {"C2", kHltAtFfff, 5},
    {"C2", kLockUndefined, 2},    {"C3", kHltAtFfff, 4},        {"C3", kLockUndefined, 2},
    {"C4", kLockUndefined, 2},    {"C5", kLockUndefined, 1},    {"C6", kLockUndefined, 1},
    {"C7", kLockUndefined, 1},    {"C9", kLockUndefined, 3},    {"C9", kStackWrapFault, 1},
    {"CA", kHltAtFfff, 2},        {"CA", kLockUndefined, 2},    {"CB", kHltAtFfff, 3},
    {"CB", kLockUndefined, 1},    {"CC", kLockUndefined, 1},    {"CD", kLockUndefined, 1},
    {"CE", kLockUndefined, 2},    {"CF", kHltAtFfff, 3},        {"CF", kLockUndefined, 2},
    {"CF", kPopIoplNt, 33},       {"D0.0", kLockUndefined, 1},  {"D0.1", kLockUndefined, 1},
    {"D0.2", kLockUndefined, 1},  {"D0.3", kLockUndefined, 1},  {"D0.4", kLockUndefined, 1},
    {"D0.5", kLockUndefined, 1},  {"D0.6", kLockUndefined, 1},  {"D0.7", kLockUndefined, 1},
    {"D1.0", kLockUndefined, 1},  {"D1.1", kLockUndefined, 1},  {"D1.2", kLockUndefined, 2},
    {"D1.3", kLockUndefined, 2},  {"D1.4", kLockUndefined, 1},  {"D1.5", kLockUndefined, 1},
    {"D1.6", kLockUndefined, 1},  {"D1.7", kLockUndefined, 1},  {"D2.0", kLockUndefined, 2},
    {"D2.1", kLockUndefined, 2},  {"D2.2", kLockUndefined, 2},  {"D2.3", kLockUndefined, 2},
    {"D2.4", kLockUndefined, 2},  {"D2.5", kLockUndefined, 2},  {"D2.6", kLockUndefined, 2},
    {"D2.7", kLockUndefined, 2},  {"D3.0", kLockUndefined, 2},  {"D3.1", kLockUndefined, 2},
    {"D3.2", kLockUndefined, 2},  {"D3.3", kLockUndefined, 2},  {"D3.4", kLockUndefined, 2},
    {"D3.5", kLockUndefined, 2},  {"D3.6", kLockUndefined, 2},  {"D3.7", kLockUndefined, 2},
    {"D4", kLockUndefined, 2},    {"D5", kLockUndefined, 2},    {"D6", kLockUndefined, 1},
    {"D7", kLockUndefined, 1},    {"D8", kLockUndefined, 2},    {"E0", kLockUndefined, 1},
    {"E1", kLockUndefined, 1},    {"E2", kLockUndefined, 1},    {"E3", kLockUndefined, 1},
    {"E4", kLockUndefined, 1},    {"E5", kLockUndefined, 1},    {"E8", kLockUndefined, 2},
    {"E9", kLockUndefined, 2},    {"EA", kLockUndefined, 2},    {"EB", kLockUndefined, 2},
    {"EC", kLockUndefined, 2},    {"ED", kLockUndefined, 2},    {"F4", kLockUndefined, 2},
    {"F6.0", kLockUndefined, 1},  {"F6.1", kLockUndefined, 1},  {"F6.2", kLockUndefined, 1},
    {"F6.3", kLockUndefined, 1},  {"F6.4", kLockUndefined, 1},  {"F6.5", kLockUndefined, 1},
    {"F6.6", kLockUndefined, 1},  {"F6.7", kLockUndefined, 1},  {"F7.0", kLockUndefined, 1},
    {"F7.1", kLockUndefined, 1},  {"F7.2", kLockUndefined, 1},  {"F7.3", kLockUndefined, 1},
    {"F7.4", kLockUndefined, 1},  {"F7.5", kLockUndefined, 1},  {"F7.6", kLockUndefined, 1},
    {"F7.7", kLockUndefined, 1},  {"FF.2", kHltAtFfff, 3},      {"FF.2", kLockUndefined, 3},
    {"FF.3", kHltAtFfff, 1},      {"FF.3", kLockUndefined, 3},  {"FF.4", kHltAtFfff, 1},
    {"FF.4", kLockUndefined, 3},  {"FF.5", kHltAtFfff, 1},      {"FF.5", kLockUndefined, 3},
    {"FF.6", kLockUndefined, 3},
};

}  // namespace

std::span<const ExpectedExclusion> expected_exclusions_286() {
  return kTable;
}

}  // namespace mkemu::conformance
