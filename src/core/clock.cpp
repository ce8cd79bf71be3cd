#include "core/clock.hpp"

#include <cstdio>

#include <date/date.h>

namespace guichet {

int64_t ToUnixMillis(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint FromUnixMillis(int64_t ms) {
    return TimePoint(
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(ms)));
}

TimePoint FakeClock::Now() const { return FromUnixMillis(now_ms_.load()); }

std::string FormatIsoUtc(TimePoint t) {
    // Formatted by hand: it runs for every log line, and stream-based formatting costs more than
    // the rest of a request.
    const int64_t ms = ToUnixMillis(t);
    const auto day = date::floor<date::days>(
        std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms)));
    const date::year_month_day ymd(day);
    const int64_t in_day =
        ms - std::chrono::duration_cast<std::chrono::milliseconds>(day.time_since_epoch()).count();
    char buf[64];  // Roomy enough for any int, so the compiler can prove no truncation.
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(in_day / 3'600'000),
                  static_cast<int>(in_day / 60'000 % 60), static_cast<int>(in_day / 1000 % 60),
                  static_cast<int>(in_day % 1000));
    return buf;
}

}  // namespace guichet
