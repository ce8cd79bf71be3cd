// Recurrence rules expanded in the event's zone (Europe/Paris).
#include "knowledge/recurrence.hpp"

#include <gtest/gtest.h>

namespace guichet::knowledge {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const date::time_zone* Paris() { return date::locate_zone("Europe/Paris"); }

date::local_days Day(int y, unsigned m, unsigned d) {
    return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

date::local_seconds At(date::local_days day, int h, int m = 0) {
    return date::local_seconds(day) + hours(h) + minutes(m);
}

TEST(RecurrenceTest, WeeklyKeepsTheLocalTimeAcrossSummerTime) {
    // A Saturday market at 08:00; summer time starts on Sunday 28 March 2027.
    auto starts = ExpandRrule("FREQ=WEEKLY;BYDAY=SA", At(Day(2027, 3, 13), 8), Paris(),
                              date::local_seconds(Day(2027, 4, 11)));
    ASSERT_TRUE(starts) << starts.error().message;
    const std::vector<date::local_seconds> expected = {
        At(Day(2027, 3, 13), 8), At(Day(2027, 3, 20), 8), At(Day(2027, 3, 27), 8),
        At(Day(2027, 4, 3), 8), At(Day(2027, 4, 10), 8)};
    EXPECT_EQ(*starts, expected);
    // The instants move by an hour in UTC: 07:00Z in winter, 06:00Z in summer.
    const auto winter = Paris()->to_sys(starts->at(2));
    const auto summer = Paris()->to_sys(starts->at(3));
    EXPECT_EQ(date::hh_mm_ss(winter - date::floor<date::days>(winter)).hours(), hours(7));
    EXPECT_EQ(date::hh_mm_ss(summer - date::floor<date::days>(summer)).hours(), hours(6));
}

TEST(RecurrenceTest, WeeklyOnSeveralDaysAcrossTheChange) {
    auto starts = ExpandRrule("FREQ=WEEKLY;BYDAY=TU,SU", At(Day(2027, 3, 23), 8), Paris(),
                              date::local_seconds(Day(2027, 4, 1)));
    ASSERT_TRUE(starts);
    const std::vector<date::local_seconds> expected = {
        At(Day(2027, 3, 23), 8), At(Day(2027, 3, 28), 8), At(Day(2027, 3, 30), 8)};
    EXPECT_EQ(*starts, expected);
}

TEST(RecurrenceTest, MonthlyOnTheSecondTuesday) {
    const auto first = At(Day(2027, 1, 12), 19);  // The second Tuesday of January 2027.
    auto starts =
        ExpandRrule("FREQ=MONTHLY;BYDAY=2TU", first, Paris(), date::local_seconds(Day(2027, 7, 1)));
    ASSERT_TRUE(starts) << starts.error().message;
    ASSERT_EQ(starts->size(), 6u);
    for (unsigned m = 1; m <= 6; ++m) {
        const date::local_days expected{date::year{2027} / date::month{m} / date::Tuesday[2]};
        EXPECT_EQ((*starts)[m - 1], date::local_seconds(expected) + hours(19)) << "month " << m;
    }
}

TEST(RecurrenceTest, CountLimitsTheOccurrences) {
    auto starts = ExpandRrule("FREQ=DAILY;COUNT=5", At(Day(2027, 3, 1), 10), Paris(),
                              date::local_seconds(Day(2028, 1, 1)));
    ASSERT_TRUE(starts);
    ASSERT_EQ(starts->size(), 5u);
    EXPECT_EQ(starts->front(), At(Day(2027, 3, 1), 10));
    EXPECT_EQ(starts->back(), At(Day(2027, 3, 5), 10));
    // `limit` and `until` cut too.
    auto limited = ExpandRrule("FREQ=DAILY", At(Day(2027, 3, 1), 10), Paris(),
                               date::local_seconds(Day(2028, 1, 1)), 3);
    ASSERT_TRUE(limited);
    EXPECT_EQ(limited->size(), 3u);
    auto until =
        ExpandRrule("FREQ=DAILY", At(Day(2027, 3, 1), 10), Paris(), At(Day(2027, 3, 4), 10));
    ASSERT_TRUE(until);
    EXPECT_EQ(until->size(), 3u);  // `until` is excluded.
}

TEST(RecurrenceTest, UntilInUtcIsComparedInTheZone) {
    // 21:59:59Z on 31 March is 23:59:59 in Paris (summer time): the 23:00 occurrence of that
    // evening is included.
    auto starts = ExpandRrule("FREQ=DAILY;UNTIL=20270331T215959Z", At(Day(2027, 3, 29), 23),
                              Paris(), date::local_seconds(Day(2027, 5, 1)));
    ASSERT_TRUE(starts) << starts.error().message;
    const std::vector<date::local_seconds> expected = {
        At(Day(2027, 3, 29), 23), At(Day(2027, 3, 30), 23), At(Day(2027, 3, 31), 23)};
    EXPECT_EQ(*starts, expected);

    // The same in winter: 22:59:59Z is 23:59:59 in Paris.
    auto winter = ExpandRrule("FREQ=WEEKLY;UNTIL=20270112T225959Z", At(Day(2026, 12, 29), 23),
                              Paris(), date::local_seconds(Day(2027, 5, 1)));
    ASSERT_TRUE(winter);
    ASSERT_EQ(winter->size(), 3u);
    EXPECT_EQ(winter->back(), At(Day(2027, 1, 12), 23));
}

TEST(RecurrenceTest, InvalidRulesAreRefusedInFrench) {
    for (const char* rule : {"FREQ=SOMETIMES", "n'importe quoi", "BYDAY=MO"}) {
        auto valid = ValidateRrule(rule);
        ASSERT_FALSE(valid) << rule;
        EXPECT_EQ(valid.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(valid.error().message.find("règle de récurrence"), std::string::npos)
            << valid.error().message;
        auto expanded = ExpandRrule(rule, At(Day(2027, 3, 1), 10), Paris(),
                                    date::local_seconds(Day(2027, 4, 1)));
        ASSERT_FALSE(expanded) << rule;
        EXPECT_EQ(expanded.error().code, ErrorCode::kInvalidArgument);
    }
    EXPECT_TRUE(ValidateRrule("FREQ=WEEKLY;BYDAY=SA"));
    EXPECT_TRUE(ValidateRrule("FREQ=MONTHLY;BYDAY=2TU;COUNT=10"));
}

TEST(RecurrenceTest, EmptyRuleIsOneOccurrence) {
    const auto first = At(Day(2027, 3, 1), 10);
    auto one = ExpandRrule("", first, Paris(), date::local_seconds(Day(2027, 4, 1)));
    ASSERT_TRUE(one);
    EXPECT_EQ(*one, std::vector<date::local_seconds>{first});
    auto none = ExpandRrule("", first, Paris(), first);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

// The agenda says a recurrence once, in French, instead of listing each occurrence.
TEST(RecurrenceTest, DescribesRulesInFrench) {
    const auto friday = At(Day(2026, 12, 4), 16);   // Friday 4 December 2026.
    const auto saturday = At(Day(2026, 12, 5), 9);  // Saturday 5 December 2026.
    auto say = [&](std::string_view rule, date::local_seconds first) {
        return DescribeRrule(rule, first, Paris()).value_or("(rien)");
    };
    EXPECT_EQ(say("FREQ=WEEKLY;BYDAY=FR", friday), "tous les vendredis");
    EXPECT_EQ(say("FREQ=WEEKLY", friday), "tous les vendredis");
    EXPECT_EQ(say("FREQ=WEEKLY;BYDAY=WE,SA,SU", saturday),
              "tous les mercredis, samedis et dimanches");
    EXPECT_EQ(say("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", friday), "un mardi sur deux");
    EXPECT_EQ(say("FREQ=WEEKLY;BYDAY=FR;UNTIL=20270630T215959Z", friday),
              "tous les vendredis, jusqu'au 25 juin 2027");
    EXPECT_EQ(say("FREQ=WEEKLY;BYDAY=TH;COUNT=8", At(Day(2026, 12, 3), 18)),
              "tous les jeudis, jusqu'au 21 janvier 2027");
    EXPECT_EQ(say("FREQ=MONTHLY;BYDAY=1SA", saturday), "le premier samedi du mois");
    EXPECT_EQ(say("FREQ=MONTHLY;BYDAY=-1MO", At(Day(2026, 12, 28), 20)),
              "le dernier lundi du mois");
    EXPECT_EQ(say("FREQ=MONTHLY;INTERVAL=2;BYDAY=3SA", At(Day(2026, 12, 19), 10)),
              "le troisième samedi, un mois sur deux");
    EXPECT_EQ(say("FREQ=MONTHLY;BYMONTHDAY=1", saturday), "le 1er de chaque mois");
    EXPECT_EQ(say("FREQ=MONTHLY", saturday), "le 5 de chaque mois");
    EXPECT_EQ(say("FREQ=DAILY;COUNT=3", friday), "tous les jours, jusqu'au 6 décembre 2026");
    EXPECT_EQ(say("FREQ=YEARLY", At(Day(2027, 7, 14), 22)), "tous les ans, le 14 juillet");
    // What it cannot say simply is left to the list of occurrences.
    EXPECT_FALSE(DescribeRrule("", friday, Paris()));
    EXPECT_FALSE(DescribeRrule("FREQ=MONTHLY;BYDAY=1SA,3SA", saturday, Paris()));
    EXPECT_FALSE(DescribeRrule("FREQ=MONTHLY;BYDAY=SA;BYSETPOS=2", saturday, Paris()));
    EXPECT_FALSE(DescribeRrule("FREQ=HOURLY", saturday, Paris()));
    EXPECT_FALSE(DescribeRrule("pas une règle", saturday, Paris()));
}

}  // namespace
}  // namespace guichet::knowledge
