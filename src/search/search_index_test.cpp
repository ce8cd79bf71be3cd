#include "search/search_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

namespace guichet::search {
namespace {

constexpr char kTenant[] = "t1";

Document Doc(std::string id, std::string title, std::string body, std::string category = {},
             std::string tenant = kTenant) {
    Document document;
    document.id = std::move(id);
    document.tenant_id = std::move(tenant);
    document.external_id = "sp:" + document.id;
    document.title = std::move(title);
    document.body = std::move(body);
    document.category = std::move(category);
    return document;
}

std::vector<std::string> Ids(const Results& results) {
    std::vector<std::string> ids;
    for (const Hit& hit : results.hits) ids.push_back(hit.id);
    return ids;
}

bool Contains(const Results& results, const std::string& id) {
    const auto ids = Ids(results);
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

class SearchIndexTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto index = SearchIndex::InMemory();
        ASSERT_TRUE(index) << index.error().detail;
        index_ = std::move(*index);
        const std::vector<Document> documents = {
            Doc("civil", "État civil", "Les actes d'état civil sont délivrés par la mairie.",
                "Papiers"),
            Doc("birth", "Acte de naissance",
                "Demander une copie de l'acte de naissance : extrait avec ou sans filiation.",
                "Papiers"),
            Doc("cni", "Carte nationale d'identité",
                "La carte nationale d'identité d'un majeur est valable 15 ans.", "Papiers"),
            Doc("passport", "Passeport", "Le passeport biométrique se demande en mairie.",
                "Papiers"),
            Doc("caf", "Caisse d'allocations familiales",
                "Les prestations familiales sont versées par la caisse.", "Social"),
            Doc("pool", "Piscine municipale", "Horaires d'ouverture de la piscine.", "Loisirs"),
        };
        ASSERT_TRUE(index_->UpsertMany(documents));
    }

    Results Find(std::string text, bool prefix = false) {
        Query query;
        query.tenant_id = kTenant;
        query.text = std::move(text);
        query.prefix = prefix;
        auto results = index_->Search(query);
        EXPECT_TRUE(results) << results.error().detail;
        return results ? *results : Results{};
    }

