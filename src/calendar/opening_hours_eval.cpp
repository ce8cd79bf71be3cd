// Evaluator of parsed opening_hours values.
//
// The unit of work is the day: for a day D, every rule that selects D or D-1 paints its times on a
// timeline of D (minutes 0..1440), in the order of the rules, with the replacing, additional and
// fallback semantics described in opening_hours.hpp. States at instants, intervals and next
// changes all read these day timelines.
#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <unordered_map>

#include "calendar/opening_hours.hpp"
#include "calendar/sun.hpp"

namespace guichet::calendar {

using namespace oh_detail;

namespace {

constexpr int kDayMinutes = 24 * 60;
// Budget steps of the costlier operations, relative to one timeline segment visited (measured:
// a sun computation takes about as long as a few hundred segments).
constexpr std::int64_t kHolidayLookupSteps = 8;
constexpr std::int64_t kMonthdaySteps = 4;  // A date range resolves up to four days.
constexpr std::int64_t kSunSteps = 400;
constexpr std::int64_t kPaintSteps = 8;  // A paint allocates a new timeline.
const char kOpenEndComment[] = "Fin ouverte : l’heure de fermeture est estimée.";

struct Segment {
    int from = 0, to = 0;  // Minutes after the day's midnight.
    OhState state = OhState::kClosed;
    std::string comment;
    bool matched = false;  // Some rule said something about this time (fallbacks skip it).
};

using Timeline = std::vector<Segment>;  // Sorted, contiguous, covering [0, kDayMinutes).

// Paints [from, to) of `line` (clipped to the day). `only_unmatched`: for fallback rules.
void Paint(Timeline& line, int from, int to, OhState state, const std::string& comment,
           bool only_closed) {
    from = std::max(from, 0);
    to = std::min(to, kDayMinutes);
    if (from >= to) return;
    Timeline out;
    out.reserve(line.size() + 2);
    for (Segment& s : line) {
        if (s.to <= from || s.from >= to || (only_closed && s.state != OhState::kClosed)) {
            out.push_back(std::move(s));
            continue;
        }
        if (s.from < from) {
            Segment left = s;
            left.to = from;
            out.push_back(std::move(left));
        }
        Segment mid;
        mid.from = std::max(s.from, from);
        mid.to = std::min(s.to, to);
        mid.state = state;
        mid.comment = comment;
        mid.matched = true;
        out.push_back(std::move(mid));
        if (s.to > to) {
            Segment right = std::move(s);
            right.from = to;
            out.push_back(std::move(right));
        }
    }
    line = std::move(out);
}

// Paints many disjoint ranges, sorted by start, in one pass: points in time every few minutes
// (`00:00-24:00/00:01`) would be quadratic one by one.
void PaintAll(Timeline& line, std::vector<std::pair<int, int>> ranges, OhState state,
              const std::string& comment, bool only_closed) {
    Timeline out;
    out.reserve(line.size() + 2 * ranges.size());
    std::size_t r = 0;
    auto emit = [&out](const Segment& like, int from, int to) {
        if (from >= to) return;
        if (!out.empty() && out.back().to == from && out.back().state == like.state &&
            out.back().comment == like.comment && out.back().matched == like.matched) {
            out.back().to = to;
            return;
        }
        Segment piece = like;
        piece.from = from;
        piece.to = to;
        out.push_back(std::move(piece));
    };
    for (auto& [from, to] : ranges) {
        from = std::max(from, 0);
        to = std::min(to, kDayMinutes);
    }
    Segment painted;
    painted.state = state;
    painted.comment = comment;
    painted.matched = true;
    for (const Segment& s : line) {
        int cur = s.from;
        while (r < ranges.size() && ranges[r].first < s.to) {
            const int from = std::max(ranges[r].first, cur);
            const int to = std::min(ranges[r].second, s.to);
            if (from < to) {
                emit(s, cur, from);
                emit(only_closed && s.state != OhState::kClosed ? s : painted, from, to);
                cur = to;
            }
            if (ranges[r].second <= s.to)
                ++r;
            else
                break;
        }
        emit(s, cur, s.to);
    }
    line = std::move(out);
}

Timeline EmptyDay() { return Timeline{Segment{0, kDayMinutes, OhState::kClosed, {}, false}}; }

date::year_month_day Ymd(date::local_days d) { return date::year_month_day{d}; }

int Weekday(date::local_days d) {  // 0 = Monday
    return static_cast<int>((date::weekday{d}.c_encoding() + 6) % 7);
}

date::local_days Easter(int year) {
    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return date::local_days{date::year{year} / month / day};
}

int IsoWeek(date::local_days d) {
    // The week's Thursday decides the ISO year; week 1 holds that year's first Thursday.
    const date::local_days thursday = d - date::days{Weekday(d)} + date::days{3};
    const auto y = Ymd(thursday).year();
    const date::local_days first{y / date::January / 1};
    return static_cast<int>((thursday - first).count() / 7) + 1;
}

std::optional<date::local_days> NthWeekday(int year, int month, int weekday, int nth) {
    const auto ym = date::year{year} / month;
    if (nth > 0) {
        const date::local_days first{ym / 1};
        const int shift = (weekday - Weekday(first) + 7) % 7;
        const date::local_days d = first + date::days{shift + (nth - 1) * 7};
        if (Ymd(d).month() != date::month(month)) return std::nullopt;
        return d;
    }
    const date::local_days last{ym / date::last};
    const int shift = (Weekday(last) - weekday + 7) % 7;
    const date::local_days d = last - date::days{shift + (-nth - 1) * 7};
    if (Ymd(d).month() != date::month(month)) return std::nullopt;
    return d;
}

// The day `p` falls on in `year` (its own year if it has one); nullopt if it does not exist.
// `clamp`: a 29 February (or 31st) that does not exist becomes the month's last day.
std::optional<date::local_days> Resolve(const DatePoint& p, int year, bool clamp) {
    if (p.year != 0) year = p.year;
    std::optional<date::local_days> d;
    switch (p.kind) {
        case DatePoint::Kind::kDate: {
            date::year_month_day ymd{date::year{year}, date::month(p.month), date::day(p.day)};
            if (!ymd.ok()) {
                if (!clamp) return std::nullopt;
                ymd = date::year_month_day{date::year{year} / p.month / date::last};
            }
            d = date::local_days{ymd};
            break;
        }
        case DatePoint::Kind::kNthWeekday:
            d = NthWeekday(year, p.month, p.weekday, p.nth);
            break;
        case DatePoint::Kind::kEaster:
            d = Easter(year);
            break;
    }
    if (!d) return std::nullopt;
    return *d + date::days{p.offset};
}

bool SameDay(const DatePoint& a, const DatePoint& b) {
    return a.kind == b.kind && a.year == b.year && a.month == b.month && a.day == b.day &&
           a.weekday == b.weekday && a.nth == b.nth && a.offset == b.offset;
}

class Evaluator {
  public:
    Evaluator(const std::vector<Rule>& rules, const OhContext& context)
        : rules_(rules), context_(context) {}

