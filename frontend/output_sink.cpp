#include "frontend/output_sink.h"

#include <cerrno>
#include <cstring>

#include "platform/core/errors.h"

namespace mkemu {
namespace {

class FileSink : public OutputSink {
 public:
  FileSink(std::FILE* file, bool owned) : file_(file), owned_(owned) {}
  ~FileSink() override {
    flush();
    if (owned_) std::fclose(file_);
  }
  void put(uint8_t byte) override {
    std::fputc(byte, file_);
    // Line-buffered: a user watching, or a test that kills a hung run, still
    // gets every complete line (guest consoles are a few KiB per second).
    if (byte == '\n') std::fflush(file_);
  }
  void flush() override { std::fflush(file_); }

 private:
  std::FILE* file_;
  bool owned_;
};

}  // namespace

std::unique_ptr<OutputSink> OutputSink::open(const std::string& spec, const std::string& option) {
  if (spec == "none") return nullptr;
  if (spec == "stdio") return std::make_unique<FileSink>(stdout, false);
  if (spec.rfind("file:", 0) == 0 && spec.size() > 5) {
    std::string path = spec.substr(5);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw InputError(option + ": " + path + ": cannot create: " + std::strerror(errno));
    return std::make_unique<FileSink>(f, true);
  }
  throw InputError(option + ": expected stdio, none or file:PATH, got '" + spec + "'");
}

}  // namespace mkemu
