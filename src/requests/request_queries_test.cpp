// Reading requests: search and the citizen's follow-up, the Open311 window, contacts per channel,
// the inbox (order, filters, pages).
#include "requests/request_service_fixture.hpp"

namespace guichet::requests::testing {
namespace {

class RequestQueriesTest : public RequestServiceTest {};

// ---- Search and follow-up ---------------------------------------------------------------------

TEST_P(RequestQueriesTest, FindCitizenByNameEmailPhoneOrCode) {
    const Request jeanne = Create(Web("Cantine"));
    const Request paul = Create(AtCounter("Carte d'identité"));
    auto ids = [&](std::string_view query) {
        std::set<std::string> out;
        auto found = requests_->queries.FindCitizen(tenant_, query);
        EXPECT_TRUE(found) << query;
        if (found)
            for (const auto& q : *found) out.insert(q.id);
        return out;
    };
    EXPECT_EQ(ids("dupont"), std::set<std::string>{jeanne.id});
    EXPECT_EQ(ids("JEANNE"), std::set<std::string>{jeanne.id});
    EXPECT_EQ(ids("jeanne.dupont@example"), std::set<std::string>{jeanne.id});
    EXPECT_EQ(ids("06 12 34 56 78"), std::set<std::string>{paul.id});
    EXPECT_EQ(ids("0612345678"), std::set<std::string>{paul.id});
    EXPECT_EQ(ids("01.99.00.12.34"), std::set<std::string>{jeanne.id});
    std::string typed;
    for (char c : paul.tracking_code)
        if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(ids(typed), std::set<std::string>{paul.id});
    EXPECT_TRUE(ids("personne").empty());
    EXPECT_EQ(requests_->queries.FindCitizen(tenant_, " a ").error().code,
              ErrorCode::kInvalidArgument);
}

TEST_P(RequestQueriesTest, FollowUpNeedsTheCodeAndTheEmailAndSaysNotWhichIsWrong) {
    const Request q = Create(Web("Cimetière"));
    NewRequest other_in = Web("Autre");
    other_in.citizen.email = "paul@example.org";
    const Request other = Create(other_in);
    std::string typed = q.tracking_code;
    std::replace(typed.begin(), typed.end(), '-', ' ');
    auto found = requests_->queries.FollowUp(tenant_, typed, "Jeanne.Dupont@EXAMPLE.org");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->id, q.id);

    const auto wrong_email =
        requests_->queries.FollowUp(tenant_, q.tracking_code, "jeanne@example.org");
    const auto wrong_code =
        requests_->queries.FollowUp(tenant_, other.tracking_code, *q.citizen.email);
    const auto garbage = requests_->queries.FollowUp(tenant_, "ABC-DEF-GHJ", *q.citizen.email);
    const auto no_email = requests_->queries.FollowUp(tenant_, q.tracking_code, "");
    for (const auto* r : {&wrong_email, &wrong_code, &garbage, &no_email}) {
        ASSERT_FALSE(*r);
        EXPECT_EQ(r->error().code, ErrorCode::kNotFound);
        EXPECT_EQ(r->error().message, wrong_email.error().message);
    }
    EXPECT_EQ(wrong_email.error().message.find("adresse électronique est"), std::string::npos);
}

// ---- Requests by date of receipt (Open311) ----------------------------------------------------

TEST_P(RequestQueriesTest, ListReceivedIsAWindowOfPublicCategoriesNewestFirst) {
    auto general = requests_->catalogue.GeneralCategory(tenant_);
    ASSERT_TRUE(general);
    const Request first = Create(Web("Premier"));
    clock_.Advance(std::chrono::hours(48));
    const Request second = Create(Web("Deuxième"));
    const Request counter = Create(AtCounter("Au guichet"));
    clock_.Advance(std::chrono::hours(48));
    const Request third = Create(Web("Troisième"));
    ASSERT_TRUE(requests_->lifecycle.ChangeStatus(tenant_, third.id, "rejetee", agent_actor_));

    const std::vector<Channel> public_channels = {Channel::kWeb, Channel::kOpen311};
    ReceiptWindow w{
        first.received_at, third.received_at, {general->id}, public_channels, true, true, 10};
    auto all = requests_->queries.ListReceived(tenant_, w);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].id, third.id);
    EXPECT_EQ((*all)[2].id, first.id);
    w.from = second.received_at;
    EXPECT_EQ(requests_->queries.ListReceived(tenant_, w)->size(), 2u);
    w.closed = false;
    ASSERT_EQ(requests_->queries.ListReceived(tenant_, w)->size(), 1u);
    EXPECT_EQ(requests_->queries.ListReceived(tenant_, w)->front().id, second.id);
    w.open = false;
    w.closed = true;
    EXPECT_EQ(requests_->queries.ListReceived(tenant_, w)->front().id, third.id);
    w.category_ids = {"autre"};
    EXPECT_TRUE(requests_->queries.ListReceived(tenant_, w)->empty());
    w = ReceiptWindow{
        first.received_at, third.received_at, {general->id}, public_channels, true, true, 1};
    EXPECT_EQ(requests_->queries.ListReceived(tenant_, w)->size(), 1u);
    // Only the channels asked for; none asked, none listed.
    w.limit = 10;
    w.channels = {Channel::kCounter};
    ASSERT_EQ(requests_->queries.ListReceived(tenant_, w)->size(), 1u);
    EXPECT_EQ(requests_->queries.ListReceived(tenant_, w)->front().id, counter.id);
    w.channels.clear();
    EXPECT_TRUE(requests_->queries.ListReceived(tenant_, w)->empty());
}

