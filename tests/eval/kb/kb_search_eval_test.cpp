// Evaluation of the knowledge-base search on $GUICHET_SHARED_DATA/kb (README.md beside the data).
//
// Indexes the 798 documents in four systems and runs every question that has relevant
// documents: (a) SearchIndex with French analysis and its French resources, (b) SearchIndex with
// Options::french = false (same engine, no analysis), (c) the FTS5 baseline of issue 13
// (Fts5Baseline::Kind::kTuned: title weight 5, stop words removed), (d) the FTS5 baseline before
// it (kPlain). Prints recall@5 and MRR@10 per question set (the citizen questions, then
// questions.jsonl by source: dila, crpa, direccte-faq, cnil) and system, with the ratios to both
// baselines, writes the same table to kb_search_eval_report.md in the build directory, prints the
// goals of issue 13 beside the ratios and checks the floors reached (see the checks at the end).
// Skipped without the data folder.
//
// These questions are for development only; the search is also measured on hidden questions, so
// the analysis must not be fitted to these words or ids. The few ranking parameters are chosen by
// 5-fold cross-validation (kb_cross_validation.hpp): the held-out figures are the honest ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "kb/fts5_baseline.hpp"
#include "kb/kb_corpus.hpp"
#include "kb/kb_cross_validation.hpp"
#include "kb/ranking_flags.hpp"
#include "search/search_index.hpp"

