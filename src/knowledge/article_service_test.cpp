// ArticleService on a real database and an in-memory search index: life cycle, versions,
// scheduled publication, audiences, tenants, imports, exports, index repair and synonyms.
#include "knowledge/article_service.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "knowledge/knowledge_test_support.hpp"

namespace guichet::knowledge {
namespace {

using storage::testing::AllTestDatabases;
using storage::testing::TestDatabaseName;
using testing::KnowledgeTest;

const Author kAlice{std::optional<std::string>("agent-alice"), "Alice Martin"};
const Author kBob{std::optional<std::string>("agent-bob"), "Bob Durand"};

ArticleContent Content(const std::string& title, const std::string& body) {
    ArticleContent c;
    c.title = title;
    c.summary = "Résumé de « " + title + " ».";
    c.body = body;
    return c;
}

class ArticleServiceTest : public KnowledgeTest {
  protected:
    std::vector<std::string> Find(const std::string& text, const std::string& tenant = "",
                                  bool include_internal = false) {
        auto results = articles_->Search(
            tenant.empty() ? tenant_ : tenant,
            {.text = text, .include_internal = include_internal, .prefix = false});
        EXPECT_TRUE(results) << (results ? "" : results.error().detail);
        std::vector<std::string> ids;
        if (results)
            for (const auto& hit : results->hits) ids.push_back(hit.id);
        return ids;
    }

    Article MakeArticle(const std::string& title, const std::string& body) {
        auto a = articles_->Create(tenant_, Content(title, body), kAlice);
        EXPECT_TRUE(a) << (a ? "" : a.error().message);
        return a ? *a : Article{};
    }

