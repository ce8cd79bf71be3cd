// Tests of the judge of the answer-engine evaluation (answer_cases.hpp): what counts as right,
// as a wrong date and as no answer, on answers written here by hand.
#include "answers/answer_cases.hpp"

#include <gtest/gtest.h>

namespace guichet::eval {
namespace {

namespace json = boost::json;

AnswerCase Case(const char* expect) {
    json::object o = json::parse(expect).as_object();
    return {"t", "hours", "q", "2026-12-28T18:30:00+01:00", o};
}

json::object Answer(const char* text) { return json::parse(text).as_object(); }

constexpr const char* kNewYear =
    R"({"intent":"place_hours","place":"hotel-de-ville","open":false,
        "next_change":"2027-01-02T09:00:00+01:00","window":{"from":"2027-01-01","to":"2027-01-01"}})";

TEST(AnswersEvalJudge, RightWhenEveryNamedFieldIsRight) {
    const Verdict v = Judge(Case(kNewYear), Answer(R"({"intent":"place_hours",
        "place":{"id":"hotel-de-ville","name":"Hôtel de ville"},"open":false,
        "moment":"2027-01-01T00:00:00+01:00","next_change":"2027-01-02T09:00:00+01:00",
        "window":{"from":"2027-01-01T00:00:00+01:00","to":"2027-01-02T00:00:00+01:00"},
        "date_unclear":false})"));
    EXPECT_TRUE(v.right);
    EXPECT_FALSE(v.wrong_date);
    EXPECT_TRUE(v.wrong.empty());
}

TEST(AnswersEvalJudge, TodaysHoursForAnotherDayAreAWrongDate) {
    const Verdict v = Judge(Case(kNewYear), Answer(R"({"intent":"place_hours",
        "place":{"id":"hotel-de-ville","name":"Hôtel de ville"},"open":false,
        "moment":"2026-12-28T18:30:00+01:00","next_change":"2026-12-29T08:30:00+01:00",
        "window":{"from":"2026-12-28T18:30:00+01:00","to":"2026-12-29T00:00:00+01:00"}})"));
    EXPECT_FALSE(v.right);
    EXPECT_TRUE(v.wrong_date);
}

TEST(AnswersEvalJudge, AnOpenStateOnAnotherDayIsAWrongDateEvenWithoutWindow) {
    const Verdict v = Judge(Case(kNewYear), Answer(R"({"intent":"place_hours",
        "place":{"id":"hotel-de-ville","name":"Hôtel de ville"},"open":false,
        "moment":"2026-12-28T18:30:00+01:00","next_change":"2026-12-29T08:30:00+01:00"})"));
    EXPECT_TRUE(v.wrong_date);
    EXPECT_FALSE(v.right);
}

TEST(AnswersEvalJudge, AnUnclearDateIsNoAnswerNotAWrongDate) {
    const Verdict v = Judge(Case(kNewYear), Answer(R"({"intent":"place_hours",
        "place":{"id":"hotel-de-ville","name":"Hôtel de ville"},"open":null,"moment":null,
        "next_change":null,"window":null,"date_unclear":true})"));
    EXPECT_FALSE(v.right);
    EXPECT_FALSE(v.wrong_date);
    EXPECT_TRUE(v.no_answer);
}

TEST(AnswersEvalJudge, ADayThatDoesNotExistAnsweredWithAnotherIsAWrongDate) {
    const AnswerCase c = Case(R"({"intent":"place_hours","place":"hotel-de-ville",
        "date_unclear":true})");
    const Verdict fallback = Judge(c, Answer(R"({"intent":"place_hours",
        "place":{"id":"hotel-de-ville"},"open":true,"moment":"2026-12-28T18:30:00+01:00",
        "date_unclear":false})"));
    EXPECT_TRUE(fallback.wrong_date);
    EXPECT_FALSE(fallback.right);
    const Verdict unclear = Judge(c, Answer(R"({"intent":"place_hours",
        "place":{"id":"hotel-de-ville"},"open":null,"window":null,"date_unclear":true})"));
    EXPECT_TRUE(unclear.right);
    EXPECT_FALSE(unclear.no_answer);
}

