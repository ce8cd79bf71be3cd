#include "knowledge/recurrence.hpp"

#include <algorithm>
#include <array>
#include <map>
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

namespace {

constexpr std::array<std::string_view, 7> kDayCodes = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
constexpr std::array<std::string_view, 7> kDayNames = {"dimanche", "lundi",    "mardi", "mercredi",
                                                       "jeudi",    "vendredi", "samedi"};
constexpr std::array<std::string_view, 12> kMonthNames = {
    "janvier", "février", "mars",      "avril",   "mai",      "juin",
    "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

// "1er", "2", … as French writes the day of a month.
std::string DayOfMonth(unsigned d) { return d == 1 ? "1er" : std::to_string(d); }

std::string DateText(date::local_days day) {
    const date::year_month_day ymd(day);
    return DayOfMonth(static_cast<unsigned>(ymd.day())) + " " +
           std::string(kMonthNames[static_cast<unsigned>(ymd.month()) - 1]) + " " +
           std::to_string(static_cast<int>(ymd.year()));
}

// "a", "a et b", "a, b et c".
std::string Joined(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += i + 1 == parts.size() ? " et " : ", ";
        out += parts[i];
    }
    return out;
}

std::optional<std::string> Ordinal(int n) {
    switch (n) {
        case 1:
            return "premier";
        case 2:
            return "deuxième";
        case 3:
            return "troisième";
        case 4:
            return "quatrième";
        case 5:
            return "cinquième";
        case -1:
            return "dernier";
        case -2:
            return "avant-dernier";
        default:
            return std::nullopt;
    }
}

// "un … sur deux", "un … sur trois" read better than digits for small intervals.
std::string EveryNth(int n) {
    static const std::array<std::string_view, 5> words = {"", "", "deux", "trois", "quatre"};
    return n < static_cast<int>(words.size()) ? std::string(words[n]) : std::to_string(n);
}

struct WeekDay {
    int position = 0;  // 0: every such day; 1: the first of the month; -1: the last.
    unsigned weekday = 0;
};

std::optional<WeekDay> ParseWeekDay(std::string_view text) {
    if (text.size() < 2) return std::nullopt;
    const std::string_view code = text.substr(text.size() - 2);
    const auto it = std::find(kDayCodes.begin(), kDayCodes.end(), code);
    if (it == kDayCodes.end()) return std::nullopt;
    WeekDay out{0, static_cast<unsigned>(it - kDayCodes.begin())};
    const std::string number(text.substr(0, text.size() - 2));
    if (!number.empty()) {
        try {
            std::size_t used = 0;
            out.position = std::stoi(number, &used);
            if (used != number.size() || out.position == 0) return std::nullopt;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    return out;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const auto at = text.find(separator);
        out.push_back(text.substr(0, at));
        if (at == std::string_view::npos) break;
        text.remove_prefix(at + 1);
    }
    return out;
}

}  // namespace

std::optional<std::string> DescribeRrule(std::string_view rrule, date::local_seconds first,
                                         const date::time_zone* zone) {
    if (rrule.empty() || !ValidateRrule(rrule)) return std::nullopt;
    std::map<std::string, std::string, std::less<>> parts;
    for (auto part : Split(rrule, ';')) {
        const auto eq = part.find('=');
        if (eq == std::string_view::npos) return std::nullopt;
        parts.emplace(std::string(part.substr(0, eq)), std::string(part.substr(eq + 1)));
    }
    // What the wording below knows how to say; anything else is listed occurrence by occurrence.
    for (const auto& [key, value] : parts) {
        (void)value;
        if (key != "FREQ" && key != "INTERVAL" && key != "BYDAY" && key != "BYMONTHDAY" &&
            key != "UNTIL" && key != "COUNT" && key != "WKST")
            return std::nullopt;
    }
    int interval = 1;
    if (auto it = parts.find("INTERVAL"); it != parts.end()) {
        try {
            interval = std::stoi(it->second);
        } catch (const std::exception&) {
            return std::nullopt;
        }
        if (interval < 1) return std::nullopt;
    }
    std::vector<WeekDay> days;
    if (auto it = parts.find("BYDAY"); it != parts.end()) {
        for (auto code : Split(it->second, ',')) {
            auto day = ParseWeekDay(code);
            if (!day) return std::nullopt;
            days.push_back(*day);
        }
    }
    const date::local_days first_day = date::floor<date::days>(first);
    const date::year_month_day first_ymd(first_day);
    const unsigned first_weekday = date::weekday(first_day).c_encoding();
    const std::string freq = parts["FREQ"];
    std::string text;
    if (freq == "DAILY") {
        if (!days.empty() || parts.count("BYMONTHDAY")) return std::nullopt;
        text = interval == 1   ? "tous les jours"
               : interval == 2 ? "un jour sur deux"
                               : "tous les " + std::to_string(interval) + " jours";
    } else if (freq == "WEEKLY") {
        if (parts.count("BYMONTHDAY")) return std::nullopt;
        if (days.empty()) days.push_back({0, first_weekday});
        std::vector<std::string> names;
        for (const auto& d : days) {
            if (d.position != 0) return std::nullopt;
            names.emplace_back(kDayNames[d.weekday]);
        }
        if (interval == 1) {
            for (auto& n : names) n += "s";  // "tous les vendredis".
            text = "tous les " + Joined(names);
        } else if (names.size() == 1) {
            text = "un " + names.front() + " sur " + EveryNth(interval);
        } else {
            text = "toutes les " + EveryNth(interval) + " semaines, le " + Joined(names);
        }
    } else if (freq == "MONTHLY") {
        const std::string every =
            interval == 1 ? " du mois" : ", un mois sur " + EveryNth(interval);
        if (!days.empty()) {
            if (days.size() != 1 || parts.count("BYMONTHDAY")) return std::nullopt;
            auto ordinal = Ordinal(days.front().position);
            if (!ordinal) return std::nullopt;
            text = "le " + *ordinal + " " + std::string(kDayNames[days.front().weekday]) + every;
        } else {
            unsigned day = static_cast<unsigned>(first_ymd.day());
            if (auto it = parts.find("BYMONTHDAY"); it != parts.end()) {
                try {
                    const int d = std::stoi(it->second);
                    if (d < 1 || d > 31) return std::nullopt;
                    day = static_cast<unsigned>(d);
                } catch (const std::exception&) {
                    return std::nullopt;
                }
            }
            text = "le " + DayOfMonth(day) + (interval == 1 ? " de chaque mois" : every);
        }
    } else if (freq == "YEARLY") {
        if (!days.empty() || parts.count("BYMONTHDAY")) return std::nullopt;
        text = std::string(interval == 1 ? "tous les ans"
                                         : "tous les " + std::to_string(interval) + " ans") +
               ", le " + DayOfMonth(static_cast<unsigned>(first_ymd.day())) + " " +
               std::string(kMonthNames[static_cast<unsigned>(first_ymd.month()) - 1]);
    } else {
        return std::nullopt;
    }
    // A rule that ends says its last day, found by expanding it (bounded: 20 years, 2,000
    // occurrences; a longer one is said without its end).
    if (parts.count("UNTIL") || parts.count("COUNT")) {
        auto starts =
            ExpandRrule(rrule, first, zone, date::local_seconds(first_day + date::years(20)), 2000);
        if (starts && !starts->empty() && starts->size() < 2000)
            text += ", jusqu'au " + DateText(date::floor<date::days>(starts->back()));
    }
    return text;
}

}  // namespace guichet::knowledge
