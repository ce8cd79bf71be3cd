// RequestLifecycle on a real database: intake (Create and its refusals), routing, the workflow
// of statuses and pauses, and tenant isolation. Messages, merges and the people behind requests
// are in request_acts_test.cpp; attachments, reading and deadline alerts have their own files.
#include "requests/request_service_fixture.hpp"

namespace guichet::requests::testing {
namespace {

class RequestLifecycleTest : public RequestServiceTest {};

// ---- Intake ---------------------------------------------------------------------------------

TEST_P(RequestLifecycleTest, CreateGivesATrackingCodeDeadlinesAndAnEvent) {
    const Request q = Create(Web("Lampadaire éteint"));
    EXPECT_EQ(NormaliseTrackingCode(q.tracking_code), q.tracking_code);
    EXPECT_EQ(q.status, "nouvelle");
    EXPECT_EQ(q.charter_version, 1);
    EXPECT_EQ(q.received_at, clock_.Now());
    EXPECT_FALSE(q.acknowledged_at);  // A web request waits for its acknowledgement.
    EXPECT_TRUE(q.due.acknowledgement && q.due.first_answer && q.due.resolution);
    auto general = requests_->catalogue.GetCategory(tenant_, "general");
    ASSERT_TRUE(general);
    EXPECT_EQ(q.category_id, general->id);

    auto created = EventsOfType("request.created");
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].tenant_id, tenant_);
    EXPECT_EQ(created[0].permission, "requests.read");
    auto data = boost::json::parse(created[0].data).as_object();
    EXPECT_EQ(data["id"].as_string(), q.id);
    EXPECT_EQ(data["tracking_code"].as_string(), q.tracking_code);

    auto timeline = requests_->queries.Timeline(tenant_, q.id, false);
    ASSERT_TRUE(timeline);
    ASSERT_EQ(timeline->size(), 1u);
    EXPECT_EQ((*timeline)[0].type, "created");
    EXPECT_EQ(requests_->queries.Get(tenant_, q.tracking_code)->id, q.id);
}

TEST_P(RequestLifecycleTest, CounterAndPhoneRequestsAreAcknowledgedAtOnce) {
    const Request counter = Create(AtCounter("Inscription sur les listes électorales"));
    EXPECT_EQ(counter.acknowledged_at, clock_.Now());
    EXPECT_FALSE(counter.due.acknowledgement);  // Marianne sets none for the counter.
    NewRequest call = AtCounter("Bruit de voisinage");
    call.channel = Channel::kPhone;
    EXPECT_EQ(Create(call).acknowledged_at, clock_.Now());
}

