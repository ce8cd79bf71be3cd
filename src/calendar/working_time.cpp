#include "calendar/working_time.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <utility>

#include "core/text.hpp"

namespace guichet::calendar {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using Duration = std::chrono::system_clock::duration;

constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMaxDays = 36500;            // AddDays: a hundred years of days at most.
constexpr int kSearchDays = 10 * 366;      // AddBusinessMinutes: ten years of open days.
constexpr date::days kMaxSpan{100 * 366};  // BusinessTimeBetween.
constexpr std::string_view kWeekdayNames[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                              "vendredi", "samedi", "dimanche"};

tl::unexpected<Error> Invalid(std::string message, std::string detail = {}) {
    if (detail.empty()) detail = message;
    return Fail(ErrorCode::kInvalidArgument, std::move(message), std::move(detail),
                "invalid-field");
}

std::string FormatMinute(int minute) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60, minute % 60);
    return buffer;
}

// 0 = Monday … 6 = Sunday.
unsigned WeekdayIndex(Day day) { return date::weekday{day}.iso_encoding() - 1; }

// "8", "08:30", "8h30", "8h" -> minutes after midnight; nullopt when malformed or out of range.
std::optional<int> ParseClock(std::string_view s) {
    std::size_t i = 0;
    int hours = 0;
    int digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 2) {
        hours = hours * 10 + (s[i++] - '0');
        ++digits;
    }
    if (digits == 0) return std::nullopt;
    int mins = 0;
    if (i < s.size()) {
        const char separator = s[i++];
        if (separator != ':' && separator != 'h' && separator != 'H') return std::nullopt;
        if (i < s.size()) {
            if (s.size() - i != 2 || s[i] < '0' || s[i] > '5' || s[i + 1] < '0' || s[i + 1] > '9') {
                return std::nullopt;
            }
            mins = (s[i] - '0') * 10 + (s[i + 1] - '0');
        } else if (separator == ':') {
            return std::nullopt;  // "8:" is a typo, "8h" is French usage.
        }
    }
    const int total = hours * 60 + mins;
    if (total > kMinutesPerDay) return std::nullopt;
    return total;
}

// Sorts the slots of one day and checks them; `day` names the day in the message.
Result<void> CheckSlots(std::vector<BusinessSlot>& slots, std::string_view day) {
    std::sort(slots.begin(), slots.end(), [](const BusinessSlot& a, const BusinessSlot& b) {
        return a.start_minute < b.start_minute;
    });
    for (std::size_t i = 0; i < slots.size(); ++i) {
        const BusinessSlot& s = slots[i];
        const std::string text = FormatMinute(s.start_minute >= 0 ? s.start_minute : 0) + "-" +
                                 FormatMinute(s.end_minute >= 0 ? s.end_minute : 0);
        if (s.start_minute < 0 || s.end_minute > kMinutesPerDay ||
            s.start_minute >= kMinutesPerDay) {
            return Invalid("Le créneau " + text + " du " + std::string(day) +
                           " sort de la journée (00:00 à 24:00).");
        }
        if (s.end_minute <= s.start_minute) {
            return Invalid("Le créneau " + text + " du " + std::string(day) +
                           " est invalide : la fin doit suivre le début.");
        }
        if (i > 0 && s.start_minute < slots[i - 1].end_minute) {
            return Invalid("Les créneaux du " + std::string(day) + " se chevauchent (" +
                           FormatMinute(slots[i - 1].start_minute) + "-" +
                           FormatMinute(slots[i - 1].end_minute) + " et " + text + ").");
        }
    }
    return {};
}

}  // namespace

Result<std::vector<BusinessSlot>> ParseBusinessSlots(std::string_view text) {
    std::vector<BusinessSlot> slots;
    text = TrimBlanks(text);
    while (!text.empty()) {
        const std::size_t separator = text.find_first_of(",;");
        const std::string_view item = TrimBlanks(text.substr(0, separator));
        text =
            separator == std::string_view::npos ? std::string_view{} : text.substr(separator + 1);
        if (item.empty()) continue;
        // A hyphen or an en dash (U+2013) between the two times.
        std::size_t dash = item.find('-');
        std::size_t dash_length = 1;
        if (dash == std::string_view::npos) {
            dash = item.find("\xE2\x80\x93");
            dash_length = 3;
        }
        const auto from = dash == std::string_view::npos
                              ? std::nullopt
                              : ParseClock(TrimBlanks(item.substr(0, dash)));
        const auto to = dash == std::string_view::npos
                            ? std::nullopt
                            : ParseClock(TrimBlanks(item.substr(dash + dash_length)));
        if (!from || !to) {
            return Invalid("Le créneau « " + std::string(item) +
                           " » est illisible (attendu : 08:30-12:00).");
        }
        slots.push_back({*from, *to});
    }
    GUICHET_CHECK(CheckSlots(slots, "jour"));
    return slots;
}

