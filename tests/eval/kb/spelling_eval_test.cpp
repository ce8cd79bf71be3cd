// Evaluation of the spelling suggestions on $GUICHET_SHARED_DATA/kb (issue 11: « refaire » was
// turned into « precaire »). Skipped without the data folder.
//
// Two indexes of the 798 documents differ only by the suggestion rule: "keep first letter" (a
// suggestion two edits away must begin with the typed word's letter, the rule now) and "any edit"
// (the rule before). Every question with relevant documents is run twice:
// - as written: a suggestion there is mostly a false alarm (the questions are spelt correctly,
//   except the citizen set's few « typo » ones), and the ranking (MRR@10) must not suffer;
// - with one typo made deterministically in its longest word (a swap of two letters, a letter
//   left out, doubled or replaced, none at the first letter): the suggestion should give the word
//   back ("recovered"), not another word ("wrong").
// Questions are split in two folds by a hash of their id. The rule was chosen from how people
// mistype (rarely the first letter), not fitted to these questions: the held-out fold is there to
// show it; both folds are reported and the checks are on the held-out one.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kb/kb_corpus.hpp"
#include "search/fold.hpp"
#include "search/search_index.hpp"

namespace guichet::eval {
namespace {

constexpr char kTenant[] = "kb";

std::uint64_t Hash(std::string_view text) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    return h;
}

bool AsciiLetters(const std::string& word) {
    for (char c : word)
        if (c < 'a' || c > 'z') return false;
    return true;
}

// The question with one typo in its longest plain word (folded, ASCII letters, 6 or more), and
// that word; nullopt when it has none.
std::optional<std::pair<std::string, std::string>> WithTypo(const KbQuestion& q) {
    std::string longest;
    for (const std::string& w : search::FoldedWords(q.text))
        if (w.size() >= 6 && AsciiLetters(w) && w.size() > longest.size()) longest = w;
    if (longest.empty()) return std::nullopt;
    const std::uint64_t h = Hash(q.id);
    const std::size_t at = 1 + h % (longest.size() - 2);  // Never the first nor the last letter.
    std::string typo = longest;
    switch ((h >> 8) % 4) {
        case 0:
            std::swap(typo[at], typo[at + 1]);
            break;
        case 1:
            typo.erase(at, 1);
            break;
        case 2:
            typo.insert(at, 1, typo[at]);
            break;
        default:
            typo[at] = typo[at] == 'e' ? 'a' : 'e';
            break;
    }
    if (typo == longest) return std::nullopt;
    // The question, folded, with the word replaced (the search folds anyway).
    std::string text = search::Fold(q.text);
    const auto pos = text.find(longest);
    if (pos == std::string::npos) return std::nullopt;
    text.replace(pos, longest.size(), typo);
    return std::make_pair(text, longest);
}

struct Tally {
    std::size_t questions = 0, suggested = 0;  // As written.
    std::size_t typos = 0, recovered = 0, wrong = 0;
    RankingMeter written, typoed;
};

search::Results SearchOnce(search::SearchIndex& index, const std::string& text) {
    search::Query query;
    query.tenant_id = kTenant;
    query.text = text;
    query.limit = 10;
    query.prefix = false;
    query.facets = false;
    auto results = index.Search(query);
    EXPECT_TRUE(results) << results.error().detail;
    return results ? *results : search::Results{};
}

std::vector<std::string> Ids(const search::Results& r) {
    std::vector<std::string> ids;
    for (const auto& hit : r.hits) ids.push_back(hit.id);
    return ids;
}

TEST(SpellingEvalTest, SuggestionsKeepTheFirstLetter) {
    const auto dir = KbDataDir();
    if (!dir) GTEST_SKIP() << "no $GUICHET_SHARED_DATA/kb/documents.jsonl: evaluation skipped";
    const auto documents = LoadKbDocuments(*dir / "documents.jsonl");
    const auto docs = ToSearchDocuments(documents, kTenant);
    auto now = search::SearchIndex::InMemory({});
    auto before = search::SearchIndex::InMemory({.spelling_keep_first_letter = false});
    ASSERT_TRUE(now && before);
    ASSERT_TRUE((*now)->UpsertMany(docs));
    ASSERT_TRUE((*before)->UpsertMany(docs));

    // [rule][fold]: rule 0 keep first letter (now), 1 any edit (before); fold 0 held-in, 1 out.
    Tally tally[2][2];
    for (const char* file : {"questions.jsonl", "questions_citizen_dev.jsonl"}) {
        for (const KbQuestion& q : LoadKbQuestions(*dir / file)) {
            const int fold = static_cast<int>(Hash("fold:" + q.id) % 2);
            const auto typo = WithTypo(q);
            for (int rule = 0; rule < 2; ++rule) {
                search::SearchIndex& index = rule == 0 ? **now : **before;
                Tally& t = tally[rule][fold];
                const auto written = SearchOnce(index, q.text);
                ++t.questions;
                if (written.suggestion) ++t.suggested;
                t.written.Add(q, Ids(written));
                if (!typo) continue;
                const auto typoed = SearchOnce(index, typo->first);
                ++t.typos;
                t.typoed.Add(q, Ids(typoed));
                if (typoed.suggestion) {
                    if (typoed.suggestion->find(typo->second) != std::string::npos)
                        ++t.recovered;
                    else
                        ++t.wrong;
                }
            }
        }
    }

    std::ostringstream table;
    table << "Spelling suggestions, " << documents.size() << " documents, all question files\n\n"
          << "| rule | fold | questions | suggested as written | MRR@10 as written | typos | "
             "recovered | wrong word | MRR@10 with typo |\n|---|---|--:|--:|--:|--:|--:|--:|--:|\n";
    char line[320];
    for (int rule = 0; rule < 2; ++rule) {
        for (int fold = 0; fold < 2; ++fold) {
            const Tally& t = tally[rule][fold];
            std::snprintf(line, sizeof line,
                          "| %s | %s | %zu | %.1f %% | %.3f | %zu | %.1f %% | %.1f %% | %.3f |\n",
                          rule == 0 ? "keep first letter (now)" : "any edit (before)",
                          fold == 0 ? "held-in" : "held-out", t.questions,
                          100.0 * t.suggested / t.questions, t.written.Scores().mrr_at_10, t.typos,
                          100.0 * t.recovered / t.typos, 100.0 * t.wrong / t.typos,
                          t.typoed.Scores().mrr_at_10);
            table << line;
        }
    }
    std::cout << table.str();
#ifdef SPELLING_EVAL_REPORT
    std::ofstream(SPELLING_EVAL_REPORT) << table.str();
#endif

    // On the held-out fold: fewer false alarms on correctly written questions, fewer typos turned
    // into another word, and the rankings no worse.
    const Tally& now_out = tally[0][1];
    const Tally& before_out = tally[1][1];
    EXPECT_LE(now_out.suggested, before_out.suggested);
    EXPECT_LE(now_out.wrong, before_out.wrong);
    EXPECT_GE(now_out.written.Scores().mrr_at_10, before_out.written.Scores().mrr_at_10 - 0.005);
    EXPECT_GE(now_out.typoed.Scores().mrr_at_10, before_out.typoed.Scores().mrr_at_10 - 0.01);
}

}  // namespace
}  // namespace guichet::eval
