// Runs one SingleStepTests set (MOO files) against mkemu's CPU and prints
// `N passed, N failed`. Exit status: 0 pass, 1 failures, 2 bad data or table,
// 77 data absent (CTest SKIP_RETURN_CODE).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/conformance/conformance_machine.h"
#include "tests/conformance/exclusions_286.h"
#include "tests/conformance/opcode_metadata.h"

namespace fs = std::filesystem;
using namespace mkemu;
using namespace mkemu::conformance;

namespace {

constexpr int kSkip = 77;
constexpr int kBadData = 2;

struct Options {
  std::string set_name;
  fs::path data_dir;
  fs::path metadata;     // optional metadata.json
  fs::path revocations;  // optional revocation_list.txt
  bool exclusions_286 = false;
  std::string only;             // one opcode file stem
  unsigned shown_per_file = 3;  // failures printed per opcode file
};

std::set<std::string> read_revocations(const fs::path& path) {
  std::set<std::string> ids;
  if (path.empty() || !fs::exists(path)) return ids;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    line.erase(0, line.find_first_not_of(" \t\r"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (line.empty() || line[0] == '#') continue;
    std::transform(line.begin(), line.end(), line.begin(), ::tolower);
    ids.insert(line);
  }
  return ids;
}

std::string hex_bytes(const std::vector<uint8_t>& bytes) {
  std::string s;
  char buf[4];
  for (uint8_t b : bytes) {
    std::snprintf(buf, sizeof buf, "%s%02x", s.empty() ? "" : " ", b);
    s += buf;
  }
  return s;
}

void print_failure(const std::string& stem, const moo::TestCase& t,
                   const std::vector<Mismatch>& diff) {
  std::printf("FAIL %s #%u '%s' [%s]", stem.c_str(), t.index, t.name.c_str(),
              hex_bytes(t.bytes).c_str());
  if (t.exception) std::printf(" (reference raised exception %u)", t.exception->vector);
  std::printf("\n");
  for (const Mismatch& m : diff)
    std::printf("    %-10s expected %08x got %08x\n", m.field.c_str(), m.expected, m.got);
}

std::string stem_of(const fs::path& file) {
  std::string name = file.filename().string();
  return name.substr(0, name.find(".MOO"));
}

int run(const Options& opt) {
  if (!fs::is_directory(opt.data_dir)) {
    std::printf("SKIP %s: conformance data not found at %s\n", opt.set_name.c_str(),
                opt.data_dir.c_str());
    return kSkip;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(opt.data_dir)) {
    std::string name = e.path().filename().string();
    if (name.find(".MOO") != std::string::npos) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  OpcodeMetadata metadata;
  if (!opt.metadata.empty()) metadata = OpcodeMetadata::load(opt.metadata);
  std::set<std::string> revoked = read_revocations(opt.revocations);

  ConformanceMachine machine;
  unsigned passed = 0, failed = 0, excluded = 0, revoked_count = 0, parsed = 0;
  std::map<std::pair<std::string, Exclusion286>, unsigned> exclusion_counts;
  std::vector<std::string> failing_files;
  for (const fs::path& file : files) {
    std::string stem = stem_of(file);
    if (!opt.only.empty() && stem != opt.only) continue;
    moo::File moo = moo::parse(moo::read_maybe_gzip(file.string()), file.string());
    uint32_t flags_mask = metadata.defined_flags(stem);
    unsigned file_failed = 0, file_passed = 0;
    for (const moo::TestCase& t : moo.tests) {
      ++parsed;
      if (revoked.count(t.hash_hex())) {
        ++revoked_count;
        continue;
      }
      if (opt.exclusions_286) {
        Exclusion286 category = classify_286(stem, t);
        if (category != Exclusion286::kNone) {
          ++exclusion_counts[{stem, category}];
          ++excluded;
          continue;
        }
      }
      std::vector<Mismatch> diff = machine.run(t, flags_mask);
      if (diff.empty()) {
        ++file_passed;
        continue;
      }
      if (file_failed++ < opt.shown_per_file) print_failure(stem, t, diff);
    }
    if (file_failed) {
      std::printf("  %s: %u of %u failed\n", stem.c_str(), file_failed, file_failed + file_passed);
      failing_files.push_back(stem);
    }
    passed += file_passed;
    failed += file_failed;
  }

  int status = failed ? 1 : 0;
  if (opt.exclusions_286 && opt.only.empty()) {
    // The published table must match what the predicates select.
    std::map<std::pair<std::string, Exclusion286>, unsigned> table;
    for (const ExpectedExclusion& e : expected_exclusions_286())
      table[{e.stem, e.category}] = e.count;
    for (const auto& [key, count] : exclusion_counts) {
      auto it = table.find(key);
      unsigned want = it == table.end() ? 0 : it->second;
      if (want == count) continue;
      std::printf("EXCLUSION TABLE: %s %s matched %u tests, the table says %u\n", key.first.c_str(),
                  std::string(exclusion_name(key.second)).c_str(), count, want);
      status = kBadData;
    }
    for (const auto& [key, count] : table) {
      if (exclusion_counts.count(key)) continue;
      std::printf("EXCLUSION TABLE: %s %s matched no test, the table says %u\n", key.first.c_str(),
                  std::string(exclusion_name(key.second)).c_str(), count);
      status = kBadData;
    }
    std::printf("Excluded (286-vs-P6 differences, file:count):\n");
    for (auto i = static_cast<unsigned>(Exclusion286::kLockUndefined);
         i <= static_cast<unsigned>(Exclusion286::kLast); ++i) {
      const auto c = static_cast<Exclusion286>(i);
      unsigned total = 0;
      std::string files;
      for (const auto& [key, count] : exclusion_counts) {
        if (key.second != c) continue;
        total += count;
        files += " " + key.first + ":" + std::to_string(count);
      }
      std::printf("  %s (%u): %s\n   %s\n", std::string(exclusion_name(c)).c_str(), total,
                  std::string(exclusion_reason(c)).c_str(), files.c_str());
    }
    double share = parsed ? 100.0 * excluded / parsed : 0;
    std::printf("  excluded %u of %u tests (%.2f%%, limit 3%%)\n", excluded, parsed, share);
    if (excluded * 100 > parsed * 3) status = kBadData;
  }
  std::printf("%s: %u passed, %u failed (excluded %u, revoked %u, parsed %u)\n",
              opt.set_name.c_str(), passed, failed, excluded, revoked_count, parsed);
  if (parsed == 0) {
    std::printf("ERROR: conformance data present but no test was parsed\n");
    return kBadData;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw InputError(args[i] + " needs a value");
      return args[++i];
    };
    try {
      if (args[i] == "--set")
        opt.set_name = value();
      else if (args[i] == "--dir")
        opt.data_dir = value();
      else if (args[i] == "--metadata")
        opt.metadata = value();
      else if (args[i] == "--revocations")
        opt.revocations = value();
      else if (args[i] == "--exclusions-286")
        opt.exclusions_286 = true;
      else if (args[i] == "--only")
        opt.only = value();
      else if (args[i] == "--show")
        opt.shown_per_file = static_cast<unsigned>(std::stoul(value()));
      else
        throw InputError("unknown argument " + args[i]);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "conformance_runner: %s\n", e.what());
      return kBadData;
    }
  }
  try {
    return run(opt);
  } catch (const InputError& e) {
    std::printf("ERROR: %s\n", e.what());
    return kBadData;
  }
}
