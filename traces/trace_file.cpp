#include "traces/trace_file.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "platform/core/errors.h"
#include "platform/core/state_io.h"
#include "traces/zlib_codec.h"

namespace mkemu::traces {
namespace {

template <typename T>
T load_le(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

constexpr uint32_t kRecordHeaderSize = 5;  // u8 type, u32 length

}  // namespace

TraceEncoder::TraceEncoder(Sink sink, size_t chunk_payload, int level)
    : sink_(std::move(sink)), chunk_payload_(chunk_payload), level_(level) {
  StateWriter header;
  header.put_bytes({reinterpret_cast<const uint8_t*>(kTraceMagic), 8});
  header.put(kTraceVersionMajor);
  header.put(kTraceVersionMinor);
  header.put(crc32_of(header.bytes()));
  sink_(header.bytes());
}

void TraceEncoder::add(RecordType type, std::span<const uint8_t> body) {
  if (body.size() + kRecordHeaderSize > kMaxChunkPayload) {
    throw std::length_error("trace record too large");
  }
  if (!pending_.empty() && pending_.size() + kRecordHeaderSize + body.size() > chunk_payload_) {
    flush();
  }
  pending_.push_back(static_cast<uint8_t>(type));
  uint32_t n = static_cast<uint32_t>(body.size());
  const auto* p = reinterpret_cast<const uint8_t*>(&n);
  pending_.insert(pending_.end(), p, p + 4);
  pending_.insert(pending_.end(), body.begin(), body.end());
}

void TraceEncoder::flush() {
  if (pending_.empty()) return;
  std::vector<uint8_t> compressed = zlib_compress(pending_, level_);
  StateWriter header;
  header.put_bytes({reinterpret_cast<const uint8_t*>(kChunkMagic), 4});
  header.put(sequence_++);
  header.put<uint32_t>(static_cast<uint32_t>(pending_.size()));
  header.put<uint32_t>(static_cast<uint32_t>(compressed.size()));
  header.put(crc32_of(compressed));
  header.put(crc32_of(header.bytes()));
  sink_(header.bytes());
  sink_(compressed);
  pending_.clear();
}

TraceFileWriter::TraceFileWriter(const std::string& path)
    : path_(path),
      partial_(path + ".partial"),
      file_(std::fopen(partial_.c_str(), "wb")),
      open_errno_(errno),
      encoder_([this](std::span<const uint8_t> bytes) { write(bytes); }) {}

void TraceFileWriter::write(std::span<const uint8_t> bytes) {
  // The encoder writes the file header from its constructor, before file_
  // could be checked: report a failed open here, naming the path.
  if (!file_) throw InputError(path_ + ": cannot create: " + std::strerror(open_errno_));
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    throw InputError(partial_ + ": cannot write: " + std::strerror(errno));
  }
  written_ += bytes.size();
}

void TraceFileWriter::finish() {
  encoder_.flush();
  std::FILE* f = file_;
  file_ = nullptr;
  if (std::fclose(f) != 0) throw InputError(partial_ + ": cannot write: " + std::strerror(errno));
  if (std::rename(partial_.c_str(), path_.c_str()) != 0) {
    throw InputError(path_ + ": cannot rename from " + partial_ + ": " + std::strerror(errno));
  }
}

TraceFileWriter::~TraceFileWriter() {
  if (file_) {
    std::fclose(file_);
    std::remove(partial_.c_str());
  }
}

TraceReader::TraceReader(std::span<const uint8_t> file, std::string origin)
    : file_(file), origin_(std::move(origin)) {
  if (file.size() < 8 || std::memcmp(file.data(), kTraceMagic, 8) != 0) {
    throw InputError::at(origin_, 0, "not an mkemu trace (magic MKEMUTRC missing)");
  }
  if (file.size() < kTraceFileHeaderSize) {
    throw InputError::at(origin_, file.size(), "truncated trace file header");
  }
  auto major = load_le<uint16_t>(file.data() + 8);
  auto minor = load_le<uint16_t>(file.data() + 10);
  if (load_le<uint32_t>(file.data() + 12) != crc32_of(file.first(12))) {
    throw InputError::at(origin_, 12, "trace file header CRC mismatch");
  }
  if (major != kTraceVersionMajor) {
    throw InputError::at(origin_, 8,
                         "trace format version " + std::to_string(major) + "." +
                             std::to_string(minor) + ", this mkemu reads version " +
                             std::to_string(kTraceVersionMajor) + ".x");
  }
  minor_ = minor;
  pos_ = complete_end_ = kTraceFileHeaderSize;
}

bool TraceReader::load_chunk() {
  if (truncated_ || pos_ == file_.size()) return false;
  uint64_t at = pos_;
  uint64_t left = file_.size() - at;
  if (left < kChunkHeaderSize) {
    truncated_ = true;
    return false;
  }
  const uint8_t* h = file_.data() + at;
  if (std::memcmp(h, kChunkMagic, 4) != 0) throw InputError::at(origin_, at, "bad chunk magic");
  if (load_le<uint32_t>(h + 20) != crc32_of({h, 20})) {
    throw InputError::at(origin_, at + 20, "chunk header CRC mismatch");
  }
  auto sequence = load_le<uint32_t>(h + 4);
  auto raw_size = load_le<uint32_t>(h + 8);
  auto compressed_size = load_le<uint32_t>(h + 12);
  if (sequence != sequence_) {
    throw InputError::at(origin_, at + 4,
                         "chunk " + std::to_string(sequence) + " where chunk " +
                             std::to_string(sequence_) + " was expected");
  }
  if (raw_size == 0 || raw_size > kMaxChunkPayload) {
    throw InputError::at(origin_, at + 8, "bad chunk size " + std::to_string(raw_size));
  }
  if (left - kChunkHeaderSize < compressed_size) {
    truncated_ = true;
    return false;
  }
  auto compressed = file_.subspan(at + kChunkHeaderSize, compressed_size);
  if (load_le<uint32_t>(h + 16) != crc32_of(compressed)) {
    throw InputError::at(origin_, at + kChunkHeaderSize,
                         "chunk " + std::to_string(sequence) + " CRC mismatch (corrupted)");
  }
  payload_ = zlib_decompress(compressed, raw_size, origin_, at + kChunkHeaderSize);
  if (payload_.size() != raw_size) {
    throw InputError::at(origin_, at + 8,
                         "chunk holds " + std::to_string(payload_.size()) +
                             " bytes, its header says " + std::to_string(raw_size));
  }
  payload_pos_ = 0;
  chunk_offset_ = at;
  ++sequence_;
  pos_ = complete_end_ = at + kChunkHeaderSize + compressed_size;
  return true;
}

bool TraceReader::next(TraceRecord& record) {
  while (payload_pos_ >= payload_.size()) {
    if (!load_chunk()) return false;
  }
  std::string where = origin_ + " (chunk at offset " + std::to_string(chunk_offset_) + ")";
  if (payload_.size() - payload_pos_ < kRecordHeaderSize) {
    throw InputError::at(where, payload_pos_, "truncated record header in chunk payload");
  }
  auto type = payload_[payload_pos_];
  auto length = load_le<uint32_t>(payload_.data() + payload_pos_ + 1);
  if (type < 1 || type > 6) {
    throw InputError::at(where, payload_pos_, "unknown record type " + std::to_string(type));
  }
  uint64_t body = payload_pos_ + kRecordHeaderSize;
  if (length > payload_.size() - body) {
    throw InputError::at(where, payload_pos_, "record runs past the end of its chunk");
  }
  record.type = static_cast<RecordType>(type);
  record.body.assign(payload_.begin() + static_cast<std::ptrdiff_t>(body),
                     payload_.begin() + static_cast<std::ptrdiff_t>(body + length));
  record.chunk_offset = chunk_offset_;
  record.payload_offset = body;
  payload_pos_ = body + length;
  return true;
}

}  // namespace mkemu::traces