    // Spends from the context's budget; false once it is exhausted (always true without one).
    bool Spend(std::int64_t steps) {
        return context_.budget == nullptr || context_.budget->Spend(steps);
    }
    bool Exhausted() const { return context_.budget != nullptr && context_.budget->exhausted(); }

    // The timeline of day `d` (incomplete once the budget is exhausted).
    Timeline Day(date::local_days d) {
        Timeline line = EmptyDay();
        for (const Rule& rule : rules_) {
            if (!Spend(1)) break;
            std::string holiday_today, holiday_before;
            const bool today = Matches(rule, d, &holiday_today);
            const bool before = Matches(rule, d - date::days{1}, &holiday_before);
            if (!today && !before) continue;
            const bool only_unmatched = rule.separator == Separator::kFallback;
            if (today && rule.modifier != Modifier::kClosed &&
                (rule.separator == Separator::kFirst || rule.separator == Separator::kNormal))
                line = EmptyDay();
            if (today) PaintRule(line, rule, d, 0, holiday_today, only_unmatched);
            if (before)
                PaintRule(line, rule, d - date::days{1}, -kDayMinutes, holiday_before,
                          only_unmatched);
        }
        return line;
    }

  private:
    bool Matches(const Rule& rule, date::local_days d, std::string* holiday) {
        for (const Group& g : rule.groups)
            if (!MatchesGroup(g, d, holiday)) return false;
        return true;
    }

