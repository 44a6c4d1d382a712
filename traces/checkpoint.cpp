#include "traces/checkpoint.h"

#include <zlib.h>

#include "platform/machine.h"
#include "traces/hex_text.h"

namespace mkemu::traces {

void OutputTally::add(uint8_t byte) {
  ++bytes;
  crc = static_cast<uint32_t>(crc32(crc, &byte, 1));
}

const std::vector<std::string>& register_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = {"eax", "ecx", "edx", "ebx", "esp",
                                  "ebp", "esi", "edi", "eip", "eflags"};
    for (const char* seg : {"es", "cs", "ss", "ds", "fs", "gs", "ldtr", "tr"}) {
      for (const char* field : {".sel", ".base", ".limit", ".attr"}) {
        n.push_back(std::string(seg) + field);
      }
    }
    for (const char* r : {"gdtr.base", "gdtr.limit", "idtr.base", "idtr.limit", "cr0", "cr2", "cr3",
                          "cr4", "dr0", "dr1", "dr2", "dr3", "dr4", "dr5", "dr6", "dr7", "cpl"}) {
      n.push_back(r);
    }
    return n;
  }();
  return names;
}

std::vector<uint32_t> read_registers(const Machine& machine) {
  const CpuState& s = machine.cpu.state();
  std::vector<uint32_t> v(s.gpr, s.gpr + 8);
  v.push_back(s.eip);
  v.push_back(machine.cpu.eflags());
  auto seg = [&v](const SegmentCache& c) {
    v.insert(v.end(), {c.selector, c.base, c.limit, c.attributes});
  };
  for (const SegmentCache& c : s.seg) seg(c);
  seg(s.ldtr);
  seg(s.tr);
  v.insert(v.end(),
           {s.gdtr.base, s.gdtr.limit, s.idtr.base, s.idtr.limit, s.cr0, s.cr2, s.cr3, s.cr4});
  v.insert(v.end(), s.dr, s.dr + 8);
  v.push_back(s.cpl);
  return v;
}

Checkpoint take_checkpoint(const Machine& machine, uint64_t index, const OutputTally& serial,
                           const OutputTally& debugcon) {
  StateDigest digest = machine.digest();
  Checkpoint c;
  c.index = index;
  c.instructions = machine.cpu.instructions_retired();
  c.cycles = machine.clock.cycles;
  c.total = digest.total;
  c.components = std::move(digest.components);
  c.registers = read_registers(machine);
  c.ram = digest.ram;
  c.ram_pages = std::move(digest.ram_pages);
  c.serial = serial;
  c.debugcon = debugcon;
  return c;
}

std::vector<std::string> compare_checkpoints(const Checkpoint& recorded, const Checkpoint& replayed,
                                             const std::vector<std::string>& names) {
  std::vector<std::string> out;
  if (recorded.instructions != replayed.instructions) {
    out.push_back("instructions retired: recorded " + std::to_string(recorded.instructions) +
                  ", replay " + std::to_string(replayed.instructions));
  }
  if (recorded.cycles != replayed.cycles) {
    out.push_back("cycle counter: recorded " + std::to_string(recorded.cycles) + ", replay " +
                  std::to_string(replayed.cycles));
  }
  size_t nregs = std::min(recorded.registers.size(), replayed.registers.size());
  for (size_t i = 0; i < nregs; ++i) {
    if (recorded.registers[i] != replayed.registers[i]) {
      std::string name = i < names.size() ? names[i] : "register " + std::to_string(i);
      out.push_back("cpu register " + name + ": recorded " + hex(recorded.registers[i], 8) +
                    ", replay " + hex(replayed.registers[i], 8));
    }
  }
  if (recorded.components.size() != replayed.components.size()) {
    out.push_back("machine parts: recorded " + std::to_string(recorded.components.size()) +
                  ", replay " + std::to_string(replayed.components.size()));
  }
  for (size_t i = 0; i < std::min(recorded.components.size(), replayed.components.size()); ++i) {
    const ComponentHash& r = recorded.components[i];
    const ComponentHash& p = replayed.components[i];
    if (r.name != p.name) {
      out.push_back("part " + std::to_string(i) + ": recorded '" + r.name + "', replay '" + p.name +
                    "'");
    } else if (r.hash != p.hash) {
      out.push_back("part '" + r.name + "' state differs (hash recorded " + hex(r.hash, 16) +
                    ", replay " + hex(p.hash, 16) + ")");
    }
  }
  if (recorded.ram_pages.size() != replayed.ram_pages.size()) {
    out.push_back("RAM size: recorded " + std::to_string(recorded.ram_pages.size()) +
                  " pages, replay " + std::to_string(replayed.ram_pages.size()));
  } else if (recorded.ram != replayed.ram) {
    size_t shown = 0, differing = 0;
    for (size_t i = 0; i < recorded.ram_pages.size(); ++i) {
      if (recorded.ram_pages[i] == replayed.ram_pages[i]) continue;
      ++differing;
      if (shown++ < 16) {
        out.push_back("RAM page " + hex(i * 4096, 8) + "-" + hex(i * 4096 + 4095, 8) + " differs");
      }
    }
    if (differing > 16) out.push_back("... " + std::to_string(differing - 16) + " more RAM pages");
    if (differing == 0) out.push_back("RAM hash differs");
  }
  auto tally = [&out](const char* channel, const OutputTally& r, const OutputTally& p) {
    if (r == p) return;
    out.push_back(std::string(channel) + " output: recorded " + std::to_string(r.bytes) +
                  " bytes (crc " + hex(r.crc, 8) + "), replay " + std::to_string(p.bytes) +
                  " bytes (crc " + hex(p.crc, 8) + ")");
  };
  tally("serial", recorded.serial, replayed.serial);
  tally("debug-console", recorded.debugcon, replayed.debugcon);
  if (out.empty() && recorded.total != replayed.total) {
    out.push_back("state hash differs (recorded " + hex(recorded.total, 16) + ", replay " +
                  hex(replayed.total, 16) + ")");
  }
  return out;
}

