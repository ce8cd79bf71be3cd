// Feedback signals: the pure arithmetic of "learning from use" (FeedbackService stores, this
// computes). No I/O, no clock: time is a parameter.
//
// - QueryKey: what identifies "the same question" — the question's words through the search
//   module's French analysis (folded, elided, stop words removed, stemmed), deduplicated and
//   sorted, joined by one space. "Comment refaire ma carte d'identité ?" and "refaire carte
//   identite" share a key. Empty when no word carries a topic.
// - Weights decay exponentially: a vote counts 1/2 after one half-life, 1/4 after two.
// - Lift: the posterior mean of "this article answers this question" under a Beta prior centred
//   on 1/2 (`prior_votes` pseudo-votes), mapped to [-max_lift, +max_lift]. A few votes cannot
//   dominate; "non" lowers; an agent's vote weighs `agent_weight` citizen votes.
// - ApplyLifts reorders hits by score × (1 + lift). Only hits the search returned are touched,
//   and since lift <= max_lift, a hit scoring below top / (1 + max_lift) can never reach the
//   top: feedback reorders among relevant results, it never promotes an unrelated article.
// - LooksLikeBot: User-Agent heuristics (empty, crawlers, command-line and library clients).
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "search/search_index.hpp"

namespace guichet::knowledge {

enum class FeedbackSource { kCitizen, kAgent };

struct FeedbackOptions {
    std::chrono::hours half_life = std::chrono::hours(24 * 90);
    double prior_votes = 4;   // Pseudo-votes of the prior (half yes, half no).
    double agent_weight = 3;  // One agent's "cet article a répondu" = this many citizen votes.
    double max_lift = 0.5;    // |lift| <= max_lift; score × (1 + lift).
    std::size_t max_query_bytes = 300;       // Longer questions are refused (votes) or ignored.
    std::size_t max_keys_per_tenant = 5000;  // Beyond, the weakest keys are evicted.
    std::size_t max_articles_per_key = 20;   // Beyond, the weakest article of the key goes.
    // How long one client's vote on (question, article) blocks another vote of the same client.
    std::chrono::hours revote_after = std::chrono::hours(24 * 30);
    std::chrono::hours token_lifetime = std::chrono::hours(24);
};

// The key of a question (see above); at most 16 distinct terms are kept (the sorted first).
std::string QueryKey(std::string_view question);

// `weight` recorded `age` ago, decayed with `half_life`. Negative ages count as zero.
double Decayed(double weight, std::chrono::milliseconds age, std::chrono::hours half_life);

// The lift of decayed yes/no weights (see above), in [-max_lift, +max_lift].
double Lift(double yes, double no, const FeedbackOptions& options);

// Reorders `hits` (best first) by score × (1 + lift of the hit's id) where `lifts` has one,
// keeping the search's order between equal adjusted scores; scores are updated (capped at 1).
// Lifts outside [-max_lift, max_lift] are clamped.
void ApplyLifts(std::vector<search::Hit>& hits, const std::map<std::string, double>& lifts,
                double max_lift);

// True when the User-Agent is empty or names a crawler, a preview fetcher, a command-line tool
// or an HTTP library rather than a browser.
bool LooksLikeBot(std::string_view user_agent);

}  // namespace guichet::knowledge