// ---- Contacts and statistics ------------------------------------------------------------------

TEST_P(RequestQueriesTest, ContactsAndRequestsAreCountedPerChannel) {
    NewRequest old = Web("Ancienne demande");
    old.received_at = clock_.Now() - date::days(40);
    Create(old);  // Created now, whatever its date of receipt: counted.
    const TimePoint from = clock_.Now() - std::chrono::hours(1);
    ASSERT_TRUE(requests_->queries.RecordContact(tenant_, Channel::kCounter, "Paul Martin",
                                                 "Horaires de la déchetterie", agent_actor_));
    ASSERT_TRUE(requests_->queries.RecordContact(tenant_, Channel::kCounter, "", "Plan de la ville",
                                                 agent_actor_));
    ASSERT_TRUE(requests_->queries.RecordContact(tenant_, Channel::kPhone, "", "Date du marché",
                                                 agent_actor_));
    EXPECT_EQ(requests_->queries.RecordContact(tenant_, Channel::kPhone, "", " ", agent_actor_)
                  .error()
                  .code,
              ErrorCode::kInvalidArgument);
    Create(AtCounter("Recensement"));
    auto counts = requests_->queries.CountByChannel(tenant_, from);
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->size(), kChannels.size());
    EXPECT_EQ(counts->at("counter"), (std::pair<std::int64_t, std::int64_t>{2, 1}));
    EXPECT_EQ(counts->at("phone"), (std::pair<std::int64_t, std::int64_t>{1, 0}));
    EXPECT_EQ(counts->at("web"), (std::pair<std::int64_t, std::int64_t>{0, 1}));
    EXPECT_EQ(counts->at("letter"), (std::pair<std::int64_t, std::int64_t>{0, 0}));
    // Nothing since later.
    auto later = requests_->queries.CountByChannel(tenant_, clock_.Now() + std::chrono::hours(1));
    EXPECT_EQ(later->at("counter"), (std::pair<std::int64_t, std::int64_t>{0, 0}));
}

// ---- Inbox ------------------------------------------------------------------------------------

// Issue 11: a report with « Danger immédiat » checked comes first, before older deadlines.
TEST_P(RequestQueriesTest, AnUrgentBoxPutsTheReportFirstInTheInbox) {
    Category c;
    c.name = "Signalement";
    c.workflow = DefaultWorkflow();
    FieldDef danger{"danger", "Danger immédiat pour les passants", "checkbox", false, {}, ""};
    danger.urgent = true;
    c.fields = {danger};
    c = SaveCategory(c);
    ASSERT_EQ(c.fields.size(), 1u);
    EXPECT_TRUE(c.fields[0].urgent);
    NewRequest plain = Web("Pavé descellé");
    plain.category = c.id;
    plain.fields_json = R"({"danger": false})";
    const Request first = Create(plain);
    clock_.Advance(std::chrono::hours(1));
    NewRequest urgent = Web("Plaque d'égout soulevée");
    urgent.category = c.id;
    urgent.fields_json = R"({"danger": true})";
    const Request second = Create(urgent);
    EXPECT_EQ(first.priority, 0);
    EXPECT_EQ(second.priority, 2);
    auto page = requests_->queries.List(tenant_, {.limit = 1});
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].id, second.id);
    auto next = requests_->queries.List(tenant_, {.limit = 1, .after = page->next});
    ASSERT_TRUE(next) << next.error().message;
    ASSERT_EQ(next->items.size(), 1u);
    EXPECT_EQ(next->items[0].id, first.id);
    // A cursor written before the priority came first ("<next_due>|<id>") still reads.
    EXPECT_TRUE(requests_->queries.List(tenant_, {.after = "0|x"}));
    EXPECT_FALSE(requests_->queries.List(tenant_, {.after = "x|y|z"}));
}