namespace {

uint64_t zero_page_hash() {
  static const uint64_t h = [] {
    std::vector<uint8_t> zero(4096, 0);
    return hash_bytes(zero);
  }();
  return h;
}

}  // namespace

void CheckpointCodec::encode(StateWriter& out, const Checkpoint& c) {
  out.put(c.index);
  out.put(c.instructions);
  out.put(c.cycles);
  out.put(c.total);
  out.put<uint32_t>(static_cast<uint32_t>(c.components.size()));
  for (const ComponentHash& h : c.components) {
    out.put_string(h.name);
    out.put(h.hash);
  }
  out.put<uint32_t>(static_cast<uint32_t>(c.registers.size()));
  for (uint32_t r : c.registers) out.put(r);
  out.put(c.ram);
  out.put<uint32_t>(static_cast<uint32_t>(c.ram_pages.size()));
  if (pages_.size() != c.ram_pages.size()) pages_.assign(c.ram_pages.size(), zero_page_hash());
  uint32_t changed = 0;
  for (size_t i = 0; i < c.ram_pages.size(); ++i) changed += pages_[i] != c.ram_pages[i];
  out.put(changed);
  for (size_t i = 0; i < c.ram_pages.size(); ++i) {
    if (pages_[i] == c.ram_pages[i]) continue;
    out.put(static_cast<uint32_t>(i));
    out.put(c.ram_pages[i]);
    pages_[i] = c.ram_pages[i];
  }
  out.put(c.serial.bytes);
  out.put(c.serial.crc);
  out.put(c.debugcon.bytes);
  out.put(c.debugcon.crc);
}

Checkpoint CheckpointCodec::decode(StateReader& in) {
  Checkpoint c;
  c.index = in.get<uint64_t>();
  c.instructions = in.get<uint64_t>();
  c.cycles = in.get<uint64_t>();
  c.total = in.get<uint64_t>();
  auto ncomp = in.get<uint32_t>();
  in.expect(ncomp <= in.remaining() / 12, "implausible part count " + std::to_string(ncomp));
  for (uint32_t i = 0; i < ncomp; ++i) {
    ComponentHash h;
    h.name = in.get_string(256);
    h.hash = in.get<uint64_t>();
    c.components.push_back(std::move(h));
  }
  auto nregs = in.get<uint32_t>();
  in.expect(nregs <= in.remaining() / 4, "implausible register count " + std::to_string(nregs));
  for (uint32_t i = 0; i < nregs; ++i) c.registers.push_back(in.get<uint32_t>());
  c.ram = in.get<uint64_t>();
  auto npages = in.get<uint32_t>();
  in.expect(npages <= (1u << 20), "implausible RAM page count " + std::to_string(npages));
  if (pages_.size() != npages) {
    in.expect(pages_.empty(), "RAM page count changed from " + std::to_string(pages_.size()));
    pages_.assign(npages, zero_page_hash());
  }
  auto changed = in.get<uint32_t>();
  in.expect(changed <= npages, "more changed pages than pages");
  int64_t last = -1;
  for (uint32_t k = 0; k < changed; ++k) {
    auto index = in.get<uint32_t>();
    in.expect(index < npages && int64_t{index} > last, "page index out of order or range");
    last = index;
    pages_[index] = in.get<uint64_t>();
  }
  c.ram_pages = pages_;
  c.serial.bytes = in.get<uint64_t>();
  c.serial.crc = in.get<uint32_t>();
  c.debugcon.bytes = in.get<uint64_t>();
  c.debugcon.crc = in.get<uint32_t>();
  return c;
}

}  // namespace mkemu::traces
