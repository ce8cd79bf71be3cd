// Tests of the French resources behind the search (french_lexicon.hpp) and of the query
// expansions they feed (query_expansion.hpp): lemmas, thesaurus synonyms, pseudo-relevance
// feedback, proximity, each on a small corpus written for the test, and the fallback when the
// Debian files are absent. The tests that need hunspell-fr and mythes-fr (installed by
// scripts/setup.sh) say so and skip without them.
#include <gtest/gtest.h>

#include <algorithm>

#include "search/french_lexicon.hpp"
#include "search/search_index.hpp"

namespace guichet::search {
namespace {

constexpr char kTenant[] = "t";

Document Doc(std::string id, std::string title, std::string body) {
    Document document;
    document.id = std::move(id);
    document.tenant_id = kTenant;
    document.title = std::move(title);
    document.body = std::move(body);
    return document;
}

// Unrelated pages, so that a word of the test is rare enough to count (and to pass the
// expansions' guard against words present in most documents).
std::vector<Document> Filler() {
    return {
        Doc("f1", "Piscine municipale", "Horaires d'ouverture du bassin et tarifs des entrées."),
        Doc("f2", "Bibliothèque", "Emprunter des livres, des disques et des revues."),
        Doc("f3", "Cantine scolaire", "Inscrire un élève au restaurant de l'école."),
        Doc("f4", "Déchets", "Jours de collecte des ordures ménagères et du tri sélectif."),
        Doc("f5", "Cimetière", "Concessions funéraires et horaires du cimetière communal."),
        Doc("f6", "Marché", "Le marché se tient le samedi matin sur la place."),
    };
}

std::vector<std::string> Search(SearchIndex& index, const std::string& text) {
    Query query;
    query.tenant_id = kTenant;
    query.text = text;
    query.prefix = false;
    auto results = index.Search(query);
    EXPECT_TRUE(results) << results.error().detail;
    std::vector<std::string> ids;
    if (results)
        for (const Hit& hit : results->hits) ids.push_back(hit.id);
    return ids;
}

bool Has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::unique_ptr<SearchIndex> Index(const Ranking& ranking, std::vector<Document> documents,
                                   FrenchResources resources = {}) {
    auto index = SearchIndex::InMemory(Options{.ranking = ranking, .resources = resources});
    EXPECT_TRUE(index);
    for (Document& filler : Filler()) documents.push_back(std::move(filler));
    EXPECT_TRUE((*index)->UpsertMany(documents));
    return std::move(*index);
}

bool LexiconInstalled() {
    auto lexicon = FrenchLexicon::Get(FrenchResources{});
    return lexicon->has_lemmas() && lexicon->has_thesaurus();
}

#define REQUIRE_LEXICON()    \
    if (!LexiconInstalled()) \
    GTEST_SKIP() << "hunspell-fr or mythes-fr absent (scripts/setup.sh installs them): skipped"

FrenchResources Missing() {
    return FrenchResources{"/nonexistent/fr.aff", "/nonexistent/fr.dic", "/nonexistent/th.idx",
                           "/nonexistent/th.dat"};
}

TEST(FrenchLexiconTest, LemmasAreDictionaryFormsFolded) {
    REQUIRE_LEXICON();
    auto lexicon = FrenchLexicon::Get(FrenchResources{});
    auto vends = lexicon->Lemmas("vends");
    EXPECT_TRUE(std::find(vends.begin(), vends.end(), "vendre") != vends.end());
    auto employes = lexicon->Lemmas("employés");
    EXPECT_TRUE(std::find(employes.begin(), employes.end(), "employe") != employes.end());
    EXPECT_TRUE(lexicon->Lemmas("zxqwv").empty());
}

TEST(FrenchLexiconTest, SynonymsComeFromTheThesaurusWithTheMutualMark) {
    REQUIRE_LEXICON();
    auto lexicon = FrenchLexicon::Get(FrenchResources{});
    const auto synonyms = lexicon->Synonyms("voiture");
    auto automobile = std::find_if(synonyms.begin(), synonyms.end(),
                                   [](const auto& s) { return s.form == "automobile"; });
    ASSERT_NE(automobile, synonyms.end());
    EXPECT_TRUE(automobile->mutual);
    // Inflected forms are looked up through their lemma.
    const auto plural = lexicon->Synonyms("voitures");
    EXPECT_TRUE(std::any_of(plural.begin(), plural.end(),
                            [](const auto& s) { return s.form == "automobile"; }));
    // The same object for the same files: loaded once per process.
    EXPECT_EQ(lexicon.get(), FrenchLexicon::Get(FrenchResources{}).get());
}

TEST(FrenchLexiconTest, MissingFilesGiveAnEmptyLexicon) {
    auto lexicon = FrenchLexicon::Get(Missing());
    EXPECT_FALSE(lexicon->has_lemmas());
    EXPECT_FALSE(lexicon->has_thesaurus());
    EXPECT_TRUE(lexicon->Lemmas("vends").empty());
    EXPECT_TRUE(lexicon->Synonyms("voiture").empty());
}

TEST(QueryExpansionTest, WithoutResourcesTheSearchFallsBackOnStems) {
    Ranking ranking;
    ranking.lemma = 0.5;
    ranking.thesaurus = 0.5;
    auto index = Index(ranking,
                       {Doc("sell", "Vendre un véhicule", "Les papiers à remettre à l'acheteur."),
                        Doc("car", "Automobile", "Immatriculer une automobile neuve.")},
                       Missing());
    EXPECT_EQ(Search(*index, "véhicules").front(), "sell");  // Snowball stems still work.
    EXPECT_FALSE(Has(Search(*index, "je vends"), "sell"));   // No lemma without hunspell.
    EXPECT_FALSE(Has(Search(*index, "voiture"), "car"));     // No thesaurus either.
}

TEST(QueryExpansionTest, LemmasJoinTheFormsOfAVerb) {
    REQUIRE_LEXICON();
    const std::vector<Document> documents = {
        Doc("sell", "Vendre un véhicule", "Les papiers à remettre à l'acheteur."),
        Doc("buy", "Acheter un logement", "Les étapes d'un achat immobilier."),
    };
    Ranking off;
    Ranking on;
    on.lemma = 0.3;
    // Snowball stems "vends" to "vend" and "vendre" to "vendr": only the lemma joins them.
    EXPECT_FALSE(Has(Search(*Index(off, documents), "je vends"), "sell"));
    const auto found = Search(*Index(on, documents), "je vends");
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found.front(), "sell");
}

TEST(QueryExpansionTest, ThesaurusSynonymsWeighLessThanTheWordsTyped) {
    REQUIRE_LEXICON();
    const std::vector<Document> documents = {
        Doc("auto", "Assurer son automobile", "Choisir une assurance pour l'automobile."),
        Doc("typed", "Assurer sa voiture", "Choisir une assurance pour la voiture."),
    };
    Ranking off;
    Ranking on;
    on.thesaurus = 0.3;
    EXPECT_FALSE(Has(Search(*Index(off, documents), "voiture"), "auto"));
    const auto found = Search(*Index(on, documents), "voiture");
    ASSERT_GE(found.size(), 2u);
    EXPECT_EQ(found[0], "typed");  // The person's own word first,
    EXPECT_EQ(found[1], "auto");   // then the synonym.
}

TEST(QueryExpansionTest, ThesaurusSkipsWordsFoundInMostDocuments) {
    REQUIRE_LEXICON();
    // "automobile" is in every page but one: expanding "voiture" to it would say nothing.
    std::vector<Document> documents;
    for (int i = 0; i < 12; ++i)
        documents.push_back(Doc("a" + std::to_string(i), "Page " + std::to_string(i),
                                "Une automobile et un sujet numéro " + std::to_string(i)));
    Ranking on;
    on.thesaurus = 0.3;
    EXPECT_TRUE(Search(*Index(on, documents), "voiture").empty());
}

TEST(QueryExpansionTest, FeedbackBringsPagesSharingTheTopResultsVocabulary) {
    const std::vector<Document> documents = {
        Doc("p1", "Passeport", "Passeport : photo d'identité et empreintes digitales en mairie."),
        Doc("p2", "Passeport d'un mineur",
            "Passeport du mineur : photo d'identité, empreintes digitales, autorisation."),
        Doc("prints", "Recueil biométrique",
            "Les empreintes digitales et la photo d'identité sont prises au guichet."),
    };
    Ranking off;
    Ranking on;
    on.feedback = 0.3;
    on.feedback_documents = 2;
    EXPECT_FALSE(Has(Search(*Index(off, documents), "passeport"), "prints"));
    const auto found = Search(*Index(on, documents), "passeport");
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[2], "prints");  // Found, but below the pages that say "passeport".
}

TEST(QueryExpansionTest, ProximityRanksWordsSaidTogetherFirst) {
    const std::vector<Document> documents = {
        Doc("apart", "Conseil", "La salle du conseil. Une cour polyvalente."),
        Doc("together", "Location",
            "Louer la salle polyvalente pour une fête, avec les horaires et les tarifs."),
    };
    Ranking off;
    Ranking on;
    on.proximity = 0.5;
    // Without proximity the shorter page wins (BM25 length normalisation).
    EXPECT_EQ(Search(*Index(off, documents), "salle polyvalente").front(), "apart");
    EXPECT_EQ(Search(*Index(on, documents), "salle polyvalente").front(), "together");
}

}  // namespace
}  // namespace guichet::search