    std::unique_ptr<SearchIndex> index_;
};

TEST_F(SearchIndexTest, AccentsAndCaseDoNotMatter) {
    auto results = Find("etat civil");
    ASSERT_FALSE(results.hits.empty());
    EXPECT_EQ(results.hits.front().id, "civil");
    EXPECT_EQ(Find("ÉTAT CIVIL").hits.front().id, "civil");
    EXPECT_EQ(results.hits.front().external_id, "sp:civil");
    EXPECT_EQ(results.hits.front().title, "État civil");
}

TEST_F(SearchIndexTest, ElisionAndStemming) {
    EXPECT_TRUE(Contains(Find("l'acte"), "birth"));
    EXPECT_TRUE(Contains(Find("l’acte"), "birth"));
    EXPECT_EQ(Find("naissances").hits.front().id, "birth");
}

TEST_F(SearchIndexTest, StopWordsDoNotMatchAlone) {
    // "la", "de" appear everywhere; the content word decides.
    const auto results = Find("la piscine de la ville");
    ASSERT_FALSE(results.hits.empty());
    EXPECT_EQ(results.hits.front().id, "pool");
    EXPECT_EQ(results.hits.size(), 1u);
}

TEST_F(SearchIndexTest, ScoresAreNormalisedBestFirst) {
    const auto results = Find("acte naissance mairie");
    ASSERT_GE(results.hits.size(), 2u);
    for (std::size_t i = 0; i < results.hits.size(); ++i) {
        EXPECT_GT(results.hits[i].score, 0.0);
        EXPECT_LE(results.hits[i].score, 1.0);
        if (i > 0) {
            EXPECT_LE(results.hits[i].score, results.hits[i - 1].score);
        }
    }
}

TEST_F(SearchIndexTest, AcronymsAndSynonymsBothWays) {
    EXPECT_EQ(Find("CNI").hits.front().id, "cni");
    EXPECT_EQ(Find("carte d'identité perdue").hits.front().id, "cni");
    EXPECT_TRUE(Contains(Find("aide de la CAF"), "caf"));
}

TEST_F(SearchIndexTest, TenantSynonymsApplyToThatTenantOnly) {
    ASSERT_TRUE(
        index_->UpsertMany({Doc("pool2", "Piscine", "Horaires du centre aquatique.", "", "t2")}));
    EXPECT_FALSE(Contains(Find("bassin nautique"), "pool"));
    ASSERT_TRUE(index_->SetSynonyms(kTenant, {{{"bassin nautique", "piscine"}}}));
    EXPECT_EQ(Find("bassin nautique").hits.front().id, "pool");
    Query other;
    other.tenant_id = "t2";
    other.text = "bassin nautique";
    auto results = index_->Search(other);
    ASSERT_TRUE(results);
    EXPECT_TRUE(results->hits.empty());
    // Replacing the groups drops the old ones.
    ASSERT_TRUE(index_->SetSynonyms(kTenant, {}));
    EXPECT_FALSE(Contains(Find("bassin nautique"), "pool"));
}

TEST_F(SearchIndexTest, MisspeltWordsAreSuggestedAndSearched) {
    const auto results = Find("pasport perdu");
    ASSERT_TRUE(results.suggestion.has_value());
    EXPECT_EQ(*results.suggestion, "passeport perdu");
    ASSERT_FALSE(results.hits.empty());
    EXPECT_EQ(results.hits.front().id, "passport");
    EXPECT_FALSE(Find("passeport").suggestion.has_value());
}

TEST_F(SearchIndexTest, SuggestionsComeOnlyFromTheTenantsVisibleWords) {
    auto secret = Doc("secret", "Procédure", "Le mot zygomatique est interne.");
    secret.internal = true;
    ASSERT_TRUE(index_->Upsert(secret));
    ASSERT_TRUE(index_->Upsert(Doc("other", "Autre", "Le mot xylophone.", "", "t2")));
    EXPECT_FALSE(Find("zygomatiqe").suggestion.has_value());
    EXPECT_FALSE(Find("xylophne").suggestion.has_value());
}

TEST_F(SearchIndexTest, LastWordIsAPrefixWhenAsked) {
    EXPECT_EQ(Find("passep", true).hits.front().id, "passport");
    EXPECT_FALSE(Contains(Find("passep", false), "passport"));
    EXPECT_EQ(Find("acte de naiss", true).hits.front().id, "birth");
}

TEST_F(SearchIndexTest, TenantsAreIsolated) {
    ASSERT_TRUE(index_->Upsert(Doc("t2-passport", "Passeport", "Passeport ailleurs.", "", "t2")));
    EXPECT_FALSE(Contains(Find("passeport"), "t2-passport"));
    EXPECT_EQ(*index_->Count(kTenant), 6u);
    EXPECT_EQ(*index_->Count("t2"), 1u);
    ASSERT_TRUE(index_->RemoveTenant("t2"));
    EXPECT_EQ(*index_->Count("t2"), 0u);
    EXPECT_EQ(*index_->Count(kTenant), 6u);
    Query no_tenant;
    no_tenant.text = "passeport";
    EXPECT_EQ(index_->Search(no_tenant).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(SearchIndexTest, InternalDocumentsOnlyWhenAsked) {
    auto memo = Doc("memo", "Note interne passeport", "Consignes aux agents pour le passeport.");
    memo.internal = true;
    ASSERT_TRUE(index_->Upsert(memo));
    EXPECT_FALSE(Contains(Find("consignes passeport"), "memo"));
    Query query;
    query.tenant_id = kTenant;
    query.text = "consignes passeport";
    query.include_internal = true;
    EXPECT_TRUE(Contains(*index_->Search(query), "memo"));
}

TEST_F(SearchIndexTest, FacetsCountAndFilter) {
    Query query;
    query.tenant_id = kTenant;
    query.text = "";
    auto all = index_->Search(query);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->hits.size(), 6u);
    const auto& categories = all->facets.at("category");
    ASSERT_EQ(categories.size(), 3u);
    EXPECT_EQ(categories[0].value, "Papiers");
    EXPECT_EQ(categories[0].count, 4u);

    query.text = "mairie";
    query.category = "Papiers";
    auto papers = index_->Search(query);
    ASSERT_TRUE(papers);
    auto ids = Ids(*papers);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"civil", "passport"}));
    query.category = "Loisirs";
    EXPECT_TRUE(index_->Search(query)->hits.empty());

    Document serviced = Doc("s", "Guichet passeport", "Passeport au guichet.");
    serviced.service_id = "svc-1";
    ASSERT_TRUE(index_->Upsert(serviced));
    query.category.reset();
    query.text = "passeport";
    query.service_id = "svc-1";
    auto by_service = index_->Search(query);
    ASSERT_TRUE(by_service);
    EXPECT_EQ(Ids(*by_service), std::vector<std::string>{"s"});
    ASSERT_EQ(by_service->facets.at("service").size(), 1u);
    EXPECT_EQ(by_service->facets.at("service")[0].count, 1u);
}

