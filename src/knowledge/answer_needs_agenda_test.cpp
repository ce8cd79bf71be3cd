// AnswerService on agenda questions without a topic and on needs, on an invented commune
// (Bourg-Joli) built here: services with topics, public request types (given through the
// RequestTypesProvider), places with hours, recurring events with an exception. The questions
// are written for these tests.
#include <map>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "knowledge/answer_service.hpp"
#include "knowledge/knowledge_test_support.hpp"
#include "knowledge/service_import.hpp"

namespace guichet::knowledge {
namespace {

using storage::testing::AllTestDatabases;
using storage::testing::TestDatabaseName;
using testing::KnowledgeTest;
using testing::ParisTime;

constexpr std::string_view kServices = R"([
  {"id": "espaces-verts", "name": "Parcs et jardins", "phone": "01 70 00 00 31",
   "description": "Entretient les parcs, les squares et les arbres de la commune.",
   "topics": ["arbre", "élagage", "haie", "square"]},
  {"id": "petite-enfance", "name": "Petite enfance", "email": "enfance@bourg-joli.example",
   "description": "Crèches et relais des assistantes maternelles.",
   "topics": ["crèche", "assistante maternelle", "nourrice", "mode de garde"]},
  {"id": "tranquillite", "name": "Tranquillité publique", "phone": "01 70 00 00 17",
   "description": "Police municipale.",
   "topics": ["bruit", "animaux errants", "fourrière", "objets trouvés"]},
  {"id": "associations", "name": "Vie associative",
   "description": "Accompagne les associations et prête les salles communales.",
   "topics": ["association", "subvention", "prêt de salle", "vide-grenier"]},
  {"id": "culture", "name": "Culture", "topics": ["théâtre", "spectacle", "bibliothèque"]}
])";

constexpr std::string_view kPlaces = R"([
  {"id": "theatre", "name": "Théâtre du Rempart", "type": "theatre", "service_id": "culture",
   "opening_hours": "Tu-Sa 14:00-19:00"},
  {"id": "salle-fetes", "name": "Salle Jean-Moulin", "type": "salle",
   "service_id": "associations", "opening_hours": "Mo-Su 08:00-23:00"},
  {"id": "ecole-ferry", "name": "École Jules-Ferry", "type": "ecole",
   "opening_hours": "Mo,Tu,Th,Fr 08:30-16:30"},
  {"id": "marche-couvert", "name": "Marché couvert", "type": "marche",
   "opening_hours": "We,Sa 08:00-13:00"}
])";

// Monday 1 March 2027 is the tests' "now".
constexpr std::string_view kEvents = R"([
  {"id": "cerisaie", "title": "La Cerisaie", "category": "théâtre", "place_id": "theatre",
   "start": "2027-03-12T20:30", "end": "2027-03-12T22:30"},
  {"id": "impro", "title": "Soirée d'improvisation", "category": "théâtre",
   "place_id": "theatre", "start": "2027-03-26T20:30", "end": "2027-03-26T22:00"},
  {"id": "chorale", "title": "Concert de la chorale", "category": "musique",
   "place_id": "theatre", "start": "2027-04-03T18:00", "end": "2027-04-03T19:30"},
  {"id": "loto", "title": "Loto du comité", "category": "loisirs", "place_id": "salle-fetes",
   "start": "2027-03-06T14:00", "end": "2027-03-06T17:30"},
  {"id": "bal", "title": "Bal folk", "category": "danse", "place_id": "salle-fetes",
   "start": "2027-03-06T20:30", "end": "2027-03-06T23:30"},
  {"id": "jardinage", "title": "Atelier jardinage", "category": "nature",
   "start": "2027-03-06T10:00", "end": "2027-03-06T12:00"},
  {"id": "marche", "title": "Marché couvert", "category": "marché",
   "place_id": "marche-couvert", "start": "2027-03-03T08:00", "end": "2027-03-03T13:00",
   "rrule": "FREQ=WEEKLY;BYDAY=WE,SA", "exdates": ["2027-03-13T08:00"]},
  {"id": "permanence", "title": "Permanence numérique", "category": "numérique",
   "start": "2027-03-01T09:00", "end": "2027-03-01T09:45", "rrule": "FREQ=DAILY;COUNT=20"}
])";

