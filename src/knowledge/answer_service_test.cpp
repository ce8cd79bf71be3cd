// AnswerService on a small commune: places with opening hours, two pools, the council's
// meetings, an article and services with topics.
#include "knowledge/answer_service.hpp"

#include <algorithm>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "knowledge/knowledge_test_support.hpp"
#include "knowledge/service_import.hpp"

namespace guichet::knowledge {
namespace {

using storage::testing::AllTestDatabases;
using storage::testing::TestDatabaseName;
using testing::KnowledgeTest;
using testing::ParisTime;

constexpr std::string_view kServices = R"([
  {"id": "police-municipale", "name": "Police municipale", "phone": "01 60 00 00 17",
   "topics": ["bruit", "tapage nocturne", "stationnement"]},
  {"id": "etat-civil", "name": "État civil", "email": "etat-civil@villebelle.fr",
   "topics": ["naissance", "mariage", "décès"]},
  {"id": "sports", "name": "Sports", "topics": ["piscine", "gymnase"]}
])";

constexpr std::string_view kPlaces = R"([
  {"id": "mairie", "name": "Mairie de Villebelle", "type": "mairie", "service_id": "etat-civil",
   "phone": "01 60 00 00 00",
   "opening_hours": "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"},
  {"id": "piscine-tilleuls", "name": "Piscine des Tilleuls", "type": "piscine",
   "service_id": "sports", "opening_hours": "Tu-Su 10:00-19:00"},
  {"id": "piscine-bouin", "name": "Piscine Jean-Bouin", "type": "piscine",
   "service_id": "sports", "opening_hours": "Mo-Sa 12:00-20:00"},
  {"id": "mediatheque", "name": "Médiathèque Louise-Michel", "type": "mediatheque",
   "opening_hours": "Tu-Sa 10:00-18:00"}
])";

constexpr std::string_view kEvents = R"([
  {"id": "conseil", "title": "Conseil municipal", "category": "conseil municipal",
   "place_id": "mairie", "start": "2027-01-12T19:00", "end": "2027-01-12T22:00",
   "rrule": "FREQ=MONTHLY;BYDAY=2TU"},
  {"id": "concert", "title": "Concert de printemps", "category": "culture",
   "place_id": "mediatheque", "start": "2027-03-20T20:00", "end": "2027-03-20T22:00"}
])";

constexpr std::string_view kArticles =
    R"({"doc_id": "sp:F1427", "title": "Acte de naissance", "text": "Pour obtenir un acte de naissance, faites une demande en ligne ou au guichet de l'état civil. La copie intégrale est gratuite.", "theme": "Papiers - Citoyenneté"})"
    "\n"
    R"({"doc_id": "sp:F2", "title": "Carte grise", "text": "Le certificat d'immatriculation se demande en ligne sur le site de l'ANTS."})"
    "\n";

class AnswerServiceTest : public KnowledgeTest {
  protected:
    void SetUp() override {
        KnowledgeTest::SetUp();
        if (HasFatalFailure()) return;
        auto services = ImportServices(*tenancy_, tenant_, kServices);
        ASSERT_TRUE(services && services->errors.empty());
        auto places = places_->Import(tenant_, kPlaces);
        ASSERT_TRUE(places && places->errors.empty() && places->created == 4);
        auto events = events_->Import(tenant_, kEvents);
        ASSERT_TRUE(events && events->errors.empty() && events->created == 2);
        auto articles = articles_->ImportJsonLines(tenant_, kArticles, {std::nullopt, "Import"});
        ASSERT_TRUE(articles && articles->errors.empty() && articles->created == 2);
        answers_ =
            std::make_unique<AnswerService>(clock_, *tenancy_, *places_, *events_, *articles_);
    }

    boost::json::object Ask(const std::string& question, TimePoint at) {
        auto answer = answers_->Answer(tenant_, {.question = question, .at = at});
        EXPECT_TRUE(answer) << question << ": " << (answer ? "" : answer.error().message);
        return answer ? *answer : boost::json::object();
    }

    static std::string Text(const boost::json::object& o, std::string_view key) {
        const auto* v = o.if_contains(key);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    }

    std::unique_ptr<AnswerService> answers_;
};

