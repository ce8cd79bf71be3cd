// FeedbackService: citizens' « Cette réponse vous a-t-elle aidé ? » and agents' « Cet article a
// répondu » turned into per-tenant, per-question signals that lift proven articles in search
// (ArticleService::Search asks Lifts; the arithmetic is in feedback_signals.hpp).
//
// Storage (table kb_feedback, migration 5): one row per (tenant, question key, article) holding
// the decayed yes/no weights as of `updated_at`, the raw vote count and the last wording heard;
// kb_feedback_voters remembers who voted on what (a hash of the client, never an address) so
// that one client counts once per (question, article) for `revote_after`.
//
// Safeguards, all here so the CLI, HTTP and tests share them:
// - a citizen's vote needs a token the server issued with the answer or search (IssueToken): an
//   HMAC of (tenant, key, issue time) under a per-process secret, valid `token_lifetime`; a bot
//   posting votes without reading answers has none. (Tokens die with the process: a vote from a
//   page opened before a restart is refused with kInvalidArgument, the page asks again.)
// - votes from bot User-Agents are accepted and dropped (Outcome::kIgnored), so they learn
//   nothing from the answer;
// - a client's second vote on the same (question, article) is dropped (kDuplicate);
// - sizes are bounded: questions up to max_query_bytes, max_keys_per_tenant keys per tenant
//   (the weakest decayed key is evicted), max_articles_per_key articles per key.
// The per-address rate limit is the route's (http, RateLimiter), not the service's.
// Tenants never mix: every read and write names the tenant, and an article of another tenant
// is kNotFound. After a recorded vote or a reset, changes() publishes Change::kArticles (the
// answer cache forgets the tenant's answers, whose article order may have moved).
// Thread-safety: safe from any worker thread; calls block on the database.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "knowledge/article_service.hpp"
#include "knowledge/changes.hpp"
#include "knowledge/feedback_signals.hpp"
#include "storage/database.hpp"

namespace guichet::knowledge {

struct FeedbackVote {
    std::string question;  // As the citizen or agent asked it.
    std::string article_id;
    FeedbackSource source = FeedbackSource::kCitizen;
    bool helpful = true;
    std::string client;      // Who votes: an address key, a session, an agent id (hashed here).
    std::string user_agent;  // Citizens only: bots are ignored.
    std::string token;       // Citizens only: from IssueToken.
};

// One (question, article) signal as the console shows it.
struct FeedbackSignal {
    std::string id;
    std::string query_key;
    std::string question;  // The last wording heard.
    std::string article_id;
    std::string article_title;
    double yes = 0;  // Decayed weights, now.
    double no = 0;
    int64_t votes = 0;  // Raw count, never decayed.
    double lift = 0;
    TimePoint updated_at;
};

struct FeedbackPage {
    std::vector<FeedbackSignal> items;
    std::string next;  // Cursor of the next page; empty at the end.
};

class FeedbackService : public RankingSignals {
  public:
    enum class Outcome { kRecorded, kIgnored, kDuplicate };

    FeedbackService(storage::Database& db, const Clock& clock, FeedbackOptions options = {});

    const FeedbackOptions& options() const { return options_; }

    // A token for votes about `question` in `tenant_id`, to hand out with an answer or a search.
    std::string IssueToken(std::string_view tenant_id, std::string_view question) const;

    // Records a vote. kInvalidArgument: empty or too long question, no topic word, missing or
    // invalid token (citizens); kNotFound: no such article for this tenant (citizens: none
    // published for the public either).
    Result<Outcome> Vote(std::string_view tenant_id, const FeedbackVote& vote);

    // The lift of each article with a signal for `question` (by article id); empty when none.
    Result<std::map<std::string, double>> Lifts(std::string_view tenant_id,
                                                std::string_view question) override;
    double max_lift() const override { return options_.max_lift; }

    // The tenant's signals, strongest |lift| first within a page ordered by (key, article);
    // `after` is the previous page's cursor. kInvalidArgument on a malformed cursor.
    Result<FeedbackPage> List(std::string_view tenant_id, std::size_t limit,
                              std::string_view after);
    // Forgets one signal (kNotFound when the tenant has no such id) or all of the tenant's
    // (returns how many), with the voters' memory.
    Result<void> Reset(std::string_view tenant_id, std::string_view signal_id);
    Result<std::size_t> ResetAll(std::string_view tenant_id);

    ChangeFeed& changes() { return changes_; }

  private:
    std::string Sign(std::string_view tenant_id, std::string_view key, int64_t issued) const;
    bool TokenIsValid(std::string_view tenant_id, std::string_view key,
                      std::string_view token) const;
    std::string ClientHash(std::string_view tenant_id, std::string_view client) const;

    storage::Database& db_;
    const Clock& clock_;
    FeedbackOptions options_;
    std::array<unsigned char, 32> secret_{};
    ChangeFeed changes_;
};

}  // namespace guichet::knowledge