    Article Publish(const Article& a, std::optional<TimePoint> at = std::nullopt) {
        auto p =
            articles_->SetStatus(tenant_, a.id, ArticleStatus::kPublished, at, a.version, kAlice);
        EXPECT_TRUE(p) << (p ? "" : p.error().message);
        return p ? *p : Article{};
    }
};

TEST_P(ArticleServiceTest, ACreatedArticleIsADraftAndNotSearchable) {
    Article a = MakeArticle("Recensement citoyen", "Le recensement citoyen dès seize ans.");
    EXPECT_EQ(a.status, ArticleStatus::kDraft);
    EXPECT_EQ(a.version, 1);
    EXPECT_EQ(a.tenant_id, tenant_);
    EXPECT_FALSE(a.external_id);
    EXPECT_EQ(a.created_at, clock_.Now());
    EXPECT_FALSE(a.VisibleAt(clock_.Now()));
    EXPECT_TRUE(Find("recensement").empty());
    auto got = articles_->Get(tenant_, a.id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->content.title, "Recensement citoyen");
    EXPECT_EQ(got->content.body, "Le recensement citoyen dès seize ans.");
}

TEST_P(ArticleServiceTest, PublishingMakesItSearchableAtOnce) {
    Article a = MakeArticle("Recensement citoyen", "Le recensement citoyen dès seize ans.");
    clock_.Advance(std::chrono::minutes(5));
    Article p = Publish(a);
    EXPECT_EQ(p.status, ArticleStatus::kPublished);
    EXPECT_EQ(p.version, 2);
    ASSERT_TRUE(p.published_at);
    EXPECT_EQ(*p.published_at, clock_.Now());
    EXPECT_EQ(Find("recensement"), std::vector<std::string>{a.id});
    EXPECT_EQ(Find("seize"), std::vector<std::string>{a.id});  // A word of the body.
}

TEST_P(ArticleServiceTest, StaleUpdateIsRefusedAndChangesNothing) {
    Article a = MakeArticle("Cimetière", "Les concessions du cimetière communal.");
    auto updated =
        articles_->Update(tenant_, a.id, Content("Cimetière communal", "Nouveau."), 1, kBob);
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ(updated->version, 2);

    auto stale =
        articles_->Update(tenant_, a.id, Content("Écrasé", "Ne doit pas passer."), 1, kAlice);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
    auto got = articles_->Get(tenant_, a.id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->content.title, "Cimetière communal");
    EXPECT_EQ(got->version, 2);
    EXPECT_EQ(articles_->Versions(tenant_, a.id)->size(), 2u);

    // Publishing with a stale version is refused as well.
    auto stale_publish =
        articles_->SetStatus(tenant_, a.id, ArticleStatus::kPublished, std::nullopt, 1, kAlice);
    ASSERT_FALSE(stale_publish);
    EXPECT_EQ(stale_publish.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(articles_->Get(tenant_, a.id)->status, ArticleStatus::kDraft);
}

TEST_P(ArticleServiceTest, VersionsGrowWithAuthorsNewestFirst) {
    Article a = MakeArticle("Cantine", "Inscription à la cantine scolaire.");
    clock_.Advance(std::chrono::minutes(1));
    auto b = articles_->Update(tenant_, a.id, Content("Cantine scolaire", "Tarifs."), 1, kBob);
    ASSERT_TRUE(b);
    clock_.Advance(std::chrono::minutes(1));
    auto c = articles_->SetStatus(tenant_, a.id, ArticleStatus::kPublished, std::nullopt, 2,
                                  Author{std::nullopt, "Import"});
    ASSERT_TRUE(c);
    auto versions = articles_->Versions(tenant_, a.id);
    ASSERT_TRUE(versions);
    ASSERT_EQ(versions->size(), 3u);
    EXPECT_EQ((*versions)[0].version, 3);
    EXPECT_EQ((*versions)[0].author_name, "Import");
    EXPECT_FALSE((*versions)[0].author_id);
    EXPECT_EQ((*versions)[0].status, ArticleStatus::kPublished);
    EXPECT_EQ((*versions)[1].version, 2);
    EXPECT_EQ((*versions)[1].author_name, "Bob Durand");
    EXPECT_EQ((*versions)[1].author_id, std::optional<std::string>("agent-bob"));
    EXPECT_EQ((*versions)[1].content.title, "Cantine scolaire");
    EXPECT_EQ((*versions)[2].version, 1);
    EXPECT_EQ((*versions)[2].author_name, "Alice Martin");
    EXPECT_EQ((*versions)[2].content.title, "Cantine");
    EXPECT_EQ((*versions)[2].status, ArticleStatus::kDraft);
    EXPECT_LT((*versions)[2].created_at, (*versions)[0].created_at);
}

TEST_P(ArticleServiceTest, ArchivingRemovesFromSearch) {
    Article p = Publish(MakeArticle("Encombrants", "Collecte des encombrants sur rendez-vous."));
    EXPECT_EQ(Find("encombrants").size(), 1u);
    auto archived = articles_->SetStatus(tenant_, p.id, ArticleStatus::kArchived, std::nullopt,
                                         p.version, kAlice);
    ASSERT_TRUE(archived);
    EXPECT_EQ(archived->status, ArticleStatus::kArchived);
    EXPECT_TRUE(Find("encombrants").empty());
    // Back to draft: still not searchable; published again: searchable.
    auto draft = articles_->SetStatus(tenant_, p.id, ArticleStatus::kDraft, std::nullopt,
                                      archived->version, kAlice);
    ASSERT_TRUE(draft);
    EXPECT_TRUE(Find("encombrants").empty());
    Publish(*draft);
    EXPECT_EQ(Find("encombrants").size(), 1u);
}

TEST_P(ArticleServiceTest, ScheduledPublicationWaitsForItsTime) {
    Article a = MakeArticle("Marché de Noël", "Le marché de Noël ouvre ses chalets.");
    const TimePoint at = clock_.Now() + std::chrono::hours(2);
    Article p = Publish(a, at);
    EXPECT_EQ(p.status, ArticleStatus::kPublished);
    ASSERT_TRUE(p.publish_at);
    EXPECT_EQ(*p.publish_at, at);
    EXPECT_FALSE(p.VisibleAt(clock_.Now()));
    EXPECT_TRUE(Find("chalets").empty());

    auto none = articles_->PublishDue();
    ASSERT_TRUE(none);
    EXPECT_EQ(*none, 0u);
    EXPECT_TRUE(Find("chalets").empty());

    clock_.Advance(std::chrono::hours(3));
    EXPECT_TRUE(Find("chalets").empty());  // Until PublishDue runs.
    auto due = articles_->PublishDue();
    ASSERT_TRUE(due);
    EXPECT_EQ(*due, 1u);
    EXPECT_EQ(Find("chalets"), std::vector<std::string>{a.id});
    EXPECT_EQ(*articles_->PublishDue(), 0u);  // Done once.
    EXPECT_TRUE(*articles_->IndexIsCurrent(tenant_));
}

TEST_P(ArticleServiceTest, InternalArticlesOnlyForAgents) {
    ArticleContent c = Content("Procédure interne", "Astreinte du week-end : numéro interne.");
    c.audience = Audience::kInternal;
    auto a = articles_->Create(tenant_, c, kAlice);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->content.audience, Audience::kInternal);
    Publish(*a);
    EXPECT_TRUE(Find("astreinte").empty());
    EXPECT_EQ(Find("astreinte", "", true), std::vector<std::string>{a->id});
}

TEST_P(ArticleServiceTest, AnotherTenantSeesNothing) {
    Article p = Publish(MakeArticle("Élections", "Inscription sur les listes électorales."));
    const std::string other = MakeTenant("autreville");
    auto got = articles_->Get(other, p.id);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(Find("électorales", other).empty());
    EXPECT_TRUE(Find("électorales", other, true).empty());
    EXPECT_EQ(articles_->Versions(other, p.id).error().code, ErrorCode::kNotFound);
    auto update = articles_->Update(other, p.id, Content("Piraté", "x"), p.version, kBob);
    ASSERT_FALSE(update);
    EXPECT_EQ(update.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(articles_->List(other, {})->empty());
    EXPECT_EQ(Find("électorales").size(), 1u);
}

TEST_P(ArticleServiceTest, ListFiltersAndPages) {
    Article a = Publish(MakeArticle("Passeport", "Demande de passeport."));
    MakeArticle("Carte d'identité", "Demande de carte nationale d'identité.");
    MakeArticle("Permis de construire", "Urbanisme.");
    auto all = articles_->List(tenant_, {});
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 3u);
    auto published = articles_->List(tenant_, {.status = ArticleStatus::kPublished});
    ASSERT_TRUE(published);
    ASSERT_EQ(published->size(), 1u);
    EXPECT_EQ(published->front().id, a.id);
    auto text = articles_->List(tenant_, {.text = "PERMIS"});
    ASSERT_TRUE(text);
    ASSERT_EQ(text->size(), 1u);
    EXPECT_EQ(text->front().content.title, "Permis de construire");
    auto first = articles_->List(tenant_, {.limit = 2});
    ASSERT_TRUE(first);
    ASSERT_EQ(first->size(), 2u);
    auto second = articles_->List(tenant_, {.limit = 2, .after = first->back().id});
    ASSERT_TRUE(second);
    ASSERT_EQ(second->size(), 1u);
    EXPECT_TRUE(std::none_of(first->begin(), first->end(),
                             [&](const Article& x) { return x.id == second->front().id; }));
}

constexpr std::string_view kImport =
    R"({"doc_id": "sp:F1427", "title": "Acte de naissance", "text": "Demander un acte de naissance en ligne. Gratuit.", "theme": "Papiers - Citoyenneté", "url": "https://www.service-public.fr/particuliers/vosdroits/F1427", "tags": ["état civil"]})"
    "\n"
    R"({"doc_id": "sp:F2", "text": "Sans titre."})"
    "\n"
    "\n"
    R"({"doc_id": "sp:F1427", "title": "Doublon", "text": "Même doc_id."})"
    "\n"
    R"({"doc_id": "sp:F3", "title": "Carte grise", "text": "Immatriculation du véhicule.", "theme": "Transports", "audience": "internal", "url": "ftp://x"})"
    "\n"
    "pas du JSON\n";

TEST_P(ArticleServiceTest, ImportJsonLinesPublishesGoodRowsAndReportsBadOnes) {
    auto report = articles_->ImportJsonLines(tenant_, kImport, {std::nullopt, "Import"});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 2u);
    EXPECT_EQ(report->updated, 0u);
    ASSERT_EQ(report->errors.size(), 3u);
    EXPECT_EQ(report->errors[0].line, 2u);  // No title.
    EXPECT_NE(report->errors[0].message.find("titre"), std::string::npos);
    EXPECT_EQ(report->errors[1].line, 4u);  // Duplicate doc_id.
    EXPECT_NE(report->errors[1].message.find("ligne 1"), std::string::npos);
    EXPECT_EQ(report->errors[2].line, 6u);   // Not JSON.
    ASSERT_EQ(report->warnings.size(), 1u);  // The ftp:// link is left out.
    EXPECT_EQ(report->warnings[0].line, 5u);