TEST_P(AnswerServiceTest, PlaceHoursWhenClosedAtNoon) {
    // Monday 1 March 2027, 12:30: the town hall is closed until 14:00.
    const auto a = Ask("La mairie est-elle ouverte ?", ParisTime(2027, 3, 1, 12, 30));
    EXPECT_EQ(Text(a, "intent"), "place_hours");
    ASSERT_TRUE(a.at("place").is_object()) << a;
    EXPECT_EQ(Text(a.at("place").as_object(), "id"), "mairie");
    EXPECT_EQ(a.at("open"), boost::json::value(false)) << a;
    const boost::json::array expected = {
        boost::json::array{"2027-03-01T09:00:00+01:00", "2027-03-01T12:00:00+01:00"},
        boost::json::array{"2027-03-01T14:00:00+01:00", "2027-03-01T17:00:00+01:00"}};
    EXPECT_EQ(a.at("day_intervals").as_array(), expected) << a;
    EXPECT_EQ(Text(a, "next_change"), "2027-03-01T14:00:00+01:00");
    EXPECT_NE(Text(a, "text").find("fermée"), std::string::npos) << Text(a, "text");
    EXPECT_NE(Text(a, "text").find("14 h"), std::string::npos) << Text(a, "text");
    // The place's service comes with the answer.
    ASSERT_TRUE(a.at("service").is_object());
    EXPECT_EQ(Text(a.at("service").as_object(), "id"), "etat-civil");
    EXPECT_TRUE(a.at("candidates").as_array().empty());
}

TEST_P(AnswerServiceTest, PlaceHoursWhenOpen) {
    const auto a = Ask("La mairie est-elle ouverte ?", ParisTime(2027, 3, 1, 10));
    EXPECT_EQ(Text(a, "intent"), "place_hours");
    EXPECT_EQ(a.at("open"), boost::json::value(true)) << a;
    EXPECT_EQ(Text(a, "next_change"), "2027-03-01T12:00:00+01:00");
    EXPECT_NE(Text(a, "text").find("ouverte"), std::string::npos) << Text(a, "text");
    // In summer time the offset follows.
    const auto summer = Ask("La mairie est-elle ouverte ?", ParisTime(2027, 4, 6, 10));
    EXPECT_EQ(Text(summer, "next_change"), "2027-04-06T12:00:00+02:00");
}

TEST_P(AnswerServiceTest, PublicHolidaysCloseThePlace) {
    // Saturday 1 May 2027 is a public holiday: "PH off" wins over "Sa 09:00-12:00".
    const auto a = Ask("La mairie est-elle ouverte ?", ParisTime(2027, 5, 1, 10));
    EXPECT_EQ(Text(a, "intent"), "place_hours");
    EXPECT_EQ(a.at("open"), boost::json::value(false)) << a;
    EXPECT_TRUE(a.at("day_intervals").as_array().empty()) << a;
    EXPECT_EQ(Text(a, "next_change"), "2027-05-03T09:00:00+02:00");
}

TEST_P(AnswerServiceTest, NamedPoolIsNotAmbiguous) {
    // Monday: the Tilleuls pool is closed, opens on Tuesday at 10:00.
    const auto a = Ask("la piscine des Tilleuls est-elle ouverte ?", ParisTime(2027, 3, 1, 15));
    EXPECT_EQ(Text(a, "intent"), "place_hours");
    ASSERT_TRUE(a.at("place").is_object()) << a;
    EXPECT_EQ(Text(a.at("place").as_object(), "id"), "piscine-tilleuls");
    EXPECT_EQ(a.at("open"), boost::json::value(false));
    EXPECT_EQ(Text(a, "next_change"), "2027-03-02T10:00:00+01:00");
    EXPECT_TRUE(a.at("candidates").as_array().empty());
}

TEST_P(AnswerServiceTest, ThePoolIsAmbiguousWithTwoPools) {
    const auto a = Ask("la piscine est-elle ouverte ?", ParisTime(2027, 3, 1, 15));
    EXPECT_EQ(Text(a, "intent"), "place_hours");
    const auto& candidates = a.at("candidates").as_array();
    ASSERT_EQ(candidates.size(), 2u) << a;
    std::vector<std::string> ids;
    for (const auto& c : candidates) ids.push_back(Text(c.as_object(), "id"));
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"piscine-bouin", "piscine-tilleuls"}));
    for (const auto& c : candidates) {
        // Monday 15:00: Jean-Bouin is open, the Tilleuls closed.
        const bool bouin = Text(c.as_object(), "id") == "piscine-bouin";
        EXPECT_EQ(c.at("open"), boost::json::value(bouin)) << c;
    }
    EXPECT_NE(Text(a, "text").find("Plusieurs lieux"), std::string::npos) << Text(a, "text");
    EXPECT_LT(a.at("confidence").as_double(), 0.6);
}