TEST_P(RequestQueriesTest, InboxFilters) {
    const std::string camille = MakeAgent(tenant_, "camille@villebelle.example");
    const std::string voirie = MakeService(tenant_, "Voirie");
    NewRequest late = Web("En retard");
    late.received_at = clock_.Now() - date::days(10);
    const Request overdue = Create(late);                     // Acknowledgement long missed.
    const Request soon = Create(Web("Reçue maintenant"));     // Acknowledgement within 38 hours.
    const Request counter = Create(AtCounter("Au guichet"));  // Next: first answer in 8 days.
    ASSERT_TRUE(requests_->lifecycle.Transfer(tenant_, soon.id, voirie, "Voirie", agent_actor_));
    ASSERT_TRUE(requests_->lifecycle.Assign(tenant_, counter.id, camille, agent_actor_));
    ASSERT_TRUE(requests_->lifecycle.ChangeStatus(tenant_, overdue.id, "en_cours", agent_actor_));

    auto only = [&](InboxFilter f) {
        auto page = requests_->queries.List(tenant_, f);
        EXPECT_TRUE(page);
        std::vector<std::string> ids;
        if (page)
            for (const auto& q : page->items) ids.push_back(q.id);
        return ids;
    };
    using Ids = std::vector<std::string>;
    EXPECT_EQ(only({}), (Ids{overdue.id, soon.id, counter.id}));  // Next deadline first.
    EXPECT_EQ(only({.service_id = voirie}), Ids{soon.id});
    EXPECT_EQ(only({.agent_id = camille}), Ids{counter.id});
    EXPECT_EQ(only({.status = std::string("en_cours")}), Ids{overdue.id});
    EXPECT_EQ(only({.channel = Channel::kCounter}), Ids{counter.id});
    EXPECT_EQ(only({.overdue = true}), Ids{overdue.id});
    EXPECT_EQ(only({.due_soon = true}), Ids{soon.id});
    EXPECT_EQ(requests_->queries.List(tenant_, {.after = "pas-un-curseur"}).error().code,
              ErrorCode::kInvalidArgument);
}

TEST_P(RequestQueriesTest, InboxPagesWithoutDuplicatesNorGaps) {
    // Requests with distinct and equal next deadlines, open and closed.
    std::vector<std::string> all;
    for (int day = 1; day <= 9; ++day) {
        NewRequest in = Web("Demande " + std::to_string(day));
        in.received_at = clock_.Now() - date::days(day % 4);  // Ties on the same day.
        all.push_back(Create(in).id);
    }
    all.push_back(Create(AtCounter("Au guichet")).id);
    for (int i = 0; i < 3; ++i) {
        const std::string id = Create(Web("Close " + std::to_string(i))).id;
        ASSERT_TRUE(requests_->lifecycle.ChangeStatus(tenant_, id, "rejetee", agent_actor_));
        all.push_back(id);
    }
    for (bool open_only : {true, false}) {
        for (std::size_t limit : {1u, 2u, 3u, 5u}) {
            std::vector<Request> seen;
            InboxFilter f{.open_only = open_only, .limit = limit};
            for (int pages = 0; pages < 50; ++pages) {
                auto page = requests_->queries.List(tenant_, f);
                ASSERT_TRUE(page) << page.error().message;
                EXPECT_LE(page->items.size(), limit);
                seen.insert(seen.end(), page->items.begin(), page->items.end());
                if (page->next.empty()) break;
                f.after = page->next;
            }
            std::set<std::string> ids;
            for (const auto& q : seen) ids.insert(q.id);
            EXPECT_EQ(ids.size(), seen.size()) << "duplicates with limit " << limit;
            EXPECT_EQ(seen.size(), open_only ? 10u : 13u) << "limit " << limit;
            // Sorted by next deadline, requests without one (closed) last.
            auto next_due = [](const Request& q) {
                std::optional<TimePoint> next;
                if (q.resolved_at) return TimePoint::max();
                for (auto [due, done] : {std::pair{q.due.acknowledgement, q.acknowledged_at},
                                         std::pair{q.due.first_answer, q.first_answered_at},
                                         std::pair{q.due.resolution, q.resolved_at}})
                    if (due && !done && (!next || *due < *next)) next = due;
                return next.value_or(TimePoint::max());
            };
            for (std::size_t i = 1; i < seen.size(); ++i)
                EXPECT_LE(next_due(seen[i - 1]), next_due(seen[i])) << i;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Drivers, RequestQueriesTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::requests::testing
