#include "search/fold.hpp"

#include <gtest/gtest.h>

namespace guichet::search {
namespace {

TEST(FoldTest, RemovesCaseAndAccents) {
    EXPECT_EQ(Fold("État civil"), "etat civil");
    EXPECT_EQ(Fold("MAIRIE-ANNEXE du Centre"), "mairie-annexe du centre");
    EXPECT_EQ(Fold("Noël à l’hôtel de ville"), "noel a l'hotel de ville");
}

TEST(FoldTest, ExpandsLigatures) {
    EXPECT_EQ(Fold("Œuvre"), "oeuvre");
    EXPECT_EQ(Fold("cœur et ex æquo"), "coeur et ex aequo");
}

TEST(FoldTest, DecomposedInputFoldsLikeComposed) {
    EXPECT_EQ(Fold("e\xCC\x81tat"), Fold("état"));  // e + U+0301 combining acute.
}

TEST(FoldTest, InvalidUtf8DoesNotCrash) {
    const std::string folded = Fold("caf\xC3");
    EXPECT_EQ(folded.substr(0, 3), "caf");
}

TEST(FoldTest, FoldedWordsSplitOnPunctuationAndApostrophes) {
    EXPECT_EQ(FoldedWords("L'État, c'est « nous » !"),
              (std::vector<std::string>{"l", "etat", "c", "est", "nous"}));
    EXPECT_EQ(FoldedWords("l’acte n°2"), (std::vector<std::string>{"l", "acte", "n", "2"}));
    EXPECT_TRUE(FoldedWords("  … ").empty());
}

}  // namespace
}  // namespace guichet::search
