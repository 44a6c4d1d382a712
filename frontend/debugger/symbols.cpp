#include "frontend/debugger/symbols.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace mkemu {
namespace {

// ELF32 layouts (System V ABI, "ELF header", "Sections", "Symbol Table").
constexpr uint32_t kShtSymtab = 2;
constexpr unsigned kSttObject = 1, kSttFunc = 2, kSttNotype = 0;

uint32_t le32(std::span<const uint8_t> b, size_t at) {
  if (at + 4 > b.size()) return 0;
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
}
uint16_t le16(std::span<const uint8_t> b, size_t at) {
  if (at + 2 > b.size()) return 0;
  return static_cast<uint16_t>(b[at] | b[at + 1] << 8);
}

}  // namespace

void SymbolTable::load_elf(std::span<const uint8_t> image) {
  if (image.size() < 52 ||
      std::memcmp(image.data(),
                  "\x7f"
                  "ELF",
                  4) != 0 ||
      image[4] != 1 || image[5] != 1) {
    return;  // not a little-endian ELF32
  }
  const uint32_t shoff = le32(image, 32);
  const uint16_t shentsize = le16(image, 46);
  const uint16_t shnum = le16(image, 48);
  if (shentsize < 40 || shoff == 0) return;
  auto section = [&](uint32_t index, uint32_t field) -> uint32_t {
    uint64_t at = uint64_t{shoff} + uint64_t{index} * shentsize + field;
    return at + 4 <= image.size() ? le32(image, static_cast<size_t>(at)) : 0;
  };
  for (uint32_t s = 0; s < shnum; ++s) {
    if (section(s, 4) != kShtSymtab) continue;
    const uint32_t offset = section(s, 16), size = section(s, 20), link = section(s, 24);
    const uint32_t entsize = section(s, 36) ? section(s, 36) : 16;
    if (link >= shnum || entsize < 16) continue;
    const uint32_t str_offset = section(link, 16), str_size = section(link, 20);
    if (uint64_t{str_offset} + str_size > image.size()) continue;
    if (uint64_t{offset} + size > image.size()) continue;
    for (uint64_t at = offset; at + 16 <= uint64_t{offset} + size; at += entsize) {
      const uint32_t name = le32(image, at), value = le32(image, at + 4),
                     sym_size = le32(image, at + 8);
      const unsigned type = image[at + 12] & 0xF;
      const uint16_t shndx = le16(image, at + 14);
      if (name == 0 || name >= str_size || shndx == 0) continue;
      if (type != kSttFunc && type != kSttObject && type != kSttNotype) continue;
      const char* text = reinterpret_cast<const char*>(image.data()) + str_offset + name;
      size_t len = strnlen(text, str_size - name);
      if (len == 0 || (text[0] == '.')) continue;
      add({std::string(text, len), value, sym_size});
    }
  }
}

void SymbolTable::add(Symbol symbol) {
  auto at = std::upper_bound(by_address_.begin(), by_address_.end(), symbol.address,
                             [](uint32_t a, const Symbol& s) { return a < s.address; });
  by_address_.insert(at, std::move(symbol));
}

std::optional<uint32_t> SymbolTable::find(std::string_view name) const {
  for (const Symbol& s : by_address_) {
    if (s.name == name) return s.address;
  }
  return std::nullopt;
}

std::string SymbolTable::label_for(uint32_t address) const {
  auto at = std::upper_bound(by_address_.begin(), by_address_.end(), address,
                             [](uint32_t a, const Symbol& s) { return a < s.address; });
  if (at == by_address_.begin()) return {};
  const Symbol& s = *std::prev(at);
  const uint32_t offset = address - s.address;
  const bool inside = s.size ? offset < s.size : offset < 0x10000u;
  if (!inside) return {};
  if (offset == 0) return s.name;
  char text[16];
  std::snprintf(text, sizeof text, "+0x%x", offset);
  return s.name + text;
}

}  // namespace mkemu
