// Ranking parameters from "name=value" strings (the tuning tool and the evaluation's grid):
// title_wdf, summary_wdf, tag_wdf, bm25_k1, bm25_b, exact, stop_words, proximity, proximity_window,
// lemma, thesaurus, thesaurus_terms, feedback, feedback_documents, feedback_terms. Throws
// std::invalid_argument on an unknown name or a bad value (evaluation code).
#pragma once

#include <string>

#include "search/search_index.hpp"

namespace guichet::eval {

void SetRankingFlag(search::Ranking& ranking, const std::string& assignment);
std::string DescribeRanking(const search::Ranking& ranking);

}  // namespace guichet::eval