    bool MatchesGroup(const Group& g, date::local_days d, std::string* holiday) {
        Spend(static_cast<std::int64_t>(g.years.size() + g.weeks.size() + g.weekdays.size()) +
              kMonthdaySteps * static_cast<std::int64_t>(g.monthdays.size()));
        const date::year_month_day ymd = Ymd(d);
        const int year = static_cast<int>(ymd.year());
        switch (g.kind) {
            case Group::Kind::kYears:
                for (const YearRange& r : g.years)
                    if (year >= r.from && year <= r.to && (year - r.from) % r.period == 0)
                        return true;
                return false;
            case Group::Kind::kWeeks: {
                const int week = IsoWeek(d);
                for (const WeekRange& r : g.weeks)
                    if (week >= r.from && week <= r.to && (week - r.from) % r.period == 0)
                        return true;
                return false;
            }
            case Group::Kind::kMonthdays:
                for (const MonthdayRange& r : g.monthdays)
                    if (MatchesMonthday(r, d, year, static_cast<int>(unsigned(ymd.month()))))
                        return true;
                return false;
            case Group::Kind::kWeekdays: {
                bool any = false;
                for (const WeekdayItem& item : g.weekdays) {
                    if (MatchesWeekday(item, d, holiday)) {
                        any = true;
                        if (item.kind != WeekdayItem::Kind::kPublicHoliday) break;
                    }
                }
                return any;
            }
        }
        return false;
    }

    static bool MatchesMonthday(const MonthdayRange& r, date::local_days d, int year, int month) {
        if (r.kind == MonthdayRange::Kind::kMonths) {
            if (r.year != 0 && r.year != year && r.from_month <= r.to_month) return false;
            if (r.from_month <= r.to_month) return month >= r.from_month && month <= r.to_month;
            if (r.year != 0)  // `2012 Dec-Jan`: December 2012 and January 2013.
                return (year == r.year && month >= r.from_month) ||
                       (year == r.year + 1 && month <= r.to_month);
            return month >= r.from_month || month <= r.to_month;
        }
        if (r.from.year != 0) {
            // Explicit years: one range, which may span into the next year.
            const auto start = Resolve(r.from, r.from.year, false);
            if (!start) return false;
            auto end = Resolve(r.to, r.to.year != 0 ? r.to.year : r.from.year, true);
            if (r.open_to) end = date::local_days{date::year{r.from.year} / date::December / 31};
            if (end && *end < *start && r.to.year == 0) end = Resolve(r.to, r.from.year + 1, true);
            if (end && r.to.kind == DatePoint::Kind::kEaster && !SameDay(r.from, r.to))
                *end -= date::days{1};
            return end && d >= *start && d <= *end && (d - *start).count() % r.period == 0;
        }
        // Every year: the range of this year's dates; when it ends before it starts, it spans
        // the turn of the year (then this year's days before the end belong to last year's range).
        // Movable days (Easter) are taken in the day's own year, as the reference does.
        const auto start = Resolve(r.from, year, false);
        std::optional<date::local_days> end;
        if (r.open_to)
            end = date::local_days{date::year{year} / date::December / 31};
        else
            end = Resolve(r.to, year, true);
        // As in the reference implementation, a range that ends at Easter stops the day before.
        if (end && r.to.kind == DatePoint::Kind::kEaster && !SameDay(r.from, r.to))
            *end -= date::days{1};
        // Last year's range, when an offset carries its end into this year
        // (`Dec 20-Dec Su[-1] +4 days`).
        if (r.to.offset > 0 || r.to.kind != DatePoint::Kind::kDate) {
            const auto last_start = Resolve(r.from, year - 1, false);
            auto last_end = Resolve(r.to, year - 1, true);
            if (last_end && r.to.kind == DatePoint::Kind::kEaster && !SameDay(r.from, r.to))
                *last_end -= date::days{1};
            if (last_start && last_end && *last_start <= *last_end && d >= *last_start &&
                d <= *last_end && (d - *last_start).count() % r.period == 0)
                return true;
        }
        if (!end || !start) return false;
        if (*start <= *end) return d >= *start && d <= *end && (d - *start).count() % r.period == 0;
        if (d >= *start) return (d - *start).count() % r.period == 0;
        if (d <= *end) {
            const auto last_start = Resolve(r.from, year - 1, false);
            return !last_start || (d - *last_start).count() % r.period == 0;
        }
        return false;
    }

