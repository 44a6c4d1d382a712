#include "platform/boot/multiboot_loader.h"

#include <cstring>

#include "platform/boot/multiboot_image.h"
#include "platform/core/errors.h"
#include "platform/core/host_file.h"

namespace mkemu {
namespace {

constexpr uint32_t kPage = 4096;
uint32_t page_align(uint64_t a) {
  return static_cast<uint32_t>((a + kPage - 1) & ~uint64_t{kPage - 1});
}

// Writes into guest RAM, refusing anything outside it.
class GuestWriter {
 public:
  GuestWriter(PhysicalMemoryMap& memory, std::string what)
      : memory_(memory), what_(std::move(what)) {}
  void bytes(uint32_t addr, std::span<const uint8_t> data) {
    if (data.empty()) return;  // an empty module: memcpy(null, 0) is undefined
    if (uint64_t{addr} + data.size() > memory_.ram().size()) {
      throw InputError(what_ + ": does not fit in guest RAM (" +
                       std::to_string(memory_.ram().size() >> 20) + " MiB; use --mem)");
    }
    std::memcpy(memory_.ram().data() + addr, data.data(), data.size());
  }
  void zero(uint32_t addr, uint32_t n) {
    std::vector<uint8_t> z(n, 0);
    bytes(addr, z);
  }
  void u32(uint32_t addr, uint32_t v) { bytes(addr, {reinterpret_cast<const uint8_t*>(&v), 4}); }
  void u64(uint32_t addr, uint64_t v) { bytes(addr, {reinterpret_cast<const uint8_t*>(&v), 8}); }
  uint32_t string(uint32_t addr, const std::string& s) {
    bytes(addr, {reinterpret_cast<const uint8_t*>(s.c_str()), s.size() + 1});
    return addr + static_cast<uint32_t>(s.size()) + 1;
  }