TEST_P(RequestLifecycleTest, BadRequestsAreRefusedAndChangeNothing) {
    NewRequest anonymous = Web("Sans usager");
    anonymous.citizen = {};
    auto refused = requests_->lifecycle.Create(tenant_, anonymous, agent_actor_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    NewRequest empty = Web("");
    empty.description.clear();
    EXPECT_EQ(requests_->lifecycle.Create(tenant_, empty, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    NewRequest bad_mail = Web("Adresse");
    bad_mail.citizen.email = "pas-une-adresse";
    EXPECT_EQ(requests_->lifecycle.Create(tenant_, bad_mail, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    NewRequest future = Web("Du futur");
    future.received_at = clock_.Now() + std::chrono::hours(1);
    EXPECT_EQ(requests_->lifecycle.Create(tenant_, future, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    NewRequest unknown = Web("Type inconnu");
    unknown.category = "n-existe-pas";
    EXPECT_EQ(requests_->lifecycle.Create(tenant_, unknown, agent_actor_).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(Count({.open_only = false}), 0u);
    EXPECT_TRUE(EventsOfType("request.created").empty());
}

TEST_P(RequestLifecycleTest, FieldsMustFitTheCategoryForm) {
    Category c;
    c.name = "Occupation du domaine public";
    c.workflow = DefaultWorkflow();
    c.fields = {{"date", "Date souhaitée", "date", true, {}, ""},
                {"usage", "Usage", "choice", false, {"terrasse", "échafaudage"}, ""}};
    c = SaveCategory(c);
    NewRequest in = Web("Terrasse");
    in.category = c.id;
    in.fields_json = R"({"usage": "terrasse"})";
    EXPECT_EQ(requests_->lifecycle.Create(tenant_, in, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);  // The required date is missing.
    in.fields_json = R"({"date": "2027-04-01", "usage": "manège"})";
    EXPECT_EQ(requests_->lifecycle.Create(tenant_, in, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);  // Not one of the choices.
    in.fields_json = R"({"date": "2027-04-01", "usage": "terrasse"})";
    EXPECT_TRUE(requests_->lifecycle.Create(tenant_, in, agent_actor_));
}

// ---- Routing ----------------------------------------------------------------------------------

TEST_P(RequestLifecycleTest, RoutingRulesThenCategoryThenDefault) {
    const std::string voirie = MakeService(tenant_, "Voirie");
    const std::string courrier = MakeService(tenant_, "Courrier");
    const std::string centre = MakeService(tenant_, "Mairie annexe du centre");
    const std::string accueil = MakeService(tenant_, "Accueil");
    const std::string etat_civil = MakeService(tenant_, "État civil");
    Category births;
    births.name = "Acte de naissance";
    births.service_id = etat_civil;
    births.workflow = DefaultWorkflow();
    births = SaveCategory(births);

    RoutingRule lights;
    lights.name = "Éclairage";
    lights.keywords = {"éclairage", "lampadaire"};
    lights.service_id = voirie;
    RoutingRule letters;
    letters.name = "Courrier";
    letters.channel = Channel::kLetter;
    letters.service_id = courrier;
    RoutingRule square;
    square.name = "Centre";
    square.polygon = {{2.30, 48.80}, {2.31, 48.80}, {2.31, 48.81}, {2.30, 48.81}};
    square.service_id = centre;
    ASSERT_TRUE(requests_->charter_routing.SetRouting(tenant_, accueil, {lights, letters, square}));
    auto routing = requests_->charter_routing.GetRouting(tenant_);
    ASSERT_TRUE(routing);
    EXPECT_EQ(routing->default_service_id, accueil);
    ASSERT_EQ(routing->rules.size(), 3u);
    EXPECT_FALSE(routing->rules[0].id.empty());

    // Keyword, accents and case folded.
    EXPECT_EQ(Create(Web("ECLAIRAGE en panne")).service_id, voirie);
    // Channel; the first matching rule wins over the later ones.
    NewRequest letter = Web("Lampadaire");
    letter.channel = Channel::kLetter;
    EXPECT_EQ(Create(letter).service_id, voirie);
    NewRequest other_letter = Web("Demande de subvention");
    other_letter.channel = Channel::kLetter;
    EXPECT_EQ(Create(other_letter).service_id, courrier);
    // Polygon: inside, outside.
    NewRequest inside = Web("Banc cassé");
    inside.location = Location{48.805, 2.305, "Place de la Mairie"};
    EXPECT_EQ(Create(inside).service_id, centre);
    NewRequest outside = Web("Banc cassé");
    outside.location = Location{48.85, 2.35, "Ailleurs"};
    EXPECT_EQ(Create(outside).service_id, accueil);
    // The category's service when no rule matches.
    NewRequest birth = Web("Copie intégrale");
    birth.category = births.id;
    EXPECT_EQ(Create(birth).service_id, etat_civil);
    // The default service otherwise.
    EXPECT_EQ(Create(Web("Question diverse")).service_id, accueil);
}

TEST_P(RequestLifecycleTest, RoutingNamesOnlyServicesOfTheTenant) {
    const std::string elsewhere = MakeService(MakeTenant("autreville", "91"), "Voirie");
    RoutingRule r;
    r.keywords = {"trou"};
    r.service_id = elsewhere;
    auto refused = requests_->charter_routing.SetRouting(tenant_, std::nullopt, {r});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(requests_->charter_routing.GetRouting(tenant_)->rules.empty());
}

// ---- Workflow ---------------------------------------------------------------------------------

TEST_P(RequestLifecycleTest, TransitionsFollowTheWorkflow) {
    const Request q = Create(Web("Trottoir"));
    ClearEvents();
    auto forbidden = requests_->lifecycle.ChangeStatus(tenant_, q.id, "close", agent_actor_);
    ASSERT_FALSE(forbidden);
    EXPECT_EQ(forbidden.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(requests_->queries.Get(tenant_, q.id)->version, q.version);  // Unchanged.
    EXPECT_EQ(
        requests_->lifecycle.ChangeStatus(tenant_, q.id, "inconnu", agent_actor_).error().code,
        ErrorCode::kInvalidArgument);
    EXPECT_TRUE(Events().empty());

    auto working =
        requests_->lifecycle.ChangeStatus(tenant_, q.id, "en_cours", agent_actor_, "Pris");
    ASSERT_TRUE(working) << working.error().message;
    EXPECT_EQ(working->version, q.version + 1);
    auto updated = EventsOfType("request.updated");
    ASSERT_EQ(updated.size(), 1u);
    EXPECT_EQ(updated[0].permission, "requests.read");

    // A stale version is refused.
    EXPECT_EQ(
        requests_->lifecycle.ChangeStatus(tenant_, q.id, "repondue", agent_actor_, "", q.version)
            .error()
            .code,
        ErrorCode::kFailedPrecondition);
    ASSERT_TRUE(requests_->lifecycle.ChangeStatus(tenant_, q.id, "repondue", agent_actor_, "",
                                                  working->version));
    clock_.Advance(std::chrono::hours(2));
    auto closed = requests_->lifecycle.ChangeStatus(tenant_, q.id, "close", agent_actor_);
    ASSERT_TRUE(closed) << closed.error().message;
    EXPECT_EQ(closed->resolved_at, clock_.Now());
    EXPECT_EQ(Count({}), 0u);  // Closed requests leave the inbox.
    EXPECT_EQ(Count({.open_only = false}), 1u);
}

TEST_P(RequestLifecycleTest, AStatusLeavesTheWorkflowOnlyWhenNoOpenRequestIsInIt) {
    const Request q = Create(Web("Trottoir"));
    ASSERT_TRUE(requests_->lifecycle.ChangeStatus(tenant_, q.id, "attente_usager", agent_actor_));
    auto without = [&](std::string_view key) {
        Category c = *requests_->catalogue.GetCategory(tenant_, q.category_id);
        std::erase_if(c.workflow.statuses, [&](const StatusDef& s) { return s.key == key; });
        std::erase_if(c.workflow.transitions,
                      [&](const Transition& t) { return t.from == key || t.to == key; });
        return requests_->catalogue.SaveCategory(tenant_, std::move(c));
    };
    auto refused = without("attente_usager");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(refused.error().message.find("En attente de l'usager"), std::string::npos)
        << refused.error().message;
    EXPECT_TRUE(
        requests_->catalogue.GetCategory(tenant_, q.category_id)->workflow.Find("attente_usager"));

    // A status no open request is in goes; so does the first one once the request has moved.
    auto saved = without("rejetee");
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_FALSE(saved->workflow.Find("rejetee"));
    ASSERT_TRUE(requests_->lifecycle.ChangeStatus(tenant_, q.id, "repondue", agent_actor_));
    EXPECT_TRUE(without("attente_usager"));
}

TEST_P(RequestLifecycleTest, ACitizensMessageReopensAClosedRequest) {
    const Request q = Create(Web("Encombrants"));
    ASSERT_TRUE(requests_->lifecycle.ChangeStatus(tenant_, q.id, "repondue", agent_actor_));
    auto closed = requests_->lifecycle.ChangeStatus(tenant_, q.id, "close", agent_actor_);
    ASSERT_TRUE(closed);
    ASSERT_TRUE(closed->resolved_at);
    clock_.Advance(std::chrono::hours(3));
    auto reopened =
        requests_->lifecycle.AddIncoming(tenant_, q.id, "Ils sont toujours là !", citizen_actor_);
    ASSERT_TRUE(reopened) << reopened.error().message;
    EXPECT_EQ(reopened->status, "en_cours");
    EXPECT_FALSE(reopened->resolved_at);
    EXPECT_EQ(Count({}), 1u);
    auto timeline = requests_->queries.Timeline(tenant_, q.id, true);
    ASSERT_TRUE(timeline);
    EXPECT_EQ(timeline->back().type, "message_in");
    EXPECT_TRUE(timeline->back().is_public);
    EXPECT_EQ(requests_->lifecycle.AddIncoming(tenant_, q.id, "  ", citizen_actor_).error().code,
              ErrorCode::kInvalidArgument);
}

TEST_P(RequestLifecycleTest, PausesStartAndEndWithTheStatus) {
    const Request q = Create(Web("Permis de construire"));
    clock_.Advance(std::chrono::hours(1));
    auto waiting = requests_->lifecycle.ChangeStatus(tenant_, q.id, "attente_usager", agent_actor_);
    ASSERT_TRUE(waiting);
    EXPECT_EQ(waiting->paused_since, clock_.Now());
    clock_.Advance(std::chrono::hours(24));
    auto resumed = requests_->lifecycle.ChangeStatus(tenant_, q.id, "en_cours", agent_actor_);
    ASSERT_TRUE(resumed);
    EXPECT_FALSE(resumed->paused_since);
    ASSERT_EQ(resumed->pauses.size(), 1u);
    EXPECT_EQ(resumed->pauses[0].second - resumed->pauses[0].first, std::chrono::hours(24));
    EXPECT_GT(*resumed->due.first_answer, *q.due.first_answer);
}

TEST_P(RequestLifecycleTest, AComplaintIsAnsweredBeforeItCloses) {
    NewRequest in = Web("Accueil désagréable");
    in.category = Complaints().id;
    const Request q = Create(in);
    EXPECT_EQ(q.kind, Kind::kComplaint);
    auto refused = requests_->lifecycle.ChangeStatus(tenant_, q.id, "rejetee", agent_actor_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().type, "complaint-unanswered");
    ASSERT_TRUE(requests_->lifecycle.AddOutgoing(
        tenant_, q.id, {"answer", "Nous vous présentons nos excuses.", {}, "email"}, agent_actor_));
    EXPECT_TRUE(requests_->lifecycle.ChangeStatus(tenant_, q.id, "rejetee", agent_actor_));
}

// ---- Tenants ----------------------------------------------------------------------------------

TEST_P(RequestLifecycleTest, TenantsSeeOnlyTheirOwnRequests) {
    const std::string other = MakeTenant("autreville", "91");
    const std::string their_agent = MakeAgent(other, "agent@autreville.example");
    const std::string their_service = MakeService(other, "Voirie");
    const Request q = Create(Web("Chez nous"));
    auto file = requests_->attachments.AddAttachment(tenant_, q.id, "a.txt", "text/plain", "abc",
                                                     agent_actor_);
    ASSERT_TRUE(file);
    ASSERT_TRUE(
        requests_->queries.RecordContact(tenant_, Channel::kCounter, "", "Question", agent_actor_));

    EXPECT_EQ(requests_->queries.Get(other, q.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(requests_->queries.Get(other, q.tracking_code).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(requests_->queries.Timeline(other, q.id, false).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(requests_->lifecycle.ChangeStatus(other, q.id, "en_cours", agent_actor_).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(requests_->lifecycle.AddIncoming(other, q.id, "Bonjour", citizen_actor_).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(requests_->queries.FollowUp(other, q.tracking_code, *q.citizen.email).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(requests_->attachments.ReadAttachment(other, file->id).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(requests_->lifecycle.Merge(other, q.id, q.id, agent_actor_).error().code,
              ErrorCode::kNotFound);
    EXPECT_TRUE(requests_->queries.List(other, {.open_only = false})->items.empty());
    EXPECT_TRUE(requests_->queries.FindCitizen(other, "dupont")->empty());
    EXPECT_EQ(requests_->queries.CountByChannel(other, clock_.Now() - date::days(1))->at("counter"),
              (std::pair<std::int64_t, std::int64_t>{0, 0}));
    // Nor hand one of theirs to another tenant's agent or service.
    EXPECT_EQ(requests_->lifecycle.Assign(tenant_, q.id, their_agent, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(requests_->lifecycle.Transfer(tenant_, q.id, their_service, "Raison", agent_actor_)
                  .error()
                  .code,
              ErrorCode::kInvalidArgument);
    // Each tenant has its own charter versions and general category.
    ASSERT_TRUE(requests_->charter_routing.SetCharter(tenant_, ServicesPublicsPlusCharter()));
    EXPECT_EQ(requests_->charter_routing.GetCharter(other)->version, 1);
    EXPECT_NE(requests_->catalogue.GetCategory(other, "general")->id, q.category_id);
}

INSTANTIATE_TEST_SUITE_P(Drivers, RequestLifecycleTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::requests::testing