    bool MatchesWeekday(const WeekdayItem& item, date::local_days d, std::string* holiday) {
        const date::local_days base = d - date::days{item.offset};
        switch (item.kind) {
            case WeekdayItem::Kind::kWeekdays: {
                const int wd = Weekday(base);
                const bool in = item.from <= item.to ? (wd >= item.from && wd <= item.to)
                                                     : (wd >= item.from || wd <= item.to);
                if (!in) return false;
                if (item.nth.empty()) return true;
                const auto ymd = Ymd(base);
                const int day = static_cast<int>(unsigned(ymd.day()));
                const int last = static_cast<int>(unsigned(
                    date::year_month_day_last{ymd.year() / ymd.month() / date::last}.day()));
                const int from_start = (day - 1) / 7 + 1;
                const int from_end = -((last - day) / 7 + 1);
                for (auto [a, b] : item.nth)
                    if ((from_start >= a && from_start <= b) || (from_end >= a && from_end <= b))
                        return true;
                return false;
            }
            case WeekdayItem::Kind::kPublicHoliday: {
                if (context_.holidays == nullptr) return false;
                Spend(kHolidayLookupSteps);
                auto name =
                    context_.holidays->PublicHoliday(date::sys_days{base.time_since_epoch()});
                if (!name) return false;
                if (holiday != nullptr && holiday->empty() && item.offset == 0) *holiday = *name;
                return true;
            }
            case WeekdayItem::Kind::kSchoolHoliday: {
                if (context_.holidays == nullptr) return false;
                Spend(kHolidayLookupSteps);
                return context_.holidays->SchoolHolidayName(date::sys_days{base.time_since_epoch()})
                    .has_value();
            }
        }
        return false;
    }

    // ---- Times ---------------------------------------------------------------------------------

    static int DefaultVar(VarTime v) {
        switch (v) {
            case VarTime::kDawn:
                return 5 * 60 + 30;
            case VarTime::kSunrise:
                return 6 * 60;
            case VarTime::kSunset:
                return 18 * 60;
            case VarTime::kDusk:
                return 18 * 60 + 30;
            case VarTime::kNone:
                break;
        }
        return 0;
    }

    const SunTimes* Sun(date::local_days d) {
        if (!context_.lat || !context_.lon) return nullptr;
        auto it = sun_cache_.find(d.time_since_epoch().count());
        if (it == sun_cache_.end()) {
            Spend(kSunSteps);
            it = sun_cache_
                     .emplace(d.time_since_epoch().count(),
                              ComputeSunTimes(d, *context_.lat, *context_.lon, context_.zone))
                     .first;
        }
        return &it->second;
    }

    // The time of `e` on day `d`, in minutes; nullopt when the sun does not rise or set.
    std::optional<int> Actual(const TimeExpr& e, date::local_days d) {
        if (e.var == VarTime::kNone) return e.minutes;
        const SunTimes* sun = Sun(d);
        if (sun == nullptr) return DefaultVar(e.var) + e.minutes;
        std::optional<int> t;
        switch (e.var) {
            case VarTime::kDawn:
                t = sun->dawn;
                break;
            case VarTime::kSunrise:
                t = sun->sunrise;
                break;
            case VarTime::kSunset:
                t = sun->sunset;
                break;
            case VarTime::kDusk:
                t = sun->dusk;
                break;
            case VarTime::kNone:
                break;
        }
        if (!t) return std::nullopt;
        return *t + e.minutes;
    }

