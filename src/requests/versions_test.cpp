// Optimistic concurrency in the requests module (core/versions.hpp): every act on a request and
// every settings change checks the version it was made from inside the service's transaction; a
// stale one is refused with "stale-version" and nothing is written. Also: the acts that look up
// another module's rows (agents, services) do it on the transaction's connection.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "requests/request_json.hpp"
#include "requests/requests_test_support.hpp"

namespace guichet::requests::testing {
namespace {

class RequestVersionsTest : public RequestsTest {};

void ExpectStale(const Error& e) {
    EXPECT_EQ(e.code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(e.type, "stale-version");
}

TEST_P(RequestVersionsTest, EveryActChecksTheRequestVersion) {
    const std::string agent = MakeAgent(tenant_, "claire@villebelle.fr");
    const std::string voirie = MakeService(tenant_, "Voirie");
    const Request q = Create(Web("Lampadaire"));
    const int seen = q.version;
    // Another agent changes it first.
    auto first = requests_->lifecycle.AddNote(tenant_, q.id, "Vu.", agent_actor_, seen);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->version, seen + 1);

    // Every act made from the version seen before is refused.
    ExpectStale(requests_->lifecycle.ChangeStatus(tenant_, q.id, "en_cours", agent_actor_, "", seen)
                    .error());
    ExpectStale(requests_->lifecycle.Assign(tenant_, q.id, agent, agent_actor_, seen).error());
    ExpectStale(
        requests_->lifecycle.Transfer(tenant_, q.id, voirie, "Voirie", agent_actor_, seen).error());
    ExpectStale(requests_->lifecycle.AddNote(tenant_, q.id, "Doublon", agent_actor_, seen).error());
    ExpectStale(requests_->lifecycle.LogCall(tenant_, q.id, "Appel", agent_actor_, seen).error());
    ExpectStale(
        requests_->lifecycle.AddOutgoing(tenant_, q.id, {.body = "Réponse"}, agent_actor_, {}, seen)
            .error());
    ExpectStale(requests_->attachments
                    .AddAttachment(tenant_, q.id, "a.txt", "text/plain", "x", agent_actor_, seen)
                    .error());
    const Request other = Create(Web("Autre"));
    ExpectStale(requests_->lifecycle.Link(tenant_, q.id, other.id, agent_actor_, seen).error());
    ExpectStale(requests_->lifecycle.Merge(tenant_, q.id, other.id, agent_actor_, seen).error());

    // Nothing was written.
    auto now = requests_->queries.Get(tenant_, q.id);
    ASSERT_TRUE(now);
    EXPECT_EQ(now->version, seen + 1);
    EXPECT_EQ(now->status, q.status);
    EXPECT_FALSE(now->agent_id);
    EXPECT_TRUE(now->links.empty());
    EXPECT_TRUE(requests_->attachments.Attachments(tenant_, q.id)->empty());

    // With the current version, or none (the system, the mail intake), the acts pass; the
    // lookups of the agent and the service run on the transaction's connection.
    auto assigned = requests_->lifecycle.Assign(tenant_, q.id, agent, agent_actor_, now->version);
    ASSERT_TRUE(assigned) << assigned.error().message;
    EXPECT_EQ(assigned->agent_id, agent);
    auto moved = requests_->lifecycle.Transfer(tenant_, q.id, voirie, "Voirie", agent_actor_);
    ASSERT_TRUE(moved) << moved.error().message;
    EXPECT_EQ(moved->service_id, voirie);
    EXPECT_EQ(requests_->lifecycle.Assign(tenant_, q.id, "inconnu", agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    Request updated;
    auto file = requests_->attachments.AddAttachment(tenant_, q.id, "a.txt", "text/plain", "x",
                                                     agent_actor_, moved->version, &updated);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(updated.version, moved->version + 1);
}

TEST_P(RequestVersionsTest, RequestTypesAreVersioned) {
    Category c;
    c.name = "Voirie";
    c.workflow = DefaultWorkflow();
    auto created = requests_->catalogue.SaveCategory(tenant_, c);
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->version, 1);

    Category first = *created;
    first.description = "Premier administrateur";
    auto saved = requests_->catalogue.SaveCategory(tenant_, first, 1);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, 2);

    Category second = *created;
    second.description = "Second administrateur";
    ExpectStale(requests_->catalogue.SaveCategory(tenant_, second, 1).error());
    EXPECT_EQ(requests_->catalogue.GetCategory(tenant_, created->id)->description,
              "Premier administrateur");
    EXPECT_EQ(requests_->catalogue.GetCategory(tenant_, created->id)->version, 2);
}

TEST_P(RequestVersionsTest, CharterRoutingAndLetterheadAreVersioned) {
    auto charter = requests_->charter_routing.GetCharter(tenant_);
    ASSERT_TRUE(charter);
    EXPECT_EQ(charter->version, 1);
    auto preset = CharterRouting::CharterPreset("services_publics_plus");
    ASSERT_TRUE(preset);
    EXPECT_FALSE(CharterRouting::CharterPreset("inconnu"));
    auto set = requests_->charter_routing.SetCharter(tenant_, *preset, 1);
    ASSERT_TRUE(set) << set.error().message;
    EXPECT_EQ(set->version, 2);
    ExpectStale(requests_->charter_routing.SetCharter(tenant_, MarianneCharter(), 1).error());
    EXPECT_EQ(requests_->charter_routing.GetCharter(tenant_)->version, 2);

    const std::string accueil = MakeService(tenant_, "Accueil");
    EXPECT_EQ(requests_->charter_routing.GetRouting(tenant_)->version,
              1);  // None stored: version 1.
    auto routing = requests_->charter_routing.SetRouting(tenant_, accueil, {}, 1);
    ASSERT_TRUE(routing) << routing.error().message;
    EXPECT_EQ(routing->version, 2);
    ExpectStale(requests_->charter_routing.SetRouting(tenant_, std::nullopt, {}, 1).error());
    EXPECT_EQ(requests_->charter_routing.GetRouting(tenant_)->default_service_id, accueil);
    EXPECT_EQ(requests_->charter_routing.GetRouting(tenant_)->version, 2);

    auto head = requests_->letters.GetLetterhead(tenant_);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->version, 1);
    Letterhead mine = *head;
    mine.sender_name = "Mairie de Villebelle, service courrier";
    auto saved = requests_->letters.SetLetterhead(tenant_, mine, 1);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, 2);
    Letterhead theirs = *head;
    theirs.place = "Ailleurs";
    ExpectStale(requests_->letters.SetLetterhead(tenant_, theirs, 1).error());
    EXPECT_EQ(requests_->letters.GetLetterhead(tenant_)->sender_name, mine.sender_name);
    EXPECT_EQ(requests_->letters.GetLetterhead(tenant_)->version, 2);
}

