#include "frontend/gdb/gdb_stub.h"

#include "frontend/debugger/guest_memory.h"
#include "frontend/gdb/gdb_packet.h"
#include "frontend/gdb/gdb_registers.h"

namespace mkemu {
namespace {

constexpr size_t kMaxMemoryRead = (kGdbMaxPacket - 16) / 2;

// "ADDR,LEN" (and the text after it, from `rest_at`).
bool parse_addr_len(std::string_view args, uint64_t& addr, uint64_t& len, size_t& rest_at) {
  size_t comma = args.find(',');
  if (comma == std::string_view::npos) return false;
  size_t end = args.find_first_of(":;", comma + 1);
  if (end == std::string_view::npos) end = args.size();
  rest_at = end;
  return parse_hex_number(args.substr(0, comma), addr) && addr <= 0xFFFF'FFFFu &&
         parse_hex_number(args.substr(comma + 1, end - comma - 1), len);
}

}  // namespace

GdbStub::Reply GdbStub::handle(std::string_view p) {
  Reply r;
  auto say = [&r](std::string s) { r.payloads.push_back(std::move(s)); };
  if (p.empty()) {
    say("");
    return r;
  }
  const char cmd = p[0];
  const std::string_view args = p.substr(1);
  if (p == "?") {
    say(last_stop_);
  } else if (p.starts_with("qSupported")) {
    say("PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;swbreak+;"
        "hwbreak+;vContSupported+;ReverseStep+;ReverseContinue+");
  } else if (p == "QStartNoAckMode") {
    say("OK");
    r.no_ack = true;
  } else if (p.starts_with("qXfer:features:read:")) {
    say(xfer_features(p.substr(20)));
  } else if (p == "qAttached") {
    say("1");
  } else if (p == "qC") {
    say("QC1");
  } else if (p == "qfThreadInfo") {
    say("m1");
  } else if (p == "qsThreadInfo") {
    say("l");
  } else if (p.starts_with("qSymbol")) {
    say("OK");
  } else if (p.starts_with("qRcmd,")) {
    std::vector<std::string> output;
    std::string final = monitor(p.substr(6), output);
    for (auto& o : output) say(std::move(o));
    say(final);
  } else if (cmd == 'H' || cmd == 'T') {
    say("OK");  // one thread
  } else if (p == "g") {
    say(gdb_read_registers(dbg_));
  } else if (cmd == 'G') {
    std::string bytes;
    if (!from_hex(args, bytes)) {
      say("E01");
    } else {
      size_t at = 0;
      bool ok = true;
      for (unsigned n = 0; n < kGdbRegisterCount && at < bytes.size(); ++n) {
        const unsigned size = gdb_register_size(n);
        if (at + size > bytes.size()) break;
        ok = gdb_write_register(dbg_, n, std::string_view(bytes).substr(at, size)) && ok;
        at += size;
      }
      say(ok ? "OK" : "E01");
    }
  } else if (cmd == 'p') {
    uint64_t n = 0;
    std::string hex = parse_hex_number(args, n) && n < kGdbRegisterCount
                          ? gdb_read_register(dbg_, static_cast<unsigned>(n))
                          : "";
    say(hex.empty() ? "E01" : hex);
  } else if (cmd == 'P') {
    size_t eq = args.find('=');
    uint64_t n = 0;
    std::string bytes;
    bool ok = eq != std::string_view::npos && parse_hex_number(args.substr(0, eq), n) &&
              n < kGdbRegisterCount && from_hex(args.substr(eq + 1), bytes) &&
              gdb_write_register(dbg_, static_cast<unsigned>(n), bytes);
    say(ok ? "OK" : "E01");
  } else if (cmd == 'm') {
    say(read_memory(args));
  } else if (cmd == 'M') {
    say(write_memory(args, false));
  } else if (cmd == 'X') {
    say(write_memory(args, true));
  } else if (cmd == 'Z' || cmd == 'z') {
    say(breakpoint(p, cmd == 'Z'));
  } else if (cmd == 'c' || cmd == 'C') {
    r.resume = Resume::kContinue;  // a resume address is not supported: ignored
  } else if (cmd == 's' || cmd == 'S') {
    r.resume = Resume::kStep;
  } else if (p == "bs") {
    r.resume = Resume::kReverseStep;
  } else if (p == "bc") {
    r.resume = Resume::kReverseContinue;
  } else if (p == "vCont?") {
    say("vCont;c;C;s;S");
  } else if (p.starts_with("vCont;")) {
    return vcont(p.substr(6));
  } else if (p == "D" || p.starts_with("D;")) {
    say("OK");
    r.action = Action::kDetach;
  } else if (p == "k" || p.starts_with("vKill")) {
    if (cmd == 'v') say("OK");
    r.action = Action::kKill;
  } else {
    say("");  // unsupported: the empty reply, as the protocol asks
  }
  return r;
}

GdbStub::Reply GdbStub::vcont(std::string_view actions) {
  Reply r;
  // Actions are separated by ';' and may name a thread (":1"); there is one.
  bool step = false, cont = false;
  size_t at = 0;
  while (at <= actions.size()) {
    size_t end = actions.find(';', at);
    if (end == std::string_view::npos) end = actions.size();
    std::string_view a = actions.substr(at, end - at);
    if (!a.empty()) {
      if (a[0] == 's' || a[0] == 'S') {
        step = true;
      } else if (a[0] == 'c' || a[0] == 'C') {
        cont = true;
      } else {
        r.payloads.push_back("E01");
        return r;
      }
    }
    at = end + 1;
  }
  if (!step && !cont) {
    r.payloads.push_back("E01");
    return r;
  }
  r.resume = step ? Resume::kStep : Resume::kContinue;
  return r;
}

std::string GdbStub::read_memory(std::string_view args) {
  uint64_t addr = 0, len = 0;
  size_t rest = 0;
  if (!parse_addr_len(args, addr, len, rest) || rest != args.size()) return "E01";
  if (len > kMaxMemoryRead) len = kMaxMemoryRead;  // gdb asks again for the rest
  std::string bytes(static_cast<size_t>(len), '\0');
  size_t got =
      peek_guest(dbg_.machine(), AddressSpace::kLinear, static_cast<uint32_t>(addr),
                 std::span<uint8_t>(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size()));
  if (got == 0 && len != 0) return "E14";  // EFAULT: nothing mapped there
  bytes.resize(got);
  return to_hex(bytes);
}

std::string GdbStub::write_memory(std::string_view args, bool binary) {
  uint64_t addr = 0, len = 0;
  size_t rest = 0;
  if (!parse_addr_len(args, addr, len, rest) || rest >= args.size() || args[rest] != ':') {
    return "E01";
  }
  std::string bytes;
  std::string_view data = args.substr(rest + 1);
  if (!(binary ? gdb_unescape(data, bytes) : from_hex(data, bytes)) || bytes.size() != len) {
    return "E01";
  }
  size_t done = poke_guest(
      dbg_.machine(), AddressSpace::kLinear, static_cast<uint32_t>(addr),
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  if (done) dbg_.note_state_changed();  // the recorded past no longer leads here
  return done == bytes.size() ? "OK" : "E14";
}

std::string GdbStub::breakpoint(std::string_view p, bool insert) {
  // Z/z TYPE,ADDR,KIND (conditions and commands after ';' are not supported).
  if (p.size() < 4 || p[2] != ',') return "E01";
  const char type = p[1];
  if (type < '0' || type > '4') return "";  // unsupported type: empty reply
  uint64_t addr = 0, kind = 0;
  size_t rest = 0;
  if (!parse_addr_len(p.substr(3), addr, kind, rest)) return "E01";
  if (rest != p.size() - 3) return "";  // conditions/commands: unsupported
  const auto key = std::make_tuple(unsigned(type - '0'), uint32_t(addr), uint32_t(kind));
  if (!insert) {
    auto it = inserted_.find(key);
    if (it == inserted_.end()) return "OK";  // gdb may remove twice
    dbg_.delete_breakpoint(it->second);
    inserted_.erase(it);
    return "OK";
  }
  if (inserted_.count(key)) return "OK";
  Breakpoint bp;
  bp.owner = "gdb";
  bp.address = static_cast<uint32_t>(addr);
  if (type == '0' || type == '1') {
    bp.kind = BreakKind::kExecLinear;
  } else {
    if (kind == 0 || kind > 0x10000) return "E01";
    bp.kind = BreakKind::kWatchLinear;
    bp.length = static_cast<uint32_t>(kind);
    bp.access = type == '2'   ? AccessMode::kWrite
                : type == '3' ? AccessMode::kRead
                              : AccessMode::kAccess;
  }
  inserted_[key] = dbg_.add_breakpoint(bp);
  return "OK";
}

std::string GdbStub::monitor(std::string_view hex, std::vector<std::string>& payloads) {
  std::string command;
  if (!from_hex(hex, command)) return "E01";
  std::string out;
  console_.execute(command, out);
  // Console output as O packets, split to stay within the packet size.
  const size_t chunk = (kGdbMaxPacket - 8) / 2;
  for (size_t at = 0; at < out.size(); at += chunk) {
    payloads.push_back("O" + to_hex(std::string_view(out).substr(at, chunk)));
  }
  return "OK";
}

std::string GdbStub::xfer_features(std::string_view args) const {
  // target.xml:OFFSET,LENGTH
  size_t colon = args.find(':');
  if (colon == std::string_view::npos) return "E01";
  if (args.substr(0, colon) != "target.xml") return "E00";
  uint64_t offset = 0, length = 0;
  size_t rest = 0;
  if (!parse_addr_len(args.substr(colon + 1), offset, length, rest)) return "E01";
  const std::string& xml = gdb_target_xml();
  if (offset > xml.size()) return "E01";
  length = std::min<uint64_t>(length, kGdbMaxPacket - 16);
  std::string_view part =
      std::string_view(xml).substr(static_cast<size_t>(offset), static_cast<size_t>(length));
  return (offset + part.size() >= xml.size() ? "l" : "m") + std::string(part);
}

std::string GdbStub::stop_reply(const StopEvent& s) const {
  switch (s.reason) {
    case StopReason::kUserInterrupt: return "T02thread:01;";
    case StopReason::kMachine:
      if (s.machine && s.machine->stop == MachineStop::kGuestExit) {
        return "W" + to_hex_le(s.machine->exit_value & 0xFF, 1);
      }
      return "T05thread:01;";
    case StopReason::kBreakpoint: return "T05thread:01;hwbreak:;";
    case StopReason::kHistoryStart: return "T05thread:01;replaylog:begin;";
    case StopReason::kRecordingEnd: return "T05thread:01;replaylog:end;";
    case StopReason::kWatchpoint: {
      for (const Breakpoint& b : dbg_.breakpoints()) {
        if (b.id != s.breakpoint || b.kind != BreakKind::kWatchLinear) continue;
        const char* kind = b.access == AccessMode::kWrite  ? "watch"
                           : b.access == AccessMode::kRead ? "rwatch"
                                                           : "awatch";
        // The watched address gdb knows, even when the access started below it.
        uint32_t at = std::max(s.address, b.address);
        return std::string("T05thread:01;") + kind + ":" + to_hex_le(__builtin_bswap32(at), 4) +
               ";";
      }
      return "T05thread:01;";
    }
    default: return "T05thread:01;";
  }
}

std::string GdbStub::resume(Resume how) {
  StopEvent stop;
  switch (how) {
    case Resume::kStep: stop = dbg_.step(1); break;
    case Resume::kReverseStep:
    case Resume::kReverseContinue:
      try {
        stop = how == Resume::kReverseStep ? dbg_.reverse_step(1) : dbg_.reverse_continue();
      } catch (const HistoryError&) {
        // Nothing before here (or reverse execution is off): gdb says "No
        // more reverse-execution history".
        stop = {};
        stop.reason = StopReason::kHistoryStart;
      }
      break;
    case Resume::kNone:
    case Resume::kContinue: stop = dbg_.cont(); break;
  }
  last_stop_ = stop_reply(stop);
  if (last_stop_[0] == 'W') exited_ = true;
  return last_stop_;
}

}  // namespace mkemu
