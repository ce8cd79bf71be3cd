#include "kb/ranking_flags.hpp"

#include <cstdio>
#include <stdexcept>

namespace guichet::eval {

void SetRankingFlag(search::Ranking& ranking, const std::string& assignment) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos)
        throw std::invalid_argument("expected name=value: " + assignment);
    const std::string name = assignment.substr(0, equals);
    const double value = std::stod(assignment.substr(equals + 1));
    const auto count = static_cast<unsigned>(value);
    if (name == "title_wdf")
        ranking.title_wdf = count;
    else if (name == "summary_wdf")
        ranking.summary_wdf = count;
    else if (name == "tag_wdf")
        ranking.tag_wdf = count;
    else if (name == "bm25_k1")
        ranking.bm25_k1 = value;
    else if (name == "bm25_b")
        ranking.bm25_b = value;
    else if (name == "exact")
        ranking.exact = value;
    else if (name == "stop_words")
        ranking.stop_words = value;
    else if (name == "proximity")
        ranking.proximity = value;
    else if (name == "proximity_window")
        ranking.proximity_window = count;
    else if (name == "lemma")
        ranking.lemma = value;
    else if (name == "thesaurus")
        ranking.thesaurus = value;
    else if (name == "thesaurus_terms")
        ranking.thesaurus_terms = count;
    else if (name == "feedback")
        ranking.feedback = value;
    else if (name == "feedback_documents")
        ranking.feedback_documents = count;
    else if (name == "feedback_terms")
        ranking.feedback_terms = count;
    else
        throw std::invalid_argument("unknown ranking parameter: " + name);
}

std::string DescribeRanking(const search::Ranking& r) {
    char text[512];
    std::snprintf(text, sizeof text,
                  "title_wdf=%u k1=%.2f b=%.2f exact=%.2f stop_words=%.2f proximity=%.2f/%u "
                  "lemma=%.2f thesaurus=%.2f/%u "
                  "feedback=%.2f/%u/%u",
                  r.title_wdf, r.bm25_k1, r.bm25_b, r.exact, r.stop_words, r.proximity,
                  r.proximity_window, r.lemma, r.thesaurus, r.thesaurus_terms, r.feedback,
                  r.feedback_documents, r.feedback_terms);
    return text;
}

}  // namespace guichet::eval