TEST_P(AnswerServiceTest, NextCouncilMeeting) {
    const auto a = Ask("prochain conseil municipal", ParisTime(2027, 3, 1, 10));
    EXPECT_EQ(Text(a, "intent"), "events");
    const auto& events = a.at("events").as_array();
    ASSERT_EQ(events.size(), 1u) << a;
    EXPECT_EQ(Text(events[0].as_object(), "id"), "conseil");
    EXPECT_EQ(Text(events[0].as_object(), "start"), "2027-03-09T19:00:00+01:00");
    EXPECT_EQ(Text(events[0].as_object(), "place_id"), "mairie");
    EXPECT_NE(Text(a, "text").find("Prochain rendez-vous"), std::string::npos) << Text(a, "text");
    EXPECT_NE(Text(a, "text").find("mardi 9 mars"), std::string::npos) << Text(a, "text");

    // After the March meeting, the next one is in April (summer time).
    const auto later = Ask("prochain conseil municipal", ParisTime(2027, 3, 9, 22, 30));
    ASSERT_EQ(later.at("events").as_array().size(), 1u);
    EXPECT_EQ(Text(later.at("events").as_array()[0].as_object(), "start"),
              "2027-04-13T19:00:00+02:00");
}

TEST_P(AnswerServiceTest, OrientationToTheServiceInCharge) {
    const auto a = Ask("mon voisin fait du bruit", ParisTime(2027, 3, 1, 10));
    EXPECT_EQ(Text(a, "intent"), "orientation");
    ASSERT_TRUE(a.at("service").is_object()) << a;
    EXPECT_EQ(Text(a.at("service").as_object(), "id"), "police-municipale");
    EXPECT_EQ(Text(a.at("service").as_object(), "phone"), "01 60 00 00 17");
    EXPECT_NE(Text(a, "text").find("Police municipale"), std::string::npos) << Text(a, "text");
    EXPECT_EQ(a.at("offer_request"), boost::json::value(true));
}

TEST_P(AnswerServiceTest, ArticleAnswersAProcedure) {
    const auto a = Ask("comment obtenir un acte de naissance", ParisTime(2027, 3, 1, 10));
    EXPECT_EQ(Text(a, "intent"), "article");
    const auto& articles = a.at("articles").as_array();
    ASSERT_FALSE(articles.empty()) << a;
    EXPECT_EQ(Text(articles[0].as_object(), "id"), "sp:F1427");
    EXPECT_EQ(Text(articles[0].as_object(), "title"), "Acte de naissance");
    EXPECT_NE(Text(a, "text").find("Acte de naissance"), std::string::npos) << Text(a, "text");
}

// A question with an event's or a place's words may be answered by an article: the article
// answers instead of an empty agenda, and the best one is shown beside an hours answer.
TEST_P(AnswerServiceTest, ArticleAnswersAnAgendaQuestionTheAgendaCannot) {
    auto event = events_->Import(tenant_, R"([{"id": "marche-noel", "title": "Marché de Noël",
        "category": "culture", "place_id": "mairie", "start": "2027-12-03T11:00",
        "end": "2027-12-03T20:00", "rrule": "FREQ=DAILY;COUNT=3"}])");
    ASSERT_TRUE(event && event->errors.empty());
    auto article = articles_->ImportJsonLines(
        tenant_,
        R"({"doc_id": "stationnement-noel", "title": "Stationnement pendant le marché de Noël", "text": "Pendant le marché de Noël, le parvis est fermé aux voitures. Pour vous garer, le parking de la gare est gratuit le week-end."})"
        "\n",
        {std::nullopt, "Import"});
    ASSERT_TRUE(article && article->errors.empty());

    const auto a = Ask("où se garer pendant le marché de Noël ?", ParisTime(2027, 12, 1, 10));
    EXPECT_EQ(Text(a, "intent"), "article") << a;
    ASSERT_FALSE(a.at("articles").as_array().empty()) << a;
    EXPECT_EQ(Text(a.at("articles").as_array()[0].as_object(), "id"), "stationnement-noel");
    EXPECT_EQ(Text(a, "text").find("aucun événement"), std::string::npos) << Text(a, "text");

    // The agenda still answers when it is asked about the market itself, without an article
    // that scores as well beside it.
    const auto when = Ask("quand a lieu le marché de Noël ?", ParisTime(2027, 12, 1, 10));
    EXPECT_EQ(Text(when, "intent"), "events") << when;
    ASSERT_FALSE(when.at("events").as_array().empty()) << when;
}

