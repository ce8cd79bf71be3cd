#include "calendar/school_holidays.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <tuple>
#include <utility>

#include <libical/ical.h>

#include "core/text.hpp"

namespace guichet::calendar {
namespace internal {
// Defined in the .cpp generated from data/school_holidays.csv (see holidays.cmake).
extern const std::string_view kShippedSchoolHolidaysCsv;
}  // namespace internal

namespace {

struct ZoneInfo {
    SchoolZone zone;
    std::string_view name;
    std::string_view code;  // Subdivision code of the OpenHolidays data.
    // Regions lying wholly in the zone (OpenHolidays rows before 2020 name regions, not zones).
    std::array<std::string_view, 7> regions;
};

const std::array<ZoneInfo, 10> kZones = {{
    {SchoolZone::kA, "A", "ZA", {"AR", "BF", "NA"}},
    {SchoolZone::kB, "B", "ZB", {"BT", "CV", "GE", "HF", "NO", "PC", "PL"}},
    {SchoolZone::kC, "C", "ZC", {"IF", "OC"}},
    {SchoolZone::kCorse, "corse", "CO", {}},
    {SchoolZone::kGuadeloupe, "guadeloupe", "GP", {}},
    {SchoolZone::kMartinique, "martinique", "MQ", {}},
    {SchoolZone::kGuyane, "guyane", "GY", {}},
    {SchoolZone::kLaReunion, "la-reunion", "RU", {}},
    {SchoolZone::kMayotte, "mayotte", "YT", {}},
    {SchoolZone::kSaintPierreEtMiquelon, "saint-pierre-et-miquelon", "SP", {}},
}};

const ZoneInfo& InfoOf(SchoolZone zone) {
    for (const ZoneInfo& info : kZones) {
        if (info.zone == zone) return info;
    }
    return kZones[0];
}

tl::unexpected<Error> LineError(std::size_t line, const std::string& what) {
    std::string message = "ligne " + std::to_string(line) + " : " + what;
    return Fail(ErrorCode::kInvalidArgument, message, message, "invalid-file");
}

std::string FormatDay(Day day) {
    const date::year_month_day ymd{day};
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buffer;
}

// Strict YYYY-MM-DD, and a day that exists.
std::optional<Day> ParseIsoDay(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
            if (s[i] < '0' || s[i] > '9') return std::nullopt;
            parts[p] = parts[p] * 10 + (s[i] - '0');
        }
    }
    const date::year_month_day ymd{date::year{parts[0]}, date::month{unsigned(parts[1])},
                                   date::day{unsigned(parts[2])}};
    if (!ymd.ok()) return std::nullopt;
    return Day{ymd};
}

// Splits one CSV line on `;`, honouring double-quoted fields ("" inside quotes is one quote).
// nullopt when a quote is left open.
std::optional<std::vector<std::string>> SplitCsvLine(std::string_view line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"') {
                field += c;
            } else if (i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ';') {
            fields.push_back(std::move(field));
            field.clear();
        } else {
            field += c;
        }
    }
    if (quoted) return std::nullopt;
    fields.push_back(std::move(field));
    return fields;
}

bool IsLanguageTag(std::string_view s) {
    return s.size() >= 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] == ' ';
}