    auto a = articles_->Get(tenant_, "sp:F1427");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->external_id, std::optional<std::string>("sp:F1427"));
    EXPECT_EQ(a->status, ArticleStatus::kPublished);
    EXPECT_EQ(a->version, 1);
    EXPECT_EQ(a->content.title, "Acte de naissance");
    EXPECT_EQ(a->content.summary, "Demander un acte de naissance en ligne.");
    EXPECT_EQ(a->category_name, "Papiers - Citoyenneté");
    EXPECT_EQ(a->content.tags, std::vector<std::string>{"état civil"});
    EXPECT_EQ(a->content.url, std::optional<std::string>(
                                  "https://www.service-public.fr/particuliers/vosdroits/F1427"));
    auto f3 = articles_->Get(tenant_, "sp:F3");
    ASSERT_TRUE(f3);
    EXPECT_EQ(f3->content.audience, Audience::kInternal);
    EXPECT_FALSE(f3->content.url);

    // The theme became a category.
    auto categories = articles_->ListCategories(tenant_);
    ASSERT_TRUE(categories);
    ASSERT_EQ(categories->size(), 2u);
    EXPECT_EQ((*categories)[0].name, "Papiers - Citoyenneté");
    EXPECT_EQ((*categories)[1].name, "Transports");
    EXPECT_EQ(a->content.category_id, std::optional<std::string>((*categories)[0].id));

