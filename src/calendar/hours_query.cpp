#include "calendar/hours_query.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include <date/tz.h>
#include <boost/json/array.hpp>

#include "calendar/opening_hours.hpp"
#include "core/french_format.hpp"

namespace guichet::calendar {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

Error ParamError(std::string_view param, std::string what) {
    std::string message = "Paramètre « " + std::string(param) + " » : " + what;
    return Error{ErrorCode::kInvalidArgument, message, message, "invalid-parameter", 0};
}

// Reads `n` digits at `pos`; -1 when they are not all digits.
int Digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

// A query beyond one of the HoursLimits: the French message names the bound, the detail keeps
// the figures for the logs.
Error LimitError(std::string message, std::string detail) {
    return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(detail), "hours-limit",
                 0};
}

std::size_t CodePoints(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// What one interval adds to the answer: its JSON without the comment is under 100 bytes.
constexpr std::size_t kIntervalBytes = 100;

boost::json::value OptionalComment(const std::string& comment) {
    return comment.empty() ? boost::json::value(nullptr) : boost::json::value(comment);
}

Result<std::optional<double>> Coordinate(const boost::json::object& json, std::string_view key) {
    const boost::json::value* v = json.if_contains(key);
    if (v == nullptr || v->is_null()) return std::optional<double>();
    if (v->is_double()) return std::optional<double>(v->as_double());
    if (v->is_int64()) return std::optional<double>(static_cast<double>(v->as_int64()));
    if (v->is_uint64()) return std::optional<double>(static_cast<double>(v->as_uint64()));
    if (v->is_string()) {
        double d = 0;
        const auto& s = v->as_string();
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
        if (ec == std::errc() && end == s.data() + s.size()) return std::optional<double>(d);
    }
    return Fail(ParamError(key, "doit être un nombre."));
}

}  // namespace

// A time given as local wall-clock time, or as an instant (with Z or an offset) converted to
// the zone's wall-clock time.
Result<date::local_seconds> ParseLocalTime(std::string_view param, std::string_view text,
                                           const date::time_zone& zone) {
    auto bad = [&] {
        return Fail(ParamError(param, "date invalide « " + std::string(text) +
                                          " » (attendu 2026-12-06T09:00, éventuellement suivi "
                                          "de Z ou +01:00)."));
    };
    int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
    if (year < 0 || month < 0 || day < 0 || text[4] != '-' || text[7] != '-') return bad();
    date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                             date::day(static_cast<unsigned>(day))};
    if (!ymd.ok()) return bad();
    int hour = 0, minute = 0, second = 0;
    std::size_t pos = 10;
    if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
        hour = Digits(text, pos + 1, 2);
        minute = Digits(text, pos + 4, 2);
        if (hour < 0 || minute < 0 || text.size() < pos + 6 || text[pos + 3] != ':') return bad();
        pos += 6;
        if (pos < text.size() && text[pos] == ':') {
            second = Digits(text, pos + 1, 2);
            if (second < 0) return bad();
            pos += 3;
        }
        if (hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute || second))) {
            return bad();
        }
    }
    date::local_seconds local =
        date::local_days(ymd) + std::chrono::hours(hour) + minutes(minute) + seconds(second);
    if (pos == text.size()) return local;
    // An explicit offset: the text names an instant.
    int offset_minutes = 0;
    if (text.substr(pos) == "Z") {
        offset_minutes = 0;
    } else if ((text[pos] == '+' || text[pos] == '-') && text.size() == pos + 6 &&
               text[pos + 3] == ':') {
        int oh = Digits(text, pos + 1, 2), om = Digits(text, pos + 4, 2);
        if (oh < 0 || om < 0 || oh > 18 || om > 59) return bad();
        offset_minutes = (text[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
        return bad();
    }
    date::sys_seconds instant{local.time_since_epoch() - minutes(offset_minutes)};
    return zone.to_local(instant);
}

// "2026-12-06T09:00:00+01:00": the wall-clock time and the zone's offset at that moment. Times
// that do not exist (spring gap) or exist twice (autumn) take the earlier offset.
std::string FormatLocal(date::local_seconds local, const date::time_zone& zone) {
    date::sys_seconds instant = zone.to_sys(local, date::choose::earliest);
    auto offset = std::chrono::duration_cast<minutes>(zone.get_info(instant).offset).count();
    char sign = offset < 0 ? '-' : '+';
    offset = std::abs(offset);
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%c%02d:%02d", sign, static_cast<int>(offset / 60),
                  static_cast<int>(offset % 60));
    return date::format("%FT%T", local) + suffix;
}