std::string FormatBusinessSlots(const std::vector<BusinessSlot>& slots) {
    std::string out;
    for (const BusinessSlot& slot : slots) {
        if (!out.empty()) out += ',';
        out += FormatMinute(slot.start_minute) + "-" + FormatMinute(slot.end_minute);
    }
    return out;
}

Result<WorkingCalendar> WorkingCalendar::Create(WorkingCalendarSettings settings) {
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(settings.time_zone);
    } catch (const std::exception& e) {
        return Invalid("Le fuseau horaire « " + settings.time_zone +
                           " » est inconnu (exemple : Europe/Paris).",
                       e.what());
    }
    for (std::size_t d = 0; d < settings.business_hours.size(); ++d) {
        GUICHET_CHECK(CheckSlots(settings.business_hours[d], kWeekdayNames[d]));
    }
    std::sort(settings.closures.begin(), settings.closures.end());
    settings.closures.erase(std::unique(settings.closures.begin(), settings.closures.end()),
                            settings.closures.end());
    return WorkingCalendar(std::move(settings), zone);
}

WorkingCalendar::WorkingCalendar(WorkingCalendarSettings settings, const date::time_zone* zone)
    : settings_(std::move(settings)),
      zone_(zone),
      holidays_(std::make_shared<const HolidayCalendar>(settings_.holidays)) {}

bool WorkingCalendar::IsPublicHoliday(Day day) const { return holidays_->IsPublicHoliday(day); }

bool WorkingCalendar::IsClosure(Day day) const {
    return std::binary_search(settings_.closures.begin(), settings_.closures.end(), day);
}

bool WorkingCalendar::IsCountedDay(Day day, DayKind kind) const {
    const unsigned weekday = WeekdayIndex(day);
    switch (kind) {
        case DayKind::kOuvres:
            return weekday < 5 && !IsPublicHoliday(day) && !IsClosure(day);
        case DayKind::kOuvrables:
            return weekday < 6 && !IsPublicHoliday(day);
        case DayKind::kCalendaires:
            return true;
    }
    return true;
}

bool WorkingCalendar::IsOpenDay(Day day) const {
    return !settings_.business_hours[WeekdayIndex(day)].empty() && !IsPublicHoliday(day) &&
           !IsClosure(day);
}

Day WorkingCalendar::LocalDay(TimePoint t) const {
    return Day{date::floor<date::days>(zone_->to_local(t)).time_since_epoch()};
}

TimePoint WorkingCalendar::StartOfDay(Day day) const {
    // Where midnight falls in a DST gap, date::choose maps it to the transition: the day's
    // first instant.
    return zone_->to_sys(date::local_days{day.time_since_epoch()}, date::choose::earliest);
}

void WorkingCalendar::OpenIntervals(Day day, std::vector<Interval>& out) const {
    if (!IsOpenDay(day)) return;
    const date::local_days midnight{day.time_since_epoch()};
    for (const BusinessSlot& slot : settings_.business_hours[WeekdayIndex(day)]) {
        const date::local_seconds start = midnight + minutes{slot.start_minute};
        const date::local_seconds end = midnight + minutes{slot.end_minute};
        // A slot covers every wall-clock reading in [start, end). When the clock goes back, the
        // repeated readings inside the slot happen twice, and both count: the slot starts at the
        // first reading of `start` and ends at the last instant the clock reads just before
        // `end` (01:30–02:30 on the night of October's change lasts two hours). A slot ending
        // exactly where the repeated hour begins ends at the first such reading. Readings that
        // do not exist (the spring gap) do not count; date::choose maps them to the transition.
        const TimePoint from = zone_->to_sys(start, date::choose::earliest);
        const bool end_repeats =
            zone_->get_info(end).result == date::local_info::ambiguous &&
            zone_->get_info(end - seconds{1}).result == date::local_info::ambiguous;
        const TimePoint to =
            zone_->to_sys(end, end_repeats ? date::choose::latest : date::choose::earliest);
        if (from < to) out.push_back({from, to});
    }
}