    // Searchable at once; the hit carries the external id.
    auto results = articles_->Search(tenant_, {.text = "naissance", .prefix = false});
    ASSERT_TRUE(results);
    ASSERT_EQ(results->hits.size(), 1u);
    EXPECT_EQ(results->hits[0].external_id, "sp:F1427");
    EXPECT_TRUE(Find("immatriculation").empty());
    EXPECT_EQ(Find("immatriculation", "", true).size(), 1u);

    // The category filters the search.
    auto filtered = articles_->Search(
        tenant_, {.text = "", .include_internal = true, .category = "Transports", .prefix = false});
    ASSERT_TRUE(filtered);
    ASSERT_EQ(filtered->hits.size(), 1u);
    EXPECT_EQ(filtered->hits[0].external_id, "sp:F3");
}

TEST_P(ArticleServiceTest, ReimportUpdatesInsteadOfDuplicating) {
    ASSERT_TRUE(articles_->ImportJsonLines(tenant_, kImport, {std::nullopt, "Import"}));
    clock_.Advance(std::chrono::hours(1));
    const std::string again =
        R"j({"doc_id": "sp:F1427", "title": "Acte de naissance (copie intégrale)", "text": "Nouvelle version du texte.", "theme": "Papiers - Citoyenneté"})j"
        "\n"
        R"({"doc_id": "sp:F4", "title": "Passeport", "text": "Demande de passeport."})"
        "\n";
    auto report = articles_->ImportJsonLines(tenant_, again, {std::nullopt, "Import"});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 1u);
    EXPECT_EQ(report->updated, 1u);
    EXPECT_TRUE(report->errors.empty());
    auto a = articles_->Get(tenant_, "sp:F1427");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->version, 2);
    EXPECT_EQ(a->content.title, "Acte de naissance (copie intégrale)");
    EXPECT_EQ(a->content.tags, std::vector<std::string>{"état civil"});  // Kept.
    EXPECT_EQ(articles_->Versions(tenant_, "sp:F1427")->size(), 2u);
    EXPECT_EQ(articles_->List(tenant_, {})->size(), 3u);
    EXPECT_EQ(articles_->ListCategories(tenant_)->size(), 2u);
    EXPECT_EQ(Find("intégrale"), std::vector<std::string>{a->id});
    EXPECT_EQ(Find("naissance").size(), 1u);
}

