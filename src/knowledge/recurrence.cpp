#include "knowledge/recurrence.hpp"

#include <memory>
#include <string>

#include <libical/ical.h>

namespace guichet::knowledge {
namespace {

struct IteratorDeleter {
    void operator()(icalrecur_iterator* it) const { icalrecur_iterator_free(it); }
};

Result<icalrecurrencetype> ParseRule(std::string_view rrule) {
    const std::string text(rrule);
    icalerror_clear_errno();
    // libical prints parse problems on stderr unless told otherwise.
    const icalerrorstate saved = icalerror_get_error_state(ICAL_MALFORMEDDATA_ERROR);
    icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, ICAL_ERROR_NONFATAL);
    icalrecurrencetype rule = icalrecurrencetype_from_string(text.c_str());
    icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, saved);
    if (rule.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        icalerror_clear_errno();
        return Fail(ErrorCode::kInvalidArgument,
                    "La règle de récurrence « " + text +
                        " » n'est pas valide (syntaxe RRULE de la RFC 5545, par exemple "
                        "FREQ=WEEKLY;BYDAY=SA).",
                    "bad rrule", "invalid-field");
    }
    return rule;
}

icaltimetype ToIcal(date::local_seconds t) {
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd(day);
    const date::hh_mm_ss<std::chrono::seconds> hms(t - day);
    icaltimetype out = icaltime_null_time();
    out.year = static_cast<int>(ymd.year());
    out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    out.hour = static_cast<int>(hms.hours().count());
    out.minute = static_cast<int>(hms.minutes().count());
    out.second = static_cast<int>(hms.seconds().count());
    out.is_date = 0;
    return out;  // Floating: no zone, compared as wall-clock time.
}

date::local_seconds FromIcal(const icaltimetype& t) {
    const auto day = date::local_days(date::year(t.year) / t.month / t.day);
    return day + std::chrono::hours(t.hour) + std::chrono::minutes(t.minute) +
           std::chrono::seconds(t.second);
}

}  // namespace

Result<void> ValidateRrule(std::string_view rrule) {
    GUICHET_TRY(rule, ParseRule(rrule));
    (void)rule;
    return {};
}

Result<std::vector<date::local_seconds>> ExpandRrule(std::string_view rrule,
                                                     date::local_seconds first,
                                                     const date::time_zone* zone,
                                                     date::local_seconds until, std::size_t limit) {
    std::vector<date::local_seconds> starts;
    if (rrule.empty()) {
        if (first < until) starts.push_back(first);
        return starts;
    }
    GUICHET_TRY(rule, ParseRule(rrule));
    if (!icaltime_is_null_time(rule.until) && rule.until.is_date == 0 && zone != nullptr &&
        icaltime_is_utc(rule.until)) {
        // UNTIL in UTC: compare in the event's wall-clock time, like the occurrences.
        const date::sys_seconds utc{FromIcal(rule.until).time_since_epoch()};
        rule.until = ToIcal(zone->to_local(utc));
    }
    std::unique_ptr<icalrecur_iterator, IteratorDeleter> it(
        icalrecur_iterator_new(rule, ToIcal(first)));
    if (!it) return Fail(ErrorCode::kInvalidArgument, "Règle de récurrence non prise en charge.");
    while (starts.size() < limit) {
        const icaltimetype next = icalrecur_iterator_next(it.get());
        if (icaltime_is_null_time(next)) break;
        const date::local_seconds start = FromIcal(next);
        if (start >= until) break;
        if (start >= first) starts.push_back(start);
    }
    return starts;
}

}  // namespace guichet::knowledge
