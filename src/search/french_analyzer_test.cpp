#include "search/french_analyzer.hpp"

#include <gtest/gtest.h>

#include "search/snippet.hpp"
#include "search/spelling_dictionary.hpp"

namespace guichet::search {
namespace {

std::vector<std::string> Terms(const TextAnalyzer& analyzer, std::string_view text) {
    std::vector<std::string> terms;
    for (const Token& token : analyzer.Tokenize(text))
        if (!token.stop) terms.push_back(token.term);
    return terms;
}

TEST(FrenchAnalyzerTest, FoldsElidesAndStems) {
    const TextAnalyzer french(true);
    EXPECT_EQ(Terms(french, "L'acte de naissance"), Terms(french, "acte naissances"));
    EXPECT_EQ(Terms(french, "l’État"), Terms(french, "etat"));
    EXPECT_EQ(Terms(french, "jusqu'à lorsqu'il"), std::vector<std::string>{});
    EXPECT_EQ(Terms(french, "carte d'identité"), Terms(french, "CARTES D'IDENTITE"));
}

TEST(FrenchAnalyzerTest, KeepsApostropheWordsThatAreNotElisions) {
    const TextAnalyzer french(true);
    const auto tokens = french.Tokenize("aujourd'hui");
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_TRUE(tokens[0].stop);
}

TEST(FrenchAnalyzerTest, MarksStopWordsWithOffsets) {
    const TextAnalyzer french(true);
    const std::string text = "Est-ce que je peux renouveler mon passeport ?";
    const auto tokens = french.Tokenize(text);
    std::vector<std::string> content;
    for (const Token& token : tokens)
        if (!token.stop) content.push_back(text.substr(token.begin, token.end - token.begin));
    EXPECT_EQ(content, (std::vector<std::string>{"renouveler", "passeport"}));
    EXPECT_TRUE(IsFrenchStopWord("etre"));
    EXPECT_FALSE(IsFrenchStopWord("mairie"));
}

TEST(FrenchAnalyzerTest, PlainModeOnlyLowercases) {
    const TextAnalyzer plain(false);
    EXPECT_EQ(Terms(plain, "L'État civil"), (std::vector<std::string>{"l", "état", "civil"}));
}

TEST(SnippetTest, HighlightsAndEscapes) {
    const TextAnalyzer french(true);
    const std::string snippet =
        MakeSnippet("Intro <b>\n\n La demande de passeports se fait en mairie & ailleurs.", french,
                    [](const Token& token) { return token.term == "passeport"; });
    EXPECT_NE(snippet.find("<mark>passeports</mark>"), std::string::npos) << snippet;
    EXPECT_NE(snippet.find("&lt;b&gt;"), std::string::npos) << snippet;
    EXPECT_NE(snippet.find("&amp;"), std::string::npos) << snippet;
    EXPECT_EQ(snippet.find('\n'), std::string::npos) << snippet;
}

TEST(SpellingDictionaryTest, SuggestsClosestFrequentWord) {
    EXPECT_EQ(BoundedEditDistance("pasport", "passeport", 2), 2);
    EXPECT_EQ(BoundedEditDistance("chien", "cihen", 1), 1);
    EXPECT_EQ(BoundedEditDistance("abc", "xyzabc", 2), 3);
    SpellingDictionary dictionary;
    dictionary.Add("passeport", 10);
    dictionary.Add("passepoil", 1);
    dictionary.Add("mairie", 5);
    EXPECT_EQ(dictionary.Suggest("pasport", {}), "passeport");
    EXPECT_EQ(dictionary.Suggest("mairei", {}), "mairie");
    EXPECT_EQ(dictionary.Suggest("mairie", {}), std::nullopt);
    EXPECT_EQ(dictionary.Suggest("mairei", [](const std::string&) { return false; }), std::nullopt);
}

// Issue 11: « refaire » (a French word the documents do not hold) was turned into « precaire »,
// two edits away including the first letter.
TEST(SpellingDictionaryTest, TwoEditsKeepTheFirstLetter) {
    SpellingDictionary dictionary;
    dictionary.Add("precaire", 3);
    dictionary.Add("chien", 2);
    EXPECT_EQ(dictionary.Suggest("refaire", {}), std::nullopt);
    EXPECT_EQ(dictionary.Suggest("cihen", {}), "chien");  // One edit: any letter.
    EXPECT_EQ(dictionary.Suggest("xhien", {}), "chien");
    SpellingDictionary before_issue_11(false);
    before_issue_11.Add("precaire", 3);
    EXPECT_EQ(before_issue_11.Suggest("refaire", {}), "precaire");
}

}  // namespace
}  // namespace guichet::search