TEST_P(ArticleServiceTest, ExportRoundTripsThroughImport) {
    ASSERT_TRUE(articles_->ImportJsonLines(tenant_, kImport, {std::nullopt, "Import"}));
    ArticleContent c = Content("Brouillon", "Un brouillon pas encore publié.");
    c.tags = {"a", "b"};
    ASSERT_TRUE(articles_->Create(tenant_, c, kAlice, std::string("local:1")));
    auto exported = articles_->ExportJsonLines(tenant_);
    ASSERT_TRUE(exported);
    EXPECT_EQ(std::count(exported->begin(), exported->end(), '\n'), 3);

    const std::string other = MakeTenant("autreville");
    auto report = articles_->ImportJsonLines(other, *exported, {std::nullopt, "Import"});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 3u);
    EXPECT_TRUE(report->errors.empty());
    EXPECT_TRUE(report->warnings.empty());
    for (const char* id : {"sp:F1427", "sp:F3", "local:1"}) {
        auto mine = articles_->Get(tenant_, id);
        auto theirs = articles_->Get(other, id);
        ASSERT_TRUE(mine && theirs) << id;
        EXPECT_EQ(theirs->content.title, mine->content.title) << id;
        EXPECT_EQ(theirs->content.summary, mine->content.summary) << id;
        EXPECT_EQ(theirs->content.body, mine->content.body) << id;
        EXPECT_EQ(theirs->content.tags, mine->content.tags) << id;
        EXPECT_EQ(theirs->content.url, mine->content.url) << id;
        EXPECT_EQ(theirs->content.audience, mine->content.audience) << id;
        EXPECT_EQ(theirs->category_name, mine->category_name) << id;
    }
    // Re-importing into the same tenant updates everything and creates nothing.
    auto same = articles_->ImportJsonLines(tenant_, *exported, {std::nullopt, "Import"});
    ASSERT_TRUE(same);
    EXPECT_EQ(same->created, 0u);
    EXPECT_EQ(same->updated, 3u);
}

TEST_P(ArticleServiceTest, IndexRepairAfterItIsEmptied) {
    ASSERT_TRUE(articles_->ImportJsonLines(tenant_, kImport, {std::nullopt, "Import"}));
    EXPECT_TRUE(*articles_->IndexIsCurrent(tenant_));
    Article p = Publish(MakeArticle("Stationnement", "Zone bleue et disque de stationnement."));
    EXPECT_TRUE(*articles_->IndexIsCurrent(tenant_));
    auto updated =
        articles_->Update(tenant_, p.id, Content("Stationnement", "Zone bleue."), p.version, kBob);
    ASSERT_TRUE(updated);
    EXPECT_TRUE(*articles_->IndexIsCurrent(tenant_));

    ASSERT_TRUE(index_->RemoveTenant(tenant_));
    EXPECT_TRUE(Find("naissance").empty());
    auto current = articles_->IndexIsCurrent(tenant_);
    ASSERT_TRUE(current);
    EXPECT_FALSE(*current);

    auto reindexed = articles_->Reindex(tenant_);
    ASSERT_TRUE(reindexed) << reindexed.error().message;
    EXPECT_EQ(*reindexed, 3u);
    EXPECT_TRUE(*articles_->IndexIsCurrent(tenant_));
    EXPECT_EQ(Find("naissance").size(), 1u);
    EXPECT_EQ(Find("bleue"), std::vector<std::string>{p.id});
    EXPECT_EQ(Find("immatriculation", "", true).size(), 1u);
}