 private:
  PhysicalMemoryMap& memory_;
  std::string what_;
};

std::string module_path(const std::string& spec) {
  return spec.substr(0, spec.find(' '));
}

// The e820-style map a PC with this much RAM reports (as QEMU's does, minus
// its ACPI tables): conventional memory, the EBDA/BIOS holes, extended memory.
uint32_t write_memory_map(GuestWriter& w, uint32_t ram_bytes) {
  struct Range {
    uint64_t base, length;
    uint32_t type;
  };
  const Range ranges[] = {{0, 0x9FC00, 1},
                          {0x9FC00, 0x400, 2},
                          {0xF0000, 0x10000, 2},
                          {0x100000, uint64_t{ram_bytes} - 0x100000, 1}};
  uint32_t at = kMultibootMmapAddress;
  for (const Range& r : ranges) {
    w.u32(at, 20);  // size of the entry that follows
    w.u64(at + 4, r.base);
    w.u64(at + 12, r.length);
    w.u32(at + 20, r.type);
    at += 24;
  }
  return at - kMultibootMmapAddress;
}

void enter_flat_protected_mode(Machine& m, uint32_t entry, uint32_t info) {
  // A GDT with a flat code (0x08) and data (0x10) segment, so a kernel that
  // reloads segment registers before its own GDT still finds valid ones.
  GuestWriter w(m.memory, "boot GDT");
  const uint64_t gdt[] = {0, 0x00CF9A000000FFFFull, 0x00CF92000000FFFFull};
  w.bytes(kBootGdtAddress, {reinterpret_cast<const uint8_t*>(gdt), sizeof gdt});
  CpuState& s = m.cpu.state();
  s.gdtr = {kBootGdtAddress, sizeof gdt - 1};
  m.cpu.set_control_registers(0x11, 0, 0);  // PE, ET
  const uint16_t code_attr = 0x9B | (0xC << 8), data_attr = 0x93 | (0xC << 8);
  m.cpu.load_segment_unchecked(kCs, {0x08, 0, 0xFFFF'FFFFu, code_attr});
  for (SegReg r : {kDs, kEs, kFs, kGs, kSs}) {
    m.cpu.load_segment_unchecked(r, {0x10, 0, 0xFFFF'FFFFu, data_attr});
  }
  s.cpl = 0;
  s.gpr[kEax] = kMultibootBootMagic;
  s.gpr[kEbx] = info;
  s.gpr[kEsp] = 0x7C00;  // undefined per the spec; somewhere harmless
  s.eip = entry;
  m.cpu.set_eflags(0x2);
  m.mmu.set_a20(true);
}

}  // namespace

MultibootBootInfo boot_multiboot(Machine& machine, const std::string& kernel_path,
                                 const std::string& append,
                                 const std::vector<MultibootModule>& modules) {
  std::vector<uint8_t> image = read_host_file(kernel_path);
  MultibootKernel kernel = parse_multiboot_kernel(image, kernel_path);
  auto ram_bytes = static_cast<uint32_t>(machine.memory.ram().size());
  if (ram_bytes < (2u << 20)) throw InputError("--mem: Multiboot needs at least 2 MiB of RAM");

  GuestWriter kw(machine.memory, kernel_path);
  constexpr uint32_t kBootAreaEnd = 0xA000;
  for (const LoadSegment& seg : kernel.segments) {
    if (seg.phys < kBootAreaEnd && seg.phys + seg.mem_size > kBootGdtAddress) {
      throw InputError(kernel_path + ": a load segment overlaps the boot information area " +
                       "(0x500-0x9FFF)");
    }
  }

  for (const LoadSegment& seg : kernel.segments) {
    kw.bytes(seg.phys, std::span(image).subspan(seg.file_offset, seg.file_size));
    kw.zero(seg.phys + seg.file_size, seg.mem_size - seg.file_size);
  }

  // Modules, page-aligned after the kernel, then their command lines.
  MultibootBootInfo result;
  uint32_t next = page_align(kernel.end_phys);
  struct Placed {
    uint32_t start, end;
    std::string cmdline;
  };
  std::vector<Placed> placed;
  for (const MultibootModule& mod : modules) {
    std::string path = mod.path.empty() ? module_path(mod.cmdline) : mod.path;
    std::vector<uint8_t> bytes = read_host_file(path);
    GuestWriter mw(machine.memory, path);
    mw.bytes(next, bytes);
    placed.push_back({next, next + static_cast<uint32_t>(bytes.size()), mod.cmdline});
    result.module_starts.push_back(next);
    next = page_align(uint64_t{next} + bytes.size());
  }
  GuestWriter iw(machine.memory, "Multiboot information");
  uint32_t mods_addr = next;
  uint32_t strings = mods_addr + 16 * static_cast<uint32_t>(placed.size());
  for (size_t i = 0; i < placed.size(); ++i) {
    uint32_t entry = mods_addr + 16 * static_cast<uint32_t>(i);
    iw.u32(entry, placed[i].start);
    iw.u32(entry + 4, placed[i].end);
    iw.u32(entry + 8, strings);
    iw.u32(entry + 12, 0);
    strings = iw.string(strings, placed[i].cmdline);
  }
  uint32_t cmdline_addr = strings;
  strings = iw.string(strings, append.empty() ? kernel_path : kernel_path + " " + append);
  uint32_t loader_name_addr = strings;
  iw.string(strings, "mkemu");

  uint32_t mmap_length = write_memory_map(iw, ram_bytes);
  const uint32_t info = kMultibootInfoAddress;
  iw.zero(info, 88);
  // flags: mem_lower/upper, cmdline, mods, mmap, boot_loader_name
  iw.u32(info + 0, (1u << 0) | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 9));
  iw.u32(info + 4, 639);
  iw.u32(info + 8, (ram_bytes >> 10) - 1024);
  iw.u32(info + 16, cmdline_addr);
  iw.u32(info + 20, static_cast<uint32_t>(placed.size()));
  iw.u32(info + 24, mods_addr);
  iw.u32(info + 44, mmap_length);
  iw.u32(info + 48, kMultibootMmapAddress);
  iw.u32(info + 64, loader_name_addr);

  enter_flat_protected_mode(machine, kernel.entry_phys, info);
  result.entry = kernel.entry_phys;
  return result;
}

}  // namespace mkemu
