// The OpenStreetMap `opening_hours` engine: parser, evaluator and prettifier.
//
// Grammar: the OSM wiki page "Key:opening_hours/specification", plus the common mistakes that the
// reference implementation tolerates with a warning (`10-12`, `Mo 12:00-14:00 16:00-18:00`,
// `12.00`, `10:00am`, full day and month names in a few languages, `til`, `bis`, Unicode dashes).
// Days and times are local wall-clock values, as in the specification: conversion to instants with
// an offset is the caller's job.
//
// Evaluation follows the reference library:
//  - a normal rule (`;`) whose modifier is open or unknown replaces, for every day it selects,
//    whatever earlier rules said about that day, including what spilled over from the day before
//    (`22:00-02:00; Tu 12:00-14:00` is closed on Tuesday 00:00-02:00);
//  - a rule with `off`/`closed` only closes its own times; an additional rule (`,`) adds without
//    replacing; a fallback rule (`||`) applies only to the times no earlier rule matched;
//  - an open end (`17:00+`) is unknown until a guessed time: the end of the day when it starts
//    before 17:00, 10 hours later when it starts before 22:00, 8 hours later otherwise;
//  - `PH`/`SH` come from a HolidayCalendar; without one they never match. The rule comment
//    defaults to the holiday's name for `PH` rules.
//
// Thread-safety: an OpeningHours is immutable once parsed and safe to share between threads
// (the HolidayCalendar of the context has its own locking).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <date/date.h>
#include <date/tz.h>
#include <tl/expected.hpp>

#include "calendar/holidays.hpp"

namespace guichet::calendar {

// A value that does not parse. `message` is French, for people; `position` is the 0-based offset,
// in characters (Unicode code points), of the token at fault in the value.
struct OhParseError {
    std::string message;
    std::size_t position = 0;
};

// A bound on the work of evaluations, for values that come from strangers: a short value can
// ask for a lot (hundreds of one-minute ranges painted on every day of a year, selectors tested
// twice a day for each rule, a sun computation per day). Every evaluation given a budget spends
// steps from it: one per timeline segment visited or painted, per selector tested, per rule and
// day considered, per interval produced, and a few per holiday lookup or sun computation. Once
// more than `limit` steps are spent the evaluation stops early, and what it returns is
// incomplete: the caller checks exhausted() after each call and reports an error instead.
// Steps are a deterministic measure of work (a step is a few nanoseconds of CPU), so the same
// value over the same window always spends the same number.
// Thread-safety: none; one budget per request, shared by the calls of that request.
class OhBudget {
  public:
    explicit OhBudget(std::int64_t limit) : limit_(limit) {}

    // Spends `steps`; false once more than `limit` steps have been spent.
    bool Spend(std::int64_t steps) {
        used_ += steps;
        return used_ <= limit_;
    }
    bool exhausted() const { return used_ > limit_; }
    std::int64_t used() const { return used_; }
    std::int64_t limit() const { return limit_; }