// "FR Vacances d'hiver,DE Winterferien,EN Winter Holidays" -> "Vacances d'hiver". An entry ends
// where ",XX " starts the next one, so that a French name may itself contain commas.
std::string FrenchName(std::string_view field) {
    field = TrimSpace(field);
    if (!IsLanguageTag(field)) return std::string(field);
    std::size_t pos = 0;
    while (pos < field.size()) {
        std::size_t end = pos;
        while (true) {
            end = field.find(',', end);
            if (end == std::string_view::npos || IsLanguageTag(field.substr(end + 1))) break;
            ++end;
        }
        std::string_view entry =
            field.substr(pos, end == std::string_view::npos ? field.npos : end - pos);
        if (entry.substr(0, 3) == "FR ") return std::string(TrimSpace(entry.substr(3)));
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return {};
}

bool AppliesTo(std::string_view subdivisions, const ZoneInfo& zone) {
    subdivisions = TrimSpace(subdivisions);
    if (subdivisions.empty()) return true;
    while (!subdivisions.empty()) {
        const std::size_t comma = subdivisions.find(',');
        const std::string_view code = TrimSpace(subdivisions.substr(0, comma));
        if (code == zone.code) return true;
        for (std::string_view region : zone.regions) {
            if (!region.empty() && code == region) return true;
        }
        if (comma == std::string_view::npos) break;
        subdivisions.remove_prefix(comma + 1);
    }
    return false;
}

void SortUnique(std::vector<SchoolHoliday>& periods) {
    auto key = [](const SchoolHoliday& h) { return std::tie(h.first, h.last, h.name); };
    std::sort(periods.begin(), periods.end(),
              [&](const SchoolHoliday& a, const SchoolHoliday& b) { return key(a) < key(b); });
    periods.erase(std::unique(periods.begin(), periods.end(),
                              [&](const SchoolHoliday& a, const SchoolHoliday& b) {
                                  return key(a) == key(b);
                              }),
                  periods.end());
}

// ---- iCalendar ----------------------------------------------------------------------------------

struct ComponentDeleter {
    void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentDeleter>;

std::string Upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

// Physical line numbers (1-based) of the BEGIN:VEVENT lines, in order: libical keeps no
// positions, but it keeps the events in file order, so the k-th event starts on the k-th of them.
std::vector<std::size_t> EventLines(std::string_view ics) {
    std::vector<std::size_t> lines;
    std::size_t number = 0;
    while (!ics.empty()) {
        ++number;
        const std::size_t end = ics.find('\n');
        if (Upper(TrimSpace(ics.substr(0, end))) == "BEGIN:VEVENT") lines.push_back(number);
        if (end == std::string_view::npos) break;
        ics.remove_prefix(end + 1);
    }
    return lines;
}

// The date of a DTSTART/DTEND value: a DATE, or a DATE-TIME at midnight exactly.
std::optional<Day> DateOf(const icaltimetype& t) {
    if (icaltime_is_null_time(t)) return std::nullopt;
    if (!t.is_date && (t.hour != 0 || t.minute != 0 || t.second != 0)) return std::nullopt;
    const date::year_month_day ymd{date::year{t.year}, date::month{unsigned(t.month)},
                                   date::day{unsigned(t.day)}};
    if (!ymd.ok()) return std::nullopt;
    return Day{ymd};
}

Result<SchoolHoliday> ReadEvent(icalcomponent* event, std::size_t line) {
    if (icalproperty* error = icalcomponent_get_first_property(event, ICAL_XLICERROR_PROPERTY)) {
        const char* text = icalproperty_get_xlicerror(error);
        return LineError(line, std::string("événement illisible (") + (text ? text : "?") + ")");
    }
    if (icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY) != nullptr) {
        return LineError(line, "les événements récurrents (RRULE) ne sont pas pris en charge");
    }
    icalproperty* start_property = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
    if (start_property == nullptr) return LineError(line, "événement sans DTSTART");
    const auto first = DateOf(icalproperty_get_dtstart(start_property));
    if (!first) {
        return LineError(line,
                         "DTSTART doit être une date (VALUE=DATE, par exemple 20250208) ou une "
                         "date et heure à minuit");
    }
    Day end = *first + date::days{1};
    if (icalproperty* p = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY)) {
        const auto dtend = DateOf(icalproperty_get_dtend(p));
        if (!dtend) {
            return LineError(line,
                             "DTEND doit être une date (VALUE=DATE, par exemple 20250224) ou une "
                             "date et heure à minuit");
        }
        end = *dtend;
    } else if (icalproperty* d = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY)) {
        const icaldurationtype duration = icalproperty_get_duration(d);
        if (duration.is_neg || duration.hours != 0 || duration.minutes != 0 ||
            duration.seconds != 0) {
            return LineError(line,
                             "DURATION doit être un nombre entier de jours (par exemple P15D)");
        }
        end = *first + date::days{duration.days + 7 * duration.weeks};
    }
    if (end <= *first) {
        return LineError(line, "DTEND (" + FormatDay(end) + ") n'est pas après DTSTART (" +
                                   FormatDay(*first) +
                                   ") ; DTEND est le lendemain du dernier jour");
    }
    const char* summary = icalcomponent_get_summary(event);
    std::string name = summary != nullptr ? std::string(TrimSpace(summary)) : std::string();
    if (name.empty()) name = "Vacances scolaires";
    // RFC 5545: DTEND is exclusive; our periods name their last day.
    return SchoolHoliday{*first, end - date::days{1}, std::move(name)};
}

}  // namespace