std::string_view TimeZoneOf(HolidayZone zone) {
    switch (zone) {
        case HolidayZone::kMetropole:
        case HolidayZone::kAlsaceMoselle:
            return "Europe/Paris";
        case HolidayZone::kGuadeloupe:
            return "America/Guadeloupe";
        case HolidayZone::kMartinique:
            return "America/Martinique";
        case HolidayZone::kGuyane:
            return "America/Cayenne";
        case HolidayZone::kLaReunion:
            return "Indian/Reunion";
        case HolidayZone::kMayotte:
            return "Indian/Mayotte";
        case HolidayZone::kSaintBarthelemy:
            return "America/St_Barthelemy";
        case HolidayZone::kSaintMartin:
            return "America/Marigot";
        case HolidayZone::kSaintPierreEtMiquelon:
            return "America/Miquelon";
    }
    return "Europe/Paris";
}

Result<HoursQuery> HoursQueryFromJson(const boost::json::object& json) {
    HoursQuery q;
    for (auto [key, field] :
         {std::pair{"value", &q.value}, std::pair{"from", &q.from}, std::pair{"to", &q.to},
          std::pair{"at", &q.at}, std::pair{"zone", &q.zone},
          std::pair{"department", &q.department}, std::pair{"school_zone", &q.school_zone}}) {
        const boost::json::value* v = json.if_contains(key);
        if (v == nullptr || v->is_null()) continue;
        if (!v->is_string()) return Fail(ParamError(key, "doit être une chaîne."));
        *field = std::string(v->as_string());
    }
    GUICHET_TRY(lat, Coordinate(json, "lat"));
    GUICHET_TRY(lon, Coordinate(json, "lon"));
    q.lat = lat;
    q.lon = lon;
    return q;
}

const HolidayCalendar& HoursEvaluator::CalendarFor(HolidayZone zone,
                                                   std::optional<SchoolZone> school) {
    std::lock_guard lock(mutex_);
    auto& slot = calendars_[{zone, school}];
    if (!slot) {
        HolidayRules rules;
        rules.zone = zone;
        if (school) rules.school_holidays = ShippedSchoolHolidays(*school);
        slot = std::make_unique<HolidayCalendar>(std::move(rules));
    }
    return *slot;
}

