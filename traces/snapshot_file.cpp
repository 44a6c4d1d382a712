#include "traces/snapshot_file.h"

#include <cstring>

#include "platform/core/errors.h"
#include "platform/core/host_file.h"
#include "traces/zlib_codec.h"

namespace mkemu::traces {
namespace {

// Largest RAM a machine can have (3.5 GiB) plus generous room for parts.
constexpr uint64_t kMaxPayload = (3584ull << 20) + (256ull << 20);

void write_payload(StateWriter& out, const SnapshotFile& file) {
  const MachineSnapshot& s = file.snapshot;
  write_identity(out, file.identity);
  out.put(s.cycles);
  out.put(s.instructions);
  out.put(s.state_hash);
  out.put<uint32_t>(static_cast<uint32_t>(s.parts.size()));
  for (const PartState& part : s.parts) {
    out.put_string(part.name);
    out.put<uint32_t>(static_cast<uint32_t>(part.bytes.size()));
    out.put_bytes(part.bytes);
  }
  out.put<uint32_t>(s.ram.page_count());
  uint32_t nonzero = 0;
  for (uint32_t i = 0; i < s.ram.page_count(); ++i) nonzero += s.ram.page(i) != nullptr;
  out.put<uint32_t>(nonzero);
  for (uint32_t i = 0; i < s.ram.page_count(); ++i) {
    if (const RamImage::Page* page = s.ram.page(i)) {
      out.put<uint32_t>(i);
      out.put_bytes(*page);
    }
  }
  out.put<uint32_t>(static_cast<uint32_t>(s.pending_inputs.size()));
  for (const ExternalInput& input : s.pending_inputs) write_input(out, input);
}

SnapshotFile read_payload(StateReader& in) {
  SnapshotFile file;
  MachineSnapshot& s = file.snapshot;
  file.identity = read_identity(in);
  s.cycles = in.get<uint64_t>();
  s.instructions = in.get<uint64_t>();
  s.state_hash = in.get<uint64_t>();
  auto nparts = in.get<uint32_t>();
  in.expect(nparts <= 1024, "implausible part count " + std::to_string(nparts));
  for (uint32_t i = 0; i < nparts; ++i) {
    PartState part;
    part.name = in.get_string(256);
    auto n = in.get<uint32_t>();
    in.expect(n <= in.remaining(), "part '" + part.name + "' runs past the end");
    part.bytes.resize(n);
    if (n) in.get_bytes(part.bytes);
    s.parts.push_back(std::move(part));
  }
  auto pages = in.get<uint32_t>();
  in.expect(pages <= (kMaxPayload >> 12), "implausible RAM page count " + std::to_string(pages));
  s.ram.resize(pages);
  auto nonzero = in.get<uint32_t>();
  in.expect(nonzero <= pages, "more stored pages than RAM pages");
  int64_t last = -1;
  for (uint32_t k = 0; k < nonzero; ++k) {
    auto index = in.get<uint32_t>();
    in.expect(index < pages && int64_t{index} > last,
              "RAM page index " + std::to_string(index) + " out of order or range");
    last = index;
    RamImage::Page page;
    in.get_bytes(page);
    s.ram.set_page(index, page);
  }
  auto ninputs = in.get<uint32_t>();
  in.expect(ninputs <= in.remaining() / 17, "implausible input count " + std::to_string(ninputs));
  for (uint32_t k = 0; k < ninputs; ++k) s.pending_inputs.push_back(read_input(in));
  in.expect(in.remaining() == 0, "unexpected bytes after the snapshot");
  return file;
}

template <typename T>
T load_le(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

std::vector<uint8_t> encode_snapshot(const SnapshotFile& file) {
  StateWriter payload;
  write_payload(payload, file);
  std::vector<uint8_t> compressed = zlib_compress(payload.bytes(), 1);
  StateWriter header;
  header.put_bytes({reinterpret_cast<const uint8_t*>(kSnapshotMagic), 8});
  header.put(kSnapshotVersion);
  header.put(kSnapshotHeaderSize);
  header.put<uint64_t>(payload.bytes().size());
  header.put<uint64_t>(compressed.size());
  header.put(crc32_of(compressed));
  header.put(crc32_of(header.bytes()));
  std::vector<uint8_t> out = header.bytes();
  out.insert(out.end(), compressed.begin(), compressed.end());
  return out;
}

SnapshotFile decode_snapshot(std::span<const uint8_t> bytes, const std::string& origin) {
  auto fail = [&](uint64_t offset, const std::string& what) {
    throw InputError::at(origin, offset, what);
  };
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kSnapshotMagic, 8) != 0) {
    fail(0, "not an mkemu snapshot (magic MKEMUSNP missing)");
  }
  if (bytes.size() < kSnapshotHeaderSize) fail(bytes.size(), "truncated snapshot header");
  const uint8_t* h = bytes.data();
  auto version = load_le<uint32_t>(h + 8);
  if (version != kSnapshotVersion) {
    fail(8, "snapshot format version " + std::to_string(version) + ", this mkemu reads version " +
                std::to_string(kSnapshotVersion));
  }
  if (load_le<uint32_t>(h + 36) != crc32_of(bytes.first(36))) fail(36, "header CRC mismatch");
  if (load_le<uint32_t>(h + 12) != kSnapshotHeaderSize) fail(12, "unexpected header size");
  auto size = load_le<uint64_t>(h + 16);
  auto compressed_size = load_le<uint64_t>(h + 24);
  if (size > kMaxPayload) fail(16, "payload size " + std::to_string(size) + " too large");
  uint64_t have = bytes.size() - kSnapshotHeaderSize;
  if (compressed_size > have) {
    fail(bytes.size(), "truncated: the header announces " + std::to_string(compressed_size) +
                           " compressed bytes, the file holds " + std::to_string(have));
  }
  if (compressed_size < have) fail(kSnapshotHeaderSize + compressed_size, "trailing bytes");
  auto compressed = bytes.subspan(kSnapshotHeaderSize);
  if (load_le<uint32_t>(h + 32) != crc32_of(compressed)) {
    fail(kSnapshotHeaderSize, "payload CRC mismatch (the file is corrupted)");
  }
  std::vector<uint8_t> payload = zlib_decompress(compressed, size, origin, kSnapshotHeaderSize);
  if (payload.size() != size) {
    fail(kSnapshotHeaderSize, "payload is " + std::to_string(payload.size()) +
                                  " bytes, the header says " + std::to_string(size));
  }
  StateReader in(payload, origin + " (decompressed payload)");
  return read_payload(in);
}

void write_snapshot_file(const std::string& path, const SnapshotFile& file) {
  write_host_file_atomically(path, encode_snapshot(file));
}

SnapshotFile read_snapshot_file(const std::string& path) {
  return decode_snapshot(read_host_file(path), path);
}

}  // namespace mkemu::traces
