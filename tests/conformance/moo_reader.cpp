#include "tests/conformance/moo_reader.h"

#include <cstdio>
#include <string_view>

namespace mkemu::moo {
namespace {

// A bounds-checked little-endian reader over [begin, end) of the input; every
// error names the absolute offset.
class Cursor {
 public:
  Cursor(std::span<const uint8_t> all, size_t begin, size_t end, const std::string& origin)
      : all_(all), pos_(begin), end_(end), origin_(origin) {}

  size_t pos() const { return pos_; }
  size_t remaining() const { return end_ - pos_; }
  bool done() const { return pos_ >= end_; }

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError::at(origin_, pos_, what);
  }
  void need(size_t n, const char* what) const {
    if (n > remaining()) fail(std::string("truncated ") + what);
  }
  uint64_t le(unsigned bytes, const char* what) {
    need(bytes, what);
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; ++i) v |= uint64_t{all_[pos_ + i]} << (8 * i);
    pos_ += bytes;
    return v;
  }
  uint8_t u8(const char* what) { return static_cast<uint8_t>(le(1, what)); }
  uint16_t u16(const char* what) { return static_cast<uint16_t>(le(2, what)); }
  uint32_t u32(const char* what) { return static_cast<uint32_t>(le(4, what)); }
  std::string text(size_t n, const char* what) {
    need(n, what);
    std::string s(reinterpret_cast<const char*>(all_.data() + pos_), n);
    pos_ += n;
    return s;
  }
  std::vector<uint8_t> bytes(size_t n, const char* what) {
    need(n, what);
    std::vector<uint8_t> v(all_.begin() + pos_, all_.begin() + pos_ + n);
    pos_ += n;
    return v;
  }

  // Reads one chunk header; `body` then covers exactly its payload.
  Cursor chunk(std::string& id) {
    id = text(4, "chunk id");
    uint32_t length = u32("chunk length");
    need(length, ("payload of chunk '" + id + "'").c_str());
    Cursor body(all_, pos_, pos_ + length, origin_);
    pos_ += length;
    return body;
  }

 private:
  std::span<const uint8_t> all_;
  size_t pos_;
  size_t end_;
  const std::string& origin_;
};

RegisterBlock read_registers(Cursor& c, bool wide) {
  RegisterBlock block;
  block.wide = wide;
  unsigned count = wide ? kReg32Count : kReg16Count;
  block.present = wide ? c.u32("register bitmask") : c.u16("register bitmask");
  if (block.present >> count) c.fail("register bitmask names an unknown register");
  for (unsigned i = 0; i < count; ++i) {
    if (block.has(i)) block.value[i] = wide ? c.u32("register value") : c.u16("register value");
  }
  if (!c.done()) c.fail("trailing bytes after register block");
  return block;
}

void set_once(std::optional<RegisterBlock>& slot, RegisterBlock block, Cursor& c) {
  if (slot) c.fail("duplicate register chunk");
  slot = block;
}

CpuSnapshot read_snapshot(Cursor c) {
  CpuSnapshot s;
  while (!c.done()) {
    std::string id;
    Cursor body = c.chunk(id);
    if (id == "REGS" || id == "RG32") {
      set_once(s.regs, read_registers(body, id == "RG32"), body);
    } else if (id == "RMSK" || id == "RM32") {
      set_once(s.mask, read_registers(body, id == "RM32"), body);
    } else if (id == "RAM ") {
      uint32_t n = body.u32("RAM count");
      if (uint64_t{n} * 5 != body.remaining()) body.fail("RAM count does not match its length");
      s.ram.reserve(n);
      for (uint32_t i = 0; i < n; ++i) {
        uint32_t address = body.u32("RAM address");
        s.ram.push_back({address, body.u8("RAM value")});
      }
    }  // QUEU, EA32 and unknown ids are skipped by their length.
  }
  if (s.regs && s.mask && s.regs->wide != s.mask->wide) c.fail("register and mask widths differ");
  return s;
}

TestCase read_test(Cursor c) {
  TestCase t;
  t.index = c.u32("test index");
  bool have_init = false, have_final = false;
  while (!c.done()) {
    std::string id;
    Cursor body = c.chunk(id);
    if (id == "NAME") {
      uint32_t n = body.u32("NAME length");
      t.name = body.text(n, "NAME text");
    } else if (id == "BYTS") {
      uint32_t n = body.u32("BYTS length");
      t.bytes = body.bytes(n, "BYTS bytes");
    } else if (id == "INIT") {
      if (have_init) body.fail("duplicate INIT");
      t.initial = read_snapshot(body);
      have_init = true;
    } else if (id == "FINA") {
      if (have_final) body.fail("duplicate FINA");
      t.final = read_snapshot(body);
      have_final = true;
    } else if (id == "EXCP") {
      ExceptionInfo e;
      e.vector = body.u8("EXCP vector");
      e.flags_address = body.u32("EXCP flags address");
      t.exception = e;
    } else if (id == "HASH") {
      std::array<uint8_t, 20> h{};
      body.need(20, "HASH");
      for (auto& b : h) b = body.u8("HASH");
      t.hash = h;
    }  // GMET, CYCL and unknown ids are skipped by their length.
  }
  if (!have_init || !have_final) c.fail("test lacks INIT or FINA");
  if (!t.initial.regs) c.fail("INIT has no register chunk");
  return t;
}

Meta read_meta(Cursor c) {
  Meta m;
  m.set_major = c.u8("META");
  m.set_minor = c.u8("META");
  m.cpu_type = c.u8("META");
  m.opcode = c.u32("META opcode");
  m.mnemonic = c.text(8, "META mnemonic");
  m.test_count = c.u32("META test count");
  m.seed = c.le(8, "META seed");
  m.cpu_mode = c.u8("META cpu mode");
  m.group_extension = c.u8("META group extension");
  return m;
}

}  // namespace

std::string TestCase::hash_hex() const {
  std::string s;
  if (!hash) return s;
  char buf[3];
  for (uint8_t b : *hash) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    s += buf;
  }
  return s;
}

File parse(std::span<const uint8_t> data, const std::string& origin) {
  File f;
  Cursor c(data, 0, data.size(), origin);
  std::string first_id;
  Cursor header = c.chunk(first_id);
  if (first_id != "MOO ") header.fail("not a MOO file (no 'MOO ' header chunk)");
  f.major = header.u8("MOO version");
  f.minor = header.u8("MOO version");
  header.u16("MOO reserved");
  f.declared_tests = header.u32("MOO test count");
  f.cpu_id = header.text(4, "MOO cpu id");
  while (!c.done()) {
    std::string id;
    Cursor body = c.chunk(id);
    if (id == "META") {
      f.meta = read_meta(body);
    } else if (id == "RMSK" || id == "RM32") {
      set_once(f.file_mask, read_registers(body, id == "RM32"), body);
    } else if (id == "TEST") {
      if (f.tests.size() >= f.declared_tests)
        body.fail("more TEST chunks than the header declares");
      f.tests.push_back(read_test(body));
    }
  }
  if (f.tests.size() != f.declared_tests) c.fail("fewer TEST chunks than the header declares");
  return f;
}

}  // namespace mkemu::moo
