// Issue 12: the knowledge services own their consistency.
// - Every kind of change made through a service (article creation, publication and update, place
//   hours, notices, creation and removal, imports, events, neighbourhoods) is published on its
//   ChangeFeed, and the next answer sees it without any handler invalidating a cache.
// - Places and events carry a version checked inside the service's transaction: of two
//   administrators who read the same version, the second is refused and nothing is overwritten.
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "knowledge/answer_service.hpp"
#include "knowledge/knowledge_test_support.hpp"
#include "knowledge/neighbourhood_service.hpp"
#include "knowledge/service_import.hpp"

namespace guichet::knowledge {
namespace {

using storage::testing::AllTestDatabases;
using storage::testing::TestDatabaseName;
using testing::KnowledgeTest;
using testing::ParisTime;

constexpr std::string_view kServices = R"([
  {"id": "etat-civil", "name": "État civil", "topics": ["naissance", "mariage"]}
])";

constexpr std::string_view kPlaces = R"([
  {"id": "mairie", "name": "Mairie de Villebelle", "type": "mairie", "service_id": "etat-civil",
   "opening_hours": "Mo-Fr 09:00-12:00,14:00-17:00"},
  {"id": "mediatheque", "name": "Médiathèque Louise-Michel", "type": "mediatheque",
   "opening_hours": "Tu-Sa 10:00-18:00"}
])";

// Monday 1 March 2027, 10:00 in Paris: the town hall is open.
const TimePoint kMonday10 = ParisTime(2027, 3, 1, 10);

class KnowledgeChangesTest : public KnowledgeTest {
  protected:
    void SetUp() override {
        KnowledgeTest::SetUp();
        if (HasFatalFailure()) return;
        auto services = ImportServices(*tenancy_, tenant_, kServices);
        ASSERT_TRUE(services && services->errors.empty());
        auto places = places_->Import(tenant_, kPlaces);
        ASSERT_TRUE(places && places->errors.empty() && places->created == 2);
        answers_ =
            std::make_unique<AnswerService>(clock_, *tenancy_, *places_, *events_, *articles_);
    }

    boost::json::object Ask(const std::string& question, TimePoint at = kMonday10) {
        auto answer = answers_->Answer(tenant_, {.question = question, .at = at});
        EXPECT_TRUE(answer) << question << ": " << (answer ? "" : answer.error().message);
        return answer ? *answer : boost::json::object();
    }

    static std::string Text(const boost::json::object& o, std::string_view key) {
        const auto* v = o.if_contains(key);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    }

    static std::string FirstArticle(const boost::json::object& a) {
        const auto& articles = a.at("articles").as_array();
        return articles.empty() ? std::string() : Text(articles[0].as_object(), "title");
    }

    std::unique_ptr<AnswerService> answers_;
};

TEST_P(KnowledgeChangesTest, PlaceHoursChangedThroughTheServiceAreSeenByTheNextAnswer) {
    // The first answer fills the tenant's cache.
    EXPECT_EQ(Ask("La mairie est-elle ouverte ?").at("open"), boost::json::value(true));

    auto mairie = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(mairie);
    Place changed = *mairie;
    changed.opening_hours = "Mo-Fr 14:00-17:00";
    auto saved = places_->Save(tenant_, changed, mairie->version);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, mairie->version + 1);
    EXPECT_EQ(Ask("La mairie est-elle ouverte ?").at("open"), boost::json::value(false));

    // The same through an import (the command line's way).
    auto reimport = places_->Import(
        tenant_, R"([{"id": "mairie", "name": "Mairie de Villebelle", "type": "mairie",
                      "opening_hours": "Mo-Fr 08:00-18:00"}])");
    ASSERT_TRUE(reimport && reimport->updated == 1);
    EXPECT_EQ(Ask("La mairie est-elle ouverte ?").at("open"), boost::json::value(true));
    auto after_import = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(after_import);
    EXPECT_EQ(after_import->version, saved->version + 1);
}

