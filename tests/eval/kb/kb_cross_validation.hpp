// Cross-validated choice of the ranking parameters (search::Ranking) on the development
// questions: every configuration of a small grid ranks every question once; then for each of
// `folds` folds (question i belongs to fold i % folds) the configuration with the best mean
// MRR@10 on the other folds (held-in) is chosen and scored on that fold (held-out). The
// held-out figures are what a parameter choice is worth on unseen questions.
// Not thread-safe (evaluation code); throws on bad input.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kb/kb_corpus.hpp"

namespace guichet::eval {

// One question's scores under one configuration.
struct QuestionScore {
    double reciprocal_rank = 0;  // 1/rank of the first relevant document in the top 10, or 0.
    double recall_at_5 = 0;
};
QuestionScore ScoreRanking(const KbQuestion& question, const std::vector<std::string>& ranking);

struct FoldOutcome {
    std::size_t chosen = 0;  // Index of the configuration chosen on the other folds.
    double held_in_mrr = 0;
    double held_out_mrr = 0;
};

struct CrossValidation {
    std::vector<FoldOutcome> folds;
    // Per question, the score under the configuration chosen without its fold.
    std::vector<QuestionScore> held_out;
    std::size_t chosen_on_all = 0;  // The best configuration on every question.
};

// scores[c][q]: configuration c on question q (all rows the same length).
CrossValidation CrossValidate(const std::vector<std::vector<QuestionScore>>& scores,
                              std::size_t folds);

// Mean MRR@10 and recall@5 of `scores` over the questions selected by `keep(q)`.
RankingScores Mean(const std::vector<QuestionScore>& scores,
                   const std::function<bool(std::size_t)>& keep);

}  // namespace guichet::eval
