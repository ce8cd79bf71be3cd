// RequestService on a real database: intake, routing, workflow, answers, merge, search, the
// citizen's follow-up, attachments, contacts, deadline alerts, the inbox and tenant isolation.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include <boost/json.hpp>

#include "core/invalid_field.hpp"
#include "requests/requests_test_support.hpp"
#include "requests/tracking_code.hpp"

namespace guichet::requests::testing {
namespace {

using ::testing::TestWithParam;

class RequestServiceTest : public RequestsTest {
  protected:
    Category SaveCategory(Category c) {
        auto saved = requests_->SaveCategory(tenant_, std::move(c));
        EXPECT_TRUE(saved) << (saved ? "" : saved.error().message);
        return saved ? *saved : Category{};
    }
    Category Complaints() {
        Category c;
        c.name = "Réclamation";
        c.kind = Kind::kComplaint;
        c.workflow = DefaultWorkflow();
        return SaveCategory(c);
    }
    static NewRequest AtCounter(std::string subject) {
        NewRequest in;
        in.channel = Channel::kCounter;
        in.citizen.name = "Paul Martin";
        in.citizen.phone = "06.12.34.56.78";
        in.subject = std::move(subject);
        return in;
    }
    std::size_t Count(const InboxFilter& f) {
        auto page = requests_->List(tenant_, f);
        EXPECT_TRUE(page) << (page ? "" : page.error().message);
        return page ? page->items.size() : 0;
    }
};

// ---- Intake ---------------------------------------------------------------------------------

TEST_P(RequestServiceTest, CreateGivesATrackingCodeDeadlinesAndAnEvent) {
    const Request q = Create(Web("Lampadaire éteint"));
    EXPECT_EQ(NormaliseTrackingCode(q.tracking_code), q.tracking_code);
    EXPECT_EQ(q.status, "nouvelle");
    EXPECT_EQ(q.charter_version, 1);
    EXPECT_EQ(q.received_at, clock_.Now());
    EXPECT_FALSE(q.acknowledged_at);  // A web request waits for its acknowledgement.
    EXPECT_TRUE(q.due.acknowledgement && q.due.first_answer && q.due.resolution);
    auto general = requests_->GetCategory(tenant_, "general");
    ASSERT_TRUE(general);
    EXPECT_EQ(q.category_id, general->id);

    auto created = EventsOfType("request.created");
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].tenant_id, tenant_);
    EXPECT_EQ(created[0].permission, "requests.read");
    auto data = boost::json::parse(created[0].data).as_object();
    EXPECT_EQ(data["id"].as_string(), q.id);
    EXPECT_EQ(data["tracking_code"].as_string(), q.tracking_code);

    auto timeline = requests_->Timeline(tenant_, q.id, false);
    ASSERT_TRUE(timeline);
    ASSERT_EQ(timeline->size(), 1u);
    EXPECT_EQ((*timeline)[0].type, "created");
    EXPECT_EQ(requests_->Get(tenant_, q.tracking_code)->id, q.id);
}

TEST_P(RequestServiceTest, CounterAndPhoneRequestsAreAcknowledgedAtOnce) {
    const Request counter = Create(AtCounter("Inscription sur les listes électorales"));
    EXPECT_EQ(counter.acknowledged_at, clock_.Now());
    EXPECT_FALSE(counter.due.acknowledgement);  // Marianne sets none for the counter.
    NewRequest call = AtCounter("Bruit de voisinage");
    call.channel = Channel::kPhone;
    EXPECT_EQ(Create(call).acknowledged_at, clock_.Now());
}

