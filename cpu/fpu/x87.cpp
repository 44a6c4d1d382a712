// X87::execute: the state-transfer and memory rules around the host FPU.
// Numeric work (and the register stack, tags, condition codes, masked and
// unmasked responses) is the host's: the guest state is loaded into the host
// FPU, the very instruction runs there, and the result is read back.
#include "cpu/fpu/x87.h"

#include <cstring>

#include "cpu/fpu/x87_host.h"
#include "cpu/fpu/x87_layout.h"

namespace mkemu {
namespace {

using namespace x87_layout;

constexpr uint16_t kStickyFlags = 0x7F;  // IE DE ZE OE UE PE SF
constexpr uint32_t kArithFlags = 0x8D5;  // CF PF AF ZF SF OF

// Memory forms whose operand the host writes (FST/FIST/FBSTP/FSTP m80).
bool host_stores(uint8_t opcode, unsigned reg) {
  switch (opcode) {
    case 0xD9: return reg == 2 || reg == 3;
    case 0xDB: return reg == 2 || reg == 3 || reg == 7;
    case 0xDD: return reg == 2 || reg == 3;
    case 0xDF: return reg == 2 || reg == 3 || reg == 6 || reg == 7;
    default: return false;
  }
}

void init_values(X87State& s) {
  s.cw = 0x037F;
  s.sw = 0;
  s.tag_valid = 0;
  s.fop = 0;
  s.fcs = s.fds = 0;
  s.fip = s.fdp = 0;
}

bool is_fcomi_family(uint8_t opcode, uint8_t modrm) {
  return modrm >= 0xE8 && modrm <= 0xF7 && (opcode == 0xDB || opcode == 0xDF);
}

}  // namespace

void X87::power_on() {
  state_ = X87State{};
  state_.cw = 0x0040;
  state_.tag_valid = 0xFF;
}

void X87::fninit() {
  init_values(state_);
}

void X87::set_state(const X87State& s) {
  state_ = s;
  state_.cw = normalize_cw(s.cw);
  state_.fop &= 0x7FF;
  state_.sw = with_summary(s.sw, state_.cw);
}

uint16_t X87::full_tag_word() const {
  return full_tag(state_);
}

X87Result X87::execute(const X87Insn& insn, X87Memory& mem) {
  X87Result result;
  const X87OpInfo info = x87_decode(insn.opcode, insn.modrm);
  if (!info.valid) {  // the CPU raises #UD before calling; never change state
    result.exception_pending = pending_exception();
    return result;
  }
  const unsigned reg = (insn.modrm >> 3) & 7;
  X87State next = state_;
  uint8_t buf[x87_host::kImageBytes] = {};
  unsigned write_bytes = 0;
  bool host = false;

  if (info.memory) {
    const bool o32 = insn.operand32, pm = insn.protected_mode;
    if (insn.opcode == 0xD9 && reg == 4) {  // FLDENV
      mem.read(insn.addr, buf, env_bytes(o32));
      load_env(next, o32, pm, buf);
    } else if (insn.opcode == 0xD9 && reg == 6) {  // FNSTENV, then mask all exceptions
      store_env(state_, o32, pm, buf);
      write_bytes = env_bytes(o32);
      next.cw |= 0x3F;
      next.sw = with_summary(next.sw, next.cw);
    } else if (insn.opcode == 0xDD && reg == 4) {  // FRSTOR
      mem.read(insn.addr, buf, save_bytes(o32));
      load_env(next, o32, pm, buf);
      load_regs(next, buf + env_bytes(o32));
    } else if (insn.opcode == 0xDD && reg == 6) {  // FNSAVE, then FNINIT
      store_env(state_, o32, pm, buf);
      store_regs(state_, buf + env_bytes(o32));
      write_bytes = save_bytes(o32);
    } else if (reg == 7 && (insn.opcode == 0xD9 || insn.opcode == 0xDD)) {  // FNSTCW, FNSTSW
      const uint16_t v = insn.opcode == 0xD9 ? state_.cw : state_.sw;
      std::memcpy(buf, &v, 2);
      write_bytes = 2;
    } else {
      host = true;
    }
  } else if (insn.opcode == 0xDF && insn.modrm == 0xE0) {  // FNSTSW AX
    result.write_ax = true;
    result.ax = state_.sw;
  } else if (insn.opcode == 0xDB && insn.modrm == 0xE3) {  // FNINIT
    init_values(next);
  } else if (insn.opcode == 0xDB &&
             (insn.modrm == 0xE0 || insn.modrm == 0xE1 || insn.modrm == 0xE4)) {
    // FNENI, FNDISI, FNSETPM: no-ops since the 387.
  } else {
    host = true;
  }

  if (host) {
    const bool stores = info.memory && host_stores(insn.opcode, reg);
    if (info.memory && !stores) mem.read(insn.addr, buf, info.mem_bytes);
    // Pending flags are cleared in the host copy (the host would otherwise
    // raise #MF on this very instruction) and merged back afterwards.
    X87State in = state_;
    in.sw &= uint16_t(~(kStickyFlags | kSwEs | kSwBusy));
    uint8_t image[x87_host::kImageBytes];
    store_env(in, true, true, image);
    store_regs(in, image + 28);
    uint8_t image_copy[x87_host::kImageBytes];
    std::memcpy(image_copy, image, sizeof image);
    if (stores) std::memset(buf, 0xA5, sizeof buf);
    uint64_t rflags = x87_host::run(insn.opcode, insn.modrm, image, buf, insn.eflags);
    if (stores) {
      // A store the host suppressed (unmasked exception) leaves the pattern;
      // a second run with another pattern tells that from a stored pattern.
      uint8_t pattern[16];
      std::memset(pattern, 0xA5, sizeof pattern);
      write_bytes = info.mem_bytes;
      if (std::memcmp(buf, pattern, write_bytes) == 0) {
        std::memcpy(image, image_copy, sizeof image);
        std::memset(buf, 0x5A, sizeof buf);
        rflags = x87_host::run(insn.opcode, insn.modrm, image, buf, insn.eflags);
        std::memset(pattern, 0x5A, sizeof pattern);
        if (std::memcmp(buf, pattern, write_bytes) == 0) write_bytes = 0;
      }
    }
    load_env(next, true, true, image);
    load_regs(next, image + 28);
    next.fip = state_.fip;
    next.fcs = state_.fcs;
    next.fop = state_.fop;
    next.fdp = state_.fdp;
    next.fds = state_.fds;
    const bool clears_flags = insn.opcode == 0xDB && insn.modrm == 0xE2;  // FNCLEX
    if (!clears_flags) next.sw |= state_.sw & kStickyFlags;
    next.sw = with_summary(next.sw, next.cw);
    if (is_fcomi_family(insn.opcode, insn.modrm)) {
      result.write_eflags = true;
      result.eflags_mask = kArithFlags;
      result.eflags = uint32_t(rflags) & kArithFlags;
    }
  }

  if (!info.control) {
    next.fip = insn.fip;
    next.fcs = insn.fcs;
    next.fop = uint16_t(((insn.opcode & 7) << 8) | insn.modrm);
    if (info.memory) {
      next.fdp = insn.fdp;
      next.fds = insn.fds;
    }
  }
  // The store is the last thing that can fault: nothing is committed before it.
  if (write_bytes) mem.write(insn.addr, buf, write_bytes);
  if (info.memory && insn.opcode == 0xDD && reg == 6) {
    init_values(next);
  }
  state_ = next;
  result.exception_pending = pending_exception();
  return result;
}

void X87::fxsave(uint8_t image[kFxsaveX87Bytes]) const {
  auto put16 = [&](unsigned at, uint16_t v) { std::memcpy(image + at, &v, 2); };
  auto put32 = [&](unsigned at, uint32_t v) { std::memcpy(image + at, &v, 4); };
  put16(0, state_.cw);
  put16(2, state_.sw);
  image[4] = state_.tag_valid;
  image[5] = 0;
  put16(6, state_.fop);
  put32(8, state_.fip);
  put16(12, state_.fcs);
  put16(14, 0);
  put32(16, state_.fdp);
  put16(20, state_.fds);
  put16(22, 0);
  for (unsigned i = 0; i < 8; ++i) {
    uint8_t* slot = image + 32 + 16 * i;
    reg_to_bytes(st(i), slot);
    std::memset(slot + 10, 0, 6);
  }
}

void X87::fxrstor(const uint8_t image[kFxsaveX87Bytes]) {
  auto get16 = [&](unsigned at) {
    uint16_t v;
    std::memcpy(&v, image + at, 2);
    return v;
  };
  auto get32 = [&](unsigned at) {
    uint32_t v;
    std::memcpy(&v, image + at, 4);
    return v;
  };
  X87State s;
  s.cw = get16(0);
  s.sw = get16(2);
  s.tag_valid = image[4];
  s.fop = get16(6);
  s.fip = get32(8);
  s.fcs = get16(12);
  s.fdp = get32(16);
  s.fds = get16(20);
  const unsigned top = (s.sw >> 11) & 7;
  for (unsigned i = 0; i < 8; ++i) s.reg[(top + i) & 7] = reg_from_bytes(image + 32 + 16 * i);
  set_state(s);
}

void X87::save_state(StateWriter& out) const {
  for (const X87Reg& r : state_.reg) {
    out.put(r.mantissa);
    out.put(r.sign_exp);
  }
  out.put(state_.cw);
  out.put(state_.sw);
  out.put(state_.tag_valid);
  out.put(state_.fop);
  out.put(state_.fcs);
  out.put(state_.fip);
  out.put(state_.fds);
  out.put(state_.fdp);
}

void X87::load_state(StateReader& in) {
  X87State s;
  for (X87Reg& r : s.reg) {
    r.mantissa = in.get<uint64_t>();
    r.sign_exp = in.get<uint16_t>();
  }
  s.cw = in.get<uint16_t>();
  s.sw = in.get<uint16_t>();
  s.tag_valid = in.get<uint8_t>();
  s.fop = in.get<uint16_t>();
  s.fcs = in.get<uint16_t>();
  s.fip = in.get<uint32_t>();
  s.fds = in.get<uint16_t>();
  s.fdp = in.get<uint32_t>();
  in.expect(s.fop <= 0x7FF, "x87 FOP wider than 11 bits");
  state_ = s;
}

}  // namespace mkemu