TEST_P(KnowledgeChangesTest, NoticesAndNewAndRemovedPlacesAreSeenByTheNextAnswer) {
    EXPECT_TRUE(Ask("La mairie est-elle ouverte ?").at("notices").as_array().empty());

    auto added = places_->AddNotice(tenant_, "mairie", {.message = "Accueil au 1er étage"});
    ASSERT_TRUE(added) << added.error().message;
    const auto with_notice = Ask("La mairie est-elle ouverte ?");
    const auto& notices = with_notice.at("notices").as_array();
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_EQ(notices[0], boost::json::value("Accueil au 1er étage"));

    auto removed = places_->RemoveNotice(tenant_, "mairie", added->notice.id);
    ASSERT_TRUE(removed) << removed.error().message;
    EXPECT_EQ(*removed, added->place_version + 1);
    EXPECT_TRUE(Ask("La mairie est-elle ouverte ?").at("notices").as_array().empty());

    // A new place is known to the very next answer.
    const auto before = Ask("Le gymnase Colette est-il ouvert ?");
    EXPECT_TRUE(before.at("place").is_null()) << before;
    Place gym;
    gym.name = "Gymnase Colette";
    gym.type = "gymnase";
    gym.opening_hours = "Mo-Su 08:00-22:00";
    auto created = places_->Save(tenant_, gym);
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->version, 1);
    const auto found = Ask("Le gymnase Colette est-il ouvert ?");
    ASSERT_TRUE(found.at("place").is_object()) << found;
    EXPECT_EQ(Text(found.at("place").as_object(), "name"), "Gymnase Colette");

    // And a removed one is forgotten by it.
    ASSERT_TRUE(places_->Remove(tenant_, created->id, created->version));
    EXPECT_TRUE(Ask("Le gymnase Colette est-il ouvert ?").at("place").is_null());
}

TEST_P(KnowledgeChangesTest, EventsSavedThroughTheServiceAreSeenByTheNextAnswer) {
    EXPECT_TRUE(Ask("prochain conseil municipal").at("events").as_array().empty());
    Event council;
    council.title = "Conseil municipal";
    council.category = "conseil municipal";
    council.start = ParisTime(2027, 3, 9, 19);
    council.end = ParisTime(2027, 3, 9, 22);
    auto saved = events_->Save(tenant_, council);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, 1);
    const auto a = Ask("prochain conseil municipal");
    ASSERT_EQ(a.at("events").as_array().size(), 1u) << a;
    EXPECT_EQ(Text(a.at("events").as_array()[0].as_object(), "start"), "2027-03-09T19:00:00+01:00");

    // Moved a week later.
    Event moved = *saved;
    moved.start = ParisTime(2027, 3, 16, 19);
    moved.end = ParisTime(2027, 3, 16, 22);
    auto resaved = events_->Save(tenant_, moved, saved->version);
    ASSERT_TRUE(resaved) << resaved.error().message;
    EXPECT_EQ(resaved->version, 2);
    EXPECT_EQ(
        Text(Ask("prochain conseil municipal").at("events").as_array()[0].as_object(), "start"),
        "2027-03-16T19:00:00+01:00");

    ASSERT_TRUE(events_->Remove(tenant_, saved->id, resaved->version));
    EXPECT_TRUE(Ask("prochain conseil municipal").at("events").as_array().empty());
}

TEST_P(KnowledgeChangesTest, ArticlesPublishedAndUpdatedThroughTheServiceAreSeenByTheNextAnswer) {
    const std::string question = "comment obtenir un acte de naissance";
    EXPECT_EQ(FirstArticle(Ask(question)), "");
    auto created = articles_->Create(
        tenant_,
        {.title = "Acte de naissance",
         .body = "Pour obtenir un acte de naissance, faites une demande au guichet de l'état "
                 "civil."},
        {std::nullopt, "Test"});
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(FirstArticle(Ask(question)), "") << "a draft answers nothing";

    auto published = articles_->SetStatus(tenant_, created->id, ArticleStatus::kPublished,
                                          std::nullopt, created->version, {std::nullopt, "Test"});
    ASSERT_TRUE(published) << published.error().message;
    EXPECT_EQ(FirstArticle(Ask(question)), "Acte de naissance");

    ArticleContent content = published->content;
    content.title = "Obtenir un acte de naissance";
    auto updated =
        articles_->Update(tenant_, created->id, content, published->version, {std::nullopt, "T"});
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ(FirstArticle(Ask(question)), "Obtenir un acte de naissance");
}