std::vector<OfferedRequestType> RequestTypes() {
    return {{.id = "repas-de-rue",
             .name = "Déclarer une fête de voisins",
             .description = "Repas de rue ou fête d'immeuble sur la voie publique.",
             .service_id = "associations",
             .keywords = {"repas de rue", "fête des voisins"},
             .fields = {"Rue concernée", "Date"}},
            {.id = "arbre-dangereux",
             .name = "Signaler un arbre dangereux",
             .description = "Un arbre penche, une branche menace de tomber.",
             .service_id = "espaces-verts",
             .keywords = {},
             .fields = {"Adresse", "Photo"}}};
}

class AnswerNeedsAgendaTest : public KnowledgeTest {
  protected:
    void SetUp() override {
        KnowledgeTest::SetUp();
        if (HasFatalFailure()) return;
        auto services = ImportServices(*tenancy_, tenant_, kServices);
        ASSERT_TRUE(services && services->errors.empty());
        auto places = places_->Import(tenant_, kPlaces);
        ASSERT_TRUE(places && places->errors.empty()) << (places ? "" : places.error().detail);
        auto events = events_->Import(tenant_, kEvents);
        ASSERT_TRUE(events && events->errors.empty())
            << (events ? (events->errors.empty() ? "" : events->errors[0].message) : "");
        // The provider names services by their internal ids, as the requests module does.
        std::map<std::string, std::string> internal;
        auto listed = tenancy_->ListServices(tenant_);
        ASSERT_TRUE(listed);
        for (const auto& s : *listed) internal[s.external_id.value_or("")] = s.id;
        auto types = RequestTypes();
        for (auto& t : types) t.service_id = internal.at(*t.service_id);
        answers_ = std::make_unique<AnswerService>(
            clock_, *tenancy_, *places_, *events_, *articles_,
            [this, types](std::string_view tenant) -> Result<std::vector<OfferedRequestType>> {
                ++provider_calls_;
                if (tenant != tenant_) return std::vector<OfferedRequestType>{};
                return types;
            });
    }

    boost::json::object Ask(const std::string& question) {
        auto answer = answers_->Answer(tenant_, {.question = question, .at = clock_.Now()});
        EXPECT_TRUE(answer) << question << ": " << (answer ? "" : answer.error().message);
        return answer ? *answer : boost::json::object();
    }

    static std::string Text(const boost::json::value& v, std::string_view key) {
        const auto* o = v.if_object();
        const auto* s = o ? o->if_contains(key) : nullptr;
        return s && s->is_string() ? std::string(s->as_string()) : std::string();
    }
    static std::vector<std::string> EventIds(const boost::json::object& a) {
        std::vector<std::string> ids;
        for (const auto& e : a.at("events").as_array()) ids.push_back(Text(e, "id"));
        return ids;
    }
    // Every event overlaps the window and they come in start order.
    static void ExpectWithinWindow(const boost::json::object& a) {
        ASSERT_TRUE(a.at("window").is_object()) << a;
        const std::string from = Text(a.at("window"), "from"), to = Text(a.at("window"), "to");
        std::string previous;
        for (const auto& e : a.at("events").as_array()) {
            // ISO local times of one offset compare as strings within a month of winter time.
            EXPECT_LT(Text(e, "start"), to) << e;
            EXPECT_GT(Text(e, "end"), from) << e;
            EXPECT_LE(previous, Text(e, "start")) << e;
            previous = Text(e, "start");
        }
    }

    std::unique_ptr<AnswerService> answers_;
    int provider_calls_ = 0;
};

using Ids = std::vector<std::string>;

TEST_P(AnswerNeedsAgendaTest, WhatIsOnSaturdayEvening) {
    const auto a = Ask("qu'est-ce qui est prévu samedi soir ?");
    EXPECT_EQ(Text(a, "intent"), "events") << a;
    EXPECT_EQ(Text(a.at("window"), "from"), "2027-03-06T18:00:00+01:00") << a;
    EXPECT_EQ(Text(a.at("window"), "to"), "2027-03-06T23:00:00+01:00") << a;
    EXPECT_EQ(a.at("date_unclear"), boost::json::value(false));
    EXPECT_EQ(EventIds(a), Ids{"bal"}) << a;
    ExpectWithinWindow(a);
    EXPECT_NE(Text(a, "text").find("Bal folk"), std::string::npos) << Text(a, "text");
}