std::optional<SchoolZone> ParseSchoolZone(std::string_view name) {
    if (name == "a") return SchoolZone::kA;
    if (name == "b") return SchoolZone::kB;
    if (name == "c") return SchoolZone::kC;
    for (const ZoneInfo& info : kZones) {
        if (info.name == name) return info.zone;
    }
    return std::nullopt;
}

std::string_view SchoolZoneName(SchoolZone zone) { return InfoOf(zone).name; }

const std::vector<SchoolZone>& AllSchoolZones() {
    static const std::vector<SchoolZone> zones = [] {
        std::vector<SchoolZone> out;
        for (const ZoneInfo& info : kZones) out.push_back(info.zone);
        return out;
    }();
    return zones;
}

Result<std::vector<SchoolHoliday>> ImportOpenHolidaysCsv(std::string_view csv, SchoolZone zone) {
    const ZoneInfo& info = InfoOf(zone);
    if (csv.substr(0, 3) == "\xEF\xBB\xBF") csv.remove_prefix(3);

    enum Column { kStart, kEnd, kType, kName, kSubdivisions, kColumnCount };
    static constexpr std::array<std::string_view, kColumnCount> kHeaders = {
        "StartDate", "EndDate", "Type", "Name", "Subdivisions"};
    std::array<std::size_t, kColumnCount> index{};
    std::size_t needed = 0;  // Fields a row needs to reach every column we read.
    bool have_header = false;

    std::vector<SchoolHoliday> out;
    std::size_t number = 0;
    while (!csv.empty()) {
        ++number;
        const std::size_t end = csv.find('\n');
        std::string_view line = csv.substr(0, end);
        csv.remove_prefix(end == std::string_view::npos ? csv.size() : end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (TrimSpace(line).empty()) continue;

        auto fields = SplitCsvLine(line);
        if (!fields) return LineError(number, "guillemet ouvrant sans guillemet fermant");

        if (!have_header) {
            for (std::size_t c = 0; c < kColumnCount; ++c) {
                auto it = std::find_if(fields->begin(), fields->end(), [&](const std::string& f) {
                    return TrimSpace(f) == kHeaders[c];
                });
                if (it == fields->end()) {
                    return LineError(number,
                                     "colonne « " + std::string(kHeaders[c]) +
                                         " » absente de l'en-tête (séparateur attendu : ;)");
                }
                index[c] = static_cast<std::size_t>(it - fields->begin());
                needed = std::max(needed, index[c] + 1);
            }
            have_header = true;
            continue;
        }

        if (fields->size() < needed) {
            return LineError(number, std::to_string(fields->size()) +
                                         " champ(s) au lieu d'au moins " + std::to_string(needed) +
                                         " (séparateur attendu : ;)");
        }
        const std::string_view start_text = TrimSpace((*fields)[index[kStart]]);
        const std::string_view end_text = TrimSpace((*fields)[index[kEnd]]);
        const std::string_view type = TrimSpace((*fields)[index[kType]]);

        // Dates are checked on every row, even one for another zone: a broken file is refused
        // as a whole rather than half imported.
        const auto first = ParseIsoDay(start_text);
        if (!first) {
            return LineError(number, "date de début invalide « " + std::string(start_text) +
                                         " » (attendu : AAAA-MM-JJ)");
        }
        Day last = *first;
        if (!end_text.empty()) {
            const auto parsed = ParseIsoDay(end_text);
            if (!parsed) {
                return LineError(number, "date de fin invalide « " + std::string(end_text) +
                                             " » (attendu : AAAA-MM-JJ)");
            }
            last = *parsed;
        }
        if (last < *first) {
            return LineError(number, "la date de fin " + FormatDay(last) +
                                         " précède la date de début " + FormatDay(*first));
        }
        if (type.empty()) return LineError(number, "type absent (attendu : School)");
        if (type != "School") continue;
        if (!AppliesTo((*fields)[index[kSubdivisions]], info)) continue;

        std::string name = FrenchName((*fields)[index[kName]]);
        if (name.empty()) return LineError(number, "nom absent (attendu : « FR Vacances … »)");
        out.push_back({*first, last, std::move(name)});
    }
    if (!have_header) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le fichier est vide : une ligne d'en-tête (StartDate;EndDate;Type;Name;"
                    "Subdivisions) est attendue.",
                    "empty OpenHolidays CSV", "invalid-file");
    }
    SortUnique(out);
    return out;
}