    static int Constant(const TimeExpr& e) {
        return e.var == VarTime::kNone ? e.minutes : DefaultVar(e.var) + e.minutes;
    }

    // When an open end stops: the end of the day before 17:00, 10 hours later before 22:00,
    // 8 hours later otherwise (decided on the constant value of a variable time).
    static int GuessedEnd(int constant) {
        if (constant < 17 * 60) return kDayMinutes;
        if (constant < 22 * 60) return constant + 10 * 60;
        return constant + 8 * 60;
    }

    void PaintRule(Timeline& line, const Rule& rule, date::local_days d, int shift,
                   const std::string& holiday, bool only_unmatched) {
        OhState state = OhState::kOpen;
        if (rule.modifier == Modifier::kClosed) {
            state = OhState::kClosed;
        } else if (rule.modifier == Modifier::kUnknown ||
                   (rule.modifier == Modifier::kNone && rule.comment)) {
            state = OhState::kUnknown;
        }
        const std::string& comment = rule.comment ? *rule.comment : holiday;
        // Painting visits every segment of the line (nothing when the range misses the day).
        auto paint = [&](int from, int to, OhState s, const std::string& c) {
            if (std::max(from, 0) >= std::min(to, kDayMinutes)) return;
            if (Spend(kPaintSteps + static_cast<std::int64_t>(line.size())))
                Paint(line, from, to, s, c, only_unmatched);
        };
        if (rule.times.empty()) {
            if (shift == 0) paint(0, kDayMinutes, state, comment);
            return;
        }
        const std::string open_end_comment = rule.comment ? *rule.comment : kOpenEndComment;
        const OhState open_end_state = state == OhState::kClosed ? state : OhState::kUnknown;
        for (std::size_t i = 0; i < rule.times.size(); ++i) {
            if (Exhausted()) return;
            const TimeSpan& span = rule.times[i];
            auto start = Actual(span.start, d);
            if (!start) continue;
            if (span.point) {
                paint(*start + shift, *start + 1 + shift, state, comment);
                continue;
            }
            int fixed_end = *start;  // Where the fixed part ends and an open end starts.
            int end_constant = Constant(span.start);
            if (span.end) {
                auto end = Actual(*span.end, d);
                if (!end) continue;
                const bool variable =
                    span.start.var != VarTime::kNone || span.end->var != VarTime::kNone;
                if (variable) {
                    if (Constant(*span.end) < Constant(span.start)) {
                        // The end is on the next day: a sun time of that day.
                        end = Actual(*span.end, d + date::days{1});
                        if (!end) continue;
                        *end += kDayMinutes;
                    } else if (*end <= *start) {
                        continue;  // `sunrise-08:00` on a day the sun rises after 08:00.
                    }
                } else if (*end <= *start) {
                    *end += kDayMinutes;
                }
                *end = std::min(*end, 2 * kDayMinutes);
                if (span.period > 0) {
                    std::vector<std::pair<int, int>> points;
                    for (int t = *start; t <= *end; t += span.period)
                        points.emplace_back(t + shift, t + 1 + shift);
                    if (Spend(kPaintSteps + static_cast<std::int64_t>(line.size() + points.size())))
                        PaintAll(line, std::move(points), state, comment, only_unmatched);
                    continue;
                }
                paint(*start + shift, *end + shift, state, comment);
                fixed_end = *end;
                end_constant = Constant(*span.end);
                if (span.end->var == VarTime::kNone && *end > span.end->minutes)
                    end_constant += kDayMinutes;
            }
            if (!span.open_end) continue;
            int guessed = GuessedEnd(end_constant);
            if (span.end && span.end->var != VarTime::kNone) guessed = std::max(guessed, fixed_end);
            if (guessed == kDayMinutes) {
                // `07:00+,12:00-16:00`: a later range inside the open end closes it.
                Spend(static_cast<std::int64_t>(rule.times.size()));
                for (std::size_t j = 0; j < rule.times.size(); ++j) {
                    const TimeSpan& other = rule.times[j];
                    if (j == i || !other.end || other.open_end) continue;
                    auto s2 = Actual(other.start, d);
                    auto e2 = Actual(*other.end, d);
                    if (!s2 || !e2 || *e2 <= *s2) continue;
                    if (*s2 >= fixed_end && *e2 <= guessed) guessed = *e2;
                }
            }
            guessed = std::min(guessed, 2 * kDayMinutes);
            paint(fixed_end + shift, guessed + shift, open_end_state, open_end_comment);
        }
    }

