#include "traces/instruction_diff.h"

#include <map>

#include "traces/hex_text.h"

namespace mkemu::traces {
namespace {

std::string reg_name(uint8_t reg, const std::vector<std::string>& names) {
  return reg < names.size() ? names[reg] : "r" + std::to_string(reg);
}

std::string write_text(const InstructionEvent::MemoryWrite& w) {
  return "write " + hex(w.linear, 8) + " (phys " + hex(w.phys, 8) + ") size " +
         std::to_string(w.size) + " = " + hex(w.value, w.size * 2);
}

std::string port_text(const InstructionEvent::PortAccess& p) {
  return std::string(p.write ? "out" : "in") + " port " + hex(p.port, 4) + " size " +
         std::to_string(p.size) + " " + (p.write ? "= " : "-> ") + hex(p.value, p.size * 2);
}

std::string event_text(const InstructionEvent::Event& v) {
  std::string s =
      (v.kind == 1 ? "interrupt vector " : "exception vector ") + std::to_string(v.vector);
  if (v.has_error) s += " error " + hex(v.error, 8);
  return s;
}

template <typename T, typename F>
void compare_lists(const char* what, const std::vector<T>& r, const std::vector<T>& p, F text,
                   std::vector<std::string>& out) {
  if (r == p) return;
  size_t n = std::max(r.size(), p.size());
  for (size_t i = 0; i < n; ++i) {
    std::string a = i < r.size() ? text(r[i]) : "(none)";
    std::string b = i < p.size() ? text(p[i]) : "(none)";
    if (a != b) {
      out.push_back(std::string(what) + " " + std::to_string(i + 1) + ": recorded " + a +
                    "; replay " + b);
      return;
    }
  }
}

}  // namespace

std::string describe_instruction(const InstructionEvent& e, const Disassembler& disassemble) {
  std::string s = "#" + std::to_string(e.index) + " cycle " + std::to_string(e.cycle) + "  " +
                  hex(e.eip, 8) + "  " + hex_bytes(e.bytes);
  if (disassemble && !e.bytes.empty()) s += "  " + disassemble(e.bytes, e.eip, e.code32);
  return s;
}

std::vector<std::string> describe_effects(const InstructionEvent& e,
                                          const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& v : e.events) out.push_back(event_text(v));
  if (!e.registers.empty()) {
    std::string line;
    for (const auto& r : e.registers) {
      line += (line.empty() ? "" : " ") + reg_name(r.reg, names) + "=" + hex(r.value, 8);
    }
    out.push_back(line);
  }
  for (const auto& w : e.writes) out.push_back(write_text(w));
  for (const auto& p : e.ports) out.push_back(port_text(p));
  return out;
}

std::vector<std::string> compare_instructions(const InstructionEvent& r, const InstructionEvent& p,
                                              const std::vector<std::string>& names) {
  std::vector<std::string> out;
  if (r.index != p.index) {
    out.push_back("instruction number: recorded " + std::to_string(r.index) + ", replay " +
                  std::to_string(p.index));
  }
  if (r.cycle != p.cycle) {
    out.push_back("cycle: recorded " + std::to_string(r.cycle) + ", replay " +
                  std::to_string(p.cycle));
  }
  if (r.eip != p.eip) out.push_back("EIP: recorded " + hex(r.eip, 8) + ", replay " + hex(p.eip, 8));
  if (r.bytes != p.bytes) {
    out.push_back("instruction bytes: recorded " + hex_bytes(r.bytes) + ", replay " +
                  hex_bytes(p.bytes));
  }
  if (r.registers != p.registers) {
    std::map<uint8_t, uint32_t> a, b;
    for (const auto& c : r.registers) a[c.reg] = c.value;
    for (const auto& c : p.registers) b[c.reg] = c.value;
    for (const auto& [reg, value] : a) {
      auto it = b.find(reg);
      if (it == b.end()) {
        out.push_back(reg_name(reg, names) + ": recorded set to " + hex(value, 8) +
                      ", replay left unchanged");
      } else if (it->second != value) {
        out.push_back(reg_name(reg, names) + ": recorded " + hex(value, 8) + ", replay " +
                      hex(it->second, 8));
      }
    }
    for (const auto& [reg, value] : b) {
      if (!a.count(reg)) {
        out.push_back(reg_name(reg, names) + ": recorded unchanged, replay set to " +
                      hex(value, 8));
      }
    }
  }
  compare_lists("memory write", r.writes, p.writes, write_text, out);
  compare_lists("port access", r.ports, p.ports, port_text, out);
  compare_lists("event", r.events, p.events, event_text, out);
  return out;
}

}  // namespace mkemu::traces
