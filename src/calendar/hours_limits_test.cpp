// The bounds of hours queries (issue 10): the work budget of the opening_hours evaluator
// (OhBudget), and HoursEvaluator's limits on the value, the window, the intervals and the work.
// A generator builds the most expensive values we know of within the public value limits; each
// must either be answered within the budget or refused with an "hours-limit" error. Assertions
// are on errors and step counts, never on wall-clock time (which is only printed, to calibrate).
#include <gtest/gtest.h>

#include <ctime>
#include <functional>
#include <iostream>

#include "calendar/hours_query.hpp"
#include "calendar/opening_hours.hpp"

namespace guichet::calendar {
namespace {

using namespace date::literals;

std::string Clock(int minutes) {
    char out[8];
    std::snprintf(out, sizeof out, "%02d:%02d", minutes / 60 % 100, minutes % 60);
    return out;
}

// Joins `make(i)` for i = 0, 1, … with `separator`, as long as `prefix` + the list + `suffix`
// stays within `max_chars`.
std::string Fill(const std::string& prefix, const std::string& separator,
                 const std::function<std::string(int)>& make, const std::string& suffix = "",
                 std::size_t max_chars = HoursLimits{}.max_value_chars) {
    std::string value = prefix;
    for (int i = 0;; ++i) {
        const std::string item = (i > 0 ? separator : "") + make(i);
        if (value.size() + item.size() + suffix.size() > max_chars) break;
        value += item;
    }
    return value + suffix;
}

struct Attack {
    std::string name;
    std::string value;
    bool coordinates = false;
};

// The worst inputs we know of, each as long as the public limits allow.
std::vector<Attack> WorstCases() {
    const auto minute = [](int i) { return Clock(2 * i % 1440) + "-" + Clock(2 * i % 1440 + 1); };
    return {
        {"one-minute ranges", Fill("Mo-Su ", ",", minute)},
        {"ranges past midnight",
         Fill("Mo-Su ", ",",
              [](int i) { return Clock(1380 + i % 60) + "-" + Clock(1500 + i % 60); })},
        {"additional rules of ranges", Fill("", ", ",
                                            [&](int i) {
                                                return "Mo-Su " + minute(3 * i) + "," +
                                                       minute(3 * i + 1) + "," + minute(3 * i + 2);
                                            })},
        {"many normal rules",
         Fill("", "; ", [&](int i) { return "Mo-Su " + minute(i) + "," + minute(i + 360); })},
        {"fallback rules", Fill("", " || ", [&](int i) { return "Mo-Su " + minute(i); })},
        {"open ends", Fill("Mo-Su ", ",", [](int i) { return Clock(i) + "+"; })},
        {"dates", Fill(
                      "", ",",
                      [](int i) {
                          static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
                          return std::string(months[i % 12]) + " " + Clock(i % 28 + 1).substr(3);
                      },
                      " 00:00-00:01,00:02-00:03")},
        {"week ranges with steps",
         Fill(
             "week ", ",", [](int i) { return "01-53/" + std::to_string(i % 9 + 2); },
             " Mo-Su 00:00-00:01")},
        {"movable dates", Fill(
                              "", ",",
                              [](int i) {
                                  return "easter -" + std::to_string(i % 50 + 1) +
                                         " days-easter +" + std::to_string(i % 40 + 1) + " days";
                              },
                              " 10:00-12:00")},
        {"nth weekdays", Fill(
                             "", ",",
                             [](int i) {
                                 return "Mo[" + std::to_string(i % 4 + 1) + "] +" +
                                        std::to_string(i % 6 + 1) + " days";
                             },
                             " 10:00-12:00")},
        {"holidays", Fill(
                         "", ",",
                         [](int i) {
                             static const char* items[] = {"PH",        "SH",        "PH +1 day",
                                                           "SH +1 day", "PH -1 day", "SH -1 day"};
                             return std::string(items[i % 6]);
                         },
                         " 10:00-12:00")},
        {"sun times",
         Fill("Mo-Su ", ",",
              [](int i) {
                  return "(sunrise+" + Clock(i % 100) + ")-(sunset-" + Clock(i % 100) + ")";
              }),
         true},
        {"sun time rules",
         Fill("", "; ",
              [](int i) { return "Mo-Su (dawn+" + Clock(i) + ")-(dusk-" + Clock(i) + ")"; }),
         true},
    };
}

TEST(OhBudgetTest, StopsTheEvaluationAndCountsItsSteps) {
    auto hours = OpeningHours::Parse(WorstCases()[0].value);
    ASSERT_TRUE(hours);
    const auto from = date::local_days{2026_y / 1 / 1}, to = date::local_days{2027_y / 1 / 1};
    OhBudget small(1'000'000);
    OhContext bounded{.budget = &small};
    const auto cut = hours->Intervals(from, to, bounded);
    EXPECT_TRUE(small.exhausted());
    EXPECT_GT(small.used(), small.limit());
    // Overshoot is at most one day's worth of one range's painting.
    EXPECT_LT(small.used(), small.limit() + 10'000);
    const auto all = hours->Intervals(from, to, {});
    EXPECT_LT(cut.size(), all.size());
    // Steps are deterministic: the same work costs the same.
    OhBudget first(1'000'000'000), second(1'000'000'000);
    hours->Intervals(from, from + date::days(7), {.budget = &first});
    hours->Intervals(from, from + date::days(7), {.budget = &second});
    EXPECT_FALSE(first.exhausted());
    EXPECT_EQ(first.used(), second.used());
    EXPECT_GT(first.used(), static_cast<std::int64_t>(7 * hours->rules()[0].times.size()));
}

HoursQuery YearQuery(const Attack& attack) {
    HoursQuery q;
    q.value = attack.value;
    q.from = "2026-01-01T00:00";
    q.to = "2027-01-01T00:00";
    q.at = "2026-06-21T12:00";
    q.school_zone = "C";
    if (attack.coordinates) {
        q.lat = 48.85;
        q.lon = 2.35;
    }
    return q;
}

TEST(HoursLimitsTest, WorstCasesAreAnsweredWithinTheBudgetOrRefused) {
    HoursEvaluator evaluator;
    const HoursLimits limits = evaluator.limits();
    for (const Attack& attack : WorstCases()) {
        SCOPED_TRACE(attack.name + ": " + attack.value.substr(0, 80) + "…");
        ASSERT_LE(attack.value.size(), limits.max_value_chars);
        const std::clock_t start = std::clock();
        auto answer = evaluator.Evaluate(YearQuery(attack), TimePoint{});
        const double ms = 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
        std::cout << "[ calibrate ] " << attack.name << ": " << attack.value.size() << " chars, "
                  << (answer ? std::to_string(answer->steps) + " steps" : answer.error().detail)
                  << ", " << ms << " ms CPU\n";
        if (answer) {
            ASSERT_FALSE(answer->parse_failed) << answer->json.at("error");
            EXPECT_LE(answer->steps, limits.max_steps);
            EXPECT_LE(answer->json.at("intervals").as_array().size(), limits.max_intervals);
        } else {
            EXPECT_EQ(answer.error().code, ErrorCode::kInvalidArgument);
            EXPECT_EQ(answer.error().type, "hours-limit") << answer.error().message;
        }
    }
}

TEST(HoursLimitsTest, OneMinuteRangesOverAYearExhaustTheBudget) {
    HoursEvaluator evaluator;
    auto answer = evaluator.Evaluate(YearQuery(WorstCases()[0]), TimePoint{});
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(answer.error().type, "hours-limit");
    EXPECT_NE(answer.error().message.find("trop de calculs"), std::string::npos)
        << answer.error().message;
    EXPECT_NE(answer.error().detail.find("work budget exceeded"), std::string::npos);
    // Over a week, the same value is answered, and its work is counted.
    HoursQuery week = YearQuery(WorstCases()[0]);
    week.to = "2026-01-08T00:00";
    auto ok = evaluator.Evaluate(week, TimePoint{});
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_GT(ok->steps, 0);
    EXPECT_LE(ok->steps, evaluator.limits().max_steps);
}

TEST(HoursLimitsTest, RefusesLongValuesManyRulesAndSelectorsNamingTheLimit) {
    HoursEvaluator evaluator;
    HoursQuery q = YearQuery({"", std::string(2001, ' ') + "Mo 10:00-12:00"});
    auto long_value = evaluator.Evaluate(q, TimePoint{});
    ASSERT_FALSE(long_value);
    EXPECT_EQ(long_value.error().message,
              "Paramètre « value » : la valeur est trop longue (2 015 caractères) ; la limite est "
              "de 2 000 caractères.");
    // Characters, not bytes: 1,500 « é » in a comment are 3,000 bytes but fit.
    std::string accents = "\"";
    for (int i = 0; i < 1500; ++i) accents += "é";
    q.value = "Mo 10:00-12:00 " + accents + "\"";
    q.to = "2026-01-08T00:00";
    EXPECT_TRUE(evaluator.Evaluate(q, TimePoint{}));

    q.value = Fill("", "; ", [](int i) { return "Mo " + Clock(i) + "-" + Clock(i + 1); });
    auto rules = evaluator.Evaluate(q, TimePoint{});
    ASSERT_FALSE(rules);
    EXPECT_NE(rules.error().message.find("trop de règles"), std::string::npos);
    EXPECT_NE(rules.error().message.find("100 règles"), std::string::npos);

    q.value = Fill("week ", ",", [](int i) { return std::to_string(i % 53 + 1); });
    auto selectors = evaluator.Evaluate(q, TimePoint{});
    ASSERT_FALSE(selectors);
    EXPECT_NE(selectors.error().message.find("trop de sélecteurs"), std::string::npos);
    EXPECT_NE(selectors.error().message.find("la limite est de 500"), std::string::npos);
}

TEST(HoursLimitsTest, RefusesTooManyIntervalsAndTooLongWindows) {
    HoursEvaluator evaluator;
    HoursQuery q = YearQuery(
        {"", Fill(
                 "Mo-Su ", ",", [](int i) { return Clock(2 * i) + "-" + Clock(2 * i + 1); }, "",
                 20 * 12)});
    auto many = evaluator.Evaluate(q, TimePoint{});
    ASSERT_FALSE(many);
    EXPECT_EQ(many.error().message,
              "Trop d'intervalles : la réponse en compterait plus de 5 000. Réduisez la période "
              "demandée.");
    q.to = "2027-01-03T00:00";
    auto window = evaluator.Evaluate(q, TimePoint{});
    ASSERT_FALSE(window);
    EXPECT_NE(window.error().message.find("366 jours"), std::string::npos);
    // The local tool allows ten years, and more intervals.
    HoursEvaluator local(HoursLimits::Local());
    q.value = "Mo-Fr 08:30-12:00,13:30-17:00; PH off";
    q.to = "2035-01-01T00:00";
    auto decade = local.Evaluate(q, TimePoint{});
    ASSERT_TRUE(decade) << decade.error().message;
    EXPECT_GT(decade->json.at("intervals").as_array().size(), 4000u);
}

}  // namespace
}  // namespace guichet::calendar