TEST_P(AnswerNeedsAgendaTest, AnyOutingOnSaturdayListsTheWholeDayInOrder) {
    const auto a = Ask("des idées de sortie pour samedi ?");
    EXPECT_EQ(Text(a, "intent"), "events") << a;
    // The market, the workshop, the digital help desk, the lotto, the ball: all of Saturday.
    EXPECT_EQ(EventIds(a), (Ids{"marche", "permanence", "jardinage", "loto", "bal"})) << a;
    ExpectWithinWindow(a);
    EXPECT_NE(Text(a, "text").find("5 événements"), std::string::npos) << Text(a, "text");
}

TEST_P(AnswerNeedsAgendaTest, ShowsAtANamedPlaceOverAMonth) {
    const auto a = Ask("quels spectacles au Théâtre du Rempart en mars ?");
    EXPECT_EQ(Text(a, "intent"), "events") << a;
    EXPECT_EQ(Text(a.at("place"), "id"), "theatre") << a;
    EXPECT_EQ(EventIds(a), (Ids{"cerisaie", "impro"})) << a;  // Not April's concert.
    ExpectWithinWindow(a);
    EXPECT_NE(Text(a, "text").find("au Théâtre du Rempart"), std::string::npos) << a;
}

TEST_P(AnswerNeedsAgendaTest, ARecurringEventThatIsAlsoAPlace) {
    const auto a = Ask("y a-t-il un marché samedi ?");
    EXPECT_EQ(Text(a, "intent"), "events") << a;
    EXPECT_EQ(EventIds(a), Ids{"marche"}) << a;
    EXPECT_EQ(Text(a.at("events").as_array()[0], "start"), "2027-03-06T08:00:00+01:00");
    // The place beside its event, with its hours of that day.
    EXPECT_EQ(Text(a.at("place"), "id"), "marche-couvert") << a;
    const boost::json::array hours = {
        boost::json::array{"2027-03-06T08:00:00+01:00", "2027-03-06T13:00:00+01:00"}};
    EXPECT_EQ(a.at("day_intervals").as_array(), hours) << a;
    // Named without asking whether there is one, it is the place: its hours.
    const auto place = Ask("le Marché couvert samedi à 10 h");
    EXPECT_EQ(Text(place, "intent"), "place_hours") << place;
    EXPECT_EQ(place.at("open"), boost::json::value(true)) << place;
    // A cancelled occurrence (exdate) is not listed; the place still is.
    const auto cancelled = Ask("y a-t-il un marché le 13 mars ?");
    EXPECT_TRUE(cancelled.at("events").as_array().empty()) << cancelled;
    EXPECT_EQ(Text(cancelled.at("place"), "id"), "marche-couvert") << cancelled;
    EXPECT_NE(Text(cancelled, "text").find("aucun événement"), std::string::npos) << cancelled;
}

TEST_P(AnswerNeedsAgendaTest, EventsWithOneOfTheWordsWhenNoneHasThemAll) {
    const auto a = Ask("le loto et le bal de samedi");
    EXPECT_EQ(Text(a, "intent"), "events") << a;
    EXPECT_EQ(EventIds(a), (Ids{"loto", "bal"})) << a;
    ExpectWithinWindow(a);
}

TEST_P(AnswerNeedsAgendaTest, NoSuchEventButAServiceThatKnows) {
    const auto a = Ask("y a-t-il un vide-grenier dimanche ?");
    EXPECT_EQ(Text(a, "intent"), "events") << a;
    EXPECT_TRUE(a.at("events").as_array().empty()) << a;
    EXPECT_NE(Text(a, "text").find("aucun événement"), std::string::npos) << Text(a, "text");
    EXPECT_EQ(Text(a.at("service"), "id"), "associations") << a;
    EXPECT_NE(Text(a, "text").find("Vie associative"), std::string::npos) << Text(a, "text");
}

TEST_P(AnswerNeedsAgendaTest, AtMostTenEventsAndTheTextSaysHowMany) {
    const auto a = Ask("quel est le programme ?");
    EXPECT_EQ(Text(a, "intent"), "events") << a;
    const auto& events = a.at("events").as_array();
    EXPECT_EQ(events.size(), 10u) << a;
    ExpectWithinWindow(a);
    // Until 1 April 10:00: 19 help desks (2-20 March), 8 markets (9, one cancelled), 5 others.
    EXPECT_NE(Text(a, "text").find("32 événements"), std::string::npos) << Text(a, "text");
    EXPECT_EQ(Text(a.at("window"), "from"), "2027-03-01T10:00:00+01:00") << a;
}