    const std::vector<Rule>& rules_;
    const OhContext& context_;
    std::unordered_map<long, SunTimes> sun_cache_;
};

date::local_days DayOf(date::local_seconds t) { return date::floor<date::days>(t); }

}  // namespace

std::pair<OhState, std::string> OpeningHours::StateAt(date::local_seconds t,
                                                      const OhContext& context) const {
    Evaluator evaluator(rules_, context);
    const date::local_days day = DayOf(t);
    const Timeline line = evaluator.Day(day);
    const int minute = static_cast<int>(date::floor<std::chrono::minutes>(t - day).count());
    for (const Segment& s : line)
        if (minute >= s.from && minute < s.to) return {s.state, s.comment};
    return {OhState::kClosed, {}};
}

std::vector<OhInterval> OpeningHours::Intervals(date::local_seconds from, date::local_seconds to,
                                                const OhContext& context) const {
    std::vector<OhInterval> out;
    if (to <= from) return out;
    Evaluator evaluator(rules_, context);
    for (date::local_days day = DayOf(from); day < to; day += date::days{1}) {
        const Timeline line = evaluator.Day(day);
        for (const Segment& s : line) {
            // Comments are copied and compared: long ones cost more.
            if (!evaluator.Spend(1 + static_cast<std::int64_t>(s.comment.size() / 16))) return out;
            if (s.state == OhState::kClosed) continue;
            date::local_seconds a = day + std::chrono::minutes(s.from);
            date::local_seconds b = day + std::chrono::minutes(s.to);
            a = std::max(a, from);
            b = std::min(b, to);
            if (a >= b) continue;
            const bool unknown = s.state == OhState::kUnknown;
            if (!out.empty() && out.back().to == a && out.back().unknown == unknown &&
                out.back().comment == s.comment) {
                out.back().to = b;
            } else {
                out.push_back(OhInterval{a, b, unknown, s.comment});
            }
        }
    }
    return out;
}

std::optional<date::local_seconds> OpeningHours::NextChange(date::local_seconds from,
                                                            const OhContext& context,
                                                            date::local_seconds limit) const {
    Evaluator evaluator(rules_, context);
    std::optional<OhState> current;
    for (date::local_days day = DayOf(from); day <= limit; day += date::days{1}) {
        const Timeline line = evaluator.Day(day);
        if (!evaluator.Spend(static_cast<std::int64_t>(line.size()))) return std::nullopt;
        for (const Segment& s : line) {
            const date::local_seconds a = day + std::chrono::minutes(s.from);
            const date::local_seconds b = day + std::chrono::minutes(s.to);
            if (b <= from) continue;
            if (!current) {
                current = s.state;
                continue;
            }
            if (*current != s.state) {
                if (a > limit) return std::nullopt;
                return a;
            }
        }
    }
    return std::nullopt;
}

std::size_t OpeningHours::SelectorCount() const {
    std::size_t n = 0;
    for (const Rule& rule : rules_) {
        n += rule.times.size();
        for (const Group& g : rule.groups) {
            n += g.years.size() + g.monthdays.size() + g.weeks.size();
            for (const WeekdayItem& item : g.weekdays) n += 1 + item.nth.size();
        }
    }
    return n;
}

}  // namespace guichet::calendar
