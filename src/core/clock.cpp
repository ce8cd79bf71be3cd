#include "core/clock.hpp"

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
    return date::format("%FT%TZ", std::chrono::time_point_cast<std::chrono::milliseconds>(t));
}

}  // namespace guichet