TEST_P(RequestServiceTest, BadRequestsAreRefusedAndChangeNothing) {
    NewRequest anonymous = Web("Sans usager");
    anonymous.citizen = {};
    auto refused = requests_->Create(tenant_, anonymous, agent_actor_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    NewRequest empty = Web("");
    empty.description.clear();
    EXPECT_EQ(requests_->Create(tenant_, empty, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    NewRequest bad_mail = Web("Adresse");
    bad_mail.citizen.email = "pas-une-adresse";
    EXPECT_EQ(requests_->Create(tenant_, bad_mail, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    NewRequest future = Web("Du futur");
    future.received_at = clock_.Now() + std::chrono::hours(1);
    EXPECT_EQ(requests_->Create(tenant_, future, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    NewRequest unknown = Web("Type inconnu");
    unknown.category = "n-existe-pas";
    EXPECT_EQ(requests_->Create(tenant_, unknown, agent_actor_).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(Count({.open_only = false}), 0u);
    EXPECT_TRUE(EventsOfType("request.created").empty());
}

TEST_P(RequestServiceTest, FieldsMustFitTheCategoryForm) {
    Category c;
    c.name = "Occupation du domaine public";
    c.workflow = DefaultWorkflow();
    c.fields = {{"date", "Date souhaitée", "date", true, {}, ""},
                {"usage", "Usage", "choice", false, {"terrasse", "échafaudage"}, ""}};
    c = SaveCategory(c);
    NewRequest in = Web("Terrasse");
    in.category = c.id;
    in.fields_json = R"({"usage": "terrasse"})";
    EXPECT_EQ(requests_->Create(tenant_, in, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);  // The required date is missing.
    in.fields_json = R"({"date": "2027-04-01", "usage": "manège"})";
    EXPECT_EQ(requests_->Create(tenant_, in, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);  // Not one of the choices.
    in.fields_json = R"({"date": "2027-04-01", "usage": "terrasse"})";
    EXPECT_TRUE(requests_->Create(tenant_, in, agent_actor_));
}

// ---- Routing ----------------------------------------------------------------------------------

TEST_P(RequestServiceTest, RoutingRulesThenCategoryThenDefault) {
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
    ASSERT_TRUE(requests_->SetRouting(tenant_, accueil, {lights, letters, square}));
    auto routing = requests_->GetRouting(tenant_);
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

TEST_P(RequestServiceTest, RoutingNamesOnlyServicesOfTheTenant) {
    const std::string elsewhere = MakeService(MakeTenant("autreville", "91"), "Voirie");
    RoutingRule r;
    r.keywords = {"trou"};
    r.service_id = elsewhere;
    auto refused = requests_->SetRouting(tenant_, std::nullopt, {r});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(requests_->GetRouting(tenant_)->rules.empty());
}

// ---- Workflow ---------------------------------------------------------------------------------

TEST_P(RequestServiceTest, TransitionsFollowTheWorkflow) {
    const Request q = Create(Web("Trottoir"));
    ClearEvents();
    auto forbidden = requests_->ChangeStatus(tenant_, q.id, "close", agent_actor_);
    ASSERT_FALSE(forbidden);
    EXPECT_EQ(forbidden.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(requests_->Get(tenant_, q.id)->version, q.version);  // Unchanged.
    EXPECT_EQ(requests_->ChangeStatus(tenant_, q.id, "inconnu", agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_TRUE(Events().empty());

    auto working = requests_->ChangeStatus(tenant_, q.id, "en_cours", agent_actor_, "Pris");
    ASSERT_TRUE(working) << working.error().message;
    EXPECT_EQ(working->version, q.version + 1);
    auto updated = EventsOfType("request.updated");
    ASSERT_EQ(updated.size(), 1u);
    EXPECT_EQ(updated[0].permission, "requests.read");

    // A stale version is refused.
    EXPECT_EQ(requests_->ChangeStatus(tenant_, q.id, "repondue", agent_actor_, "", q.version)
                  .error()
                  .code,
              ErrorCode::kFailedPrecondition);
    ASSERT_TRUE(
        requests_->ChangeStatus(tenant_, q.id, "repondue", agent_actor_, "", working->version));
    clock_.Advance(std::chrono::hours(2));
    auto closed = requests_->ChangeStatus(tenant_, q.id, "close", agent_actor_);
    ASSERT_TRUE(closed) << closed.error().message;
    EXPECT_EQ(closed->resolved_at, clock_.Now());
    EXPECT_EQ(Count({}), 0u);  // Closed requests leave the inbox.
    EXPECT_EQ(Count({.open_only = false}), 1u);
}

TEST_P(RequestServiceTest, AStatusLeavesTheWorkflowOnlyWhenNoOpenRequestIsInIt) {
    const Request q = Create(Web("Trottoir"));
    ASSERT_TRUE(requests_->ChangeStatus(tenant_, q.id, "attente_usager", agent_actor_));
    auto without = [&](std::string_view key) {
        Category c = *requests_->GetCategory(tenant_, q.category_id);
        std::erase_if(c.workflow.statuses, [&](const StatusDef& s) { return s.key == key; });
        std::erase_if(c.workflow.transitions,
                      [&](const Transition& t) { return t.from == key || t.to == key; });
        return requests_->SaveCategory(tenant_, std::move(c));
    };
    auto refused = without("attente_usager");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(refused.error().message.find("En attente de l'usager"), std::string::npos)
        << refused.error().message;
    EXPECT_TRUE(requests_->GetCategory(tenant_, q.category_id)->workflow.Find("attente_usager"));

    // A status no open request is in goes; so does the first one once the request has moved.
    auto saved = without("rejetee");
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_FALSE(saved->workflow.Find("rejetee"));
    ASSERT_TRUE(requests_->ChangeStatus(tenant_, q.id, "repondue", agent_actor_));
    EXPECT_TRUE(without("attente_usager"));
}

TEST_P(RequestServiceTest, ACitizensMessageReopensAClosedRequest) {
    const Request q = Create(Web("Encombrants"));
    ASSERT_TRUE(requests_->ChangeStatus(tenant_, q.id, "repondue", agent_actor_));
    auto closed = requests_->ChangeStatus(tenant_, q.id, "close", agent_actor_);
    ASSERT_TRUE(closed);
    ASSERT_TRUE(closed->resolved_at);
    clock_.Advance(std::chrono::hours(3));
    auto reopened = requests_->AddIncoming(tenant_, q.id, "Ils sont toujours là !", citizen_actor_);
    ASSERT_TRUE(reopened) << reopened.error().message;
    EXPECT_EQ(reopened->status, "en_cours");
    EXPECT_FALSE(reopened->resolved_at);
    EXPECT_EQ(Count({}), 1u);
    auto timeline = requests_->Timeline(tenant_, q.id, true);
    ASSERT_TRUE(timeline);
    EXPECT_EQ(timeline->back().type, "message_in");
    EXPECT_TRUE(timeline->back().is_public);
    EXPECT_EQ(requests_->AddIncoming(tenant_, q.id, "  ", citizen_actor_).error().code,
              ErrorCode::kInvalidArgument);
}

TEST_P(RequestServiceTest, PausesStartAndEndWithTheStatus) {
    const Request q = Create(Web("Permis de construire"));
    clock_.Advance(std::chrono::hours(1));
    auto waiting = requests_->ChangeStatus(tenant_, q.id, "attente_usager", agent_actor_);
    ASSERT_TRUE(waiting);
    EXPECT_EQ(waiting->paused_since, clock_.Now());
    clock_.Advance(std::chrono::hours(24));
    auto resumed = requests_->ChangeStatus(tenant_, q.id, "en_cours", agent_actor_);
    ASSERT_TRUE(resumed);
    EXPECT_FALSE(resumed->paused_since);
    ASSERT_EQ(resumed->pauses.size(), 1u);
    EXPECT_EQ(resumed->pauses[0].second - resumed->pauses[0].first, std::chrono::hours(24));
    EXPECT_GT(*resumed->due.first_answer, *q.due.first_answer);
}

TEST_P(RequestServiceTest, AComplaintIsAnsweredBeforeItCloses) {
    NewRequest in = Web("Accueil désagréable");
    in.category = Complaints().id;
    const Request q = Create(in);
    EXPECT_EQ(q.kind, Kind::kComplaint);
    auto refused = requests_->ChangeStatus(tenant_, q.id, "rejetee", agent_actor_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().type, "complaint-unanswered");
    ASSERT_TRUE(requests_->AddOutgoing(
        tenant_, q.id, {"answer", "Nous vous présentons nos excuses.", {}, "email"}, agent_actor_));
    EXPECT_TRUE(requests_->ChangeStatus(tenant_, q.id, "rejetee", agent_actor_));
}

// ---- Answers ----------------------------------------------------------------------------------

TEST_P(RequestServiceTest, OutgoingMessagesSetTheCommitmentsTimes) {
    const Request q = Create(Web("Cantine"));
    clock_.Advance(std::chrono::hours(1));
    auto acked = requests_->AddOutgoing(
        tenant_, q.id, {"acknowledgement", "Bien reçu.", {}, "email"}, agent_actor_);
    ASSERT_TRUE(acked);
    EXPECT_EQ(acked->acknowledged_at, clock_.Now());
    EXPECT_FALSE(acked->first_answered_at);
    clock_.Advance(std::chrono::hours(1));
    // Marianne: a holding reply with a forecast date counts as the first answer.
    auto holding = requests_->AddOutgoing(
        tenant_, q.id,
        {"holding", "Réponse sous dix jours.", clock_.Now() + date::days(10), "email"},
        agent_actor_);
    ASSERT_TRUE(holding);
    EXPECT_EQ(holding->acknowledged_at, *acked->acknowledged_at);  // Kept.
    EXPECT_EQ(holding->first_answered_at, clock_.Now());
    auto timeline = requests_->Timeline(tenant_, q.id, true);
    EXPECT_EQ(timeline->back().type, "message_out");

    EXPECT_EQ(
        requests_->AddOutgoing(tenant_, q.id, {"holding", "Sans date", {}, "email"}, agent_actor_)
            .error()
            .code,
        ErrorCode::kInvalidArgument);
    EXPECT_EQ(requests_->AddOutgoing(tenant_, q.id, {"spam", "Texte", {}, "email"}, agent_actor_)
                  .error()
                  .code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(requests_->AddOutgoing(tenant_, q.id, {"answer", " ", {}, "email"}, agent_actor_)
                  .error()
                  .code,
              ErrorCode::kInvalidArgument);
}

TEST_P(RequestServiceTest, AnAnswerMovesTheRequestToTheStatusChosenWithIt) {
    const Request q = Create(Web("Éclairage"));
    // A status the workflow does not allow from "nouvelle": nothing is recorded.
    Outgoing closing{"answer", "C'est réparé.", {}, "email"};
    closing.status = "close";
    auto refused = requests_->AddOutgoing(tenant_, q.id, closing, agent_actor_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(requests_->Get(tenant_, q.id)->version, q.version);
    EXPECT_FALSE(requests_->Get(tenant_, q.id)->first_answered_at);

    Outgoing answer{"answer", "C'est réparé.", {}, "email"};
    answer.status = "repondue";
    auto answered = requests_->AddOutgoing(tenant_, q.id, answer, agent_actor_);
    ASSERT_TRUE(answered) << answered.error().message;
    EXPECT_EQ(answered->status, "repondue");
    EXPECT_EQ(answered->version, q.version + 1);  // One change.
    EXPECT_EQ(answered->first_answered_at, clock_.Now());
    // The citizen reads the answer, then the new status.
    auto timeline = requests_->Timeline(tenant_, q.id, true);
    ASSERT_GE(timeline->size(), 2u);
    EXPECT_EQ((*timeline)[timeline->size() - 2].type, "message_out");
    EXPECT_EQ(timeline->back().type, "status");
    EXPECT_NE(timeline->back().data_json.find("\"to\":\"repondue\""), std::string::npos);

    // The same status again, or none: unchanged, no status entry.
    answer.status = "repondue";
    auto again = requests_->AddOutgoing(tenant_, q.id, answer, agent_actor_);
    ASSERT_TRUE(again);
    EXPECT_EQ(requests_->Timeline(tenant_, q.id, true)->back().type, "message_out");
}

TEST_P(RequestServiceTest, AHoldingReplyCountsOnlyWhenTheCharterSaysSo) {
    Charter c = MarianneCharter();
    c.preset = "custom";
    c.holding_reply_counts = false;
    ASSERT_TRUE(requests_->SetCharter(tenant_, c));
    const Request q = Create(Web("Piscine"));
    auto holding = requests_->AddOutgoing(
        tenant_, q.id,
        {"holding", "Réponse sous huit jours.", clock_.Now() + date::days(8), "email"},
        agent_actor_);
    ASSERT_TRUE(holding);
    EXPECT_EQ(holding->acknowledged_at, clock_.Now());
    EXPECT_FALSE(holding->first_answered_at);
    clock_.Advance(std::chrono::hours(5));
    auto answer =
        requests_->AddOutgoing(tenant_, q.id, {"answer", "Voici.", {}, "email"}, agent_actor_);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->first_answered_at, clock_.Now());
}

// ---- Untyped requests, fields named in refusals ------------------------------------------------

TEST_P(RequestServiceTest, AnUntypedRequestGoesToAnInternalTypeNeverOfferedToThePublic) {
    const Request q = Create(AtCounter("Renseignement"));
    auto general = requests_->GetCategory(tenant_, q.category_id);
    ASSERT_TRUE(general);
    EXPECT_EQ(general->name, "Demande générale");
    EXPECT_FALSE(general->is_public);
    auto open = requests_->ListCategories(tenant_, true);
    ASSERT_TRUE(open);
    EXPECT_TRUE(std::none_of(open->begin(), open->end(),
                             [&](const Category& c) { return c.id == general->id; }));
}

TEST_P(RequestServiceTest, ARefusalNamesTheFieldAtFault) {
    Category c;
    c.name = "Acte";
    c.workflow = DefaultWorkflow();
    c.fields = {{"acte", "Acte demandé", "choice", true, {"Naissance", "Mariage"}, ""},
                {"copies", "Nombre", "number", false, {}, ""}};
    const Category saved = SaveCategory(c);
    NewRequest in = AtCounter("Copie d'acte");
    in.category = saved.id;
    auto missing = requests_->Create(tenant_, in, agent_actor_);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "Le champ « Acte demandé » est obligatoire.");
    EXPECT_EQ(FieldOf(missing.error()).value_or(""), "fields.acte");
    in.fields_json = R"({"acte": "Naissance", "copies": "deux"})";
    auto wrong = requests_->Create(tenant_, in, agent_actor_);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(FieldOf(wrong.error()).value_or(""), "fields.copies");
    in.citizen = {};
    EXPECT_EQ(FieldOf(requests_->Create(tenant_, in, agent_actor_).error()).value_or(""),
              "citizen.name");
}

// ---- One citizen across channels ---------------------------------------------------------------

TEST_P(RequestServiceTest, MergingTwoPeopleGivesTheirRequestsOneKeyAndKeepsTheMerge) {
    NewRequest first = Web("Poubelle cassée");
    first.citizen = {"Paul Durand", "paul@a.example", std::nullopt, std::nullopt};
    NewRequest other = Web("Stationnement");
    other.citizen = {"P. Durand", "p.durand@b.example", std::nullopt, std::nullopt};
    const Request a = Create(first), a2 = Create(first), b = Create(other);
    EXPECT_FALSE(a.citizen.id);
    ASSERT_EQ(requests_->PersonRequests(tenant_, a.id)->size(), 2u);

    ClearEvents();
    auto person = requests_->MergeCitizens(tenant_, b.tracking_code, a.id, agent_actor_);
    ASSERT_TRUE(person) << person.error().message;
    ASSERT_EQ(person->size(), 3u);
    const std::string key = person->front().citizen.id.value_or("");
    ASSERT_FALSE(key.empty());
    for (const Request& q : *person) EXPECT_EQ(q.citizen.id, key);
    EXPECT_EQ(EventsOfType("request.updated").size(), 3u);

    auto timeline = requests_->Timeline(tenant_, b.id, false);
    ASSERT_TRUE(timeline);
    EXPECT_EQ(timeline->back().type, "citizen_merge");
    EXPECT_FALSE(timeline->back().is_public);
    const auto data = boost::json::parse(timeline->back().data_json).as_object();
    EXPECT_EQ(data.at("citizen_id").as_string(), key);
    EXPECT_TRUE(data.at("previous_citizen_id").is_null());
    EXPECT_EQ(data.at("merged").at("email").as_string(), "p.durand@b.example");
    EXPECT_EQ(requests_->Get(tenant_, b.id)->version, b.version + 1);

    // Already one person: refused, nothing written.
    auto again = requests_->MergeCitizens(tenant_, a2.id, b.id, agent_actor_);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(requests_->MergeCitizens(tenant_, "ZZZ-ZZZ-ZZZ", a.id, agent_actor_).error().code,
              ErrorCode::kNotFound);

    // The search finds the person whole, and a new request from either address joins them.
    auto found = requests_->FindCitizen(tenant_, "p.durand@b.example");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->size(), 3u);
    NewRequest later = other;
    later.subject = "Autre question";
    EXPECT_EQ(Create(later).citizen.id, key);
}

TEST_P(RequestServiceTest, EventsNameTheActor) {
    const Request q = Create(Web("Lampadaire"));
    ClearEvents();
    const Actor someone{"agent", std::string("agent-42"), "Karim Benali"};
    ASSERT_TRUE(requests_->Assign(tenant_, q.id, std::nullopt, someone));  // Unassigns.
    auto updated = EventsOfType("request.updated");
    ASSERT_EQ(updated.size(), 1u);
    const auto data = boost::json::parse(updated[0].data).as_object();
    EXPECT_EQ(data.at("actor").at("type").as_string(), "agent");
    EXPECT_EQ(data.at("actor").at("id").as_string(), "agent-42");
}

// ---- Merge, links, assignment, transfer -------------------------------------------------------

TEST_P(RequestServiceTest, MergeClosesTheDuplicateAndLinksBoth) {
    const Request kept = Create(Web("Nid de poule rue des Lilas"));
    const Request duplicate = Create(Web("Trou dans la chaussée rue des Lilas"));
    auto merged = requests_->Merge(tenant_, duplicate.tracking_code, kept.id, agent_actor_);
    ASSERT_TRUE(merged) << merged.error().message;
    EXPECT_EQ(merged->id, duplicate.id);
    EXPECT_EQ(merged->merged_into, kept.id);
    EXPECT_EQ(merged->status, "close");
    EXPECT_TRUE(merged->resolved_at);
    EXPECT_EQ(merged->links, std::vector<std::string>{kept.id});
    EXPECT_EQ(requests_->Get(tenant_, kept.id)->links, std::vector<std::string>{duplicate.id});
    EXPECT_EQ(Count({}), 1u);
    EXPECT_EQ(requests_->Timeline(tenant_, duplicate.id, false)->back().type, "merge");

    EXPECT_EQ(requests_->Merge(tenant_, kept.id, kept.id, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    const Request third = Create(Web("Encore la rue des Lilas"));
    EXPECT_EQ(requests_->Merge(tenant_, third.id, duplicate.id, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);  // Into a request that is itself merged.
    auto linked = requests_->Link(tenant_, third.id, kept.tracking_code, agent_actor_);
    ASSERT_TRUE(linked);
    EXPECT_EQ(linked->links, std::vector<std::string>{kept.id});
    EXPECT_EQ(requests_->Link(tenant_, third.id, third.id, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
}

TEST_P(RequestServiceTest, AssignAndTransfer) {
    const std::string camille = MakeAgent(tenant_, "camille@villebelle.example");
    const std::string voirie = MakeService(tenant_, "Voirie");
    const Request q = Create(Web("Arbre menaçant"));
    auto assigned = requests_->Assign(tenant_, q.id, camille, agent_actor_);
    ASSERT_TRUE(assigned) << assigned.error().message;
    EXPECT_EQ(assigned->agent_id, camille);
    EXPECT_EQ(requests_->Assign(tenant_, q.id, std::string("inconnu"), agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    auto transferred =
        requests_->Transfer(tenant_, q.id, voirie, "Compétence voirie", agent_actor_);
    ASSERT_TRUE(transferred);
    EXPECT_EQ(transferred->service_id, voirie);
    EXPECT_FALSE(transferred->agent_id);  // The new service decides who handles it.
    auto entry = requests_->Timeline(tenant_, q.id, false)->back();
    EXPECT_EQ(entry.type, "transfer");
    EXPECT_FALSE(entry.is_public);
    EXPECT_NE(entry.data_json.find("Compétence voirie"), std::string::npos);
    EXPECT_EQ(requests_->Transfer(tenant_, q.id, voirie, " ", agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(requests_->Transfer(tenant_, q.id, "inconnu", "Raison", agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
}

// ---- Search and follow-up ---------------------------------------------------------------------

TEST_P(RequestServiceTest, FindCitizenByNameEmailPhoneOrCode) {
    const Request jeanne = Create(Web("Cantine"));
    const Request paul = Create(AtCounter("Carte d'identité"));
    auto ids = [&](std::string_view query) {
        std::set<std::string> out;
        auto found = requests_->FindCitizen(tenant_, query);
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
    EXPECT_EQ(requests_->FindCitizen(tenant_, " a ").error().code, ErrorCode::kInvalidArgument);
}

TEST_P(RequestServiceTest, FollowUpNeedsTheCodeAndTheEmailAndSaysNotWhichIsWrong) {
    const Request q = Create(Web("Cimetière"));
    NewRequest other_in = Web("Autre");
    other_in.citizen.email = "paul@example.org";
    const Request other = Create(other_in);
    std::string typed = q.tracking_code;
    std::replace(typed.begin(), typed.end(), '-', ' ');
    auto found = requests_->FollowUp(tenant_, typed, "Jeanne.Dupont@EXAMPLE.org");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(found->id, q.id);

    const auto wrong_email = requests_->FollowUp(tenant_, q.tracking_code, "jeanne@example.org");
    const auto wrong_code = requests_->FollowUp(tenant_, other.tracking_code, *q.citizen.email);
    const auto garbage = requests_->FollowUp(tenant_, "ABC-DEF-GHJ", *q.citizen.email);
    const auto no_email = requests_->FollowUp(tenant_, q.tracking_code, "");
    for (const auto* r : {&wrong_email, &wrong_code, &garbage, &no_email}) {
        ASSERT_FALSE(*r);
        EXPECT_EQ(r->error().code, ErrorCode::kNotFound);
        EXPECT_EQ(r->error().message, wrong_email.error().message);
    }
    EXPECT_EQ(wrong_email.error().message.find("adresse électronique est"), std::string::npos);
}

// ---- Attachments ------------------------------------------------------------------------------

TEST_P(RequestServiceTest, AttachmentsAreStoredOnceByContentAndReadBack) {
    const Request a = Create(Web("Photo du trottoir"));
    const Request b = Create(Web("La même photo"));
    const std::string bytes("\x89PNG\r\n\x1a\n\0binary", 16);
    auto first =
        requests_->AddAttachment(tenant_, a.id, "trottoir.png", "image/png", bytes, citizen_actor_);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->size, 16);
    EXPECT_EQ(first->sha256.size(), 64u);
    const auto path = attachments_ / first->sha256.substr(0, 2) / first->sha256;
    ASSERT_TRUE(std::filesystem::exists(path));
    std::ifstream in(path, std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), bytes);

    auto second =
        requests_->AddAttachment(tenant_, b.id, "copie.png", "image/png", bytes, agent_actor_);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->sha256, first->sha256);
    EXPECT_NE(second->id, first->id);
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(attachments_))
        if (e.is_regular_file()) ++files;
    EXPECT_EQ(files, 1u);  // The same bytes are stored once.

    auto read = requests_->ReadAttachment(tenant_, first->id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->first.filename, "trottoir.png");
    EXPECT_EQ(read->first.content_type, "image/png");
    EXPECT_EQ(read->second, bytes);
    auto listed = requests_->Attachments(tenant_, a.tracking_code);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].id, first->id);
    // A citizen's attachment shows in their timeline; an agent's does not.
    EXPECT_EQ(requests_->Timeline(tenant_, a.id, true)->back().type, "attachment");
    EXPECT_NE(requests_->Timeline(tenant_, b.id, true)->back().type, "attachment");

    EXPECT_EQ(
        requests_->AddAttachment(tenant_, a.id, "", "image/png", bytes, agent_actor_).error().code,
        ErrorCode::kInvalidArgument);
    EXPECT_EQ(requests_->ReadAttachment(tenant_, "inconnu").error().code, ErrorCode::kNotFound);
}

TEST_P(RequestServiceTest, ACitizensFilesComeWithTheRequestInOneWrite) {
    Category c;
    c.name = "Permis de végétaliser";
    c.is_public = true;
    c.workflow = DefaultWorkflow();
    c.fields = {FieldDef{"plan", "Plan du projet", "file", true, {}, ""},
                FieldDef{"photo", "Photo", "file", false, {}, ""}};
    const Category category = SaveCategory(c);
    const std::string pdf = "%PDF-1.7\n1 0 obj\n";
    const std::string jpeg("\xFF\xD8\xFF\xE0\0\x10JFIF", 10);

    NewRequest in = Web("Jardinière rue des Lilas");
    in.category = category.id;
    // A required file asked of the citizen on the portal.
    EXPECT_EQ(requests_->Create(tenant_, in, citizen_actor_).error().code,
              ErrorCode::kInvalidArgument);
    // A file that is not of an accepted type, whatever its name says: nothing is written.
    in.attachments = {{"plan", "plan.pdf", "MZ\x90\0 an executable"}};
    auto refused = requests_->Create(tenant_, in, citizen_actor_);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("plan.pdf"), std::string::npos);
    in.attachments = {{"inconnu", "plan.pdf", pdf}};
    EXPECT_FALSE(requests_->Create(tenant_, in, citizen_actor_));
    EXPECT_EQ(Count(InboxFilter{}), 0u);
    EXPECT_FALSE(std::filesystem::exists(attachments_) && !std::filesystem::is_empty(attachments_));

    in.attachments = {
        {"plan", "plan.pdf", pdf}, {"photo", "IMG_2041.jpg", jpeg}, {"", "complément.pdf", pdf}};
    const Request q = Create(in);
    auto files = requests_->Attachments(tenant_, q.id, true);
    ASSERT_TRUE(files);
    ASSERT_EQ(files->size(), 3u);
    EXPECT_EQ((*files)[0].content_type, "application/pdf");
    EXPECT_EQ((*files)[1].content_type, "image/jpeg");
    EXPECT_TRUE((*files)[1].shared);
    const auto values = boost::json::parse(q.fields_json).as_object();
    EXPECT_EQ(values.at("plan").as_array().at(0).as_string(), "plan.pdf");
    EXPECT_EQ(values.at("photo").as_array().at(0).as_string(), "IMG_2041.jpg");
    // The creation entry names the files for the citizen's follow-up.
    auto timeline = requests_->Timeline(tenant_, q.id, true);
    ASSERT_TRUE(timeline);
    const auto created = boost::json::parse(timeline->front().data_json).as_object();
    EXPECT_EQ(created.at("attachments").as_array().size(), 3u);

    // An agent's file is not shown to the citizen; a citizen's reply may carry files.
    ASSERT_TRUE(
        requests_->AddAttachment(tenant_, q.id, "note.txt", "text/plain", "interne", agent_actor_));
    auto replied = requests_->AddIncoming(tenant_, q.id, "Voici la photo du site.", citizen_actor_,
                                          "portal", {}, {{"", "site.jpg", jpeg}});
    ASSERT_TRUE(replied) << replied.error().message;
    EXPECT_EQ(requests_->Attachments(tenant_, q.id, true)->size(), 4u);
    EXPECT_EQ(requests_->Attachments(tenant_, q.id, false)->size(), 5u);
    // Too many files, or a file too large, are refused with the rule.
    std::vector<NewAttachment> six(6, NewAttachment{"", "a.pdf", pdf});
    EXPECT_EQ(requests_->AddIncoming(tenant_, q.id, "Encore", citizen_actor_, "portal", {}, six)
                  .error()
                  .code,
              ErrorCode::kInvalidArgument);
    const std::string big = pdf + std::string(kMaxCitizenFileBytes, 'x');
    EXPECT_EQ(requests_
                  ->AddIncoming(tenant_, q.id, "Encore", citizen_actor_, "portal", {},
                                {{"", "gros.pdf", big}})
                  .error()
                  .code,
              ErrorCode::kPayloadTooLarge);
    EXPECT_EQ(requests_->Attachments(tenant_, q.id, false)->size(), 5u);
}

TEST(CitizenFileType, IsReadFromTheContent) {
    EXPECT_EQ(*CitizenFileType("scan.pdf", "junk\n%PDF-1.4"), "application/pdf");
    EXPECT_EQ(*CitizenFileType("photo", "\x89PNG\r\n\x1A\n...."), "image/png");
    EXPECT_EQ(*CitizenFileType("x.heic", std::string("\0\0\0\x18"
                                                     "ftypheic",
                                                     12)),
              "image/heic");
    EXPECT_EQ(*CitizenFileType("w.webp", std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
    std::string odt("PK\x03\x04", 4);
    odt += std::string(26, '\0') + "mimetypeapplication/vnd.oasis.opendocument.text";
    EXPECT_EQ(*CitizenFileType("lettre.odt", odt), "application/vnd.oasis.opendocument.text");
    EXPECT_FALSE(CitizenFileType("page.html", "<html><script>"));
    EXPECT_FALSE(CitizenFileType("vide.pdf", ""));
    EXPECT_FALSE(CitizenFileType("a/b.pdf", "%PDF-"));
    EXPECT_FALSE(CitizenFileType("bad\x01.pdf", "%PDF-"));
    EXPECT_FALSE(CitizenFileType(std::string("\xC3", 1), "%PDF-"));
}

// ---- Requests by date of receipt (Open311) ----------------------------------------------------

TEST_P(RequestServiceTest, ListReceivedIsAWindowOfPublicCategoriesNewestFirst) {
    auto general = requests_->GeneralCategory(tenant_);
    ASSERT_TRUE(general);
    const Request first = Create(Web("Premier"));
    clock_.Advance(std::chrono::hours(48));
    const Request second = Create(Web("Deuxième"));
    const Request counter = Create(AtCounter("Au guichet"));
    clock_.Advance(std::chrono::hours(48));
    const Request third = Create(Web("Troisième"));
    ASSERT_TRUE(requests_->ChangeStatus(tenant_, third.id, "rejetee", agent_actor_));

    const std::vector<Channel> public_channels = {Channel::kWeb, Channel::kOpen311};
    ReceiptWindow w{
        first.received_at, third.received_at, {general->id}, public_channels, true, true, 10};
    auto all = requests_->ListReceived(tenant_, w);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].id, third.id);
    EXPECT_EQ((*all)[2].id, first.id);
    w.from = second.received_at;
    EXPECT_EQ(requests_->ListReceived(tenant_, w)->size(), 2u);
    w.closed = false;
    ASSERT_EQ(requests_->ListReceived(tenant_, w)->size(), 1u);
    EXPECT_EQ(requests_->ListReceived(tenant_, w)->front().id, second.id);
    w.open = false;
    w.closed = true;
    EXPECT_EQ(requests_->ListReceived(tenant_, w)->front().id, third.id);
    w.category_ids = {"autre"};
    EXPECT_TRUE(requests_->ListReceived(tenant_, w)->empty());
    w = ReceiptWindow{
        first.received_at, third.received_at, {general->id}, public_channels, true, true, 1};
    EXPECT_EQ(requests_->ListReceived(tenant_, w)->size(), 1u);
    // Only the channels asked for; none asked, none listed.
    w.limit = 10;
    w.channels = {Channel::kCounter};
    ASSERT_EQ(requests_->ListReceived(tenant_, w)->size(), 1u);
    EXPECT_EQ(requests_->ListReceived(tenant_, w)->front().id, counter.id);
    w.channels.clear();
    EXPECT_TRUE(requests_->ListReceived(tenant_, w)->empty());
}

// ---- Contacts and statistics ------------------------------------------------------------------

TEST_P(RequestServiceTest, ContactsAndRequestsAreCountedPerChannel) {
    NewRequest old = Web("Ancienne demande");
    old.received_at = clock_.Now() - date::days(40);
    Create(old);  // Created now, whatever its date of receipt: counted.
    const TimePoint from = clock_.Now() - std::chrono::hours(1);
    ASSERT_TRUE(requests_->RecordContact(tenant_, Channel::kCounter, "Paul Martin",
                                         "Horaires de la déchetterie", agent_actor_));
    ASSERT_TRUE(
        requests_->RecordContact(tenant_, Channel::kCounter, "", "Plan de la ville", agent_actor_));
    ASSERT_TRUE(
        requests_->RecordContact(tenant_, Channel::kPhone, "", "Date du marché", agent_actor_));
    EXPECT_EQ(
        requests_->RecordContact(tenant_, Channel::kPhone, "", " ", agent_actor_).error().code,
        ErrorCode::kInvalidArgument);
    Create(AtCounter("Recensement"));
    auto counts = requests_->CountByChannel(tenant_, from);
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->size(), kChannels.size());
    EXPECT_EQ(counts->at("counter"), (std::pair<std::int64_t, std::int64_t>{2, 1}));
    EXPECT_EQ(counts->at("phone"), (std::pair<std::int64_t, std::int64_t>{1, 0}));
    EXPECT_EQ(counts->at("web"), (std::pair<std::int64_t, std::int64_t>{0, 1}));
    EXPECT_EQ(counts->at("letter"), (std::pair<std::int64_t, std::int64_t>{0, 0}));
    // Nothing since later.
    auto later = requests_->CountByChannel(tenant_, clock_.Now() + std::chrono::hours(1));
    EXPECT_EQ(later->at("counter"), (std::pair<std::int64_t, std::int64_t>{0, 0}));
}

// ---- Deadline alerts --------------------------------------------------------------------------

TEST_P(RequestServiceTest, DeadlinesRaiseOneWarningThenOneBreachPerCommitment) {
    // Monday 1 March 10:00, web (Marianne): acknowledgement by the end of Tuesday 2 (13.5
    // business hours), first answer by the end of Monday 8 (43.5); warnings 24 business hours
    // before, and within a quarter of the deadline's length (DeadlineNear).
    const Request q = Create(Web("Signalement"));
    ClearEvents();
    auto check = [&](std::size_t expected) {
        auto raised = requests_->CheckDeadlines();
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
    auto timeline = requests_->Timeline(tenant_, q.id, false);
    ASSERT_TRUE(timeline);
    for (const auto& e : *timeline)
        if (e.type == "deadline_warning" || e.type == "deadline_breach") {
            ++entries;
            EXPECT_FALSE(e.is_public);
        }
    EXPECT_EQ(entries, 4u);
    // The alerts survive later changes: a note does not raise them again.
    ASSERT_TRUE(requests_->AddNote(tenant_, q.id, "Vu.", agent_actor_));
    check(0);
}

TEST_P(RequestServiceTest, MetOrPausedDeadlinesRaiseNothing) {
    const Request answered = Create(Web("Répondue à temps"));
    ASSERT_TRUE(requests_->AddOutgoing(tenant_, answered.id, {"answer", "Voici.", {}, "email"},
                                       agent_actor_));
    const Request waiting = Create(Web("En attente de l'usager"));
    ASSERT_TRUE(requests_->ChangeStatus(tenant_, waiting.id, "attente_usager", agent_actor_));
    ClearEvents();
    clock_.Advance(std::chrono::hours(24 * 10));  // Past both first-answer deadlines.
    auto raised = requests_->CheckDeadlines();
    ASSERT_TRUE(raised);
    EXPECT_EQ(*raised, 0u);
    EXPECT_TRUE(Events().empty());
}

// ---- Inbox ------------------------------------------------------------------------------------

// Issue 11: a report with « Danger immédiat » checked comes first, before older deadlines.
TEST_P(RequestServiceTest, AnUrgentBoxPutsTheReportFirstInTheInbox) {
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
    auto page = requests_->List(tenant_, {.limit = 1});
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].id, second.id);
    auto next = requests_->List(tenant_, {.limit = 1, .after = page->next});
    ASSERT_TRUE(next) << next.error().message;
    ASSERT_EQ(next->items.size(), 1u);
    EXPECT_EQ(next->items[0].id, first.id);
    // A cursor written before the priority came first ("<next_due>|<id>") still reads.
    EXPECT_TRUE(requests_->List(tenant_, {.after = "0|x"}));
    EXPECT_FALSE(requests_->List(tenant_, {.after = "x|y|z"}));
}

TEST_P(RequestServiceTest, InboxFilters) {
    const std::string camille = MakeAgent(tenant_, "camille@villebelle.example");
    const std::string voirie = MakeService(tenant_, "Voirie");
    NewRequest late = Web("En retard");
    late.received_at = clock_.Now() - date::days(10);
    const Request overdue = Create(late);                     // Acknowledgement long missed.
    const Request soon = Create(Web("Reçue maintenant"));     // Acknowledgement within 38 hours.
    const Request counter = Create(AtCounter("Au guichet"));  // Next: first answer in 8 days.
    ASSERT_TRUE(requests_->Transfer(tenant_, soon.id, voirie, "Voirie", agent_actor_));
    ASSERT_TRUE(requests_->Assign(tenant_, counter.id, camille, agent_actor_));
    ASSERT_TRUE(requests_->ChangeStatus(tenant_, overdue.id, "en_cours", agent_actor_));

    auto only = [&](InboxFilter f) {
        auto page = requests_->List(tenant_, f);
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
    EXPECT_EQ(requests_->List(tenant_, {.after = "pas-un-curseur"}).error().code,
              ErrorCode::kInvalidArgument);
}

TEST_P(RequestServiceTest, InboxPagesWithoutDuplicatesNorGaps) {
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
        ASSERT_TRUE(requests_->ChangeStatus(tenant_, id, "rejetee", agent_actor_));
        all.push_back(id);
    }
    for (bool open_only : {true, false}) {
        for (std::size_t limit : {1u, 2u, 3u, 5u}) {
            std::vector<Request> seen;
            InboxFilter f{.open_only = open_only, .limit = limit};
            for (int pages = 0; pages < 50; ++pages) {
                auto page = requests_->List(tenant_, f);
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

// ---- Tenants ----------------------------------------------------------------------------------

TEST_P(RequestServiceTest, TenantsSeeOnlyTheirOwnRequests) {
    const std::string other = MakeTenant("autreville", "91");
    const std::string their_agent = MakeAgent(other, "agent@autreville.example");
    const std::string their_service = MakeService(other, "Voirie");
    const Request q = Create(Web("Chez nous"));
    auto file = requests_->AddAttachment(tenant_, q.id, "a.txt", "text/plain", "abc", agent_actor_);
    ASSERT_TRUE(file);
    ASSERT_TRUE(requests_->RecordContact(tenant_, Channel::kCounter, "", "Question", agent_actor_));

    EXPECT_EQ(requests_->Get(other, q.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(requests_->Get(other, q.tracking_code).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(requests_->Timeline(other, q.id, false).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(requests_->ChangeStatus(other, q.id, "en_cours", agent_actor_).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(requests_->AddIncoming(other, q.id, "Bonjour", citizen_actor_).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(requests_->FollowUp(other, q.tracking_code, *q.citizen.email).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(requests_->ReadAttachment(other, file->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(requests_->Merge(other, q.id, q.id, agent_actor_).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(requests_->List(other, {.open_only = false})->items.empty());
    EXPECT_TRUE(requests_->FindCitizen(other, "dupont")->empty());
    EXPECT_EQ(requests_->CountByChannel(other, clock_.Now() - date::days(1))->at("counter"),
              (std::pair<std::int64_t, std::int64_t>{0, 0}));
    // Nor hand one of theirs to another tenant's agent or service.
    EXPECT_EQ(requests_->Assign(tenant_, q.id, their_agent, agent_actor_).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(
        requests_->Transfer(tenant_, q.id, their_service, "Raison", agent_actor_).error().code,
        ErrorCode::kInvalidArgument);
    // Each tenant has its own charter versions and general category.
    ASSERT_TRUE(requests_->SetCharter(tenant_, ServicesPublicsPlusCharter()));
    EXPECT_EQ(requests_->GetCharter(other)->version, 1);
    EXPECT_NE(requests_->GetCategory(other, "general")->id, q.category_id);
}

INSTANTIATE_TEST_SUITE_P(Drivers, RequestServiceTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::requests::testing
