// Working-time arithmetic for deadlines: N jours ouvrés / ouvrables / calendaires after a receipt,
// N business minutes after an instant, business time elapsed between two instants.
//
// Instants are UTC (guichet::TimePoint, a system_clock time point); every calendar notion (the
// day of receipt, business hours, holidays) is evaluated in the tenant's IANA time zone, so
// results are right across DST changes and overseas (America/Cayenne, Indian/Reunion…).
// Thread-safety: a WorkingCalendar is immutable after Create(); its methods are const and safe to
// call from several threads. Copies share one HolidayCalendar.
#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "calendar/holidays.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace guichet::calendar {

// One business-hours slot of a day: [start_minute, end_minute) in local wall-clock minutes after
// midnight, 0 <= start_minute < end_minute <= 1440 (24:00 ends the day).
struct BusinessSlot {
    int start_minute = 0;
    int end_minute = 0;
    bool operator==(const BusinessSlot&) const = default;
};

// Business hours per weekday; index 0 is Monday, 6 is Sunday. A day may have several slots
// (08:30–12:00 and 13:30–17:00); a day without slots is closed.
using WeeklyHours = std::array<std::vector<BusinessSlot>, 7>;

// "08:30-12:00,13:30-17:00" (also "8h30-12h", en dash, spaces) -> slots; "" -> no slot. Errors:
// kInvalidArgument with a French message naming the slot at fault.
Result<std::vector<BusinessSlot>> ParseBusinessSlots(std::string_view text);
// The inverse: "08:30-12:00,13:30-17:00".
std::string FormatBusinessSlots(const std::vector<BusinessSlot>& slots);

// How days are counted by AddDays.
enum class DayKind {
    // Jours ouvrés: Monday to Friday, except public holidays (law and HolidayRules::extra_closures)
    // and the calendar's exceptional closures — the days the administration actually works.
    kOuvres,
    // Jours ouvrables: Monday to Saturday, except public holidays (law and extra_closures). A legal
    // notion: the administration's own closures and business hours do not change it.
    kOuvrables,
    // Jours calendaires (francs): every day. See WorkingCalendarSettings::extend_calendar_days.
    kCalendaires,
};

// A period [from, to) during which a deadline does not run (e.g. waiting for the citizen's
// documents). Pauses may overlap one another; overlaps count once.
struct Pause {
    TimePoint from;
    TimePoint to;
};

struct WorkingCalendarSettings {
    std::string time_zone = "Europe/Paris";  // IANA name.
    HolidayRules holidays;                   // Public-holiday zone and tenant holidays.
    WeeklyHours business_hours;              // Empty: no business hours (AddDays still works).
    std::vector<Day> closures;               // Exceptional closures: no business hours that day.
    // Article 642 of the Code de procédure civile, followed by administrative practice: a deadline
    // counted in calendar days that would end on a Saturday, a Sunday or a public holiday runs to
    // the end of the next day that is none of these. false: plain calendar days.
    bool extend_calendar_days = true;
};

// A tenant's working calendar. Build it with Create().
class WorkingCalendar {
  public:
    // Fails (kInvalidArgument, French message) on an unknown time zone or an invalid slot
    // (bounds, end before start, overlapping slots of one day). Slots are sorted.
    static Result<WorkingCalendar> Create(WorkingCalendarSettings settings);

    // The deadline of "answer within n days of `kind`" for something received at `received`.
    //
    // The rule (Code de procédure civile art. 641–642, used by French administrations for
    // "réponse sous 15 jours ouvrés"): the day of receipt R is the local date of `received`.
    // - count_receipt_day == false (the legal default, "dies a quo non computatur"): day 1 is the
    //   first counted day after R.
    // - count_receipt_day == true: day 1 is R itself when R is a counted day (a request received
    //   on a Saturday still starts on Monday for jours ouvrés).
    // The deadline expires at the end ("à vingt-quatre heures") of the n-th counted day; the
    // result is that end, i.e. local 00:00 of the following day, as a UTC instant. An answer is on
    // time iff it is sent strictly before the result. n == 0 gives the end of R. For kCalendaires
    // with extend_calendar_days, an n-th day that is a Saturday, a Sunday or a public holiday is
    // replaced by the next day that is none of these.
    // Errors: kInvalidArgument when n < 0 or n > 36500.
    Result<TimePoint> AddDays(TimePoint received, int n, DayKind kind,
                              bool count_receipt_day) const;
    // The same rule on dates: the last day of the deadline (the n-th counted day).
    Result<Day> LastDay(Day receipt, int n, DayKind kind, bool count_receipt_day) const;

    // The earliest instant at which `minutes` of business time have elapsed since `from`, business
    // time being the business-hours slots of open days (not a public holiday nor a closure). Ends
    // at a slot's end when the minutes run out exactly there; `from` itself when minutes == 0.
    // Errors: kInvalidArgument when minutes < 0; kFailedPrecondition when the calendar has no
    // business hours within ten years of `from`.
    Result<TimePoint> AddBusinessMinutes(TimePoint from, std::chrono::minutes minutes) const;

    // Business time within [a, b), minus the parts covered by `pauses`.
    // Errors: kInvalidArgument when b < a, when a pause ends before it starts, or when [a, b)
    // spans more than a hundred years.
    Result<std::chrono::system_clock::duration> BusinessTimeBetween(
        TimePoint a, TimePoint b, const std::vector<Pause>& pauses = {}) const;

    // Whether `day` counts for `kind` (see DayKind).
    bool IsCountedDay(Day day, DayKind kind) const;
    // Whether `day` has business hours: a slot on its weekday, not a public holiday nor a closure.
    bool IsOpenDay(Day day) const;
    // The local date of an instant in the calendar's time zone.
    Day LocalDay(TimePoint t) const;
    // Local 00:00 of `day` as a UTC instant (the first instant of the day where midnight does not
    // exist).
    TimePoint StartOfDay(Day day) const;

    const HolidayCalendar& holidays() const { return *holidays_; }
    const date::time_zone* time_zone() const { return zone_; }
    const WorkingCalendarSettings& settings() const { return settings_; }

  private:
    struct Interval {
        TimePoint from;
        TimePoint to;
    };

    WorkingCalendar(WorkingCalendarSettings settings, const date::time_zone* zone);

    bool IsPublicHoliday(Day day) const;
    bool IsClosure(Day day) const;
    // The business-hours slots of `day` as UTC intervals (empty on a closed day); a slot that
    // vanishes in a DST gap is left out. Appended to `out`.
    void OpenIntervals(Day day, std::vector<Interval>& out) const;

    WorkingCalendarSettings settings_;  // Slots sorted; closures sorted and unique.
    const date::time_zone* zone_ = nullptr;
    std::shared_ptr<const HolidayCalendar> holidays_;
};

}  // namespace guichet::calendar