Result<HoursAnswer> HoursEvaluator::Evaluate(const HoursQuery& query, TimePoint now) {
    // Zones first: they decide the time zone in which the times are read.
    std::optional<HolidayZone> zone;
    if (!query.zone.empty()) {
        zone = ParseHolidayZone(query.zone);
        if (!zone) return Fail(ParamError("zone", "zone inconnue « " + query.zone + " »."));
    }
    if (!query.department.empty()) {
        auto of_department = ZoneOfDepartment(query.department);
        if (!of_department) {
            return Fail(
                ParamError("department", "département inconnu « " + query.department + " »."));
        }
        if (zone && *zone != *of_department) {
            return Fail(ParamError("department",
                                   "le département " + query.department + " relève de la zone « " +
                                       std::string(HolidayZoneName(*of_department)) + " »."));
        }
        zone = of_department;
    }
    const HolidayZone holiday_zone = zone.value_or(HolidayZone::kMetropole);
    std::optional<SchoolZone> school;
    if (!query.school_zone.empty()) {
        school = ParseSchoolZone(query.school_zone);
        if (!school) {
            return Fail(ParamError("school_zone", "zone de vacances scolaires inconnue « " +
                                                      query.school_zone + " »."));
        }
    }
    if (query.lat.has_value() != query.lon.has_value()) {
        return Fail(
            ParamError(query.lat ? "lon" : "lat", "la latitude et la longitude vont ensemble."));
    }
    if (query.lat && (!std::isfinite(*query.lat) || std::abs(*query.lat) > 90)) {
        return Fail(ParamError("lat", "doit être comprise entre -90 et 90."));
    }
    if (query.lon && (!std::isfinite(*query.lon) || std::abs(*query.lon) > 180)) {
        return Fail(ParamError("lon", "doit être comprise entre -180 et 180."));
    }

    const date::time_zone* tz = date::locate_zone(TimeZoneOf(holiday_zone));
    date::local_seconds from;
    if (query.from.empty()) {
        from = date::floor<minutes>(tz->to_local(date::floor<seconds>(now)));
    } else {
        GUICHET_TRY(parsed, ParseLocalTime("from", query.from, *tz));
        from = parsed;
    }
    date::local_seconds to = from + date::days(7);
    if (!query.to.empty()) {
        GUICHET_TRY(parsed, ParseLocalTime("to", query.to, *tz));
        to = parsed;
    }
    if (to <= from) return Fail(ParamError("to", "doit être postérieure à « from »."));
    if (to - from > date::days(limits_.max_days)) {
        return Fail(ParamError("to", "la période demandée ne doit pas dépasser " +
                                         FrenchThousands(limits_.max_days) + " jours."));
    }
    date::local_seconds at = from;
    if (!query.at.empty()) {
        GUICHET_TRY(parsed, ParseLocalTime("at", query.at, *tz));
        at = parsed;
    }

    if (const std::size_t chars = CodePoints(query.value); chars > limits_.max_value_chars) {
        return Fail(
            LimitError("Paramètre « value » : la valeur est trop longue (" +
                           FrenchThousands(static_cast<std::int64_t>(chars)) +
                           " caractères) ; la limite est de " +
                           FrenchThousands(static_cast<std::int64_t>(limits_.max_value_chars)) +
                           " caractères.",
                       "value of " + std::to_string(chars) + " characters"));
    }

    HoursAnswer answer;
    answer.json["value"] = query.value;
    auto parsed = OpeningHours::Parse(query.value);
    if (!parsed) {
        answer.parse_failed = true;
        answer.json["error"] = {{"message", parsed.error().message},
                                {"position", parsed.error().position}};
        return answer;
    }
    const OpeningHours& hours = *parsed;
    if (hours.rules().size() > limits_.max_rules) {
        return Fail(LimitError(
            "Paramètre « value » : la valeur compte trop de règles (" +
                FrenchThousands(static_cast<std::int64_t>(hours.rules().size())) +
                ") ; la limite est de " +
                FrenchThousands(static_cast<std::int64_t>(limits_.max_rules)) + " règles.",
            std::to_string(hours.rules().size()) + " rules"));
    }
    if (const std::size_t n = hours.SelectorCount(); n > limits_.max_selectors) {
        return Fail(LimitError(
            "Paramètre « value » : la valeur compte trop de sélecteurs (jours, dates, semaines, "
            "années et plages horaires : " +
                FrenchThousands(static_cast<std::int64_t>(n)) + ") ; la limite est de " +
                FrenchThousands(static_cast<std::int64_t>(limits_.max_selectors)) + ".",
            std::to_string(n) + " selectors"));
    }
    OhBudget budget(limits_.max_steps);
    OhContext context{&CalendarFor(holiday_zone, school), tz, query.lat, query.lon, &budget};
    auto over_budget = [&] {
        return Fail(LimitError(
            "Paramètre « value » : cette valeur demande trop de calculs sur la période demandée. "
            "Réduisez la période ou simplifiez la valeur.",
            "work budget exceeded: " + std::to_string(budget.used()) + " steps, limit " +
                std::to_string(budget.limit())));
    };
    auto too_many_intervals = [&] {
        return Fail(
            LimitError("Trop d'intervalles : la réponse en compterait plus de " +
                           FrenchThousands(static_cast<std::int64_t>(limits_.max_intervals)) +
                           ". Réduisez la période demandée.",
                       "more than " + std::to_string(limits_.max_intervals) + " intervals after " +
                           std::to_string(budget.used()) + " steps"));
    };

    boost::json::array warnings;
    std::size_t answer_bytes = 2 * query.value.size();
    for (const auto& w : hours.warnings()) {
        answer_bytes += w.size();
        warnings.emplace_back(w);
    }
    auto [state, comment] = hours.StateAt(at, context);
    if (budget.exhausted()) return over_budget();
    const std::vector<OhInterval> found = hours.Intervals(from, to, context);
    if (budget.exhausted()) return over_budget();
    if (found.size() > limits_.max_intervals) return too_many_intervals();
    boost::json::array intervals;
    intervals.reserve(found.size());
    for (const OhInterval& i : found) {
        answer_bytes += kIntervalBytes + i.comment.size();
        if (answer_bytes > limits_.max_answer_bytes) {
            return Fail(LimitError(
                "La réponse serait trop volumineuse (plus de " +
                    FrenchThousands(static_cast<std::int64_t>(limits_.max_answer_bytes / 1024)) +
                    " Kio). Réduisez la période demandée.",
                "answer over " + std::to_string(limits_.max_answer_bytes) + " bytes"));
        }
        intervals.push_back({{"from", FormatLocal(i.from, *tz)},
                             {"to", FormatLocal(i.to, *tz)},
                             {"unknown", i.unknown},
                             {"comment", OptionalComment(i.comment)}});
    }
    auto next = hours.NextChange(at, context, at + date::days(limits_.max_days));
    if (budget.exhausted()) return over_budget();
    answer.steps = budget.used();

    answer.json["prettified"] = hours.Prettified();
    answer.json["warnings"] = std::move(warnings);
    answer.json["state"] = StateName(state);
    answer.json["comment"] = OptionalComment(comment);
    answer.json["intervals"] = std::move(intervals);
    answer.json["next_change"] =
        next ? boost::json::value(FormatLocal(*next, *tz)) : boost::json::value(nullptr);
    return answer;
}

HoursLimits HoursLimits::Local() {
    HoursLimits limits;
    limits.max_days = 3660;
    limits.max_intervals = 500'000;
    limits.max_answer_bytes = std::size_t{256} << 20;
    limits.max_steps *= 10;
    return limits;
}

std::string_view StateName(OhState state) {
    switch (state) {
        case OhState::kOpen:
            return "open";
        case OhState::kClosed:
            return "closed";
        case OhState::kUnknown:
            return "unknown";
    }
    return "unknown";
}

}  // namespace guichet::calendar
