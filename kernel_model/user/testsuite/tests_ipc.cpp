// IPC: call/reply, long messages, timeouts (zero, finite, infinite), missing partners;
// scheduling: priority hand-off and round robin between equal priorities.
#include "user/testsuite/suite.h"

namespace suite {

namespace {
// Echo: replies with every word incremented by one.
void echo_main() {
  Msg m;
  wait(kAnyId, m);
  for (;;) {
    for (uint32_t i = 0; i < tag_untyped(m.tag); ++i) m.w[i] += 1;
    m.tag = tag(tag_label(m.tag), tag_untyped(m.tag));
    if (reply_wait(m.sender, m) != kOk) wait(kAnyId, m);
  }
}

// Receives and never replies.
void sink_main() {
  for (;;) {
    Msg m;
    wait(kAnyId, m);
  }
}

void sleeper_main() {
  km_sleep_forever();
}

volatile char g_order[8];
volatile uint32_t g_order_len;
void note(char c) {
  uint32_t n = g_order_len;
  if (n < sizeof(g_order)) g_order[n] = c;
  g_order_len = n + 1;
}
// Appends its marker for each message it receives (no reply).
void marker_main() {
  char marker = static_cast<char>('A' + (my_id() % 26));
  for (;;) {
    Msg m;
    wait(kAnyId, m);
    marker = static_cast<char>(m.w[0]);
    note(marker);
  }
}

volatile uint32_t g_spin[2];
volatile uint32_t g_stop;
void spin0() {
  while (!g_stop) g_spin[0] = g_spin[0] + 1;
  km_sleep_forever();
}
void spin1() {
  while (!g_stop) g_spin[1] = g_spin[1] + 1;
  km_sleep_forever();
}
}  // namespace

void ipc_tests() {
  uint32_t echo = spawn_thread(echo_main, 120);
  Msg m;
  m.tag = tag(0x1234, 2);
  m.w[0] = 41;
  m.w[1] = 99;
  uint32_t err = call(echo, m, kWaitTicks);
  check(
      "ipc.call_reply",
      err == kOk && m.sender == echo && m.w[0] == 42 && m.w[1] == 100 && tag_label(m.tag) == 0x1234,
      "err %u sender %u w0 %u w1 %u", err, m.sender, m.w[0], m.w[1]);

  m = Msg{};
  m.tag = tag(7, 40);
  for (uint32_t i = 0; i < 40; ++i) m.w[i] = i * 1000;
  err = call(echo, m, kWaitTicks);
  bool words_ok = tag_untyped(m.tag) == 40;
  for (uint32_t i = 0; i < 40 && words_ok; ++i) words_ok = m.w[i] == i * 1000 + 1;
  check("ipc.long_message_40_words", err == kOk && words_ok, "err %u count %u w39 %u", err,
        tag_untyped(m.tag), m.w[39]);

  uint32_t remote = spawn_task();
  err = command(remote, kOpIopl, m);
  check("ipc.call_reply_other_task", err == kOk && m.sender == remote, "err %u sender %u", err,
        m.sender);

  uint32_t sleeper = spawn_thread(sleeper_main, 120);
  m.tag = tag(1, 0);
  err = send(sleeper, m, kTimeoutZero);
  check("ipc.send_zero_timeout", err == kErrSendTimeout, "err %u", err);
  err = send(sleeper, m, 5);
  check("ipc.send_finite_timeout", err == kErrSendTimeout, "err %u", err);
  err = wait(kAnyId, m, kTimeoutZero);
  check("ipc.receive_zero_timeout", err == kErrRecvTimeout, "err %u", err);
  err = wait(sleeper, m, 5);
  check("ipc.receive_finite_timeout", err == kErrRecvTimeout, "err %u", err);

  uint32_t ready = spawn_thread(sink_main, 120);  // waiting in an open receive
  m.tag = tag(1, 0);
  err = send(ready, m, kTimeoutZero);
  check("ipc.send_zero_timeout_partner_ready", err == kOk, "err %u", err);

  uint32_t sink = spawn_thread(sink_main, 120);
  m.tag = tag(1, 1);
  err = call(sink, m, 10);
  check("ipc.call_no_reply_times_out", err == kErrRecvTimeout, "err %u", err);

  err = call(kMaxThreads - 1, m, 10);
  check("ipc.no_partner", err == kErrNoPartner, "err %u", err);

  // Infinite timeouts: the partner (lower priority) is not yet receiving, so the call
  // blocks in its send queue until it runs and answers.
  uint32_t late = spawn_thread(echo_main, kChildPrio);
  m = Msg{};
  m.tag = tag(2, 1);
  m.w[0] = 7;
  err = call(late, m);
  check("ipc.infinite_timeout_waits_for_partner", err == kOk && m.w[0] == 8, "err %u w0 %u", err,
        m.w[0]);
}

void sched_tests() {
  Msg m;
  uint32_t high = spawn_thread(marker_main, 120);
  uint32_t low = spawn_thread(marker_main, kChildPrio);
  sleep_ticks(1);  // let the low one reach its receive
  g_order_len = 0;
  m.tag = tag(1, 1);
  m.w[0] = 'H';
  send(high, m);
  note('M');
  m.w[0] = 'L';
  send(low, m);
  note('M');
  sleep_ticks(2);
  bool ok = g_order_len == 4 && g_order[0] == 'H' && g_order[1] == 'M' && g_order[2] == 'M' &&
            g_order[3] == 'L';
  char seen[9] = {};
  for (uint32_t i = 0; i < g_order_len && i < 8; ++i) seen[i] = g_order[i];
  check("sched.priority_handoff", ok, "order %s", seen);

  g_stop = 0;
  spawn_thread(spin0, 80);
  spawn_thread(spin1, 80);
  sleep_ticks(30);  // the timer must preempt the spinners to wake us
  uint32_t a = g_spin[0], b = g_spin[1];
  g_stop = 1;
  sleep_ticks(2);
  // Both spinners ran: the timer rotated them (and woke us, at a higher priority).
  check("sched.round_robin_equal_priority", a > 0 && b > 0, "spins %u %u", a, b);
}

}  // namespace suite