TEST_P(AnswerServiceTest, BestArticleBesideAnHoursAnswer) {
    const auto a = Ask("la mairie est-elle ouverte samedi pour un acte de naissance ?",
                       ParisTime(2027, 3, 1, 10));
    EXPECT_EQ(Text(a, "intent"), "place_hours") << a;
    ASSERT_TRUE(a.at("place").is_object()) << a;
    EXPECT_EQ(Text(a.at("place").as_object(), "id"), "mairie");
    const auto& articles = a.at("articles").as_array();
    ASSERT_EQ(articles.size(), 1u) << a;
    EXPECT_EQ(Text(articles[0].as_object(), "id"), "sp:F1427");
    EXPECT_NE(Text(a, "text").find("À lire aussi"), std::string::npos) << Text(a, "text");

    // A plain hours question gets no article beside.
    const auto plain = Ask("la piscine des Tilleuls est-elle ouverte ?", ParisTime(2027, 3, 1, 15));
    EXPECT_TRUE(plain.at("articles").as_array().empty()) << plain;
    const auto council = Ask("prochain conseil municipal", ParisTime(2027, 3, 1, 10));
    EXPECT_TRUE(council.at("articles").as_array().empty()) << council;
}

TEST_P(AnswerServiceTest, EmptyOrTooLongQuestionsAreRefused) {
    for (const char* q : {"", "   ", " ? "}) {
        auto answer = answers_->Answer(tenant_, {.question = q});
        ASSERT_FALSE(answer) << q;
        EXPECT_EQ(answer.error().code, ErrorCode::kInvalidArgument);
    }
    auto long_question = answers_->Answer(tenant_, {.question = std::string(501, 'a')});
    ASSERT_FALSE(long_question);
    EXPECT_EQ(long_question.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(AnswerServiceTest, AnotherTenantKnowsNothing) {
    const std::string other = MakeTenant("autreville");
    auto a = answers_->Answer(
        other, {.question = "La mairie est-elle ouverte ?", .at = ParisTime(2027, 3, 1, 10)});
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_TRUE(a->at("place").is_null());
    EXPECT_TRUE(a->at("articles").as_array().empty());
    auto unknown = answers_->Answer("no-such-tenant", {.question = "mairie"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_P(AnswerServiceTest, DateNotUnderstoodIsNeverAnsweredForAnotherDay) {
    auto a = answers_->Answer(tenant_, {.question = "La mairie est-elle ouverte le 31 février ?",
                                        .at = ParisTime(2027, 3, 1, 10)});
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_TRUE(a->at("date_unclear").as_bool()) << *a;
    EXPECT_TRUE(a->at("window").is_null());
    EXPECT_TRUE(a->at("open").is_null());
    EXPECT_NE(std::string(a->at("text").as_string()).find("Le 31 février n'existe pas."),
              std::string::npos)
        << *a;
    auto b = answers_->Answer(tenant_, {.question = "La mairie est-elle ouverte demain matin ?",
                                        .at = ParisTime(2027, 3, 1, 10)});
    ASSERT_TRUE(b) << b.error().message;
    EXPECT_FALSE(b->at("date_unclear").as_bool());
    const auto& window = b->at("window").as_object();
    EXPECT_EQ(window.at("from").as_string(), "2027-03-02T06:00:00+01:00");
    EXPECT_EQ(window.at("to").as_string(), "2027-03-02T12:00:00+01:00");
    EXPECT_EQ(window.at("label").as_string(), "demain, mardi 2 mars au matin");
    // The place was understood even though the day was not: the answer names it.
    EXPECT_FALSE(b->at("place").is_null()) << *b;
    EXPECT_EQ(a->at("place"), b->at("place")) << *a;
}

TEST_P(AnswerServiceTest, WeekOfAPlace) {
    // The clock says Monday 1 March 2027, 10:00.
    auto mairie = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(mairie);
    auto week = answers_->Week(tenant_, *mairie);
    ASSERT_TRUE(week) << week.error().message;
    EXPECT_EQ(week->state, "open");
    EXPECT_EQ(week->next_change, std::optional<std::string>("2027-03-01T12:00:00+01:00"));
    ASSERT_EQ(week->intervals.size(), 11u);  // Two a day from Monday to Friday, one on Saturday.
    EXPECT_EQ(week->intervals.front().first, "2027-03-01T09:00:00+01:00");
    EXPECT_EQ(week->intervals.back().second, "2027-03-06T12:00:00+01:00");
    Place unknown = *mairie;
    unknown.opening_hours.clear();
    EXPECT_EQ(answers_->Week(tenant_, unknown)->state, "unknown");
}

INSTANTIATE_TEST_SUITE_P(Drivers, AnswerServiceTest, ::testing::ValuesIn(AllTestDatabases()),
                         TestDatabaseName());

}  // namespace
}  // namespace guichet::knowledge