namespace guichet::eval {
namespace {

constexpr char kTenant[] = "kb";
// Goals of issue 13 against the tuned FTS5 baseline (MRR@10 ratios), printed beside the figures;
// not reached yet (see the report). The checks hold the floors reached so far, so that a change
// that loses ground fails.
constexpr double kCitizenGoal = 1.4;
constexpr double kDilaGoal = 1.3;
constexpr double kCitizenFloor = 1.08;
constexpr double kDilaFloor = 1.0;
constexpr std::size_t kFolds = 5;

std::vector<std::string> Ranking(search::SearchIndex& index, const std::string& text) {
    search::Query query;
    query.tenant_id = kTenant;
    query.text = text;
    query.limit = 10;
    query.prefix = false;
    query.facets = false;
    auto results = index.Search(query);
    EXPECT_TRUE(results) << results.error().detail;
    std::vector<std::string> ids;
    if (results)
        for (const search::Hit& hit : results->hits) ids.push_back(hit.id);
    return ids;
}

int RankOf(const KbQuestion& question, const std::vector<std::string>& ranking) {
    for (std::size_t i = 0; i < ranking.size(); ++i)
        if (std::find(question.relevant.begin(), question.relevant.end(), ranking[i]) !=
            question.relevant.end())
            return static_cast<int>(i + 1);
    return 0;
}

std::unique_ptr<search::SearchIndex> Build(const std::vector<KbDocument>& documents,
                                           search::Options options) {
    auto index = search::SearchIndex::InMemory(options);
    EXPECT_TRUE(index);
    EXPECT_TRUE((*index)->UpsertMany(ToSearchDocuments(documents, kTenant)));
    return std::move(*index);
}

struct QuestionSet {
    std::string name;
    std::vector<KbQuestion> questions;
};

// The citizen questions, then questions.jsonl split by source.
std::vector<QuestionSet> LoadSets(const std::filesystem::path& dir) {
    std::vector<QuestionSet> sets;
    sets.push_back({"citizen", LoadKbQuestions(dir / "questions_citizen_dev.jsonl")});
    std::map<std::string, std::vector<KbQuestion>> by_source;
    for (KbQuestion& question : LoadKbQuestions(dir / "questions.jsonl"))
        by_source[question.source].push_back(std::move(question));
    for (const char* source : {"dila", "crpa", "direccte-faq", "cnil"})
        sets.push_back({source, std::move(by_source[source])});
    return sets;
}

TEST(KbSearchEvalTest, FrenchAnalysisBeatsBaselines) {
    const auto dir = KbDataDir();
    if (!dir) GTEST_SKIP() << "no $GUICHET_SHARED_DATA/kb/documents.jsonl: evaluation skipped";

    const std::vector<KbDocument> documents = LoadKbDocuments(*dir / "documents.jsonl");
    ASSERT_FALSE(documents.empty());
    auto french = Build(documents, search::Options{});
    auto plain = Build(documents, search::Options{.french = false});
    Fts5Baseline fts5_tuned(Fts5Baseline::Kind::kTuned);
    fts5_tuned.Add(documents);
    Fts5Baseline fts5_plain(Fts5Baseline::Kind::kPlain);
    fts5_plain.Add(documents);

    struct Row {
        std::string set;
        RankingScores french, plain, tuned, old;
    };
    // KB_EVAL_VERBOSE=1 prints, per question, the rank (1-10, 0: not found) of the first relevant
    // document in each system: the way to study a change of the analysis.
    const bool verbose = std::getenv("KB_EVAL_VERBOSE") != nullptr;
    std::vector<Row> rows;
    for (const QuestionSet& set : LoadSets(*dir)) {
        ASSERT_FALSE(set.questions.empty()) << set.name;
        RankingMeter french_meter, plain_meter, tuned_meter, old_meter;
        for (const KbQuestion& question : set.questions) {
            const auto french_ranking = Ranking(*french, question.text);
            const auto plain_ranking = Ranking(*plain, question.text);
            const auto tuned_ranking = fts5_tuned.Search(question.text, 10);
            const auto old_ranking = fts5_plain.Search(question.text, 10);
            french_meter.Add(question, french_ranking);
            plain_meter.Add(question, plain_ranking);
            tuned_meter.Add(question, tuned_ranking);
            old_meter.Add(question, old_ranking);
            if (verbose)
                std::cout << set.name << "\t" << question.id << "\t"
                          << RankOf(question, french_ranking) << "\t"
                          << RankOf(question, tuned_ranking) << "\t"
                          << RankOf(question, old_ranking) << "\t" << question.text << "\t"
                          << (french_ranking.empty() ? "" : french_ranking.front()) << "\n";
        }
        rows.push_back(Row{set.name, french_meter.Scores(), plain_meter.Scores(),
                           tuned_meter.Scores(), old_meter.Scores()});
    }

    std::ostringstream table;
    table << "Knowledge-base search, " << documents.size() << " documents\n\n"
          << "| questions | n | system | recall@5 | MRR@10 |\n|---|--:|---|--:|--:|\n";
    char line[256];
    for (const Row& row : rows) {
        for (const auto& [name, scores] : {
                 std::pair<const char*, const RankingScores&>{"guichet (French analysis)",
                                                              row.french},
                 {"guichet (french=false)", row.plain},
                 {"FTS5 tuned (issue 13: bm25 5/1, no stop words)", row.tuned},
                 {"FTS5 plain (before issue 13)", row.old},
             }) {
            std::snprintf(line, sizeof line, "| %s | %zu | %s | %.3f | %.3f |\n", row.set.c_str(),
                          scores.questions, name, scores.recall_at_5, scores.mrr_at_10);
            table << line;
        }
    }
    table << "\n| questions | MRR@10 guichet/FTS5 tuned | guichet/FTS5 plain | recall@5 "
             "guichet/FTS5 tuned |\n|---|--:|--:|--:|\n";
    for (const Row& row : rows) {
        std::snprintf(line, sizeof line, "| %s | %.2f | %.2f | %.2f |\n", row.set.c_str(),
                      row.french.mrr_at_10 / row.tuned.mrr_at_10,
                      row.french.mrr_at_10 / row.old.mrr_at_10,
                      row.french.recall_at_5 / row.tuned.recall_at_5);
        table << line;
    }
    std::cout << table.str();
#ifdef KB_EVAL_REPORT
    std::ofstream(KB_EVAL_REPORT) << table.str();
#endif

    const Row& citizen = rows[0];
    const Row& dila = rows[1];
    std::printf("goals (MRR@10 / FTS5 tuned): citizen %.2f (goal %.1f), dila %.2f (goal %.1f)\n",
                citizen.french.mrr_at_10 / citizen.tuned.mrr_at_10, kCitizenGoal,
                dila.french.mrr_at_10 / dila.tuned.mrr_at_10, kDilaGoal);
    EXPECT_GE(citizen.french.mrr_at_10, kCitizenFloor * citizen.tuned.mrr_at_10);
    EXPECT_GE(dila.french.mrr_at_10, kDilaFloor * dila.tuned.mrr_at_10);
    // French analysis must beat the same engine without it where people write in their own
    // words.
    EXPECT_GT(citizen.french.mrr_at_10, citizen.plain.mrr_at_10);
    EXPECT_GT(citizen.french.recall_at_5, citizen.plain.recall_at_5);
}

// The grid of ranking parameters: three title weights, each alone or with one expansion (or
// lemmas and thesaurus together), simplest first (ties go to the earlier configuration).
std::vector<search::Ranking> Grid() {
    std::vector<search::Ranking> grid;
    for (const char* title : {"title_wdf=10", "title_wdf=6", "title_wdf=14"})
        for (const std::vector<const char*>& expansion : std::vector<std::vector<const char*>>{
                 {},
                 {"proximity=0.2"},
                 {"lemma=0.1"},
                 {"thesaurus=0.15"},
                 {"lemma=0.1", "thesaurus=0.15"},
                 {"feedback=0.1"},
             }) {
            search::Ranking ranking;
            SetRankingFlag(ranking, title);
            for (const char* flag : expansion) SetRankingFlag(ranking, flag);
            grid.push_back(ranking);
        }
    return grid;
}

// The ranking parameters chosen by 5-fold cross-validation over the citizen and DILA questions
// together: held-in (tuned on 4 folds) and held-out (the 5th) figures, against FTS5 tuned.
TEST(KbSearchEvalTest, CrossValidatedRanking) {
    const auto dir = KbDataDir();
    if (!dir) GTEST_SKIP() << "no $GUICHET_SHARED_DATA/kb/documents.jsonl: evaluation skipped";
    const std::vector<KbDocument> documents = LoadKbDocuments(*dir / "documents.jsonl");
    auto sets = LoadSets(*dir);
    std::vector<KbQuestion> questions;
    std::vector<bool> is_citizen;
    for (std::size_t s = 0; s < 2; ++s)  // citizen, dila
        for (const KbQuestion& question : sets[s].questions) {
            questions.push_back(question);
            is_citizen.push_back(s == 0);
        }
    Fts5Baseline fts5(Fts5Baseline::Kind::kTuned);
    fts5.Add(documents);
    std::vector<QuestionScore> baseline;
    for (const KbQuestion& question : questions)
        baseline.push_back(ScoreRanking(question, fts5.Search(question.text, 10)));

    const std::vector<search::Ranking> grid = Grid();
    std::vector<std::vector<QuestionScore>> scores;
    for (const search::Ranking& ranking : grid) {
        // Only the field weights need a new index, but an index holds its options: each
        // configuration gets its own (0.5 s at 798 documents).
        auto index = Build(documents, search::Options{.ranking = ranking});
        std::vector<QuestionScore> row;
        for (const KbQuestion& question : questions)
            row.push_back(ScoreRanking(question, Ranking(*index, question.text)));
        scores.push_back(std::move(row));
    }
    const CrossValidation cv = CrossValidate(scores, kFolds);

    std::ostringstream out;
    char line[512];
    out << "\nCross-validation (" << kFolds << " folds over " << questions.size()
        << " citizen and DILA questions, " << grid.size() << " configurations)\n\n"
        << "| fold | chosen on the other folds | held-in MRR@10 | held-out MRR@10 |\n"
        << "|--:|---|--:|--:|\n";
    for (std::size_t f = 0; f < cv.folds.size(); ++f) {
        std::snprintf(line, sizeof line, "| %zu | %s | %.3f | %.3f |\n", f + 1,
                      DescribeRanking(grid[cv.folds[f].chosen]).c_str(), cv.folds[f].held_in_mrr,
                      cv.folds[f].held_out_mrr);
        out << line;
    }
    out << "\n| questions | figures | guichet MRR@10 | FTS5 tuned MRR@10 | ratio | guichet R@5 "
           "| FTS5 tuned R@5 |\n|---|---|--:|--:|--:|--:|--:|\n";
    const auto& all = scores[cv.chosen_on_all];
    for (const bool citizen : {true, false}) {
        auto keep = [&](std::size_t q) { return is_citizen[q] == citizen; };
        const RankingScores base = Mean(baseline, keep);
        for (const auto& [label, figures] :
             {std::pair<const char*, RankingScores>{"held-in (tuned on all)", Mean(all, keep)},
              {"held-out (5 folds)", Mean(cv.held_out, keep)}}) {
            std::snprintf(line, sizeof line, "| %s | %s | %.3f | %.3f | %.2f | %.3f | %.3f |\n",
                          citizen ? "citizen" : "dila", label, figures.mrr_at_10, base.mrr_at_10,
                          figures.mrr_at_10 / base.mrr_at_10, figures.recall_at_5,
                          base.recall_at_5);
            out << line;
        }
    }
    out << "\nchosen on all questions: " << DescribeRanking(grid[cv.chosen_on_all])
        << "\ndefaults (search::Ranking{}): " << DescribeRanking(search::Ranking{}) << "\n";
    std::cout << out.str();
#ifdef KB_EVAL_REPORT
    std::ofstream(KB_EVAL_REPORT, std::ios::app) << out.str();
#endif
    // Held-out, the ranking still beats the baseline on both sets.
    auto citizen = [&](std::size_t q) { return is_citizen[q]; };
    auto dila = [&](std::size_t q) { return !is_citizen[q]; };
    EXPECT_GT(Mean(cv.held_out, citizen).mrr_at_10, Mean(baseline, citizen).mrr_at_10);
    EXPECT_GE(Mean(cv.held_out, dila).mrr_at_10, Mean(baseline, dila).mrr_at_10);
}

}  // namespace
}  // namespace guichet::eval
