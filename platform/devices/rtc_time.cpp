#include "platform/devices/rtc_time.h"

#include <string>

#include "platform/core/errors.h"

namespace mkemu {

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[(month - 1) % 12];
}

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

RtcTime parse_rtc_time(std::string_view text) {
  auto fail = [&text]() -> InputError {
    return InputError("--rtc: expected YYYY-MM-DDTHH:MM:SS, got '" + std::string(text) + "'");
  };
  // Positions of the separators in "YYYY-MM-DDTHH:MM:SS".
  if (text.size() != 19 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    throw fail();
  }
  auto number = [&](size_t pos, size_t len) {
    int value = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') throw fail();
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  RtcTime t;
  t.year = number(0, 4);
  t.month = number(5, 2);
  t.day = number(8, 2);
  t.hour = number(11, 2);
  t.minute = number(14, 2);
  t.second = number(17, 2);
  if (t.year < 1900 || t.year > 2099 || t.month < 1 || t.month > 12 || t.day < 1 ||
      t.day > days_in_month(t.year, t.month) || t.hour > 23 || t.minute > 59 || t.second > 59) {
    throw InputError("--rtc: date or time out of range in '" + std::string(text) + "'");
  }
  // 1970-01-01 was a Thursday (MC146818 day 5).
  long days = days_from_civil(t.year, t.month, t.day);
  t.weekday = static_cast<int>(((days % 7) + 7 + 4) % 7) + 1;
  return t;
}

}  // namespace mkemu