TEST(AnswersEvalJudge, WindowEndIsTheLastDayBeforeItsHalfOpenEnd) {
    const AnswerCase c =
        Case(R"({"intent":"events","window":{"from":"2027-01-30","to":"2027-01-31"},
        "events":["a","b"]})");
    EXPECT_TRUE(Judge(c, Answer(R"({"intent":"events","events":[{"id":"b","title":"B"},
        {"id":"a","title":"A"},{"id":"a","title":"A"}],
        "window":{"from":"2027-01-30T00:00:00+01:00","to":"2027-02-01T00:00:00+01:00"}})"))
                    .right);
    const Verdict longer = Judge(c, Answer(R"({"intent":"events","events":[{"id":"a","title":"A"},
        {"id":"b","title":"B"}],
        "window":{"from":"2027-01-30T00:00:00+01:00","to":"2027-02-01T00:00:01+01:00"}})"));
    EXPECT_FALSE(longer.right);
    EXPECT_TRUE(longer.wrong_date);
    const Verdict missing = Judge(c, Answer(R"({"intent":"events","events":[{"id":"a","title":"A"}],
        "window":{"from":"2027-01-30T00:00:00+01:00","to":"2027-02-01T00:00:00+01:00"}})"));
    EXPECT_FALSE(missing.right);
    EXPECT_FALSE(missing.wrong_date);
}

TEST(AnswersEvalJudge, InstantsCompareAsInstantsAndNullsAsExpected) {
    const AnswerCase c = Case(R"({"intent":"orientation","service":"voirie","request_type":null,
        "moment":"2027-03-28T03:00:00+02:00"})");
    EXPECT_TRUE(Judge(c, Answer(R"({"intent":"orientation","service":{"id":"voirie"},
        "request_type":null,"moment":"2027-03-28T01:00:00Z"})"))
                    .right);
    const Verdict v = Judge(c, Answer(R"({"intent":"orientation","service":{"id":"voirie"},
        "moment":"2027-03-28T03:00:00+01:00"})"));
    EXPECT_FALSE(v.right);
    EXPECT_EQ(v.wrong.size(), 2u);  // request_type absent, moment an hour off.
}

TEST(AnswersEvalJudge, EitherIntentOfAnAlternativeWithTheOtherFieldsStillAsked) {
    const AnswerCase c = Case(R"({"intent":"place_hours|events","place":"marche",
        "events_include":["marche-hebdo"]})");
    EXPECT_TRUE(Judge(c, Answer(R"({"intent":"events","place":{"id":"marche"},
        "events":[{"id":"marche-hebdo","title":"Marché"}]})"))
                    .right);
    EXPECT_TRUE(Judge(c, Answer(R"({"intent":"place_hours","place":{"id":"marche"},
        "events":[{"id":"marche-hebdo","title":"Marché"}]})"))
                    .right);
    EXPECT_FALSE(Judge(c, Answer(R"({"intent":"events","place":null,
        "events":[{"id":"marche-hebdo","title":"Marché"}]})"))
                     .right);
    EXPECT_FALSE(Judge(c, Answer(R"({"intent":"place","place":{"id":"marche"},
        "events":[{"id":"marche-hebdo","title":"Marché"}]})"))
                     .right);
}

TEST(AnswersEvalJudge, TalliesPerKind) {
    Tally t;
    Verdict right;
    right.right = true;
    Verdict wrong_date;
    wrong_date.wrong_date = true;
    t.Add("hours", right);
    t.Add("hours", wrong_date);
    t.Add("need", right);
    EXPECT_EQ(t.kinds["hours"].cases, 2);
    EXPECT_EQ(t.kinds["hours"].wrong_dates, 1);
    EXPECT_EQ(t.total.right, 2);
    EXPECT_NEAR(t.Accuracy(), 2.0 / 3, 1e-9);
    EXPECT_NE(t.Table("x").find("| hours | 2 | 1 | 50.0 % | 1 | 0 |"), std::string::npos);
}

}  // namespace
}  // namespace guichet::eval
