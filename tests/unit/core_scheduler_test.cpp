// Scheduler: deadlines, the documented order of simultaneous events
// (deadline, then registration order), re-arming from callbacks, state.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/core/scheduler.h"

namespace mkemu {
namespace {

TEST(Scheduler, NothingArmedMeansNever) {
  Scheduler s;
  s.add_timer("a", [](uint64_t) {});
  EXPECT_EQ(s.next_deadline(), kNever);
  EXPECT_EQ(s.run_due(1'000'000), 0u);
}

TEST(Scheduler, FiresInDeadlineOrderWithRegistrationOrderBreakingTies) {
  Scheduler s;
  std::vector<std::string> fired;
  TimerId a = s.add_timer("a", [&](uint64_t due) { fired.push_back("a@" + std::to_string(due)); });
  TimerId b = s.add_timer("b", [&](uint64_t due) { fired.push_back("b@" + std::to_string(due)); });
  TimerId c = s.add_timer("c", [&](uint64_t due) { fired.push_back("c@" + std::to_string(due)); });
  // Armed in reverse order: arming order must not matter, registration does.
  s.arm(c, 100);
  s.arm(b, 50);
  s.arm(a, 100);
  EXPECT_EQ(s.next_deadline(), 50u);
  EXPECT_EQ(s.run_due(99), 1u);
  EXPECT_EQ(s.run_due(100), 2u);
  EXPECT_EQ(fired, (std::vector<std::string>{"b@50", "a@100", "c@100"}));
  EXPECT_EQ(s.next_deadline(), kNever);
}

TEST(Scheduler, CallbackReceivesDueTimeNotNowAndCanRearm) {
  Scheduler s;
  std::vector<uint64_t> dues;
  TimerId t = 0;
  t = s.add_timer("periodic", [&](uint64_t due) {
    dues.push_back(due);
    if (dues.size() < 4) s.arm(t, due + 10);
  });
  s.arm(t, 10);
  // Running late (at 35) still fires every period that has passed, in order.
  EXPECT_EQ(s.run_due(35), 3u);
  EXPECT_EQ(dues, (std::vector<uint64_t>{10, 20, 30}));
  EXPECT_EQ(s.next_deadline(), 40u);
}

TEST(Scheduler, DisarmAndEarlierDeadlineNotification) {
  Scheduler s;
  std::vector<uint64_t> earlier;
  s.on_earlier_deadline = [&](uint64_t d) { earlier.push_back(d); };
  TimerId a = s.add_timer("a", [](uint64_t) {});
  TimerId b = s.add_timer("b", [](uint64_t) {});
  s.arm(a, 500);
  s.arm(b, 900);  // later: no notification
  s.arm(b, 200);  // earlier: notified
  EXPECT_EQ(earlier, (std::vector<uint64_t>{500, 200}));
  s.disarm(b);
  EXPECT_EQ(s.next_deadline(), 500u);
  EXPECT_FALSE(s.armed(b));
}

TEST(Scheduler, StateRoundTripAndMismatchIsAnError) {
  Scheduler s;
  TimerId a = s.add_timer("a", [](uint64_t) {});
  s.add_timer("b", [](uint64_t) {});
  s.arm(a, 1234);
  StateWriter w;
  s.save_state(w);

  Scheduler restored;
  restored.add_timer("a", [](uint64_t) {});
  restored.add_timer("b", [](uint64_t) {});
  StateReader r(w.bytes());
  restored.load_state(r);
  EXPECT_EQ(restored.next_deadline(), 1234u);
  EXPECT_TRUE(restored.armed(0));
  EXPECT_FALSE(restored.armed(1));

  Scheduler other;
  other.add_timer("only", [](uint64_t) {});
  StateReader r2(w.bytes());
  EXPECT_THROW(other.load_state(r2), InputError);
}

}  // namespace
}  // namespace mkemu