TEST_P(ArticleServiceTest, TenantSynonymsAreUsed) {
    Publish(MakeArticle("Trottinettes", "Le stationnement des trottinettes sur les trottoirs."));
    EXPECT_TRUE(Find("patinette").empty());
    const std::vector<search::SynonymGroup> groups = {{{"trottinette", "patinette"}},
                                                      {{"mairie", "hôtel de ville"}}};
    ASSERT_TRUE(articles_->SetSynonyms(tenant_, groups));
    EXPECT_EQ(Find("patinette").size(), 1u);
    auto stored = articles_->Synonyms(tenant_);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->size(), 2u);
    EXPECT_EQ((*stored)[0].forms, (std::vector<std::string>{"trottinette", "patinette"}));
    EXPECT_EQ((*stored)[1].forms, (std::vector<std::string>{"mairie", "hôtel de ville"}));
    // Another tenant's synonyms are its own.
    EXPECT_TRUE(articles_->Synonyms(MakeTenant("autreville"))->empty());
    // A group of one form is refused and nothing changes.
    auto bad = articles_->SetSynonyms(tenant_, {{{"seul"}}});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(articles_->Synonyms(tenant_)->size(), 2u);
    // Replaced as a whole.
    ASSERT_TRUE(articles_->SetSynonyms(tenant_, {}));
    EXPECT_TRUE(articles_->Synonyms(tenant_)->empty());
    EXPECT_TRUE(Find("patinette").empty());
}

// Editing a published article saves a draft beside it: readers and the search keep the
// published text until the draft is published.
TEST_P(ArticleServiceTest, DraftOfAPublishedArticleStaysApartUntilPublished) {
    Article p = Publish(MakeArticle("Recensement citoyen", "Le recensement dès seize ans."));
    // A draft of an unpublished article is refused: it is saved directly.
    Article other = MakeArticle("Brouillon", "Pas encore publié.");
    auto refused = articles_->SaveDraft(tenant_, other.id, Content("B", "C"), other.version, kBob);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().type, "not-published");

    clock_.Advance(std::chrono::minutes(1));
    auto draft = articles_->SaveDraft(tenant_, p.id,
                                      Content("Recensement citoyen", "Le recensement militaire."),
                                      p.version, kBob);
    ASSERT_TRUE(draft) << draft.error().message;
    EXPECT_EQ(draft->base_version, p.version);
    EXPECT_EQ(draft->author_name, "Bob Durand");
    // The published article, its versions and the index are unchanged.
    auto read = articles_->Get(tenant_, p.id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->content.body, "Le recensement dès seize ans.");
    EXPECT_EQ(read->version, p.version);
    EXPECT_EQ(Find("seize"), std::vector<std::string>{p.id});
    EXPECT_TRUE(Find("militaire").empty());
    auto again = articles_->Draft(tenant_, p.id);
    ASSERT_TRUE(again && *again);
    EXPECT_EQ((*again)->content.body, "Le recensement militaire.");

    // A stale version is refused; publishing makes the draft the article and removes it.
    auto stale = articles_->PublishDraft(tenant_, p.id, p.version - 1, kAlice);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
    auto published = articles_->PublishDraft(tenant_, p.id, p.version, kAlice);
    ASSERT_TRUE(published) << published.error().message;
    EXPECT_EQ(published->status, ArticleStatus::kPublished);
    EXPECT_EQ(published->version, p.version + 1);
    EXPECT_EQ(published->content.body, "Le recensement militaire.");
    EXPECT_EQ(Find("militaire"), std::vector<std::string>{p.id});
    EXPECT_TRUE(Find("seize").empty());
    auto gone = articles_->Draft(tenant_, p.id);
    ASSERT_TRUE(gone);
    EXPECT_FALSE(*gone);
    EXPECT_FALSE(articles_->PublishDraft(tenant_, p.id, published->version, kAlice));
}

