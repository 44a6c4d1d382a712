#pragma once
// Symbols from an ELF32 kernel's .symtab (functions and objects), for
// breakpoints by name and for labels in disassembly. Parsing is defensive:
// a truncated or hostile ELF yields fewer symbols, never a crash.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mkemu {

struct Symbol {
  std::string name;
  uint32_t address = 0;
  uint32_t size = 0;
};

class SymbolTable {
 public:
  // Loads the ELF32 symbol table of `image`; a non-ELF image gives none.
  void load_elf(std::span<const uint8_t> image);
  void add(Symbol symbol);

  bool empty() const { return by_address_.empty(); }
  size_t size() const { return by_address_.size(); }
  std::optional<uint32_t> find(std::string_view name) const;
  // "name" or "name+0x12" for the symbol covering `address` (or the nearest
  // one below it within 64 KiB when sizes are unknown); empty if none.
  std::string label_for(uint32_t address) const;
  const std::vector<Symbol>& all() const { return by_address_; }

 private:
  std::vector<Symbol> by_address_;  // sorted by address
};

}  // namespace mkemu
