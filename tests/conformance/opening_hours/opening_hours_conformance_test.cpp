// Conformance of the opening_hours engine with the reference JavaScript implementation.
//
// Reads $GUICHET_SHARED_DATA/opening_hours/cases.jsonl (the test suite of opening_hours.js, as
// data; see the README beside it) and $GUICHET_SHARED_DATA/opening_hours_fr/laposte_expected.jsonl
// (546 real French values with the reference's intervals). Prints a table of pass rates per kind,
// writes every failure with a one-line reason to opening_hours_conformance_report.txt (in the
// working directory), and fails when a rate drops below the floors below. Without the data folder
// the tests are skipped.
//
// Scope: cases whose PH or SH need another country's holidays (most use Baden-Württemberg) are
// out of scope and counted apart; so are should_fail cases that test the JavaScript constructor's
// arguments (our API has no such arguments), and the kinds that describe JavaScript-only API
// (structured_warnings, matching_rule, equal_to). Localised prettify outputs (fr, de, es, fa) are
// out of scope: the canonical form is English.
//
// Equivalences: the engine's French open-end comment stands for the reference's English one; for
// French public holidays, the holiday name of our calendar stands for the reference's name.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>

#include <boost/json.hpp>

#include "calendar/opening_hours.hpp"

namespace guichet::calendar {
namespace {

namespace json = boost::json;

// Floors: the measured rates, rounded down (percent). Raise them as the engine improves.
constexpr double kMinIntervals = 98.0;
constexpr double kMinShouldFail = 100.0;
constexpr double kMinNextChange = 100.0;
constexpr double kMinLaPoste = 100.0;

const char kReferenceOpenEnd[] = "Specified as open end. Closing time was guessed.";

std::string DataDir() {
    const char* dir = std::getenv("GUICHET_SHARED_DATA");
    return dir != nullptr ? dir : "";
}

bool Exists(const std::string& path) { return std::ifstream(path).good(); }

std::vector<json::object> ReadJsonLines(const std::string& path) {
    std::vector<json::object> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(json::parse(line).as_object());
    return out;
}

std::optional<date::local_seconds> ParseLocal(std::string_view text) {
    int y, mo, d, h = 0, mi = 0, s = 0;
    const std::string str(text);
    const int n = std::sscanf(str.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s);
    if (n < 3) return std::nullopt;
    return date::local_days{date::year{y} / mo / d} + std::chrono::hours(h) +
           std::chrono::minutes(mi) + std::chrono::seconds(s);
}

std::string Show(date::local_seconds t) { return date::format("%F %R", t); }

std::string Str(const json::value* v) {
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// One place of locations.json, turned into an evaluation context.
struct Place {
    std::string key;
    std::string country;
    std::optional<double> lat, lon;
    std::string department;  // French locations: from the postcode.
    std::unique_ptr<HolidayCalendar> holidays;
};

class Conformance {
  public:
    Conformance() {
        const std::string dir = DataDir();
        const std::string locations = dir + "/opening_hours/locations.json";
        if (!Exists(locations)) return;
        std::ifstream in(locations);
        std::stringstream buf;
        buf << in.rdbuf();
        locations_ = json::parse(buf.str()).as_object();
        berlin_ = date::locate_zone("Europe/Berlin");
        paris_ = date::locate_zone("Europe/Paris");
    }

    Place& PlaceFor(const json::value* location) {
        std::string key = "none";
        if (location != nullptr && location->is_string()) key = std::string(location->as_string());
        auto it = places_.find(key);
        if (it != places_.end()) return it->second;
        Place place;
        place.key = key;
        if (const json::value* l = locations_.if_contains(key); l != nullptr && l->is_object()) {
            const json::object& o = l->as_object();
            auto number = [](const json::value* v) -> std::optional<double> {
                if (v == nullptr) return std::nullopt;
                if (v->is_string()) return std::stod(std::string(v->as_string()));
                if (v->is_number()) return v->to_number<double>();
                return std::nullopt;
            };
            place.lat = number(o.if_contains("lat"));
            place.lon = number(o.if_contains("lon"));
            if (const json::value* a = o.if_contains("address"); a != nullptr && a->is_object()) {
                place.country = Str(a->as_object().if_contains("country_code"));
                const std::string postcode = Str(a->as_object().if_contains("postcode"));
                if (place.country == "fr" && postcode.size() >= 2)
                    place.department = postcode.substr(0, postcode.rfind("97", 0) == 0 ? 3 : 2);
            }
        }
        if (place.country == "fr") {
            HolidayRules rules;
            if (auto zone = ZoneOfDepartment(place.department)) rules.zone = *zone;
            place.holidays = std::make_unique<HolidayCalendar>(rules);
        }
        return places_.emplace(key, std::move(place)).first->second;
    }

    OhContext Context(const Place& place, const date::time_zone* zone) const {
        OhContext c;
        c.holidays = place.holidays.get();
        c.zone = zone;
        c.lat = place.lat;
        c.lon = place.lon;
        return c;
    }

    const date::time_zone* berlin_ = nullptr;
    const date::time_zone* paris_ = nullptr;

  private:
    json::object locations_;
    std::map<std::string, Place> places_;
};

struct Tally {
    int in_scope = 0, passed = 0, out_of_scope = 0;
    double Rate() const { return in_scope == 0 ? 100.0 : 100.0 * passed / in_scope; }
};

struct Report {
    std::map<std::string, Tally> kinds;
    std::vector<std::string> failures;
    std::vector<std::string> out_of_scope;

    void Pass(const std::string& kind) {
        ++kinds[kind].in_scope;
        ++kinds[kind].passed;
    }
    void Fail(const std::string& kind, const std::string& id, const std::string& why) {
        ++kinds[kind].in_scope;
        failures.push_back(id + " [" + kind + "] " + why);
    }
    void Skip(const std::string& kind, const std::string& id, const std::string& why) {
        ++kinds[kind].out_of_scope;
        out_of_scope.push_back(id + " [" + kind + "] " + why);
    }

    void Print(const std::string& title, const std::string& file) const {
        std::ostringstream out;
        out << "\n" << title << "\n";
        out << std::left << std::setw(22) << "kind" << std::right << std::setw(10) << "in scope"
            << std::setw(8) << "passed" << std::setw(9) << "rate" << std::setw(14) << "out of scope"
            << "\n";
        for (const auto& [kind, t] : kinds)
            out << std::left << std::setw(22) << kind << std::right << std::setw(10) << t.in_scope
                << std::setw(8) << t.passed << std::setw(8) << std::fixed << std::setprecision(1)
                << t.Rate() << "%" << std::setw(14) << t.out_of_scope << "\n";
        std::cout << out.str();
        std::ofstream report(file);
        report << out.str() << "\nFailures (" << failures.size() << "):\n";
        for (const std::string& f : failures) report << f << "\n";
        report << "\nOut of scope (" << out_of_scope.size() << "):\n";
        for (const std::string& f : out_of_scope) report << f << "\n";
        std::cout << "Failures (" << failures.size() << "), listed with out-of-scope cases in "
                  << file << ":\n";
        for (const std::string& f : failures) std::cout << "  " << f << "\n";
    }
};

struct Expected {
    date::local_seconds from, to;
    bool unknown = false;
    std::optional<std::string> comment;
};

std::vector<Expected> ExpectedIntervals(const json::value* list) {
    std::vector<Expected> out;
    if (list == nullptr || !list->is_array()) return out;
    for (const json::value& v : list->as_array()) {
        const json::object& o = v.as_object();
        Expected e;
        e.from = *ParseLocal(o.at("from").as_string());
        e.to = *ParseLocal(o.at("to").as_string());
        e.unknown = o.at("unknown").is_bool() && o.at("unknown").as_bool();
        if (o.at("comment").is_string()) e.comment = std::string(o.at("comment").as_string());
        // The reference may split at midnight; compare merged.
        if (!out.empty() && out.back().to == e.from && out.back().unknown == e.unknown &&
            out.back().comment == e.comment)
            out.back().to = e.to;
        else
            out.push_back(std::move(e));
    }
    return out;
}

// Empty when equal; otherwise the first difference.
std::string CompareIntervals(const std::vector<Expected>& expected,
                             const std::vector<OhInterval>& got, const HolidayCalendar* holidays) {
    auto comment_ok = [&](const Expected& e, const OhInterval& g) {
        if (!e.comment) return true;
        if (*e.comment == g.comment) return true;
        if (*e.comment == kReferenceOpenEnd && g.unknown && !g.comment.empty()) return true;
        if (holidays != nullptr) {
            auto name = holidays->PublicHoliday(
                date::sys_days{date::floor<date::days>(g.from).time_since_epoch()});
            if (name && *name == g.comment) return true;
        }
        return false;
    };
    const std::size_t n = std::min(expected.size(), got.size());
    for (std::size_t i = 0; i < n; ++i) {
        const Expected& e = expected[i];
        const OhInterval& g = got[i];
        if (e.from != g.from || e.to != g.to || e.unknown != g.unknown || !comment_ok(e, g)) {
            return "interval " + std::to_string(i) + ": expected " + Show(e.from) + "/" +
                   Show(e.to) + (e.unknown ? " unknown" : "") +
                   (e.comment ? " \"" + *e.comment + "\"" : "") + ", got " + Show(g.from) + "/" +
                   Show(g.to) + (g.unknown ? " unknown" : "") +
                   (g.comment.empty() ? "" : " \"" + g.comment + "\"");
        }
    }
    if (expected.size() != got.size()) {
        std::string why = "expected " + std::to_string(expected.size()) + " intervals, got " +
                          std::to_string(got.size());
        if (got.size() > n)
            why += " (first extra: " + Show(got[n].from) + "/" + Show(got[n].to) + ")";
        else
            why += " (first missing: " + Show(expected[n].from) + "/" + Show(expected[n].to) + ")";
        return why;
    }
    return {};
}

// PH or SH in a value (also spelled out: "holiday", "Feiertag", "Schulferien"…).
bool UsesHolidays(std::string_view value, const tl::expected<OpeningHours, OhParseError>& oh) {
    if (oh) {
        for (const auto& rule : oh->rules())
            for (const auto& g : rule.groups)
                for (const auto& item : g.weekdays)
                    if (item.kind != oh_detail::WeekdayItem::Kind::kWeekdays) return true;
        return false;
    }
    static const std::regex kCodes(R"(\b(PH|SH))");
    static const std::regex kWords(R"(holiday|feiertag|ferien)", std::regex::icase);
    const std::string text(value);
    return std::regex_search(text, kCodes) || std::regex_search(text, kWords);
}

OhMode ModeOf(const json::object& c) {
    const json::value* m = c.if_contains("oh_mode");
    if (m == nullptr || !m->is_object()) return OhMode::kTimeRanges;
    // collection_times and service_times hold points in time and ranges alike.
    const std::string tag = Str(m->as_object().if_contains("tag_key"));
    if (tag == "collection_times" || tag == "service_times") return OhMode::kBoth;
    const json::value* mode = m->as_object().if_contains("mode");
    if (mode == nullptr || !mode->is_number()) return OhMode::kTimeRanges;
    const double v = mode->to_number<double>();
    return v == 1 ? OhMode::kPointsInTime : v == 2 ? OhMode::kBoth : OhMode::kTimeRanges;
}

// should_fail cases that check the JavaScript constructor's other arguments or its holiday data.
bool IsApiArgumentCase(const json::object& c) {
    const std::string error = Str(c.if_contains("expected_error"));
    if (const json::value* m = c.if_contains("oh_mode"); m != nullptr && !m->is_object())
        return true;
    for (const char* api : {"optional_conf_parm", "nominatim_object", "not a string",
                            "Country code missing", "An error occurred during evaluation",
                            "is not valid for locale", "ambiguous across languages"})
        if (error.find(api) != std::string::npos) return true;
    const json::value* type = c.if_contains("value_type");
    return type != nullptr && type->is_string() && type->as_string() != "string";
}

TEST(OpeningHoursConformance, ReferenceSuite) {
    const std::string path = DataDir() + "/opening_hours/cases.jsonl";
    if (DataDir().empty() || !Exists(path))
        GTEST_SKIP() << "no shared data (" << path << "): conformance not checked";
    Conformance conformance;
    Report report;
    for (const json::object& c : ReadJsonLines(path)) {
        const std::string id = Str(c.if_contains("id"));
        const std::string kind = Str(c.if_contains("kind"));
        const json::value* value_json = c.if_contains("value");
        if (value_json == nullptr || !value_json->is_string()) {
            report.Skip(kind, id, "value is not a string (JavaScript argument check)");
            continue;
        }
        const std::string value(value_json->as_string());
        Place& place = conformance.PlaceFor(c.if_contains("location"));
        const bool french = place.country == "fr";
        const auto oh = OpeningHours::Parse(value, ModeOf(c));
        // A should_fail case fails for its syntax, whatever the holidays.
        if (kind != "should_fail" && UsesHolidays(value, oh) && !french) {
            report.Skip(kind, id,
                        "PH/SH of " + (place.country.empty() ? "no country" : place.country));
            continue;
        }
        const OhContext context = conformance.Context(place, conformance.berlin_);
        const std::string parse_error = oh ? ""
                                           : "does not parse: " + oh.error().message +
                                                 " (position " +
                                                 std::to_string(oh.error().position) + ")";
        if (kind == "intervals") {
            const std::string ignored = Str(c.if_contains("ignored_reason"));
            if (const json::value* m = c.if_contains("oh_mode");
                m != nullptr && m->is_object() && m->as_object().contains("map_value")) {
                report.Skip(kind, id, "JavaScript map_value option (e.g. lit=yes)");
                continue;
            }
            if (ignored == "not implemented yet") {
                report.Skip(kind, id, "reference marks it 'not implemented yet'");
                continue;
            }
            if (!oh) {
                report.Fail(kind, id, parse_error);
                continue;
            }
            const auto from = ParseLocal(c.at("from").as_string());
            const auto to = ParseLocal(c.at("to").as_string());
            const auto got = oh->Intervals(*from, *to, context);
            const std::string why = CompareIntervals(
                ExpectedIntervals(c.if_contains("expected_intervals")), got, place.holidays.get());
            if (why.empty())
                report.Pass(kind);
            else
                report.Fail(kind, id, why);
            // The prettified form, as the reference's suite checks it.
            if (ignored != "prettifyValue") {
                const std::string pretty = oh->Prettified();
                if (pretty == value || pretty == Str(c.if_contains("reference_value")))
                    report.Pass("intervals (prettify)");
                else
                    report.Fail("intervals (prettify)", id, "got '" + pretty + "'");
            }
        } else if (kind == "should_fail") {
            if (IsApiArgumentCase(c)) {
                report.Skip(kind, id, "checks a JavaScript constructor argument");
                continue;
            }
            if (oh)
                report.Fail(kind, id, "parses, as '" + oh->Prettified() + "'");
            else
                report.Pass(kind);
        } else if (kind == "next_change") {
            if (!oh) {
                report.Fail(kind, id, parse_error);
                continue;
            }
            const auto from = *ParseLocal(c.at("from").as_string());
            const auto got = oh->NextChange(from, context, from + date::days{5 * 366});
            const json::value& want = c.at("expected_next_change");
            const bool ok =
                want.is_null() ? !got.has_value() : got && *got == *ParseLocal(want.as_string());
            if (ok)
                report.Pass(kind);
            else
                report.Fail(kind, id, "got " + (got ? Show(*got) : std::string("none")));
        } else if (kind == "should_warn") {
            if (Str(c.if_contains("ignored_reason")) != "") {
                report.Skip(kind, id, "ignored by the reference");
                continue;
            }
            if (!oh)
                report.Fail(kind, id, parse_error);
            else if (oh->warnings().empty())
                report.Fail(kind, id, "no warning");
            else
                report.Pass(kind);
        } else if (kind == "prettify") {
            const std::string locale = Str(c.if_contains("prettify_locale"));
            if (locale != "all" && locale != "en") {
                report.Skip(kind, id, "localised output (" + locale + ")");
                continue;
            }
            const std::string want = Str(c.if_contains("expected_prettified"));
            if (!oh)
                report.Fail(kind, id, parse_error);
            else if (oh->Prettified() == want)
                report.Pass(kind);
            else
                report.Fail(kind, id, "got '" + oh->Prettified() + "', want '" + want + "'");
        } else {
            report.Skip(kind, id, "JavaScript-only API (" + kind + ")");
        }
    }
    report.Print("opening_hours.js reference suite (" + path + ")",
                 "opening_hours_conformance_report.txt");
    EXPECT_GE(report.kinds["intervals"].Rate(), kMinIntervals);
    EXPECT_GE(report.kinds["should_fail"].Rate(), kMinShouldFail);
    EXPECT_GE(report.kinds["next_change"].Rate(), kMinNextChange);
}

TEST(OpeningHoursConformance, LaPosteFrenchValues) {
    const std::string path = DataDir() + "/opening_hours_fr/laposte_expected.jsonl";
    if (DataDir().empty() || !Exists(path))
        GTEST_SKIP() << "no shared data (" << path << "): La Poste values not checked";
    Conformance conformance;
    Report report;
    for (const json::object& c : ReadJsonLines(path)) {
        const std::string id = Str(c.if_contains("ref"));
        const std::string value = Str(c.if_contains("value"));
        const auto oh = OpeningHours::Parse(value);
        const json::value* parses = c.if_contains("parses");
        if (parses != nullptr && parses->is_bool() && !parses->as_bool()) {
            // The reference rejects it; accepting it is not a failure of ours, but say so.
            report.Skip("laposte", id,
                        std::string("rejected by the reference; ") +
                            (oh ? "parsed here" : "rejected here too"));
            continue;
        }
        if (!oh) {
            report.Fail("laposte", id,
                        "does not parse: " + oh.error().message + " in '" + value + "'");
            continue;
        }
        Place& place = conformance.PlaceFor(c.if_contains("location"));
        const OhContext context = conformance.Context(place, conformance.paris_);
        const auto from = *ParseLocal(c.at("from").as_string());
        const auto to = *ParseLocal(c.at("to").as_string());
        const std::string why =
            CompareIntervals(ExpectedIntervals(c.if_contains("expected_intervals")),
                             oh->Intervals(from, to, context), place.holidays.get());
        if (why.empty())
            report.Pass("laposte");
        else
            report.Fail("laposte", id, why + " in '" + value + "'");
    }
    report.Print("La Poste French values (" + path + ")", "opening_hours_laposte_report.txt");
    EXPECT_GE(report.kinds["laposte"].Rate(), kMinLaPoste);
}

}  // namespace
}  // namespace guichet::calendar
