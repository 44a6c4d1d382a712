#pragma once
// The wall-clock time the RTC starts from: `--rtc YYYY-MM-DDTHH:MM:SS`,
// never the host clock.
#include <string_view>

namespace mkemu {

struct RtcTime {
  int year = 2026;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int weekday = 5;  // MC146818 day of week: 1 = Sunday ... 7 = Saturday
};

// Parses "YYYY-MM-DDTHH:MM:SS" (years 1900-2099). Throws InputError.
RtcTime parse_rtc_time(std::string_view text);
bool is_leap_year(int year);
int days_in_month(int year, int month);

}  // namespace mkemu
