#include "tenancy/tenant_json.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include <boost/json/array.hpp>

namespace guichet::tenancy {
namespace {

boost::json::value OptionalJson(const std::optional<std::string>& s) {
    return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

}  // namespace

boost::json::object TenantToJson(const Tenant& t) {
    return {{"id", t.id},
            {"slug", t.slug},
            {"name", t.name},
            {"timezone", t.timezone},
            {"holiday_zone", t.holiday_zone},
            {"department", OptionalJson(t.department)},
            {"school_zone", OptionalJson(t.school_zone)},
            {"logo_url", OptionalJson(t.logo_url)},
            {"name_article", NameArticle(t)},
            {"name_after_de", NameAfterDe(t)}};
}

namespace {
boost::json::array TopicsJson(const std::vector<std::string>& topics) {
    boost::json::array out;
    for (const auto& t : topics) out.emplace_back(t);
    return out;
}
}  // namespace

boost::json::object ServiceToJson(const Service& s) {
    return {{"id", s.id},
            {"parent_id", OptionalJson(s.parent_id)},
            {"name", s.name},
            {"email", OptionalJson(s.email)},
            {"phone", OptionalJson(s.phone)},
            {"external_id", OptionalJson(s.external_id)},
            {"description", s.description},
            {"topics", TopicsJson(s.topics)},
            {"created_at", FormatIsoUtc(s.created_at)},
            {"version", s.version}};
}

namespace {

constexpr const char* kWeekdayKeys[] = {"mo", "tu", "we", "th", "fr", "sa", "su"};

std::string FormatMinute(int minute) {
    char buf[32];  // Roomy enough for any int, so the compiler can prove no truncation.
    std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
    return buf;
}

Error FieldError(const std::string& field, const std::string& what) {
    std::string message = "Le champ « " + field + " » " + what;
    return Error{ErrorCode::kInvalidArgument, message, message, "invalid-field", 0};
}

// "08:30" -> 510; "24:00" is allowed as an end of day.
std::optional<int> ParseMinute(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!digit(text[0]) || !digit(text[1]) || !digit(text[3]) || !digit(text[4]))
        return std::nullopt;
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
    return hours * 60 + minutes;
}

Result<std::optional<std::string>> OptionalText(const boost::json::object& json,
                                                std::string_view key) {
    const boost::json::value* v = json.if_contains(key);
    if (v == nullptr || v->is_null()) return std::optional<std::string>();
    if (!v->is_string()) return Fail(FieldError(std::string(key), "doit être une chaîne ou null."));
    return std::optional<std::string>(std::string(v->as_string()));
}

}  // namespace

boost::json::object CalendarToJson(const TenantCalendar& calendar) {
    boost::json::object hours;
    for (std::size_t d = 0; d < 7; ++d) {
        boost::json::array slots;
        for (const TimeSlot& s : calendar.business_hours[d]) {
            slots.push_back(
                {{"from", FormatMinute(s.start_minute)}, {"to", FormatMinute(s.end_minute)}});
        }
        hours[kWeekdayKeys[d]] = std::move(slots);
    }
    boost::json::array closures;
    for (const Closure& c : calendar.closures) {
        closures.push_back({{"date", date::format("%F", c.day)}, {"name", c.name}});
    }
    return {{"holiday_zone", calendar.holiday_zone},
            {"department", OptionalJson(calendar.department)},
            {"school_zone", OptionalJson(calendar.school_zone)},
            {"business_hours", std::move(hours)},
            {"closures", std::move(closures)},
            {"version", calendar.version}};
}

Result<TenantCalendar> CalendarFromJson(const boost::json::object& json) {
    TenantCalendar calendar;
    const boost::json::value* zone = json.if_contains("holiday_zone");
    if (zone == nullptr || !zone->is_string()) {
        return Fail(FieldError("holiday_zone", "est obligatoire (exemple : metropole)."));
    }
    calendar.holiday_zone = std::string(zone->as_string());
    GUICHET_TRY(department, OptionalText(json, "department"));
    GUICHET_TRY(school_zone, OptionalText(json, "school_zone"));
    calendar.department = std::move(department);
    calendar.school_zone = std::move(school_zone);

    const boost::json::value* hours = json.if_contains("business_hours");
    if (hours == nullptr || !hours->is_object()) {
        return Fail(FieldError("business_hours",
                               "doit être un objet par jour (mo, tu, we, th, fr, sa, su)."));
    }
    for (const auto& [key, value] : hours->as_object()) {
        auto it =
            std::find(std::begin(kWeekdayKeys), std::end(kWeekdayKeys), std::string_view(key));
        if (it == std::end(kWeekdayKeys)) {
            return Fail(
                FieldError("business_hours." + std::string(key), "n'est pas un jour (mo à su)."));
        }
        auto& slots =
            calendar.business_hours[static_cast<std::size_t>(it - std::begin(kWeekdayKeys))];
        std::string field = "business_hours." + std::string(key);
        if (!value.is_array()) return Fail(FieldError(field, "doit être une liste de plages."));
        for (const auto& slot : value.as_array()) {
            const boost::json::object* o = slot.if_object();
            const boost::json::value* from = o ? o->if_contains("from") : nullptr;
            const boost::json::value* to = o ? o->if_contains("to") : nullptr;
            std::optional<int> start, end;
            if (from && from->is_string()) start = ParseMinute(from->as_string());
            if (to && to->is_string()) end = ParseMinute(to->as_string());
            if (!start || !end) {
                return Fail(FieldError(field,
                                       "contient une plage invalide : attendu {\"from\": "
                                       "\"08:30\", \"to\": \"12:00\"}."));
            }
            slots.push_back({*start, *end});
        }
    }

    const boost::json::value* closures = json.if_contains("closures");
    if (closures != nullptr && !closures->is_null()) {
        if (!closures->is_array()) return Fail(FieldError("closures", "doit être une liste."));
        for (const auto& item : closures->as_array()) {
            const boost::json::object* o = item.if_object();
            const boost::json::value* day = o ? o->if_contains("date") : nullptr;
            const boost::json::value* name = o ? o->if_contains("name") : nullptr;
            std::optional<calendar::Day> parsed;
            if (day && day->is_string()) {
                std::istringstream in{std::string(day->as_string())};
                calendar::Day d;
                in >> date::parse("%F", d);
                if (!in.fail() && in.peek() == EOF) parsed = d;
            }
            if (!parsed || !name || !name->is_string()) {
                return Fail(FieldError("closures",
                                       "contient une fermeture invalide : attendu {\"date\": "
                                       "\"2026-12-24\", \"name\": \"…\"}."));
            }
            calendar.closures.push_back({*parsed, std::string(name->as_string())});
        }
    }
    return calendar;
}

}  // namespace guichet::tenancy
