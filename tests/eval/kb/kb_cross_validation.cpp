#include "kb/kb_cross_validation.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace guichet::eval {

QuestionScore ScoreRanking(const KbQuestion& question, const std::vector<std::string>& ranking) {
    const std::set<std::string> relevant(question.relevant.begin(), question.relevant.end());
    QuestionScore score;
    std::size_t found = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(5, ranking.size()); ++i)
        found += relevant.contains(ranking[i]) ? 1 : 0;
    score.recall_at_5 = static_cast<double>(found) / static_cast<double>(relevant.size());
    for (std::size_t i = 0; i < std::min<std::size_t>(10, ranking.size()); ++i)
        if (relevant.contains(ranking[i])) {
            score.reciprocal_rank = 1.0 / static_cast<double>(i + 1);
            break;
        }
    return score;
}

RankingScores Mean(const std::vector<QuestionScore>& scores,
                   const std::function<bool(std::size_t)>& keep) {
    RankingScores mean;
    for (std::size_t q = 0; q < scores.size(); ++q) {
        if (!keep(q)) continue;
        mean.mrr_at_10 += scores[q].reciprocal_rank;
        mean.recall_at_5 += scores[q].recall_at_5;
        ++mean.questions;
    }
    if (mean.questions > 0) {
        mean.mrr_at_10 /= static_cast<double>(mean.questions);
        mean.recall_at_5 /= static_cast<double>(mean.questions);
    }
    return mean;
}

CrossValidation CrossValidate(const std::vector<std::vector<QuestionScore>>& scores,
                              std::size_t folds) {
    if (scores.empty() || folds < 2) throw std::invalid_argument("no configuration or folds");
    const std::size_t questions = scores.front().size();
    auto best = [&](const std::function<bool(std::size_t)>& keep) {
        std::size_t chosen = 0;
        double best_mrr = -1;
        for (std::size_t c = 0; c < scores.size(); ++c) {
            if (scores[c].size() != questions) throw std::invalid_argument("ragged scores");
            // Ties go to the earlier configuration (the grid lists the simpler ones first).
            const double mrr = Mean(scores[c], keep).mrr_at_10;
            if (mrr > best_mrr + 1e-12) {
                best_mrr = mrr;
                chosen = c;
            }
        }
        return std::pair{chosen, best_mrr};
    };
    CrossValidation result;
    result.held_out.resize(questions);
    for (std::size_t f = 0; f < folds; ++f) {
        const auto [chosen, held_in] = best([&](std::size_t q) { return q % folds != f; });
        FoldOutcome outcome;
        outcome.chosen = chosen;
        outcome.held_in_mrr = held_in;
        outcome.held_out_mrr =
            Mean(scores[chosen], [&](std::size_t q) { return q % folds == f; }).mrr_at_10;
        for (std::size_t q = f; q < questions; q += folds) result.held_out[q] = scores[chosen][q];
        result.folds.push_back(outcome);
    }
    result.chosen_on_all = best([](std::size_t) { return true; }).first;
    return result;
}

}  // namespace guichet::eval