TEST_P(KnowledgeChangesTest, EveryServicePublishesItsCommittedChangesAndOnlyThose) {
    std::vector<std::pair<std::string, Change>> seen;
    auto record = [&](std::string_view tenant_id, Change what) {
        seen.emplace_back(std::string(tenant_id), what);
    };
    NeighbourhoodService neighbourhoods(*db_, clock_);
    places_->changes().Listen(record);
    events_->changes().Listen(record);
    articles_->changes().Listen(record);
    neighbourhoods.changes().Listen(record);

    auto imported = neighbourhoods.Import(tenant_, R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "id": "centre", "properties": {"nom": "Centre"},
       "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}}
    ]})");
    ASSERT_TRUE(imported && imported->created == 1);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen.back(), std::pair(tenant_, Change::kNeighbourhoods));

    auto mairie = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(mairie);
    ASSERT_TRUE(places_->Save(tenant_, *mairie, mairie->version));
    EXPECT_EQ(seen.back(), std::pair(tenant_, Change::kPlaces));

    Event e{.title = "Marché", .start = kMonday10, .end = kMonday10 + std::chrono::hours(2)};
    e.category = "marché";
    ASSERT_TRUE(events_->Save(tenant_, e));
    EXPECT_EQ(seen.back(), std::pair(tenant_, Change::kEvents));

    ASSERT_TRUE(articles_->Create(tenant_, {.title = "Titre", .body = "Texte."}, {{}, "T"}));
    EXPECT_EQ(seen.back(), std::pair(tenant_, Change::kArticles));

    // A refused change (stale version, invalid hours) publishes nothing.
    const std::size_t count = seen.size();
    EXPECT_FALSE(places_->Save(tenant_, *mairie, mairie->version));
    Place bad = *mairie;
    bad.opening_hours = "n'importe quand";
    EXPECT_FALSE(places_->Save(tenant_, bad));
    EXPECT_EQ(seen.size(), count);
}

TEST_P(KnowledgeChangesTest, TheSecondOfTwoEditorsOfAPlaceIsRefusedAndNothingIsOverwritten) {
    // Two administrators open the town hall at the same version.
    auto first_read = places_->Get(tenant_, "mairie");
    auto second_read = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(first_read && second_read);
    EXPECT_EQ(first_read->version, 1);

    Place first = *first_read;
    first.phone = "01 60 00 00 00";
    auto saved = places_->Save(tenant_, first, first_read->version);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, 2);

    Place second = *second_read;
    second.opening_hours = "Mo-Fr 10:00-12:00";
    auto refused = places_->Save(tenant_, second, second_read->version);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().type, "stale-version");
    auto stored = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->version, 2);
    EXPECT_EQ(stored->phone, std::optional<std::string>("01 60 00 00 00"));
    EXPECT_EQ(stored->opening_hours, "Mo-Fr 09:00-12:00,14:00-17:00");

    // Notices and removal are checked the same way; nullopt (If-Match: *) overwrites.
    EXPECT_EQ(places_->AddNotice(tenant_, "mairie", {.message = "Avis"}, 1).error().type,
              "stale-version");
    EXPECT_EQ(places_->Remove(tenant_, stored->id, 1).error().type, "stale-version");
    ASSERT_TRUE(places_->Get(tenant_, "mairie"));
    auto forced = places_->Save(tenant_, second, std::nullopt);
    ASSERT_TRUE(forced) << forced.error().message;
    EXPECT_EQ(forced->version, 3);
}

TEST_P(KnowledgeChangesTest, TheSecondOfTwoEditorsOfAnEventIsRefused) {
    Event e{.title = "Marché", .start = kMonday10, .end = kMonday10 + std::chrono::hours(2)};
    e.category = "marché";
    auto created = events_->Save(tenant_, e);
    ASSERT_TRUE(created);
    Event first = *created;
    first.title = "Grand marché";
    ASSERT_TRUE(events_->Save(tenant_, first, created->version));
    Event second = *created;
    second.title = "Petit marché";
    auto refused = events_->Save(tenant_, second, created->version);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().type, "stale-version");
    EXPECT_EQ(events_->Remove(tenant_, created->id, created->version).error().type,
              "stale-version");
    auto stored = events_->Get(tenant_, created->id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->title, "Grand marché");
    EXPECT_EQ(stored->version, 2);
}

INSTANTIATE_TEST_SUITE_P(Drivers, KnowledgeChangesTest, ::testing::ValuesIn(AllTestDatabases()),
                         TestDatabaseName());

}  // namespace
}  // namespace guichet::knowledge
