// The knowledge-base data set of $GUICHET_SHARED_DATA/kb (see its README.md): 798 French
// public-service documents and questions with the ids of their relevant documents. Shared by the
// search evaluation (tests/eval/kb) and the search benchmark (bench/search).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "search/search_index.hpp"

namespace guichet::eval {

struct KbDocument {
    std::string id;  // "sp:F1427"
    std::string title;
    std::string text;
    std::string theme;
};

struct KbQuestion {
    std::string id;
    std::string text;
    std::string source;                 // "dila", "cnil", "crpa", "direccte-faq"; may be empty.
    std::vector<std::string> relevant;  // Never empty (questions without any are skipped).
};

// $GUICHET_SHARED_DATA/kb when it holds documents.jsonl, else nullopt.
std::optional<std::filesystem::path> KbDataDir();

// Throw std::runtime_error on unreadable files or bad JSON (test and benchmark code).
std::vector<KbDocument> LoadKbDocuments(const std::filesystem::path& file);
std::vector<KbQuestion> LoadKbQuestions(const std::filesystem::path& file);

// The documents as search documents of tenant `tenant_id` (theme as category).
std::vector<search::Document> ToSearchDocuments(const std::vector<KbDocument>& documents,
                                                const std::string& tenant_id);

// `count` synthetic articles made deterministically (from `seed`) by recombining the titles'
// words and the sentences of `documents`: a larger corpus with the same vocabulary.
std::vector<KbDocument> GenerateArticles(const std::vector<KbDocument>& documents,
                                         std::size_t count, std::uint64_t seed);

// Ranking quality of one system on one question file.
struct RankingScores {
    double recall_at_5 = 0;  // Mean share of relevant documents in the top 5.
    double mrr_at_10 = 0;    // Mean reciprocal rank of the first relevant document in the top 10.
    std::size_t questions = 0;
};

// Accumulates per-question rankings (ids, best first).
class RankingMeter {
  public:
    void Add(const KbQuestion& question, const std::vector<std::string>& ranking);
    RankingScores Scores() const;

  private:
    double recall_sum_ = 0;
    double reciprocal_rank_sum_ = 0;
    std::size_t count_ = 0;
};

}  // namespace guichet::eval