TEST_F(SearchIndexTest, UpsertReplacesAndRemoveDeletes) {
    ASSERT_TRUE(index_->Upsert(Doc("pool", "Médiathèque", "Prêt de livres.")));
    EXPECT_FALSE(Contains(Find("piscine"), "pool"));
    EXPECT_EQ(Find("livres").hits.front().id, "pool");
    EXPECT_EQ(*index_->Count(kTenant), 6u);
    ASSERT_TRUE(index_->Remove("pool"));
    EXPECT_TRUE(Find("livres").hits.empty());
    EXPECT_TRUE(index_->Remove("pool"));  // Idempotent.
    EXPECT_EQ(*index_->Count(kTenant), 5u);
    EXPECT_FALSE(index_->Upsert(Doc("", "x", "y")));
}

TEST_F(SearchIndexTest, SnippetMarksMatchesAndEscapes) {
    ASSERT_TRUE(index_->Upsert(
        Doc("html", "Horaires", "Ouvert <lundi> & mardi. Le marché a lieu place de la mairie.")));
    const auto results = Find("marchés");
    ASSERT_FALSE(results.hits.empty());
    const std::string& snippet = results.hits.front().snippet;
    EXPECT_NE(snippet.find("<mark>marché</mark>"), std::string::npos) << snippet;
    EXPECT_NE(snippet.find("&lt;lundi&gt; &amp;"), std::string::npos) << snippet;
}

TEST_F(SearchIndexTest, PlainOptionsDoNoFrenchAnalysis) {
    auto plain = SearchIndex::InMemory(Options{.french = false});
    ASSERT_TRUE(plain);
    ASSERT_TRUE((*plain)->Upsert(Doc("civil", "État civil", "Actes de naissance.")));
    Query query;
    query.tenant_id = kTenant;
    query.prefix = false;
    query.text = "état";
    EXPECT_EQ((*plain)->Search(query)->hits.size(), 1u);
    query.text = "etat";
    EXPECT_TRUE((*plain)->Search(query)->hits.empty());
    query.text = "naissances";
    EXPECT_TRUE((*plain)->Search(query)->hits.empty());
}

class TempDir {
  public:
    TempDir() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("guichet-search-test-" + std::to_string(random()));
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

TEST(SearchIndexDiskTest, PersistsDocumentsSynonymsAndSpellingAcrossReopen) {
    TempDir dir;
    {
        auto index = SearchIndex::OpenDirectory(dir.path());
        ASSERT_TRUE(index) << index.error().detail;
        ASSERT_TRUE((*index)->Upsert(Doc("passport", "Passeport", "Demande de passeport.")));
        ASSERT_TRUE((*index)->Upsert(Doc("pool", "Piscine", "Horaires de la piscine.")));
        ASSERT_TRUE((*index)->SetSynonyms(kTenant, {{{"bassin", "piscine"}}}));
        // A second open of the same directory is refused while the first holds it.
        auto second = SearchIndex::OpenDirectory(dir.path());
        ASSERT_FALSE(second);
        EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
    }
    auto index = SearchIndex::OpenDirectory(dir.path());
    ASSERT_TRUE(index) << index.error().detail;
    EXPECT_EQ(*(*index)->Count(kTenant), 2u);
    Query query;
    query.tenant_id = kTenant;
    query.text = "bassin";
    EXPECT_EQ((*index)->Search(query)->hits.front().id, "pool");
    query.text = "pasport";
    auto results = (*index)->Search(query);
    ASSERT_TRUE(results);
    EXPECT_EQ(results->suggestion, "passeport");
    ASSERT_TRUE((*index)->Remove("pool"));
    query.text = "piscine";
    EXPECT_TRUE((*index)->Search(query)->hits.empty());
}

TEST(SearchIndexDiskTest, ConcurrentReadersSeeEveryCommit) {
    TempDir dir;
    auto opened = SearchIndex::OpenDirectory(dir.path());
    ASSERT_TRUE(opened);
    SearchIndex& index = **opened;
    std::atomic<bool> failed{false};
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&] {
            Query query;
            query.tenant_id = kTenant;
            query.text = "passeport";
            for (int i = 0; i < 100; ++i)
                if (!index.Search(query)) failed = true;
        });
    }
    for (int i = 0; i < 30; ++i) {
        ASSERT_TRUE(index.Upsert(Doc("d" + std::to_string(i), "Passeport", "passeport")));
        Query query;
        query.tenant_id = kTenant;
        query.text = "passeport";
        query.limit = 100;
        EXPECT_EQ(index.Search(query)->hits.size(), static_cast<std::size_t>(i + 1));
    }
    for (auto& reader : readers) reader.join();
    EXPECT_FALSE(failed);
}

}  // namespace
}  // namespace guichet::search
