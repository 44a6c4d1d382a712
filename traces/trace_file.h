#pragma once
// The container of a trace (docs/trace-format.md): a 16-byte file header,
// then chunks, each a 24-byte header (magic, sequence number, sizes, CRC-32
// of the compressed bytes, CRC-32 of the header) and one zlib stream of
// whole records. Chunks are compressed and written as the run goes; a
// truncated file is readable up to its last complete chunk.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace mkemu::traces {

inline constexpr char kTraceMagic[8] = {'M', 'K', 'E', 'M', 'U', 'T', 'R', 'C'};
inline constexpr uint16_t kTraceVersionMajor = 1;
inline constexpr uint16_t kTraceVersionMinor = 0;
inline constexpr uint32_t kTraceFileHeaderSize = 16;
inline constexpr char kChunkMagic[4] = {'M', 'K', 'C', 'K'};
inline constexpr uint32_t kChunkHeaderSize = 24;
inline constexpr uint32_t kMaxChunkPayload = 64u << 20;

enum class RecordType : uint8_t {
  kHeader = 1,
  kInput = 2,
  kCheckpoint = 3,
  kInstruction = 4,
  kOutput = 5,
  kEnd = 6,
};

// Builds chunks from records and hands each finished chunk's bytes (the
// file header first) to `sink`.
class TraceEncoder {
 public:
  using Sink = std::function<void(std::span<const uint8_t>)>;
  explicit TraceEncoder(Sink sink, size_t chunk_payload = 256u << 10, int level = 1);

  void add(RecordType type, std::span<const uint8_t> body);
  // Compresses and emits the records gathered so far as one chunk.
  void flush();

 private:
  Sink sink_;
  size_t chunk_payload_;
  int level_;
  uint32_t sequence_ = 0;
  std::vector<uint8_t> pending_;
};

// A trace being written to PATH: chunks go to PATH.partial as they are made
// (so a crash leaves a readable prefix there); finish() renames it to PATH.
// Destroyed without finish() (an error), it removes PATH.partial.
class TraceFileWriter {
 public:
  explicit TraceFileWriter(const std::string& path);
  ~TraceFileWriter();
  TraceFileWriter(const TraceFileWriter&) = delete;
  TraceFileWriter& operator=(const TraceFileWriter&) = delete;

  void add(RecordType type, std::span<const uint8_t> body) { encoder_.add(type, body); }
  void finish();
  uint64_t bytes_written() const { return written_; }

 private:
  void write(std::span<const uint8_t> bytes);
  std::string path_;
  std::string partial_;
  std::FILE* file_ = nullptr;
  int open_errno_ = 0;
  uint64_t written_ = 0;
  TraceEncoder encoder_;
};

struct TraceRecord {
  RecordType type;
  std::vector<uint8_t> body;
  uint64_t chunk_offset;    // file offset of the chunk that holds it
  uint64_t payload_offset;  // offset of the body in the chunk's decompressed payload
};

// Reads every record of a trace held in memory. Corruption (bad magic,
// version, CRC, sizes, zlib data, record framing) throws InputError with the
// file offset; a file that simply ends early stops at the last complete chunk
// and sets truncated().
class TraceReader {
 public:
  TraceReader(std::span<const uint8_t> file, std::string origin);
  // The next record, or false at the end.
  bool next(TraceRecord& record);
  bool truncated() const { return truncated_; }
  // Where the complete chunks end (the file size unless truncated).
  uint64_t complete_bytes() const { return complete_end_; }
  const std::string& origin() const { return origin_; }
  // A later minor version may append fields to records: readers then
  // ignore bytes after the fields they know.
  bool newer_minor_version() const { return minor_ > kTraceVersionMinor; }

 private:
  bool load_chunk();
  std::span<const uint8_t> file_;
  std::string origin_;
  uint64_t pos_ = 0;
  uint64_t complete_end_ = 0;
  uint32_t sequence_ = 0;
  uint16_t minor_ = 0;
  bool truncated_ = false;
  std::vector<uint8_t> payload_;
  uint64_t payload_pos_ = 0;
  uint64_t chunk_offset_ = 0;
};

}  // namespace mkemu::traces