TEST_P(ArticleServiceTest, ADraftDoesNotUndoALaterDirectChange) {
    Article p = Publish(MakeArticle("Recensement citoyen", "Le recensement dès seize ans."));
    ASSERT_TRUE(
        articles_->SaveDraft(tenant_, p.id, Content("Recensement", "Brouillon."), p.version, kBob));
    auto direct = articles_->Update(tenant_, p.id, Content("Recensement", "Changé directement."),
                                    p.version, kAlice);
    ASSERT_TRUE(direct);
    // The draft was saved against the previous version: publishing it is refused.
    auto publish = articles_->PublishDraft(tenant_, p.id, direct->version, kAlice);
    ASSERT_FALSE(publish);
    EXPECT_EQ(publish.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(articles_->Get(tenant_, p.id)->content.body, "Changé directement.");
    // Discarding it leaves the article as it is.
    ASSERT_TRUE(articles_->DiscardDraft(tenant_, p.id));
    auto discarded = articles_->Draft(tenant_, p.id);
    ASSERT_TRUE(discarded);
    EXPECT_FALSE(*discarded);
    // Another tenant does not see the article at all.
    auto elsewhere = articles_->Draft(MakeTenant("autreville"), p.id);
    ASSERT_FALSE(elsewhere);
    EXPECT_EQ(elsewhere.error().code, ErrorCode::kNotFound);
    EXPECT_FALSE(
        articles_->SaveDraft(MakeTenant("troisville"), p.id, Content("x", "y"), p.version, kBob));
}

TEST_P(ArticleServiceTest, ValidateNamesTheWrongField) {
    EXPECT_TRUE(ArticleService::Validate(Content("Titre", "Texte.")));
    auto blank_title = ArticleService::Validate(Content("  \n", "Texte."));
    ASSERT_FALSE(blank_title);
    EXPECT_EQ(blank_title.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(blank_title.error().message.find("titre"), std::string::npos);
    auto blank_body = ArticleService::Validate(Content("Titre", " "));
    ASSERT_FALSE(blank_body);
    EXPECT_NE(blank_body.error().message.find("texte"), std::string::npos);
    ArticleContent bad_url = Content("Titre", "Texte.");
    bad_url.url = "javascript:alert(1)";
    auto url = ArticleService::Validate(bad_url);
    ASSERT_FALSE(url);
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(url.error().message.find("lien"), std::string::npos);
    ArticleContent empty_tag = Content("Titre", "Texte.");
    empty_tag.tags = {""};
    EXPECT_FALSE(ArticleService::Validate(empty_tag));
    // Nothing is written when validation fails.
    EXPECT_FALSE(articles_->Create(tenant_, bad_url, kAlice));
    EXPECT_TRUE(articles_->List(tenant_, {})->empty());
    // References must exist in the tenant.
    ArticleContent unknown_category = Content("Titre", "Texte.");
    unknown_category.category_id = "nope";
    auto refused = articles_->Create(tenant_, unknown_category, kAlice);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(articles_->List(tenant_, {})->empty());
}

INSTANTIATE_TEST_SUITE_P(Drivers, ArticleServiceTest, ::testing::ValuesIn(AllTestDatabases()),
                         TestDatabaseName());

}  // namespace
}  // namespace guichet::knowledge
