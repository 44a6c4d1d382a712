// Fuzzes the MOO reader (tests/conformance/moo_reader.cpp): every input must
// either parse or raise InputError; no crash, hang or sanitizer report.
// Built as part of this translation unit because the fuzz targets link only
// mkemu_frontend (tests/fuzz/CMakeLists.txt); the reader needs nothing else.
#include <cstddef>
#include <cstdint>

#include "tests/conformance/moo_reader.cpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    mkemu::moo::File file = mkemu::moo::parse({data, size}, "fuzz input");
    // Touch what a runner reads, so the sanitizers see every parsed field.
    size_t sum = 0;
    for (const mkemu::moo::TestCase& t : file.tests) {
      sum += t.name.size() + t.bytes.size() + t.initial.ram.size() + t.final.ram.size();
      sum += t.hash_hex().size();
    }
    if (sum == SIZE_MAX) return 1;
  } catch (const mkemu::InputError&) {
  }
  return 0;
}