  private:
    std::int64_t limit_;
    std::int64_t used_ = 0;
};

// What an evaluation needs besides the value: the holidays of the place (PH, SH), and its
// coordinates and time zone for sunrise, sunset, dawn and dusk. Without coordinates the variable
// times take the specification's defaults (dawn 05:30, sunrise 06:00, sunset 18:00, dusk 18:30);
// without a zone, sun times are computed in UTC.
struct OhContext {
    const HolidayCalendar* holidays = nullptr;  // Not owned; must outlive the call.
    const date::time_zone* zone = nullptr;      // Not owned (the tz database owns it).
    std::optional<double> lat, lon;
    OhBudget* budget = nullptr;  // Not owned; null: no bound (values written by the tenant).
};

enum class OhState { kOpen, kClosed, kUnknown };

// A period that is open (`unknown` false) or maybe open (`unknown` true), in local time.
struct OhInterval {
    date::local_seconds from, to;
    bool unknown = false;
    std::string comment;
};

// What the value describes: time ranges (opening_hours, the default), points in time
// (collection_times: `Mo-Fr 12:00,17:00`), or both (`12:00-18:00/03:00` is a point every 3 h).
enum class OhMode { kTimeRanges, kPointsInTime, kBoth };

namespace oh_detail {

// The parsed value. Internal, but visible so that the three .cpp files (parser, evaluator,
// prettifier) share it; do not use it outside the calendar module.

enum class VarTime { kNone, kDawn, kSunrise, kSunset, kDusk };

struct TimeExpr {
    VarTime var = VarTime::kNone;
    int minutes = 0;  // Fixed time (0..2880), or the offset added to the variable time.
};

struct TimeSpan {
    TimeExpr start;
    std::optional<TimeExpr> end;  // Absent: a point in time, or an open end without a fixed part.
    bool open_end = false;        // `+`: unknown after `end` (or after `start` if no end).
    int period = 0;               // Minutes between points (`10:00-16:00/90`), 0 for none.
    bool point = false;           // A point in time (one minute long).
};

struct YearRange {
    int from = 0, to = 0;  // `to` == kOpenYear for `2026+`.
    int period = 1;
};
inline constexpr int kOpenYear = 100000;

// A day of the calendar that may move: a fixed date, the nth weekday of a month, or Easter, each
// possibly shifted by whole days. `year` 0 means every year.
struct DatePoint {
    enum class Kind { kDate, kNthWeekday, kEaster } kind = Kind::kDate;
    int year = 0;
    int month = 0;    // 1..12 (kDate, kNthWeekday).
    int day = 0;      // 1..31 (kDate).
    int weekday = 0;  // 0 = Monday (kNthWeekday).
    int nth = 0;      // 1..5 or -1..-5 (kNthWeekday).
    int offset = 0;   // Days added.
};

struct MonthdayRange {
    enum class Kind { kMonths, kDates } kind = Kind::kMonths;
    int year = 0;  // kMonths: 0 = every year.
    int from_month = 0, to_month = 0;
    DatePoint from, to;    // kDates; `to` equals `from` for a single day.
    int period = 1;        // kDates: every nth day from `from`.
    bool open_to = false;  // `Dec 24+`: from that day on, to the end of the year.
};

struct WeekRange {
    int from = 1, to = 1, period = 1;
};

struct WeekdayItem {
    enum class Kind { kWeekdays, kPublicHoliday, kSchoolHoliday } kind = Kind::kWeekdays;
    int from = 0, to = 0;                  // kWeekdays: 0 = Monday; wraps (`Fr-Mo`).
    std::vector<std::pair<int, int>> nth;  // kWeekdays: `[1,3-4,-1]`; empty for every week.
    int offset = 0;                        // Days added (`Sa[1] +2 days`, `PH +1 day`).
};

// A group of alternatives of one kind (`Mo-Fr,Su`, `Jan,Mar`); a day matches a rule when it
// matches every group of the rule.
struct Group {
    enum class Kind { kYears, kMonthdays, kWeeks, kWeekdays } kind = Kind::kYears;
    std::vector<YearRange> years;
    std::vector<MonthdayRange> monthdays;
    std::vector<WeekRange> weeks;
    std::vector<WeekdayItem> weekdays;
};

enum class Modifier { kNone, kOpen, kClosed, kUnknown };
enum class Separator { kFirst, kNormal, kAdditional, kFallback };

struct Rule {
    Separator separator = Separator::kFirst;
    bool twenty_four_seven = false;
    bool colon = false;  // A `:` after the date selectors (kept by the prettifier).
    std::vector<Group> groups;
    std::vector<TimeSpan> times;  // Empty: the whole day.
    Modifier modifier = Modifier::kNone;
    bool written_off = false;  // kClosed spelled `off` rather than `closed`.
    std::optional<std::string> comment;
    std::size_t begin = 0, end = 0;  // Byte range in the value.
    bool IsEmpty() const {
        return !twenty_four_seven && groups.empty() && times.empty() &&
               modifier == Modifier::kNone && !comment;
    }
};

}  // namespace oh_detail

// One parsed `opening_hours` value. Cheap to copy.
class OpeningHours {
  public:
    // Parses `value`; on failure, says what and where (French message, character position).
    static tl::expected<OpeningHours, OhParseError> Parse(std::string_view value,
                                                          OhMode mode = OhMode::kTimeRanges);

    // Remarks about a value that parses but is probably not what its author meant, in French,
    // each with the character position it refers to ("… (position 12)").
    const std::vector<std::string>& warnings() const { return warnings_; }

    // The canonical form: English two-letter days, three-letter months, HH:MM times, `; ` between
    // rules, `,` without spaces inside selectors. Parse(Prettified()) describes the same hours.
    std::string Prettified() const;

    // With a budget in `context`, the three calls below stop once it is exhausted and return an
    // incomplete answer (closed, fewer intervals, no next change): check budget->exhausted().

    // The state at local time `t`, and the comment of the rule that decided it (empty if none).
    std::pair<OhState, std::string> StateAt(date::local_seconds t, const OhContext& context) const;

    // The open and unknown intervals within [from, to), cut at `from` and `to`; consecutive
    // intervals with the same state and comment are merged (also across midnight).
    std::vector<OhInterval> Intervals(date::local_seconds from, date::local_seconds to,
                                      const OhContext& context) const;

    // The first instant after `from` (and not after `limit`) where the state changes (a change of
    // comment alone, e.g. a holiday inside an open period, is not a change); nullopt if there is
    // none before `limit`.
    std::optional<date::local_seconds> NextChange(date::local_seconds from,
                                                  const OhContext& context,
                                                  date::local_seconds limit) const;

    const std::vector<oh_detail::Rule>& rules() const { return rules_; }

    // The number of selectors of the value: every weekday, date, week, year and time range of
    // every rule (what the evaluator tests or paints for each day).
    std::size_t SelectorCount() const;

  private:
    OpeningHours() = default;
    friend class OhParser;

    std::vector<oh_detail::Rule> rules_;
    std::vector<std::string> warnings_;
    OhMode mode_ = OhMode::kTimeRanges;
};

}  // namespace guichet::calendar
