// Deadlines across weekends, holidays, Alsace-Moselle, DST, pauses and charter changes, computed
// with the tenant's own working calendar and checked on the requests that carry them.
#include <gtest/gtest.h>

#include "requests/deadlines.hpp"
#include "requests/requests_test_support.hpp"

namespace guichet::requests::testing {
namespace {

using calendar::WorkingCalendar;

class DeadlinesTest : public RequestsTest {
  protected:
    std::shared_ptr<const WorkingCalendar> CalendarOf(const std::string& tenant) {
        auto c = requests_->calendars.For(tenant);
        EXPECT_TRUE(c) << (c ? "" : c.error().message);
        return c ? *c : nullptr;
    }

    // The Marianne deadlines of a web request received at `received` (no pause).
    Deadlines WebDeadlines(const std::string& tenant, TimePoint received) {
        Request q;
        q.channel = Channel::kWeb;
        q.category_id = "general";
        q.received_at = received;
        auto d = ComputeDeadlines(*CalendarOf(tenant), MarianneCharter(), q, received);
        EXPECT_TRUE(d);
        return d ? *d : Deadlines{};
    }

    // A custom charter with one catch-all rule.
    Charter OneRule(std::optional<Delay> ack, std::optional<Delay> first = std::nullopt,
                    std::optional<Delay> resolution = std::nullopt) {
        Charter c;
        c.preset = "custom";
        CharterRule r;
        r.acknowledgement = ack;
        r.first_answer = first;
        r.resolution = resolution;
        c.rules = {r};
        return c;
    }
};

constexpr Delay WorkingDays(int n) { return {n, DelayUnit::kWorkingDays}; }

TEST_P(DeadlinesTest, FridayEveningStartsOnMonday) {
    // Friday 5 March 2027, 19:00: day 1 is Monday 8.
    const auto d = WebDeadlines(tenant_, ParisTime(2027, 3, 5, 19));
    EXPECT_EQ(d.acknowledgement, ParisTime(2027, 3, 9));  // End of Monday 8.
    EXPECT_EQ(d.first_answer, ParisTime(2027, 3, 13));    // Monday 8 to Friday 12.
    // Two months in calendar days: day 60 is Tuesday 4 May.
    EXPECT_EQ(d.resolution, ParisTime(2027, 5, 5));
}

TEST_P(DeadlinesTest, ReceivedOnAPublicHoliday) {
    // Wednesday 14 July 2027 (fête nationale): day 1 is Thursday 15.
    const auto d = WebDeadlines(tenant_, ParisTime(2027, 7, 14, 10));
    EXPECT_EQ(d.acknowledgement, ParisTime(2027, 7, 16));
    EXPECT_EQ(d.first_answer, ParisTime(2027, 7, 22));  // 15, 16, 19, 20, 21.
    // Counting the day of receipt changes nothing when that day is not a working day.
    auto calendar = CalendarOf(tenant_);
    EXPECT_EQ(*DueDate(*calendar, true, ParisTime(2027, 7, 14, 10), WorkingDays(1), {}),
              ParisTime(2027, 7, 16));
    EXPECT_EQ(*DueDate(*calendar, true, ParisTime(2027, 7, 13, 10), WorkingDays(1), {}),
              ParisTime(2027, 7, 14));
}

TEST_P(DeadlinesTest, EasterMondayIsSkipped) {
    // Thursday 2 April 2026, before Easter Monday (6 April): 3, 7, 8, 9, 10.
    auto before = WebDeadlines(tenant_, ParisTime(2026, 4, 2, 10));
    EXPECT_EQ(before.acknowledgement, ParisTime(2026, 4, 4));
    EXPECT_EQ(before.first_answer, ParisTime(2026, 4, 11));
    // Tuesday 7 April, after it: 8, 9, 10, 13, 14.
    auto after = WebDeadlines(tenant_, ParisTime(2026, 4, 7, 10));
    EXPECT_EQ(after.acknowledgement, ParisTime(2026, 4, 9));
    EXPECT_EQ(after.first_answer, ParisTime(2026, 4, 15));
    // Received on Easter Monday itself.
    auto on = WebDeadlines(tenant_, ParisTime(2026, 4, 6, 10));
    EXPECT_EQ(on.acknowledgement, ParisTime(2026, 4, 8));
}

TEST_P(DeadlinesTest, EighthOfMayAndAscensionAreSkipped) {
    // Thursday 7 May 2026: Friday 8 May and Thursday 14 May (Ascension) are holidays.
    auto before = WebDeadlines(tenant_, ParisTime(2026, 5, 7, 10));
    EXPECT_EQ(before.acknowledgement, ParisTime(2026, 5, 12));  // Monday 11.
    EXPECT_EQ(before.first_answer, ParisTime(2026, 5, 19));     // 11, 12, 13, 15, 18.
    // Monday 11 May, after it: 12, 13, 15, 18, 19.
    auto after = WebDeadlines(tenant_, ParisTime(2026, 5, 11, 10));
    EXPECT_EQ(after.acknowledgement, ParisTime(2026, 5, 13));
    EXPECT_EQ(after.first_answer, ParisTime(2026, 5, 20));
}

TEST_P(DeadlinesTest, AlsaceMoselleHasGoodFridayAndSaintStephen) {
    const std::string strasbourg = MakeTenant("strasbourg", "67");
    // Thursday 2 April 2026: Good Friday (3 April) is a holiday in the Bas-Rhin, not in Essonne.
    EXPECT_EQ(WebDeadlines(tenant_, ParisTime(2026, 4, 2, 10)).acknowledgement,
              ParisTime(2026, 4, 4));
    auto easter = WebDeadlines(strasbourg, ParisTime(2026, 4, 2, 10));
    EXPECT_EQ(easter.acknowledgement, ParisTime(2026, 4, 8));  // Tuesday 7.
    EXPECT_EQ(easter.first_answer, ParisTime(2026, 4, 14));    // 7, 8, 9, 10, 13.
    // Wednesday 24 December 2025: 26 December (Friday) is a holiday there too.
    auto paris = WebDeadlines(tenant_, ParisTime(2025, 12, 24, 10));
    EXPECT_EQ(paris.acknowledgement, ParisTime(2025, 12, 27));  // Friday 26.
    EXPECT_EQ(paris.first_answer, ParisTime(2026, 1, 3));       // 26, 29, 30, 31, 2.
    auto alsace = WebDeadlines(strasbourg, ParisTime(2025, 12, 24, 10));
    EXPECT_EQ(alsace.acknowledgement, ParisTime(2025, 12, 30));  // Monday 29.
    EXPECT_EQ(alsace.first_answer, ParisTime(2026, 1, 6));       // 29, 30, 31, 2, 5.

    // The same holds for a request created in that tenant (a letter received back then).
    NewRequest in = Web("Déneigement");
    in.received_at = ParisTime(2025, 12, 24, 10);
    const Request q = Create(in, strasbourg);
    EXPECT_EQ(q.due.acknowledgement, ParisTime(2025, 12, 30));
    EXPECT_EQ(q.due.first_answer, ParisTime(2026, 1, 6));
}

TEST_P(DeadlinesTest, AcrossTheChangeToSummerTime) {
    // Friday 26 March 2027, 10:00 CET; Sunday 28 is Easter and the change to CEST, Monday 29 is
    // Easter Monday. Deadlines end at local midnight, which is 22:00 UTC in summer.
    const TimePoint received = ParisTime(2027, 3, 26, 10);
    EXPECT_EQ(received, date::sys_days{date::year{2027} / 3 / 26} + std::chrono::hours(9));
    auto d = WebDeadlines(tenant_, received);
    EXPECT_EQ(d.acknowledgement,
              date::sys_days{date::year{2027} / 3 / 30} + std::chrono::hours(22));
    EXPECT_EQ(d.first_answer, date::sys_days{date::year{2027} / 4 / 5} + std::chrono::hours(22));
    EXPECT_EQ(d.resolution, date::sys_days{date::year{2027} / 5 / 25} + std::chrono::hours(22));
    // Business hours: 30 minutes on Friday (until 17:30 CET), then 90 minutes from 08:30 CEST on
    // Tuesday 30 March.
    auto calendar = CalendarOf(tenant_);
    auto due =
        DueDate(*calendar, false, ParisTime(2027, 3, 26, 17), {2, DelayUnit::kBusinessHours}, {});
    ASSERT_TRUE(due);
    EXPECT_EQ(*due, ParisTime(2027, 3, 30, 10));
    EXPECT_EQ(*due, date::sys_days{date::year{2027} / 3 / 30} + std::chrono::hours(8));
}

TEST_P(DeadlinesTest, BusinessHoursCountOpeningTimeOnly) {
    auto calendar = CalendarOf(tenant_);
    // Monday 1 March 2027, 11:00: one hour until noon, one after 13:30.
    EXPECT_EQ(*calendar->AddBusinessMinutes(ParisTime(2027, 3, 1, 11), std::chrono::minutes(120)),
              ParisTime(2027, 3, 1, 14, 30));
    // Friday 17:00 plus one hour: Monday 09:00.
    EXPECT_EQ(*calendar->AddBusinessMinutes(ParisTime(2027, 3, 5, 17), std::chrono::minutes(60)),
              ParisTime(2027, 3, 8, 9));
    // A request under a charter counted in business hours.
    ASSERT_TRUE(requests_->charter_routing.SetCharter(
        tenant_, OneRule(Delay{2, DelayUnit::kBusinessHours})));
    clock_.Advance(std::chrono::hours(1));  // Monday 11:00.
    const Request q = Create(Web("Question urgente"));
    EXPECT_EQ(q.due.acknowledgement, ParisTime(2027, 3, 1, 14, 30));
    EXPECT_FALSE(q.due.first_answer);  // The charter sets no such commitment.
    // One business hour paused before the deadline pushes it back by one business hour.
    auto paused =
        DueDate(*calendar, false, ParisTime(2027, 3, 1, 11), {2, DelayUnit::kBusinessHours},
                {{ParisTime(2027, 3, 1, 11), ParisTime(2027, 3, 1, 12)}});
    EXPECT_EQ(*paused, ParisTime(2027, 3, 1, 15, 30));
}

TEST_P(DeadlinesTest, CountingTheDayOfReceipt) {
    Charter c = OneRule(WorkingDays(1), WorkingDays(5));
    c.count_receipt_day = true;
    ASSERT_TRUE(requests_->charter_routing.SetCharter(tenant_, c));
    // Monday 1 March 10:00: day 1 is that Monday.
    const Request monday = Create(Web("Compté le jour même"));
    EXPECT_EQ(monday.due.acknowledgement, ParisTime(2027, 3, 2));
    EXPECT_EQ(monday.due.first_answer, ParisTime(2027, 3, 6));
    // Received on Saturday 27 February: day 1 is still Monday.
    NewRequest saturday = Web("Reçue un samedi");
    saturday.received_at = ParisTime(2027, 2, 27, 10);
    EXPECT_EQ(Create(saturday).due.acknowledgement, ParisTime(2027, 3, 2));
}

TEST_P(DeadlinesTest, APauseWaitingForTheCitizenMovesTheDeadlines) {
    // Monday 1 March 10:00, web: first answer by the end of Monday 8 (2, 3, 4, 5, 8).
    const Request q = Create(Web("Dossier incomplet"));
    EXPECT_EQ(q.due.first_answer, ParisTime(2027, 3, 9));
    EXPECT_EQ(q.due.resolution, ParisTime(2027, 5, 1));  // Day 60: Friday 30 April.
    // Tuesday 11:00: the agent waits for a document.
    clock_.Advance(std::chrono::hours(25));
    auto waiting = requests_->lifecycle.ChangeStatus(tenant_, q.id, "attente_usager", agent_actor_);
    ASSERT_TRUE(waiting) << waiting.error().message;
    EXPECT_TRUE(waiting->paused_since);
    // Thursday 15:00: the citizen sends it; the pause touched Tuesday, Wednesday and Thursday.
    clock_.Advance(std::chrono::hours(52));
    auto back =
        requests_->lifecycle.AddIncoming(tenant_, q.id, "Voici le justificatif.", citizen_actor_);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->status, "en_cours");
    EXPECT_FALSE(back->paused_since);
    ASSERT_EQ(back->pauses.size(), 1u);
    EXPECT_EQ(back->pauses[0].first, ParisTime(2027, 3, 2, 11));
    EXPECT_EQ(back->pauses[0].second, ParisTime(2027, 3, 4, 15));
    EXPECT_EQ(back->due.first_answer, ParisTime(2027, 3, 12));  // Three working days later.
    EXPECT_EQ(back->due.resolution, ParisTime(2027, 5, 4));     // Three calendar days later.
    // The deadlines are kept as moved.
    EXPECT_EQ(requests_->queries.Get(tenant_, q.id)->due.first_answer, ParisTime(2027, 3, 12));
}

TEST_P(DeadlinesTest, APauseOverAWeekendCountsItsWorkingDaysOnly) {
    auto calendar = CalendarOf(tenant_);
    const TimePoint received = ParisTime(2027, 3, 1, 10);
    // Friday 5 March 16:00 to Monday 8 March 09:00: Friday and Monday were touched.
    auto due = DueDate(*calendar, false, received, WorkingDays(5),
                       {{ParisTime(2027, 3, 5, 16), ParisTime(2027, 3, 8, 9)}});
    EXPECT_EQ(*due, ParisTime(2027, 3, 11));
    // A pause after the deadline does not move it.
    auto late = DueDate(*calendar, false, received, WorkingDays(5),
                        {{ParisTime(2027, 3, 10, 9), ParisTime(2027, 3, 12, 9)}});
    EXPECT_EQ(*late, ParisTime(2027, 3, 9));
}

TEST_P(DeadlinesTest, ACharterChangeKeepsOpenRequestsOnTheirVersion) {
    auto v1 = requests_->charter_routing.GetCharter(tenant_);
    ASSERT_TRUE(v1);
    EXPECT_EQ(v1->version, 1);
    EXPECT_EQ(v1->preset, "marianne");
    const Request old = Create(Web("Avant la nouvelle charte"));
    EXPECT_EQ(old.charter_version, 1);
    EXPECT_EQ(old.due.acknowledgement, ParisTime(2027, 3, 3));
    EXPECT_EQ(old.due.first_answer, ParisTime(2027, 3, 9));

    clock_.Advance(std::chrono::hours(1));
    auto v2 = requests_->charter_routing.SetCharter(tenant_, ServicesPublicsPlusCharter());
    ASSERT_TRUE(v2);
    EXPECT_EQ(v2->version, 2);
    EXPECT_EQ(requests_->charter_routing.GetCharter(tenant_)->preset, "services_publics_plus");
    EXPECT_EQ(requests_->charter_routing.CharterVersion(tenant_, 1)->preset, "marianne");

    // A change to the old request recomputes its deadlines under its own version.
    auto noted = requests_->lifecycle.AddNote(tenant_, old.id, "Relancé le service technique.",
                                              agent_actor_);
    ASSERT_TRUE(noted);
    EXPECT_EQ(noted->charter_version, 1);
    EXPECT_EQ(noted->due.acknowledgement, ParisTime(2027, 3, 3));
    EXPECT_EQ(noted->due.first_answer, ParisTime(2027, 3, 9));

    // A new one gets the new version: 7 calendar days, 15 working days.
    const Request fresh = Create(Web("Après la nouvelle charte"));
    EXPECT_EQ(fresh.charter_version, 2);
    EXPECT_EQ(fresh.due.acknowledgement, ParisTime(2027, 3, 9));  // Day 7: Monday 8.
    EXPECT_EQ(fresh.due.first_answer, ParisTime(2027, 3, 23));    // 2 March to 22 March.
}

INSTANTIATE_TEST_SUITE_P(Drivers, DeadlinesTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::requests::testing

// Issue 11: « Échéance proche » is relative to the deadline's length as well as the charter's
// window, so a short deadline does not warn as soon as the request is created.
TEST(DeadlineNearTest, WithinTheWindowAndAQuarterOfTheWhole) {
    using std::chrono::hours;
    using std::chrono::minutes;
    const hours window(24);
    EXPECT_FALSE(guichet::requests::DeadlineNear(hours(8), hours(8) - minutes(1), window));
    EXPECT_FALSE(guichet::requests::DeadlineNear(hours(8), hours(3), window));
    EXPECT_TRUE(guichet::requests::DeadlineNear(hours(8), hours(2), window));
    // A long deadline: the charter's window decides.
    EXPECT_FALSE(guichet::requests::DeadlineNear(hours(105), hours(25), window));
    EXPECT_TRUE(guichet::requests::DeadlineNear(hours(105), hours(24), window));
    // Passed: missed, not near.
    EXPECT_FALSE(guichet::requests::DeadlineNear(hours(8), hours(0), window));
}
