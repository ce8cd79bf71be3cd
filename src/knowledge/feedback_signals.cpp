// Feedback signals (see feedback_signals.hpp): keys, decay, the Bayesian lift and the reordering.
#include "knowledge/feedback_signals.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <set>

#include "core/text.hpp"
#include "search/french_analyzer.hpp"

namespace guichet::knowledge {
namespace {

constexpr std::size_t kMaxKeyTerms = 16;

}  // namespace

std::string QueryKey(std::string_view question) {
    static const search::TextAnalyzer analyzer(true);
    std::set<std::string> terms;
    for (const search::Token& t : analyzer.Tokenize(question)) {
        // One-letter words carry no topic once stop words are gone ("a", "y", stray initials).
        if (t.stop || t.word.size() < 2 || t.term.empty()) continue;
        terms.insert(t.term);
    }
    std::string key;
    std::size_t kept = 0;
    for (const std::string& term : terms) {
        if (kept++ == kMaxKeyTerms) break;
        if (!key.empty()) key += ' ';
        key += term;
    }
    return key;
}

double Decayed(double weight, std::chrono::milliseconds age, std::chrono::hours half_life) {
    if (age.count() <= 0 || half_life.count() <= 0) return weight;
    const double halves = std::chrono::duration<double>(age).count() /
                          std::chrono::duration<double>(half_life).count();
    return weight * std::exp2(-halves);
}

double Lift(double yes, double no, const FeedbackOptions& options) {
    yes = std::max(0.0, yes);
    no = std::max(0.0, no);
    const double prior = std::max(0.0, options.prior_votes);
    const double total = yes + no + prior;
    if (total <= 0) return 0;
    // Posterior mean of a Beta(prior/2 + yes, prior/2 + no), centred: -1 (all "non") .. +1.
    const double p = (yes + prior / 2) / total;
    return std::clamp(2 * (p - 0.5), -1.0, 1.0) * options.max_lift;
}

void ApplyLifts(std::vector<search::Hit>& hits, const std::map<std::string, double>& lifts,
                double max_lift) {
    if (lifts.empty() || hits.empty()) return;
    max_lift = std::max(0.0, max_lift);
    std::vector<double> adjusted(hits.size());
    for (std::size_t i = 0; i < hits.size(); ++i) {
        auto it = lifts.find(hits[i].id);
        const double lift = it == lifts.end() ? 0.0 : std::clamp(it->second, -max_lift, max_lift);
        adjusted[i] = hits[i].score * (1 + lift);
    }
    std::vector<std::size_t> order(hits.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return adjusted[a] > adjusted[b]; });
    std::vector<search::Hit> sorted;
    sorted.reserve(hits.size());
    for (std::size_t i : order) {
        sorted.push_back(std::move(hits[i]));
        sorted.back().score = std::clamp(adjusted[i], 0.0, 1.0);
    }
    hits = std::move(sorted);
}

bool LooksLikeBot(std::string_view user_agent) {
    if (IsBlank(user_agent)) return true;
    const std::string ua = AsciiLower(user_agent);
    static constexpr std::array kMarks = std::to_array<std::string_view>({
        "bot",     "crawl",      "spider",         "slurp",      "curl/",   "wget",
        "python",  "httpclient", "http-client",    "okhttp",     "go-http", "java/",
        "libwww",  "scrapy",     "headlesschrome", "phantomjs",  "preview", "facebookexternalhit",
        "axios/",  "node-fetch", "undici",         "aiohttp",    "httpie",  "postman",
        "monitor", "checker",    "validator",      "lighthouse", "scanner", "fetch/",
    });
    for (std::string_view mark : kMarks)
        if (ua.find(mark) != std::string::npos) return true;
    // Browsers all say "Mozilla/" (or Opera's old "Opera/"); anything else is a program.
    return ua.find("mozilla/") == std::string::npos && ua.find("opera/") == std::string::npos;
}

}  // namespace guichet::knowledge
