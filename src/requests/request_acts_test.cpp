// RequestLifecycle's acts on a real database: answers and the commitments they count, untyped
// requests, one citizen across channels, merges, links, assignment and transfer.
#include "requests/request_service_fixture.hpp"

namespace guichet::requests::testing {
namespace {

class RequestActsTest : public RequestServiceTest {};

// ---- Answers ----------------------------------------------------------------------------------

TEST_P(RequestActsTest, OutgoingMessagesSetTheCommitmentsTimes) {
    const Request q = Create(Web("Cantine"));
    clock_.Advance(std::chrono::hours(1));
    auto acked = requests_->lifecycle.AddOutgoing(
        tenant_, q.id, {"acknowledgement", "Bien reçu.", {}, "email"}, agent_actor_);
    ASSERT_TRUE(acked);
    EXPECT_EQ(acked->acknowledged_at, clock_.Now());
    EXPECT_FALSE(acked->first_answered_at);
    clock_.Advance(std::chrono::hours(1));
    // Marianne: a holding reply with a forecast date counts as the first answer.
    auto holding = requests_->lifecycle.AddOutgoing(
        tenant_, q.id,
        {"holding", "Réponse sous dix jours.", clock_.Now() + date::days(10), "email"},
        agent_actor_);
    ASSERT_TRUE(holding);
    EXPECT_EQ(holding->acknowledged_at, *acked->acknowledged_at);  // Kept.
    EXPECT_EQ(holding->first_answered_at, clock_.Now());
    auto timeline = requests_->queries.Timeline(tenant_, q.id, true);
    EXPECT_EQ(timeline->back().type, "message_out");

    EXPECT_EQ(requests_->lifecycle
                  .AddOutgoing(tenant_, q.id, {"holding", "Sans date", {}, "email"}, agent_actor_)
                  .error()
                  .code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(requests_->lifecycle
                  .AddOutgoing(tenant_, q.id, {"spam", "Texte", {}, "email"}, agent_actor_)
                  .error()
                  .code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(
        requests_->lifecycle.AddOutgoing(tenant_, q.id, {"answer", " ", {}, "email"}, agent_actor_)
            .error()
            .code,
        ErrorCode::kInvalidArgument);
}

TEST_P(RequestActsTest, AnAnswerMovesTheRequestToTheStatusChosenWithIt) {
    const Request q = Create(Web("Éclairage"));
    // A status the workflow does not allow from "nouvelle": nothing is recorded.
    Outgoing closing{"answer", "C'est réparé.", {}, "email"};
    closing.status = "close";
    auto refused = requests_->lifecycle.AddOutgoing(tenant_, q.id, closing, agent_actor_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(requests_->queries.Get(tenant_, q.id)->version, q.version);
    EXPECT_FALSE(requests_->queries.Get(tenant_, q.id)->first_answered_at);

    Outgoing answer{"answer", "C'est réparé.", {}, "email"};
    answer.status = "repondue";
    auto answered = requests_->lifecycle.AddOutgoing(tenant_, q.id, answer, agent_actor_);
    ASSERT_TRUE(answered) << answered.error().message;
    EXPECT_EQ(answered->status, "repondue");
    EXPECT_EQ(answered->version, q.version + 1);  // One change.
    EXPECT_EQ(answered->first_answered_at, clock_.Now());
    // The citizen reads the answer, then the new status.
    auto timeline = requests_->queries.Timeline(tenant_, q.id, true);
    ASSERT_GE(timeline->size(), 2u);
    EXPECT_EQ((*timeline)[timeline->size() - 2].type, "message_out");
    EXPECT_EQ(timeline->back().type, "status");
    EXPECT_NE(timeline->back().data_json.find("\"to\":\"repondue\""), std::string::npos);

    // The same status again, or none: unchanged, no status entry.
    answer.status = "repondue";
    auto again = requests_->lifecycle.AddOutgoing(tenant_, q.id, answer, agent_actor_);
    ASSERT_TRUE(again);
    EXPECT_EQ(requests_->queries.Timeline(tenant_, q.id, true)->back().type, "message_out");
}

TEST_P(RequestActsTest, AHoldingReplyCountsOnlyWhenTheCharterSaysSo) {
    Charter c = MarianneCharter();
    c.preset = "custom";
    c.holding_reply_counts = false;
    ASSERT_TRUE(requests_->charter_routing.SetCharter(tenant_, c));
    const Request q = Create(Web("Piscine"));
    auto holding = requests_->lifecycle.AddOutgoing(
        tenant_, q.id,
        {"holding", "Réponse sous huit jours.", clock_.Now() + date::days(8), "email"},
        agent_actor_);
    ASSERT_TRUE(holding);
    EXPECT_EQ(holding->acknowledged_at, clock_.Now());
    EXPECT_FALSE(holding->first_answered_at);
    clock_.Advance(std::chrono::hours(5));
    auto answer = requests_->lifecycle.AddOutgoing(tenant_, q.id, {"answer", "Voici.", {}, "email"},
                                                   agent_actor_);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->first_answered_at, clock_.Now());
}

// ---- Untyped requests, fields named in refusals ------------------------------------------------

TEST_P(RequestActsTest, AnUntypedRequestGoesToAnInternalTypeNeverOfferedToThePublic) {
    const Request q = Create(AtCounter("Renseignement"));
    auto general = requests_->catalogue.GetCategory(tenant_, q.category_id);
    ASSERT_TRUE(general);
    EXPECT_EQ(general->name, "Demande générale");
    EXPECT_FALSE(general->is_public);
    auto open = requests_->catalogue.ListCategories(tenant_, true);
    ASSERT_TRUE(open);
    EXPECT_TRUE(std::none_of(open->begin(), open->end(),
                             [&](const Category& c) { return c.id == general->id; }));
}

TEST_P(RequestActsTest, ARefusalNamesTheFieldAtFault) {
    Category c;
    c.name = "Acte";
    c.workflow = DefaultWorkflow();
    c.fields = {{"acte", "Acte demandé", "choice", true, {"Naissance", "Mariage"}, ""},
                {"copies", "Nombre", "number", false, {}, ""}};
    const Category saved = SaveCategory(c);
    NewRequest in = AtCounter("Copie d'acte");
    in.category = saved.id;
    auto missing = requests_->lifecycle.Create(tenant_, in, agent_actor_);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "Le champ « Acte demandé » est obligatoire.");
    EXPECT_EQ(FieldOf(missing.error()).value_or(""), "fields.acte");
    in.fields_json = R"({"acte": "Naissance", "copies": "deux"})";
    auto wrong = requests_->lifecycle.Create(tenant_, in, agent_actor_);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(FieldOf(wrong.error()).value_or(""), "fields.copies");
    in.citizen = {};
    EXPECT_EQ(FieldOf(requests_->lifecycle.Create(tenant_, in, agent_actor_).error()).value_or(""),
              "citizen.name");
}

// ---- One citizen across channels ---------------------------------------------------------------

TEST_P(RequestActsTest, MergingTwoPeopleGivesTheirRequestsOneKeyAndKeepsTheMerge) {
    NewRequest first = Web("Poubelle cassée");
    first.citizen = {"Paul Durand", "paul@a.example", std::nullopt, std::nullopt};
    NewRequest other = Web("Stationnement");
    other.citizen = {"P. Durand", "p.durand@b.example", std::nullopt, std::nullopt};
    const Request a = Create(first), a2 = Create(first), b = Create(other);
    EXPECT_FALSE(a.citizen.id);
    ASSERT_EQ(requests_->queries.PersonRequests(tenant_, a.id)->size(), 2u);

    ClearEvents();
    auto person = requests_->lifecycle.MergeCitizens(tenant_, b.tracking_code, a.id, agent_actor_);
    ASSERT_TRUE(person) << person.error().message;
    ASSERT_EQ(person->size(), 3u);
    const std::string key = person->front().citizen.id.value_or("");
    ASSERT_FALSE(key.empty());
    for (const Request& q : *person) EXPECT_EQ(q.citizen.id, key);
    EXPECT_EQ(EventsOfType("request.updated").size(), 3u);

    auto timeline = requests_->queries.Timeline(tenant_, b.id, false);
    ASSERT_TRUE(timeline);
    EXPECT_EQ(timeline->back().type, "citizen_merge");
    EXPECT_FALSE(timeline->back().is_public);
    const auto data = boost::json::parse(timeline->back().data_json).as_object();
    EXPECT_EQ(data.at("citizen_id").as_string(), key);
    EXPECT_TRUE(data.at("previous_citizen_id").is_null());
    EXPECT_EQ(data.at("merged").at("email").as_string(), "p.durand@b.example");
    EXPECT_EQ(requests_->queries.Get(tenant_, b.id)->version, b.version + 1);

    // Already one person: refused, nothing written.
    auto again = requests_->lifecycle.MergeCitizens(tenant_, a2.id, b.id, agent_actor_);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(
        requests_->lifecycle.MergeCitizens(tenant_, "ZZZ-ZZZ-ZZZ", a.id, agent_actor_).error().code,
        ErrorCode::kNotFound);

    // The search finds the person whole, and a new request from either address joins them.
    auto found = requests_->queries.FindCitizen(tenant_, "p.durand@b.example");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->size(), 3u);
    NewRequest later = other;
    later.subject = "Autre question";
    EXPECT_EQ(Create(later).citizen.id, key);
}

TEST_P(RequestActsTest, EventsNameTheActor) {
    const Request q = Create(Web("Lampadaire"));
    ClearEvents();
    const Actor someone{"agent", std::string("agent-42"), "Karim Benali"};
    ASSERT_TRUE(requests_->lifecycle.Assign(tenant_, q.id, std::nullopt, someone));  // Unassigns.
    auto updated = EventsOfType("request.updated");
    ASSERT_EQ(updated.size(), 1u);
    const auto data = boost::json::parse(updated[0].data).as_object();
    EXPECT_EQ(data.at("actor").at("type").as_string(), "agent");
    EXPECT_EQ(data.at("actor").at("id").as_string(), "agent-42");
}

// ---- Merge, links, assignment, transfer -------------------------------------------------------

TEST_P(RequestActsTest, MergeClosesTheDuplicateAndLinksBoth) {
    const Request kept = Create(Web("Nid de poule rue des Lilas"));
    const Request duplicate = Create(Web("Trou dans la chaussée rue des Lilas"));
    auto merged =
        requests_->lifecycle.Merge(tenant_, duplicate.tracking_code, kept.id, agent_actor_);
    ASSERT_TRUE(merged) << merged.error().message;
    EXPECT_EQ(merged->id, duplicate.id);
    EXPECT_EQ(merged->merged_into, kept.id);
    EXPECT_EQ(merged->status, "close");
    EXPECT_TRUE(merged->resolved_at);
    EXPECT_EQ(merged->links, std::vector<std::string>{kept.id});
    EXPECT_EQ(requests_->queries.Get(tenant_, kept.id)->links,
              std::vector<std::string>{duplicate.id});
    EXPECT_EQ(Count({}), 1u);
    EXPECT_EQ(requests_->queries.Timeline(tenant_, duplicate.id, false)->back().type, "merge");

    EXPECT_EQ(requests_->lifecycle.Merge(tenant_, kept.id, kept.id, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    const Request third = Create(Web("Encore la rue des Lilas"));
    EXPECT_EQ(
        requests_->lifecycle.Merge(tenant_, third.id, duplicate.id, agent_actor_).error().code,
        ErrorCode::kInvalidArgument);  // Into a request that is itself merged.
    auto linked = requests_->lifecycle.Link(tenant_, third.id, kept.tracking_code, agent_actor_);
    ASSERT_TRUE(linked);
    EXPECT_EQ(linked->links, std::vector<std::string>{kept.id});
    EXPECT_EQ(requests_->lifecycle.Link(tenant_, third.id, third.id, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
}

TEST_P(RequestActsTest, AssignAndTransfer) {
    const std::string camille = MakeAgent(tenant_, "camille@villebelle.example");
    const std::string voirie = MakeService(tenant_, "Voirie");
    const Request q = Create(Web("Arbre menaçant"));
    auto assigned = requests_->lifecycle.Assign(tenant_, q.id, camille, agent_actor_);
    ASSERT_TRUE(assigned) << assigned.error().message;
    EXPECT_EQ(assigned->agent_id, camille);
    EXPECT_EQ(requests_->lifecycle.Assign(tenant_, q.id, std::string("inconnu"), agent_actor_)
                  .error()
                  .code,
              ErrorCode::kInvalidArgument);
    auto transferred =
        requests_->lifecycle.Transfer(tenant_, q.id, voirie, "Compétence voirie", agent_actor_);
    ASSERT_TRUE(transferred);
    EXPECT_EQ(transferred->service_id, voirie);
    EXPECT_FALSE(transferred->agent_id);  // The new service decides who handles it.
    auto entry = requests_->queries.Timeline(tenant_, q.id, false)->back();
    EXPECT_EQ(entry.type, "transfer");
    EXPECT_FALSE(entry.is_public);
    EXPECT_NE(entry.data_json.find("Compétence voirie"), std::string::npos);
    EXPECT_EQ(requests_->lifecycle.Transfer(tenant_, q.id, voirie, " ", agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(requests_->lifecycle.Transfer(tenant_, q.id, "inconnu", "Raison", agent_actor_)
                  .error()
                  .code,
              ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Drivers, RequestActsTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::requests::testing