TEST_P(RequestVersionsTest, PublicSubmissionRules) {
    NewRequest in = Web("Nid de poule");
    in.priority = 2;
    in.tags = {"vip"};
    in.channel = Channel::kPhone;
    in.received_at = clock_.Now() - std::chrono::hours(48);
    auto fit = requests_->catalogue.PublicSubmission(tenant_, in);
    ASSERT_TRUE(fit) << fit.error().message;
    EXPECT_EQ(fit->channel, Channel::kWeb);
    EXPECT_EQ(fit->priority, 0);
    EXPECT_TRUE(fit->tags.empty());
    EXPECT_FALSE(fit->received_at);

    NewRequest anonymous = Web("Sans adresse");
    anonymous.citizen.email.reset();
    EXPECT_EQ(requests_->catalogue.PublicSubmission(tenant_, anonymous).error().code,
              ErrorCode::kInvalidArgument);

    auto general = requests_->catalogue.GeneralCategory(tenant_);  // Internal: not for the public.
    ASSERT_TRUE(general);
    NewRequest internal = Web("Interne");
    internal.category = general->id;
    EXPECT_EQ(requests_->catalogue.PublicSubmission(tenant_, internal).error().code,
              ErrorCode::kNotFound);
}

TEST(RequestJsonIntegers, AreReadWithoutWrapping) {
    // 2^32 + 5 would be 5 once cut to 32 bits: refused, as a fraction or a string.
    for (const char* amount : {"4294967301", "5.5", "\"5\"", "-1", "3651"}) {
        const std::string text = std::string(R"({"rules": [{"channel": "web", "first_answer": )") +
                                 R"({"amount": )" + amount + R"(, "unit": "working_days"}}]})";
        EXPECT_FALSE(CharterFromJson(boost::json::parse(text))) << amount;
    }
    EXPECT_FALSE(
        CharterFromJson(boost::json::parse(R"({"rules": [], "warn_hours_before": 4294967320})")));
    auto ok = CharterFromJson(boost::json::parse(
        R"({"rules": [{"channel": "web", "first_answer": {"amount": 5, "unit": "working_days"}}],
            "warn_hours_before": 24})"));
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->warn_hours_before, 24);
}

INSTANTIATE_TEST_SUITE_P(Drivers, RequestVersionsTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::requests::testing
