// The table of French time expressions (moment_cases.tsv): each row is an expression asked at a
// local instant in a zone, with the exact window [from, to) and the instant `at` it must resolve
// to, written from the French calendar, or "unclear" when the expression cannot be placed.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "calendar/school_holidays.hpp"
#include "knowledge/answer/moment.hpp"

namespace guichet::knowledge {
namespace {

struct Zone {
    const date::time_zone* tz;
    std::vector<calendar::SchoolHoliday> holidays;
};

Zone MakeZone(const std::string& name) {
    if (name == "Reunion")
        return {date::locate_zone("Indian/Reunion"),
                calendar::ShippedSchoolHolidays(calendar::SchoolZone::kLaReunion)};
    if (name == "Cayenne")
        return {date::locate_zone("America/Cayenne"),
                calendar::ShippedSchoolHolidays(calendar::SchoolZone::kGuyane)};
    return {date::locate_zone("Europe/Paris"),
            calendar::ShippedSchoolHolidays(calendar::SchoolZone::kC)};
}

const Zone& ZoneNamed(const std::string& name) {
    static const std::map<std::string, Zone> zones = {{"Paris", MakeZone("Paris")},
                                                      {"Reunion", MakeZone("Reunion")},
                                                      {"Cayenne", MakeZone("Cayenne")}};
    return zones.at(name);  // An unknown zone name throws: the row is wrong.
}

// "2026-12-24 18:00" in `tz` (the earliest instant when the wall-clock time happens twice).
std::optional<TimePoint> Local(const date::time_zone* tz, const std::string& text) {
    std::istringstream in(text);
    date::local_seconds local;
    in >> date::parse("%Y-%m-%d %H:%M", local);
    if (in.fail()) return std::nullopt;
    return tz->to_sys(local, date::choose::earliest);
}

std::string Show(const date::time_zone* tz, TimePoint t) {
    return date::format("%Y-%m-%d %H:%M",
                        tz->to_local(std::chrono::time_point_cast<std::chrono::minutes>(t)));
}

std::vector<std::string> SplitTabs(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const auto tab = line.find('\t', start);
        fields.push_back(
            line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    for (auto& f : fields) {
        while (!f.empty() && (f.back() == ' ' || f.back() == '\r')) f.pop_back();
        while (!f.empty() && f.front() == ' ') f.erase(f.begin());
    }
    return fields;
}

TEST(MomentCases, Table) {
    std::ifstream in(std::string(GUICHET_SOURCE_DIR) + "/src/knowledge/answer/moment_cases.tsv");
    ASSERT_TRUE(in) << "moment_cases.tsv not found";
    std::string line;
    int number = 0;
    int rows = 0;
    int unclear_rows = 0;
    int failures = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        const auto f = SplitTabs(line);
        ASSERT_GE(f.size(), 4u) << "line " << number << ": too few fields";
        const Zone& zone = ZoneNamed(f[0]);
        const auto asked = Local(zone.tz, f[1]);
        ASSERT_TRUE(asked) << "line " << number << ": bad asked_at " << f[1];
        ++rows;
        const auto moment = ParseMoment(f[2], *asked, zone.tz, zone.holidays);
        ASSERT_TRUE(moment.has_value()) << "line " << number;
        const std::string where = "line " + std::to_string(number) + " [" + f[0] + " " + f[1] +
                                  "] \"" + f[2] + "\" -> " + moment->label + " ";
        if (f[3] == "unclear") {
            ++unclear_rows;
            EXPECT_FALSE(moment->unclear.empty())
                << where << "should be unclear, got [" << Show(zone.tz, moment->from) << ", "
                << Show(zone.tz, moment->to) << ") at " << Show(zone.tz, moment->at);
            if (moment->unclear.empty()) ++failures;
            continue;
        }
        ASSERT_GE(f.size(), 6u) << "line " << number << ": expected from, to and at";
        const auto from = Local(zone.tz, f[3]);
        const auto to = Local(zone.tz, f[4]);
        const auto at = f[5] == "now" ? asked : Local(zone.tz, f[5]);
        ASSERT_TRUE(from && to && at) << "line " << number << ": bad expected time";
        const bool ok = moment->unclear.empty() && moment->from == *from && moment->to == *to &&
                        moment->at == *at;
        EXPECT_TRUE(ok) << where << "expected [" << f[3] << ", " << f[4] << ") at " << f[5]
                        << ", got [" << Show(zone.tz, moment->from) << ", "
                        << Show(zone.tz, moment->to) << ") at " << Show(zone.tz, moment->at)
                        << (moment->unclear.empty() ? "" : " unclear: " + moment->unclear);
        if (!ok) ++failures;
    }
    std::cout << "moment_cases.tsv: " << rows << " rows (" << unclear_rows << " unclear), "
              << failures << " failing\n";
    EXPECT_GE(rows, 300);
}

}  // namespace
}  // namespace guichet::knowledge