Result<Day> WorkingCalendar::LastDay(Day receipt, int n, DayKind kind,
                                     bool count_receipt_day) const {
    if (n < 0 || n > kMaxDays) {
        return Invalid("Le nombre de jours doit être compris entre 0 et " +
                       std::to_string(kMaxDays) + " (reçu : " + std::to_string(n) + ").");
    }
    Day day = receipt;
    int counted = 0;
    if (n > 0 && count_receipt_day && IsCountedDay(day, kind)) counted = 1;
    while (counted < n) {
        day += date::days{1};
        if (IsCountedDay(day, kind)) ++counted;
    }
    if (n > 0 && kind == DayKind::kCalendaires && settings_.extend_calendar_days) {
        while (WeekdayIndex(day) >= 5 || IsPublicHoliday(day)) day += date::days{1};
    }
    return day;
}

Result<TimePoint> WorkingCalendar::AddDays(TimePoint received, int n, DayKind kind,
                                           bool count_receipt_day) const {
    GUICHET_TRY(last, LastDay(LocalDay(received), n, kind, count_receipt_day));
    return StartOfDay(last + date::days{1});
}

Result<TimePoint> WorkingCalendar::AddBusinessMinutes(TimePoint from, minutes amount) const {
    if (amount < minutes{0}) {
        return Invalid("La durée à ajouter doit être positive (reçu : " +
                       std::to_string(amount.count()) + " minutes).");
    }
    if (amount == minutes{0}) return from;
    Duration remaining = amount;
    std::vector<Interval> intervals;
    // Slots of earlier local days end by local midnight, before `from`: start on from's day.
    Day day = LocalDay(from);
    for (int i = 0; i < kSearchDays; ++i, day += date::days{1}) {
        intervals.clear();
        OpenIntervals(day, intervals);
        for (const Interval& slot : intervals) {
            if (slot.to <= from) continue;
            const TimePoint start = std::max(slot.from, from);
            const Duration available = slot.to - start;
            if (remaining <= available) return start + remaining;
            remaining -= available;
        }
    }
    return Fail(
        ErrorCode::kFailedPrecondition,
        "Aucun horaire d'ouverture dans les dix ans qui suivent : impossible de calculer "
        "l'échéance.",
        "AddBusinessMinutes: no business hours within " + std::to_string(kSearchDays) + " days",
        "no-business-hours");
}

Result<Duration> WorkingCalendar::BusinessTimeBetween(TimePoint a, TimePoint b,
                                                      const std::vector<Pause>& pauses) const {
    if (b < a) return Invalid("La fin de la période précède son début.");
    std::vector<Pause> merged;
    for (const Pause& pause : pauses) {
        if (pause.to < pause.from) return Invalid("Une suspension se termine avant de commencer.");
        if (pause.from < pause.to && pause.to > a && pause.from < b) merged.push_back(pause);
    }
    const Day first = LocalDay(a);
    const Day last = LocalDay(b);
    if (last - first > kMaxSpan) return Invalid("La période dépasse cent ans.");

    std::sort(merged.begin(), merged.end(),
              [](const Pause& x, const Pause& y) { return x.from < y.from; });
    std::size_t out = 0;
    for (const Pause& pause : merged) {
        if (out > 0 && pause.from <= merged[out - 1].to) {
            merged[out - 1].to = std::max(merged[out - 1].to, pause.to);
        } else {
            merged[out++] = pause;
        }
    }
    merged.resize(out);

    Duration total{0};
    std::size_t p = 0;  // First pause that may still overlap the current interval.
    std::vector<Interval> intervals;
    for (Day day = first; day <= last; day += date::days{1}) {
        intervals.clear();
        OpenIntervals(day, intervals);
        for (const Interval& slot : intervals) {
            TimePoint from = std::max(slot.from, a);
            const TimePoint to = std::min(slot.to, b);
            if (from >= to) continue;
            // Slots and merged pauses are both in time order: walk them together.
            while (p < merged.size() && merged[p].to <= from) ++p;
            for (std::size_t q = p; q < merged.size() && merged[q].from < to; ++q) {
                if (merged[q].from > from) total += merged[q].from - from;
                from = std::max(from, merged[q].to);
                if (from >= to) break;
            }
            if (from < to) total += to - from;
        }
    }
    return total;
}

}  // namespace guichet::calendar
