#include "frontend/serial_host_input.h"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <vector>

#include "platform/machine.h"

namespace mkemu {
namespace {

// The terminal mode stdin had before the run, restored at the end and on
// the signals that end a run (Ctrl-C stays a signal in the raw mode).
termios g_saved_mode;
volatile std::sig_atomic_t g_mode_saved = 0;

void restore_terminal() {
  if (g_mode_saved) ::tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_mode);
  g_mode_saved = 0;
}

extern "C" void restore_terminal_and_die(int signal) {
  restore_terminal();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

// Characters pass one at a time and unchanged (Enter is CR, as on a serial
// line); the guest does the echoing.
void make_stdin_raw() {
  termios mode;
  if (::tcgetattr(STDIN_FILENO, &mode) != 0) return;
  g_saved_mode = mode;
  g_mode_saved = 1;
  mode.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  mode.c_iflag &= ~static_cast<tcflag_t>(ICRNL | INLCR | IXON);
  mode.c_cc[VMIN] = 1;
  mode.c_cc[VTIME] = 0;
  ::tcsetattr(STDIN_FILENO, TCSANOW, &mode);
  for (int s : {SIGINT, SIGTERM, SIGQUIT, SIGHUP}) std::signal(s, restore_terminal_and_die);
}

// Real time of `cycles` at `clock_hz` (whole seconds first: the remainder
// times 10^9 fits, clock_hz being at most 10^10).
std::chrono::nanoseconds real_time_of(uint64_t cycles, uint64_t clock_hz) {
  uint64_t seconds = cycles / clock_hz;
  uint64_t nanos = cycles % clock_hz * 1'000'000'000ull / clock_hz;
  return std::chrono::seconds(static_cast<int64_t>(seconds)) +
         std::chrono::nanoseconds(static_cast<int64_t>(nanos));
}

// Behind real time by more than this (the host was busy or suspended):
// start pacing afresh instead of skipping guest time to catch up.
constexpr std::chrono::milliseconds kMaxLag{100};

}  // namespace

SerialHostInput::SerialHostInput(OutputSink* backend, bool from_stdin, uint64_t clock_hz)
    : backend_(backend), clock_hz_(clock_hz ? clock_hz : 1) {
  interactive_backend_ = backend && backend->input_fd() >= 0;
  stdin_open_ = from_stdin;
  if (from_stdin && ::isatty(STDIN_FILENO)) {
    make_stdin_raw();
    stdin_raw_ = true;
  }
}

SerialHostInput::~SerialHostInput() {
  if (stdin_raw_) restore_terminal();
}

std::chrono::steady_clock::time_point SerialHostInput::idle_deadline(uint64_t cycle,
                                                                     uint64_t wait_cycles) {
  // Sleeps overshoot (timer slack, a loaded host), so each idle span ends at
  // a real time counted from an anchor set when the guest was last busy, not
  // from now: over a long idle stretch guest time keeps pace with real time.
  auto now = std::chrono::steady_clock::now();
  if (!paced_ || wait_cycles == 0) {
    paced_ = true;
    anchor_time_ = now;
    anchor_cycle_ = cycle;
  }
  auto deadline = anchor_time_ + real_time_of(cycle + wait_cycles - anchor_cycle_, clock_hz_);
  if (deadline + kMaxLag < now) {
    anchor_time_ = now;
    anchor_cycle_ = cycle;
    deadline = now + real_time_of(wait_cycles, clock_hz_);
  }
  return deadline;
}

traces::HostPoll SerialHostInput::host_poll() {
  traces::HostPoll hook;
  if (!active()) return hook;
  hook.interval = clock_hz_ / 1000 ? clock_hz_ / 1000 : 1;
  hook.poll = [this](Machine& m, traces::InputQueue& inputs, uint64_t wait) {
    return poll(m, inputs, wait);
  };
  return hook;
}

bool SerialHostInput::poll(Machine& machine, traces::InputQueue& inputs, uint64_t wait_cycles) {
  if (backend_) backend_->flush();  // a prompt without a line end shows up too
  pollfd fds[2];
  nfds_t count = 0;
  int backend_fd = interactive_backend_ ? backend_->input_fd() : -1;
  if (backend_fd >= 0) fds[count++] = {backend_fd, POLLIN, 0};
  if (stdin_open_) fds[count++] = {STDIN_FILENO, POLLIN, 0};
  if (count == 0) return false;
  timespec timeout{};
  bool forever = wait_cycles == traces::HostPoll::kWaitForever;
  if (!forever) {
    auto left = idle_deadline(machine.clock.cycles, wait_cycles) - std::chrono::steady_clock::now();
    auto nanos = std::max<int64_t>(0, std::chrono::nanoseconds(left).count());
    timeout.tv_sec = static_cast<time_t>(nanos / 1'000'000'000);
    timeout.tv_nsec = static_cast<long>(nanos % 1'000'000'000);
  }
  int ready = ::ppoll(fds, count, forever ? nullptr : &timeout, nullptr);
  if (forever) paced_ = false;  // real time went by with guest time standing still
  if (ready <= 0) return true;

  std::vector<uint8_t> bytes;
  for (nfds_t i = 0; i < count; ++i) {
    if (!fds[i].revents) continue;
    if (fds[i].fd == backend_fd) {
      interactive_backend_ = backend_->read_input(bytes);
      continue;
    }
    uint8_t buffer[4096];
    ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n > 0) {
      bytes.insert(bytes.end(), buffer, buffer + n);
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
      stdin_open_ = false;  // end of input: the guest runs on without it
      if (stdin_raw_) restore_terminal();
    }
  }
  if (!bytes.empty()) {
    traces::ExternalInput input;
    input.cycle = machine.clock.cycles;
    input.kind = traces::InputKind::kSerial;
    input.bytes = std::move(bytes);
    inputs.add(std::move(input));
  }
  return active();
}

}  // namespace mkemu