Result<std::vector<SchoolHoliday>> ImportICalendar(std::string_view ics) {
    if (ics.find("BEGIN:VCALENDAR") == std::string_view::npos &&
        Upper(ics).find("BEGIN:VCALENDAR") == std::string::npos) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le fichier n'est pas un calendrier iCalendar (ligne BEGIN:VCALENDAR absente).",
                    "no BEGIN:VCALENDAR", "invalid-file");
    }
    const std::string text(ics);  // libical wants a NUL-terminated string.
    ComponentPtr root(icalparser_parse_string(text.c_str()));
    if (!root) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le calendrier iCalendar est illisible ou incomplet (ligne END:VCALENDAR "
                    "absente ?).",
                    "icalparser_parse_string returned null", "invalid-file");
    }

    // One VCALENDAR is the root; several are wrapped in an XROOT.
    std::vector<icalcomponent*> calendars;
    if (icalcomponent_isa(root.get()) == ICAL_VCALENDAR_COMPONENT) {
        calendars.push_back(root.get());
    } else {
        for (icalcomponent* c =
                 icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT);
             c != nullptr;
             c = icalcomponent_get_next_component(root.get(), ICAL_VCALENDAR_COMPONENT)) {
            calendars.push_back(c);
        }
    }
    if (calendars.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le fichier ne contient aucun calendrier (BEGIN:VCALENDAR … END:VCALENDAR).",
                    "no VCALENDAR component", "invalid-file");
    }

    for (icalcomponent* calendar : calendars) {
        if (icalproperty* error =
                icalcomponent_get_first_property(calendar, ICAL_XLICERROR_PROPERTY)) {
            const char* text = icalproperty_get_xlicerror(error);
            std::string message = std::string("Le calendrier contient une ligne illisible (") +
                                  (text ? text : "?") + ").";
            return Fail(ErrorCode::kInvalidArgument, message, message, "invalid-file");
        }
    }

    const std::vector<std::size_t> lines = EventLines(ics);
    std::vector<SchoolHoliday> out;
    std::size_t k = 0;
    for (icalcomponent* calendar : calendars) {
        for (icalcomponent* event =
                 icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
             event != nullptr;
             event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT), ++k) {
            // Should libical ever disagree with our count, the error still names a line near it.
            const std::size_t line =
                k < lines.size() ? lines[k] : (lines.empty() ? 1 : lines.back());
            GUICHET_TRY(period, ReadEvent(event, line));
            out.push_back(std::move(period));
        }
    }
    SortUnique(out);
    return out;
}

std::string_view ShippedSchoolHolidaysCsv() { return internal::kShippedSchoolHolidaysCsv; }

std::vector<SchoolHoliday> ShippedSchoolHolidays(SchoolZone zone) {
    // The shipped file is checked by the tests, so a failure here is a build defect.
    auto periods = ImportOpenHolidaysCsv(internal::kShippedSchoolHolidaysCsv, zone);
    return periods ? std::move(*periods) : std::vector<SchoolHoliday>{};
}

}  // namespace guichet::calendar
