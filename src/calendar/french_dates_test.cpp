// The French rules of the server checked against the table shared with the web front end
// (tests/fixtures/french_rules.json), so that both layers write the same dates and times.
#include "calendar/french_dates.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace guichet::calendar {
namespace {

// The table, read once (the loops below iterate over it: it must outlive them).
const boost::json::object& Fixture() {
    static const boost::json::object fixture = [] {
        std::ifstream in(std::string(GUICHET_SOURCE_DIR) + "/tests/fixtures/french_rules.json");
        std::stringstream text;
        text << in.rdbuf();
        return boost::json::parse(text.str()).as_object();
    }();
    return fixture;
}

std::string Text(const boost::json::value& v, const char* key) {
    return std::string(v.as_object().at(key).as_string());
}

DateStyle StyleOf(const std::string& name) {
    if (name == "no_year") return DateStyle::kNoYear;
    if (name == "no_weekday") return DateStyle::kNoWeekday;
    if (name == "day_month") return DateStyle::kDayMonth;
    return DateStyle::kFull;
}

TimePoint Instant(const std::string& iso) {
    std::istringstream in(iso);
    date::sys_seconds t;
    in >> date::parse("%FT%TZ", t);
    EXPECT_FALSE(in.fail()) << iso;
    return t;
}

Day DayOf(const std::string& iso) {
    std::istringstream in(iso);
    Day d;
    in >> date::parse("%F", d);
    EXPECT_FALSE(in.fail()) << iso;
    return d;
}

TEST(FrenchDates, ClocksOfTheSharedTable) {
    for (const auto& c : Fixture().at("clocks").as_array())
        EXPECT_EQ(FrenchClock(static_cast<int>(c.at("minutes").as_int64())), Text(c, "expected"));
}

TEST(FrenchDates, DatesOfTheSharedTable) {
    for (const auto& c : Fixture().at("dates").as_array())
        EXPECT_EQ(FrenchDate(DayOf(Text(c, "date")), StyleOf(Text(c, "style"))),
                  Text(c, "expected"));
}

TEST(FrenchDates, DateTimesOfTheSharedTable) {
    for (const auto& c : Fixture().at("date_times").as_array())
        EXPECT_EQ(FrenchDateTime(Instant(Text(c, "instant")), ZoneOrParis(Text(c, "zone")),
                                 StyleOf(Text(c, "style"))),
                  Text(c, "expected"));
}

TEST(FrenchDates, DeadlinesOfTheSharedTable) {
    for (const auto& c : Fixture().at("deadlines").as_array())
        EXPECT_EQ(FrenchDeadline(Instant(Text(c, "due")), ZoneOrParis(Text(c, "zone")),
                                 StyleOf(Text(c, "style"))),
                  Text(c, "expected"));
    for (const auto& c : Fixture().at("deadline_last_days").as_array())
        EXPECT_EQ(DeadlineLastDay(Instant(Text(c, "due")), ZoneOrParis(Text(c, "zone"))),
                  DayOf(Text(c, "expected")));
}

TEST(FrenchDates, UnknownZoneFallsBackToParis) {
    EXPECT_EQ(ZoneOrParis("Nowhere/Atlantis").name(), "Europe/Paris");
    EXPECT_EQ(ZoneOrParis("").name(), "Europe/Paris");
}

}  // namespace
}  // namespace guichet::calendar
