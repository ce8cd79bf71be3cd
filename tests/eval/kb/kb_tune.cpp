// kb_tune: the French search on the development questions with given ranking parameters, to
// explore them by hand before the cross-validated choice of kb_search_eval_test.
//
//   kb_tune [name=value ...]   (names: see ranking_flags.hpp)
//
// Prints recall@5 and MRR@10 per question set; KB_TUNE_VERBOSE=1 adds one line per question. Needs
// $GUICHET_SHARED_DATA/kb.
#include <cstdio>
#include <cstdlib>
#include <map>

#include "kb/kb_corpus.hpp"
#include "kb/ranking_flags.hpp"
#include "search/search_index.hpp"

int main(int argc, char** argv) {
    using namespace guichet;
    const auto dir = eval::KbDataDir();
    if (!dir) {
        std::fprintf(stderr, "kb_tune: no $GUICHET_SHARED_DATA/kb\n");
        return 2;
    }
    search::Options options;
    for (int i = 1; i < argc; ++i) eval::SetRankingFlag(options.ranking, argv[i]);
    auto index = search::SearchIndex::InMemory(options);
    if (!index) return 1;
    (void)(*index)->UpsertMany(
        eval::ToSearchDocuments(eval::LoadKbDocuments(*dir / "documents.jsonl"), "kb"));
    std::map<std::string, std::vector<eval::KbQuestion>> sets;
    sets["citizen"] = eval::LoadKbQuestions(*dir / "questions_citizen_dev.jsonl");
    for (auto& question : eval::LoadKbQuestions(*dir / "questions.jsonl"))
        sets[question.source].push_back(question);
    std::printf("%s\n", eval::DescribeRanking(options.ranking).c_str());
    // KB_TUNE_VERBOSE=1: one line per question (set, id, rank of the first relevant or 0, text).
    const bool verbose = std::getenv("KB_TUNE_VERBOSE") != nullptr;
    for (const auto& [name, questions] : sets) {
        eval::RankingMeter meter;
        for (const auto& question : questions) {
            search::Query query;
            query.tenant_id = "kb";
            query.text = question.text;
            query.prefix = false;
            query.facets = false;
            auto results = (*index)->Search(query);
            std::vector<std::string> ids;
            if (results)
                for (const auto& hit : results->hits) ids.push_back(hit.id);
            meter.Add(question, ids);
            if (verbose) {
                int rank = 0;
                for (std::size_t r = 0; r < ids.size() && rank == 0; ++r)
                    for (const auto& relevant : question.relevant)
                        if (ids[r] == relevant) rank = static_cast<int>(r + 1);
                std::printf("%s\t%s\t%d\t%s\n", name.c_str(), question.id.c_str(), rank,
                            question.text.c_str());
            }
        }
        const auto scores = meter.Scores();
        std::printf("%-14s n=%3zu R@5 %.3f MRR@10 %.3f\n", name.c_str(), scores.questions,
                    scores.recall_at_5, scores.mrr_at_10);
    }
    return 0;
}
