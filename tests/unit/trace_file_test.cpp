// The trace container: records come back in order across chunks; a file cut
// anywhere yields exactly the records of its complete chunks; corruption
// and wrong versions are InputErrors naming the offset.
#include <gtest/gtest.h>

#include <cstring>
#include <regex>

#include "platform/core/errors.h"
#include "traces/trace_file.h"
#include "traces/zlib_codec.h"

namespace mkemu::traces {
namespace {

struct Encoded {
  std::vector<uint8_t> bytes;
  std::vector<size_t> chunk_ends;      // file offset after each chunk
  std::vector<size_t> records_before;  // records in complete chunks up to each chunk end
};

std::vector<uint8_t> body_of(size_t i) {
  std::vector<uint8_t> body(i % 300);
  for (size_t k = 0; k < body.size(); ++k) body[k] = static_cast<uint8_t>(i * 31 + k);
  return body;
}

// 500 records of growing size, in chunks of at most 2 KiB.
Encoded encode(size_t records = 500) {
  Encoded e;
  size_t added = 0;
  std::vector<size_t> pending_records;
  TraceEncoder encoder(
      [&](std::span<const uint8_t> bytes) {
        e.bytes.insert(e.bytes.end(), bytes.begin(), bytes.end());
      },
      2048);
  size_t header = e.bytes.size();
  EXPECT_EQ(header, kTraceFileHeaderSize);
  size_t last_size = e.bytes.size();
  for (size_t i = 0; i < records; ++i) {
    encoder.add(RecordType::kInput, body_of(i));
    if (e.bytes.size() != last_size) {  // a chunk was flushed before record i
      e.chunk_ends.push_back(e.bytes.size());
      e.records_before.push_back(added);
      last_size = e.bytes.size();
    }
    ++added;
  }
  encoder.flush();
  e.chunk_ends.push_back(e.bytes.size());
  e.records_before.push_back(added);
  return e;
}

size_t count_records(std::span<const uint8_t> bytes, bool& truncated) {
  TraceReader reader(bytes, "t.mkt");
  TraceRecord record;
  size_t n = 0;
  while (reader.next(record)) {
    EXPECT_EQ(record.body, body_of(n)) << "record " << n;
    ++n;
  }
  truncated = reader.truncated();
  return n;
}

std::string error_of(std::span<const uint8_t> bytes) {
  try {
    bool truncated;
    count_records(bytes, truncated);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(TraceFile, RecordsRoundTripAcrossChunks) {
  Encoded e = encode();
  ASSERT_GT(e.chunk_ends.size(), 10u);
  bool truncated = true;
  EXPECT_EQ(count_records(e.bytes, truncated), 500u);
  EXPECT_FALSE(truncated);
}

TEST(TraceFile, ATruncatedFileReadsUpToItsLastCompleteChunk) {
  Encoded e = encode(120);
  for (size_t n = kTraceFileHeaderSize; n < e.bytes.size(); ++n) {
    size_t expected = 0;
    for (size_t c = 0; c < e.chunk_ends.size(); ++c) {
      if (e.chunk_ends[c] <= n) expected = e.records_before[c];
    }
    bool truncated = false;
    size_t got = count_records(std::span(e.bytes).first(n), truncated);
    ASSERT_EQ(got, expected) << "cut at " << n;
    bool at_chunk_end =
        n == kTraceFileHeaderSize ||
        std::find(e.chunk_ends.begin(), e.chunk_ends.end(), n) != e.chunk_ends.end();
    ASSERT_EQ(truncated, !at_chunk_end) << "cut at " << n;
  }
}

TEST(TraceFile, EveryFlippedBitIsAnErrorWithAnOffset) {
  Encoded e = encode(60);
  std::regex names_offset(R"(^t\.mkt.*offset [0-9]+: )");
  for (size_t i = 0; i < e.bytes.size(); ++i) {
    std::vector<uint8_t> bad = e.bytes;
    bad[i] ^= 0x10;
    std::string message = error_of(bad);
    ASSERT_TRUE(std::regex_search(message, names_offset))
        << "byte " << i << ": '" << message << "'";
  }
}

TEST(TraceFile, WrongVersionAndWrongMagic) {
  Encoded e = encode(3);
  std::vector<uint8_t> v2 = e.bytes;
  v2[8] = 2;  // major version, u16 at offset 8
  // Keep the header CRC valid, so the version check itself is what fails.
  uint32_t crc = crc32_of(std::span(v2).first(12));
  std::memcpy(v2.data() + 12, &crc, 4);
  EXPECT_NE(error_of(v2).find("t.mkt: offset 8: trace format version 2.0"), std::string::npos)
      << error_of(v2);
  std::vector<uint8_t> other(e.bytes.size(), 'A');
  EXPECT_NE(error_of(other).find("offset 0: not an mkemu trace"), std::string::npos);
}

TEST(TraceFile, RecordsNeverSpanChunks) {
  // A record larger than the chunk target gets a chunk of its own.
  std::vector<std::vector<uint8_t>> chunks;
  TraceEncoder encoder([&](std::span<const uint8_t> b) { chunks.emplace_back(b.begin(), b.end()); },
                       100);
  encoder.add(RecordType::kOutput, std::vector<uint8_t>(10, 1));
  encoder.add(RecordType::kOutput, std::vector<uint8_t>(1000, 2));
  encoder.add(RecordType::kOutput, std::vector<uint8_t>(10, 3));
  encoder.flush();
  // File header, then (header, data) per chunk: three chunks.
  EXPECT_EQ(chunks.size(), 1u + 3 * 2);
}

}  // namespace
}  // namespace mkemu::traces
