// Unit tests of the opening_hours engine: parser (errors with positions, warnings), evaluator
// (override, additional and fallback rules, past midnight, open end, dates, weeks, PH), and the
// prettifier. The reference suite runs in tests/conformance/opening_hours.
#include <gtest/gtest.h>

#include "calendar/opening_hours.hpp"

namespace guichet::calendar {
namespace {

using namespace date::literals;
using std::chrono::hours;
using std::chrono::minutes;

date::local_seconds At(date::year_month_day d, int h = 0, int m = 0) {
    return date::local_days{d} + hours(h) + minutes(m);
}

OpeningHours Must(std::string_view value) {
    auto oh = OpeningHours::Parse(value);
    EXPECT_TRUE(oh) << value << ": " << (oh ? "" : oh.error().message);
    return oh ? *oh : *OpeningHours::Parse("off");
}

std::string Describe(const std::vector<OhInterval>& intervals) {
    std::string out;
    for (const OhInterval& i : intervals) {
        out += date::format("%F %R", i.from) + "/" + date::format("%F %R", i.to);
        if (i.unknown) out += "?";
        if (!i.comment.empty()) out += "\"" + i.comment + "\"";
        out += " ";
    }
    return out;
}

std::string Week(std::string_view value, const OhContext& context = {}) {
    // 2012-10-01 is a Monday.
    return Describe(Must(value).Intervals(At(2012_y / 10 / 1), At(2012_y / 10 / 8), context));
}

TEST(OpeningHoursTest, WeekdaysAndTimes) {
    EXPECT_EQ(Week("Mo,We 10:00-12:00,14:00-16:00"),
              "2012-10-01 10:00/2012-10-01 12:00 2012-10-01 14:00/2012-10-01 16:00 "
              "2012-10-03 10:00/2012-10-03 12:00 2012-10-03 14:00/2012-10-03 16:00 ");
    EXPECT_EQ(Week("Sa-Mo 10:00-11:00"),
              "2012-10-01 10:00/2012-10-01 11:00 2012-10-06 10:00/2012-10-06 11:00 "
              "2012-10-07 10:00/2012-10-07 11:00 ");
}

TEST(OpeningHoursTest, LaterRuleReplacesTheDayIncludingWhatSpilledOverMidnight) {
    EXPECT_EQ(Week("Mo-Fr 10:00-16:00; We 12:00-18:00; Sa-Su off"),
              "2012-10-01 10:00/2012-10-01 16:00 2012-10-02 10:00/2012-10-02 16:00 "
              "2012-10-03 12:00/2012-10-03 18:00 2012-10-04 10:00/2012-10-04 16:00 "
              "2012-10-05 10:00/2012-10-05 16:00 ");
    EXPECT_EQ(Week("Mo 22:00-02:00; Tu 12:00-14:00"),
              "2012-10-01 22:00/2012-10-02 00:00 2012-10-02 12:00/2012-10-02 14:00 ");
    EXPECT_EQ(Week("Mo 22:00-02:00"), "2012-10-01 22:00/2012-10-02 02:00 ");
}

TEST(OpeningHoursTest, OffOnlyClosesItsTimesAndAdditionalRulesAdd) {
    EXPECT_EQ(Week("Mo 10:00-14:00; Mo 12:00-13:00 off"),
              "2012-10-01 10:00/2012-10-01 12:00 2012-10-01 13:00/2012-10-01 14:00 ");
    EXPECT_EQ(Week("Mo 08:00-10:00, Mo 14:00-15:00"),
              "2012-10-01 08:00/2012-10-01 10:00 2012-10-01 14:00/2012-10-01 15:00 ");
}

TEST(OpeningHoursTest, FallbackFillsWhatNoRuleMatched) {
    EXPECT_EQ(Week("Sa 10:00-12:00 || \"sur rendez-vous\""),
              "2012-10-01 00:00/2012-10-06 10:00?\"sur rendez-vous\" "
              "2012-10-06 10:00/2012-10-06 12:00 "
              "2012-10-06 12:00/2012-10-08 00:00?\"sur rendez-vous\" ");
}

TEST(OpeningHoursTest, OpenEndIsUnknownUntilAGuessedTime) {
    auto oh = Must("Fr 18:00+");
    auto i = oh.Intervals(At(2012_y / 10 / 5), At(2012_y / 10 / 7), {});
    ASSERT_EQ(i.size(), 1u);
    EXPECT_EQ(i[0].from, At(2012_y / 10 / 5, 18));
    EXPECT_EQ(i[0].to, At(2012_y / 10 / 6, 4));
    EXPECT_TRUE(i[0].unknown);
    EXPECT_FALSE(i[0].comment.empty());
}

TEST(OpeningHoursTest, DatesMonthsWeeksAndNthWeekdays) {
    EXPECT_EQ(Describe(Must("Dec 24-Jan 02 10:00-11:00; Dec 25 off")
                           .Intervals(At(2012_y / 12 / 30), At(2013_y / 1 / 4), {})),
              "2012-12-30 10:00/2012-12-30 11:00 2012-12-31 10:00/2012-12-31 11:00 "
              "2013-01-01 10:00/2013-01-01 11:00 2013-01-02 10:00/2013-01-02 11:00 ");
    // First Saturday of October 2012 is the 6th; last Sunday is the 28th.
    auto oh = Must("Sa[1],Su[-1] 09:00-10:00");
    EXPECT_EQ(Describe(oh.Intervals(At(2012_y / 10 / 1), At(2012_y / 11 / 1), {})),
              "2012-10-06 09:00/2012-10-06 10:00 2012-10-28 09:00/2012-10-28 10:00 ");
    EXPECT_EQ(Describe(Must("Sa[1] +2 days 09:00-10:00")
                           .Intervals(At(2012_y / 10 / 1), At(2012_y / 11 / 1), {})),
              "2012-10-08 09:00/2012-10-08 10:00 ");
    // ISO week 40 of 2012 starts on Monday 1 October.
    EXPECT_EQ(Describe(Must("week 40-52/2 Mo 09:00-10:00")
                           .Intervals(At(2012_y / 10 / 1), At(2012_y / 10 / 16), {})),
              "2012-10-01 09:00/2012-10-01 10:00 2012-10-15 09:00/2012-10-15 10:00 ");
    EXPECT_EQ(
        Describe(Must("2013-2014 Jan 01").Intervals(At(2012_y / 1 / 1), At(2015_y / 1 / 2), {})),
        "2013-01-01 00:00/2013-01-02 00:00 2014-01-01 00:00/2014-01-02 00:00 ");
}

TEST(OpeningHoursTest, PublicHolidaysComeFromTheCalendar) {
    HolidayRules rules;
    rules.extra_closures.push_back({date::sys_days{2012_y / 10 / 3}, "Fête locale"});
    HolidayCalendar calendar(rules);
    OhContext context{.holidays = &calendar};
    EXPECT_EQ(Week("Mo-Fr 09:00-10:00; PH off", context),
              "2012-10-01 09:00/2012-10-01 10:00 2012-10-02 09:00/2012-10-02 10:00 "
              "2012-10-04 09:00/2012-10-04 10:00 2012-10-05 09:00/2012-10-05 10:00 ");
    EXPECT_EQ(Week("PH +1 day 09:00-10:00", context), "2012-10-04 09:00/2012-10-04 10:00 ");
    EXPECT_EQ(Week("PH 09:00-10:00", context), "2012-10-03 09:00/2012-10-03 10:00\"Fête locale\" ");
}

TEST(OpeningHoursTest, SunTimesFromCoordinates) {
    OhContext context{.zone = date::locate_zone("Europe/Paris"), .lat = 48.8566, .lon = 2.3522};
    auto oh = Must("sunrise-(sunset-01:00)");
    auto i = oh.Intervals(At(2024_y / 6 / 21), At(2024_y / 6 / 22), context);
    ASSERT_EQ(i.size(), 1u);
    EXPECT_NEAR((i[0].from - At(2024_y / 6 / 21, 5, 47)).count(), 0, 60);
    EXPECT_NEAR((i[0].to - At(2024_y / 6 / 21, 20, 58)).count(), 0, 60);
    // Without coordinates: the specification's defaults.
    EXPECT_EQ(Describe(oh.Intervals(At(2024_y / 6 / 21), At(2024_y / 6 / 22), {})),
              "2024-06-21 06:00/2024-06-21 17:00 ");
}

TEST(OpeningHoursTest, StateAndNextChange) {
    auto oh = Must("Mo-Fr 09:00-12:00 \"accueil\"; Sa off \"fermé le samedi\"");
    auto [state, comment] = oh.StateAt(At(2012_y / 10 / 1, 10), {});
    EXPECT_EQ(state, OhState::kUnknown);  // A comment alone makes the state unknown.
    EXPECT_EQ(comment, "accueil");
    auto open = Must("Mo-Fr 09:00-12:00 open \"accueil\"");
    EXPECT_EQ(open.StateAt(At(2012_y / 10 / 1, 10), {}).first, OhState::kOpen);
    EXPECT_EQ(open.StateAt(At(2012_y / 10 / 6, 10), {}).first, OhState::kClosed);
    EXPECT_EQ(open.NextChange(At(2012_y / 10 / 1, 10), {}, At(2013_y / 1 / 1)),
              At(2012_y / 10 / 1, 12));
    EXPECT_EQ(open.NextChange(At(2012_y / 10 / 5, 13), {}, At(2013_y / 1 / 1)),
              At(2012_y / 10 / 8, 9));
    EXPECT_FALSE(Must("24/7").NextChange(At(2012_y / 10 / 1), {}, At(2013_y / 1 / 1)));
}

TEST(OpeningHoursTest, ErrorsSayWhere) {
    auto e = OpeningHours::Parse("Mo-Fr 08:00-12:60");
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().position, 15u);
    EXPECT_NE(e.error().message.find("minutes"), std::string::npos);
    e = OpeningHours::Parse("Lu-Ve 08:00-12:00");
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().position, 0u);
    e = OpeningHours::Parse("Mo 08:00-12:00; Xy");
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().position, 16u);
    EXPECT_FALSE(OpeningHours::Parse(""));
    EXPECT_FALSE(OpeningHours::Parse("week 54"));
    EXPECT_FALSE(OpeningHours::Parse("Feb 30"));
    EXPECT_FALSE(OpeningHours::Parse("\"non terminé"));
    // Positions count characters, not bytes.
    e = OpeningHours::Parse("\"é\" Mo 25:00-26:00");
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().position, 7u);
}

