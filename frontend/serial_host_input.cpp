#include "frontend/serial_host_input.h"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
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

// Real time of `cycles` at `clock_hz` (cycles / clock_hz < 2^64 s; the
// remainder times 10^9 fits: clock_hz is at most 10^10).
timespec real_time_of(uint64_t cycles, uint64_t clock_hz) {
  timespec t;
  t.tv_sec = static_cast<time_t>(cycles / clock_hz);
  t.tv_nsec = static_cast<long>(cycles % clock_hz * 1'000'000'000ull / clock_hz);
  return t;
}

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
  timespec timeout = real_time_of(wait_cycles, clock_hz_);
  bool forever = wait_cycles == traces::HostPoll::kWaitForever;
  if (::ppoll(fds, count, forever ? nullptr : &timeout, nullptr) <= 0) return true;

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
