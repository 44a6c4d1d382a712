// Helpers shared by the device views, and the scheduler's timers.
#include <cstdarg>
#include <cstdio>

#include "frontend/debugger/device_view.h"
#include "platform/machine.h"

namespace mkemu {

std::string text_format(const char* format, ...) {
  char buffer[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  return buffer;
}

std::string bit_numbers(uint64_t bits, unsigned offset) {
  std::string out;
  for (unsigned i = 0; i < 64; ++i) {
    if (!((bits >> i) & 1)) continue;
    if (!out.empty()) out += ' ';
    out += std::to_string(i + offset);
  }
  return out.empty() ? "none" : out;
}

namespace {

std::string deadline_text(uint64_t deadline, uint64_t now) {
  if (deadline == kNever) return "none";
  if (deadline < now) {
    return text_format("cycle %llu (due %llu cycles ago)",
                       static_cast<unsigned long long>(deadline),
                       static_cast<unsigned long long>(now - deadline));
  }
  return text_format("cycle %llu (in %llu cycles)", static_cast<unsigned long long>(deadline),
                     static_cast<unsigned long long>(deadline - now));
}

}  // namespace

std::string timer_deadline_text(const Machine& m, std::string_view timer) {
  for (TimerId id = 0; id < m.scheduler.size(); ++id) {
    if (m.scheduler.name(id) == timer)
      return deadline_text(m.scheduler.deadline(id), m.clock.cycles);
  }
  return "none";
}

std::string format_timers_view(const Machine& m) {
  std::string out =
      text_format("cycle %llu, next event %s\n", static_cast<unsigned long long>(m.clock.cycles),
                  deadline_text(m.scheduler.next_deadline(), m.clock.cycles).c_str());
  for (TimerId id = 0; id < m.scheduler.size(); ++id) {
    out += text_format("  %2u %-16s %s\n", id, m.scheduler.name(id).c_str(),
                       deadline_text(m.scheduler.deadline(id), m.clock.cycles).c_str());
  }
  return out;
}

}  // namespace mkemu