TEST(OpeningHoursTest, WarningsForCommonMistakes) {
    EXPECT_TRUE(Must("Mo-Fr 08:00-12:00").warnings().empty());
    EXPECT_FALSE(Must("Mo-Fr 08:00-12:00;").warnings().empty());
    EXPECT_FALSE(Must("Mo-Fr 08:00-12:00; Mo-Fr 14:00-18:00").warnings().empty());
    EXPECT_FALSE(Must("Mo-Fr 8-12").warnings().empty());
    EXPECT_FALSE(Must("lundi 08:00-12:00").warnings().empty());
}

TEST(OpeningHoursTest, PrettifiedIsCanonicalAndReparses) {
    EXPECT_EQ(Must("mon-fri 8:00-12:00 , 14:00-18:00;sa 9:00-12:00; PH off").Prettified(),
              "Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off");
    EXPECT_EQ(Must("2024 May 04,2024 May 10-11 off").Prettified(),
              "2024 May 04,2024 May 10-11 off");
    EXPECT_EQ(Must("week 2-53/2 Sa[1] +2 days 10:00-12:00 \"x\"").Prettified(),
              "week 02-53/2 Sa[1] +2 days 10:00-12:00 \"x\"");
    for (std::string_view v : {"Dec 24-Jan 02 10:00-11:00", "(sunrise+01:00)-sunset",
                               "easter -2 days-easter +1 day: 10:00-12:00", "2026+ Jan",
                               "17:00+ || unknown \"appeler\""}) {
        auto oh = Must(v);
        auto again = OpeningHours::Parse(oh.Prettified());
        ASSERT_TRUE(again) << oh.Prettified();
        EXPECT_EQ(again->Prettified(), oh.Prettified());
    }
}

}  // namespace
}  // namespace guichet::calendar