TEST_P(AnswerNeedsAgendaTest, ANeedGoesToTheServiceAndItsRequestType) {
    auto a = Ask("nous souhaitons organiser un repas de rue en juin");
    EXPECT_EQ(Text(a, "intent"), "orientation") << a;
    EXPECT_EQ(Text(a.at("service"), "id"), "associations") << a;
    EXPECT_EQ(Text(a.at("request_type"), "id"), "repas-de-rue") << a;
    EXPECT_EQ(Text(a.at("request_type"), "name"), "Déclarer une fête de voisins");
    EXPECT_EQ(a.at("offer_request"), boost::json::value(true));
    EXPECT_NE(Text(a, "text").find("Vie associative"), std::string::npos) << Text(a, "text");

    a = Ask("un vieil arbre penche sur le toit de notre garage");
    EXPECT_EQ(Text(a, "intent"), "orientation") << a;
    EXPECT_EQ(Text(a.at("service"), "id"), "espaces-verts") << a;
    EXPECT_EQ(Text(a.at("request_type"), "id"), "arbre-dangereux") << a;

    // A service without a request type: orientation, no type.
    a = Ask("je cherche une nourrice pour mon fils");
    EXPECT_EQ(Text(a, "intent"), "orientation") << a;
    EXPECT_EQ(Text(a.at("service"), "id"), "petite-enfance") << a;
    EXPECT_TRUE(a.at("request_type").is_null()) << a;
}

TEST_P(AnswerNeedsAgendaTest, APlaceInANeedIsOnlyAComplement) {
    const auto a = Ask("nous avons trouvé un chien errant devant l'école Jules-Ferry");
    EXPECT_EQ(Text(a, "intent"), "orientation") << a;
    EXPECT_EQ(Text(a.at("service"), "id"), "tranquillite") << a;
    EXPECT_EQ(Text(a.at("place"), "id"), "ecole-ferry") << a;
    // Monday: the school's hours of the day, as a complement; no open/closed verdict.
    EXPECT_EQ(a.at("day_intervals").as_array().size(), 1u) << a;
    EXPECT_TRUE(a.at("open").is_null()) << a;
    // The answer starts with the service; the place comes after.
    EXPECT_EQ(Text(a, "text").rfind("Le service « Tranquillité publique »", 0), 0u)
        << Text(a, "text");
}

TEST_P(AnswerNeedsAgendaTest, TheWindowOfAnHoursQuestion) {
    const auto a = Ask("le théâtre est-il ouvert demain ?");
    EXPECT_EQ(Text(a, "intent"), "place_hours") << a;
    EXPECT_EQ(Text(a.at("window"), "from"), "2027-03-02T00:00:00+01:00") << a;
    EXPECT_EQ(Text(a.at("window"), "to"), "2027-03-03T00:00:00+01:00") << a;
    EXPECT_FALSE(Text(a.at("window"), "label").empty());
    EXPECT_TRUE(a.at("request_type").is_null());
    // Nothing named: from now to the next midnight.
    const auto now = Ask("le théâtre est-il ouvert ?");
    EXPECT_EQ(Text(now.at("window"), "from"), "2027-03-01T10:00:00+01:00") << now;
    EXPECT_EQ(Text(now.at("window"), "to"), "2027-03-02T00:00:00+01:00") << now;
}

TEST_P(AnswerNeedsAgendaTest, RequestTypesAreCachedWithTheContext) {
    Ask("un arbre penche dangereusement");
    Ask("nous souhaitons organiser un repas de rue");
    EXPECT_EQ(provider_calls_, 1);
    answers_->Invalidate(tenant_);
    Ask("un arbre penche dangereusement");
    EXPECT_EQ(provider_calls_, 2);
}

INSTANTIATE_TEST_SUITE_P(Drivers, AnswerNeedsAgendaTest, ::testing::ValuesIn(AllTestDatabases()),
                         TestDatabaseName());

}  // namespace
}  // namespace guichet::knowledge
