// Any byte string given as a trace (replay, trace dump, trace diff) is read
// up to its last complete chunk or rejected with InputError naming an
// offset; never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "platform/core/errors.h"
#include "traces/trace_dump.h"
#include "traces/trace_records.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  try {
    mkemu::traces::TraceContents t = mkemu::traces::read_trace(bytes, "fuzz.mkt");
    if (t.complete_bytes > size) __builtin_trap();
    // Diffing a trace with itself finds no difference.
    if (mkemu::traces::diff_traces(t, t, {}).differ) __builtin_trap();
  } catch (const mkemu::InputError& e) {
    if (std::string(e.what()).find("offset ") == std::string::npos) __builtin_trap();
  }
  try {
    size_t lines = 0;
    mkemu::traces::dump_trace(bytes, "fuzz.mkt", {}, {}, [&lines](const std::string&) { ++lines; });
  } catch (const mkemu::InputError&) {
  }
  return 0;
}
