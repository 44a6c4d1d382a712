#pragma once
// Where guest output goes: `stdio`, `none` or `file:PATH` (--serial, --debugcon).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace mkemu {

class OutputSink {
 public:
  // Throws InputError for an unknown spec or a file that cannot be created.
  static std::unique_ptr<OutputSink> open(const std::string& spec, const std::string& option);
  ~OutputSink();
  void put(uint8_t byte);
  void flush();

 private:
  explicit OutputSink(std::FILE* file, bool owned) : file_(file), owned_(owned) {}
  std::FILE* file_;
  bool owned_;
};

}  // namespace mkemu
