// Hours queries: "is it open, when, until when" for one opening_hours value, as answered by
// `guichet hours` and GET /api/v1/hours.
//
// The answer is the JSON object of issue 3:
//   {"value","prettified","warnings":[…],"state":"open"|"closed"|"unknown","comment",
//    "intervals":[{"from","to","unknown","comment"}…],"next_change"}
// with times in ISO 8601 local time with their offset ("2026-12-06T09:00:00+01:00"). A value that
// does not parse is an answer too: {"value","error":{"message","position"}}.
// Thread-safety: HoursEvaluator may be shared by threads (its holiday calendars are cached
// under a mutex).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>

#include <date/tz.h>
#include <boost/json/object.hpp>

#include "calendar/holidays.hpp"
#include "calendar/opening_hours.hpp"
#include "calendar/school_holidays.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace guichet::calendar {

struct HoursQuery {
    std::string value;
    // "2026-12-06T09:00", "2026-12-06 09:00:30", "2026-12-06", optionally with "Z" or "+01:00"
    // (then converted to the zone's local time). Empty `from`: now; empty `to`: from + 7 days;
    // empty `at`: from.
    std::string from, to, at;
    std::string zone;         // Holiday zone; empty: the department's, else "metropole".
    std::string department;   // Optional; "67" makes PH include Alsace-Moselle's days.
    std::string school_zone;  // Optional; SH needs it.
    std::optional<double> lat, lon;
};

struct HoursAnswer {
    boost::json::object json;
    bool parse_failed = false;  // The value does not parse; json holds {"value","error"}.
    std::int64_t steps = 0;     // Work spent (OhBudget steps), for logs and tests.
};

// Bounds on one query. GET /api/v1/hours is public and a short value can ask for a lot: hundreds
// of one-minute ranges over a year once cost seconds of CPU and a 26 MB answer (issue 10). Each
// bound, when passed, refuses the query with kInvalidArgument and a French message naming it.
struct HoursLimits {
    std::size_t max_value_chars = 2000;  // Characters (code points) of the value.
    std::size_t max_rules = 100;
    std::size_t max_selectors = 500;  // OpeningHours::SelectorCount().
    int max_days = 366;               // The window [from, to), and the horizon of next_change.
    std::size_t max_intervals = 5000;
    std::size_t max_answer_bytes = 1 << 20;  // The serialised intervals, comments included.
    // The work budget of one query (OhBudget): 6 to 8 ns a step measured on the worst cases of
    // hours_limits_test, so about 60 to 80 ms of CPU, while a town hall's week over a year spends
    // well under 1 % of it.
    std::int64_t max_steps = 10'000'000;

    // The bounds of the public route (the defaults).
    static HoursLimits Public() { return {}; }
    // The bounds of `guichet hours`, a local tool: ten-year windows and larger answers, but the
    // same value bounds and a work budget (ten times the public one) so that a pathological line
    // of a batch fails in about a second instead of hanging.
    static HoursLimits Local();
};

// The fields of a query from a JSON object (batch lines), with the same names as the flags.
Result<HoursQuery> HoursQueryFromJson(const boost::json::object& json);

class HoursEvaluator {
  public:
    // The longest [from, to) window of the public route, and its horizon of next_change.
    static constexpr int kMaxDays = 366;

    explicit HoursEvaluator(HoursLimits limits = HoursLimits::Public()) : limits_(limits) {}

    // kInvalidArgument naming the parameter for bad times, zones or coordinates; kInvalidArgument
    // of type "hours-limit", naming the bound, for a value, window, work or answer beyond
    // `limits` (the detail gives the figures, e.g. the steps spent).
    Result<HoursAnswer> Evaluate(const HoursQuery& query, TimePoint now);

    const HoursLimits& limits() const { return limits_; }

  private:
    const HolidayCalendar& CalendarFor(HolidayZone zone, std::optional<SchoolZone> school);

    const HoursLimits limits_;
    std::mutex mutex_;
    std::map<std::pair<HolidayZone, std::optional<SchoolZone>>, std::unique_ptr<HolidayCalendar>>
        calendars_;
};

// A time given as local wall-clock time ("2026-12-06T09:00", "2026-12-06 09:00:30",
// "2026-12-06"), or as an instant with "Z" or an offset ("+01:00"), converted to the zone's
// wall-clock time. kInvalidArgument naming `param` otherwise.
Result<date::local_seconds> ParseLocalTime(std::string_view param, std::string_view text,
                                           const date::time_zone& zone);
// "2026-12-06T09:00:00+01:00": the wall-clock time and the zone's offset at that moment. Times
// that do not exist (spring gap) or exist twice (autumn) take the earlier offset.
std::string FormatLocal(date::local_seconds local, const date::time_zone& zone);

// "open", "closed", "unknown": the names the JSON answers use.
std::string_view StateName(OhState state);

// The IANA time zone of a French holiday zone ("la-reunion" -> "Indian/Reunion").
std::string_view TimeZoneOf(HolidayZone zone);

}  // namespace guichet::calendar
