// The deadline monitor: one warning then one breach per commitment; nothing for met or paused ones.
#include "requests/request_service_fixture.hpp"

namespace guichet::requests::testing {
namespace {

class DeadlineMonitorTest : public RequestServiceTest {};

// ---- Deadline alerts --------------------------------------------------------------------------

TEST_P(DeadlineMonitorTest, DeadlinesRaiseOneWarningThenOneBreachPerCommitment) {
    // Monday 1 March 10:00, web (Marianne): acknowledgement by the end of Tuesday 2 (13.5
    // business hours), first answer by the end of Monday 8 (43.5); warnings 24 business hours
    // before, and within a quarter of the deadline's length (DeadlineNear).
    const Request q = Create(Web("Signalement"));
    ClearEvents();
    auto check = [&](std::size_t expected) {
        auto raised = requests_->deadline_monitor.CheckDeadlines();
        ASSERT_TRUE(raised) << raised.error().message;
        EXPECT_EQ(*raised, expected) << FormatIsoUtc(clock_.Now());
    };
    // Issue 11: a short deadline does not warn at once (13.5 of 13.5 business hours left).
    check(0);
    clock_.Advance(std::chrono::hours(5));  // Monday 15:00: 10 of 13.5 hours left.
    check(0);
    clock_.Advance(std::chrono::hours(24));  // Tuesday 15:00.
    check(1);  // 2.5 business hours left to acknowledge: a quarter or less.
    check(0);  // Never twice.
    clock_.Advance(std::chrono::hours(9) + std::chrono::minutes(1));  // Wednesday 00:01.
    check(1);                                                         // Acknowledgement missed.
    check(0);
    clock_.Advance(std::chrono::hours(60) - std::chrono::minutes(1));  // Friday 12:00.
    check(0);  // 11.5 business hours left to answer: within 24, not yet a quarter of 43.5.
    clock_.Advance(std::chrono::hours(4));                             // Friday 16:00.
    check(1);                                                          // 9 business hours left.
    clock_.Advance(std::chrono::hours(80) + std::chrono::minutes(1));  // Tuesday 9, 00:01.
    check(1);
    check(0);

    auto events = Events();
    ASSERT_EQ(events.size(), 4u);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"request.deadline_warning", "acknowledgement"},
        {"request.deadline_breach", "acknowledgement"},
        {"request.deadline_warning", "first_answer"},
        {"request.deadline_breach", "first_answer"}};
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].type, expected[i].first);
        EXPECT_EQ(events[i].permission, "requests.read");
        EXPECT_EQ(events[i].tenant_id, tenant_);
        auto data = boost::json::parse(events[i].data).as_object();
        EXPECT_EQ(data["id"].as_string(), q.id);
        EXPECT_EQ(data["commitment"].as_string(), expected[i].second);
    }
    std::size_t entries = 0;
    auto timeline = requests_->queries.Timeline(tenant_, q.id, false);
    ASSERT_TRUE(timeline);
    for (const auto& e : *timeline)
        if (e.type == "deadline_warning" || e.type == "deadline_breach") {
            ++entries;
            EXPECT_FALSE(e.is_public);
        }
    EXPECT_EQ(entries, 4u);
    // The alerts survive later changes: a note does not raise them again.
    ASSERT_TRUE(requests_->lifecycle.AddNote(tenant_, q.id, "Vu.", agent_actor_));
    check(0);
}

TEST_P(DeadlineMonitorTest, MetOrPausedDeadlinesRaiseNothing) {
    const Request answered = Create(Web("Répondue à temps"));
    ASSERT_TRUE(requests_->lifecycle.AddOutgoing(tenant_, answered.id,
                                                 {"answer", "Voici.", {}, "email"}, agent_actor_));
    const Request waiting = Create(Web("En attente de l'usager"));
    ASSERT_TRUE(
        requests_->lifecycle.ChangeStatus(tenant_, waiting.id, "attente_usager", agent_actor_));
    ClearEvents();
    clock_.Advance(std::chrono::hours(24 * 10));  // Past both first-answer deadlines.
    auto raised = requests_->deadline_monitor.CheckDeadlines();
    ASSERT_TRUE(raised);
    EXPECT_EQ(*raised, 0u);
    EXPECT_TRUE(Events().empty());
}

INSTANTIATE_TEST_SUITE_P(Drivers, DeadlineMonitorTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::requests::testing
