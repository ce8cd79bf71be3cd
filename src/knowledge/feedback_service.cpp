// FeedbackService (see feedback_service.hpp): votes, their safeguards, lifts, listing, resets.
#include "knowledge/feedback_service.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <unordered_map>

#include "core/ids.hpp"
#include "core/text.hpp"

namespace guichet::knowledge {
namespace {

using storage::Connection;
using storage::Row;

std::string Hex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += kDigits[data[i] >> 4];
        out += kDigits[data[i] & 15];
    }
    return out;
}

std::string HexOf(std::string_view s) {
    return Hex(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

std::optional<std::string> Unhex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
        if (ec != std::errc() || end != hex.data() + i + 2) return std::nullopt;
        out += static_cast<char>(value);
    }
    return out;
}

std::string_view SourceName(FeedbackSource s) {
    return s == FeedbackSource::kAgent ? "agent" : "citizen";
}

// The voters' memory of a (key, article) and the signal row, for deletions.
Result<void> ForgetVoters(Connection& c, std::string_view tenant_id, std::string_view key,
                          std::string_view article_id) {
    GUICHET_CHECK(
        c.Execute("DELETE FROM kb_feedback_voters WHERE tenant_id = $1 AND query_key = $2 AND "
                  "article_id = $3",
                  {std::string(tenant_id), std::string(key), std::string(article_id)}));
    return {};
}

}  // namespace

FeedbackService::FeedbackService(storage::Database& db, const Clock& clock, FeedbackOptions options)
    : db_(db), clock_(clock), options_(options) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    randombytes_buf(secret_.data(), secret_.size());
}

std::string FeedbackService::Sign(std::string_view tenant_id, std::string_view key,
                                  int64_t issued) const {
    const std::string message =
        std::string(tenant_id) + '\0' + std::string(key) + '\0' + std::to_string(issued);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, secret_.data(), secret_.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    crypto_auth_hmacsha256_final(&state, mac);
    return std::to_string(issued) + "." + Hex(mac, sizeof mac);
}

std::string FeedbackService::IssueToken(std::string_view tenant_id,
                                        std::string_view question) const {
    const int64_t issued = ToUnixMillis(clock_.Now()) / 1000;
    return Sign(tenant_id, QueryKey(question.substr(0, options_.max_query_bytes)), issued);
}

bool FeedbackService::TokenIsValid(std::string_view tenant_id, std::string_view key,
                                   std::string_view token) const {
    const std::size_t dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 12) return false;
    int64_t issued = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + dot, issued);
    if (ec != std::errc() || end != token.data() + dot) return false;
    const int64_t now = ToUnixMillis(clock_.Now()) / 1000;
    const int64_t lifetime = std::chrono::seconds(options_.token_lifetime).count();
    // A little slack for clocks: a token "from the future" by a minute is still ours.
    if (issued > now + 60 || now - issued > lifetime) return false;
    const std::string expected = Sign(tenant_id, key, issued);
    return expected.size() == token.size() &&
           sodium_memcmp(expected.data(), token.data(), expected.size()) == 0;
}

std::string FeedbackService::ClientHash(std::string_view tenant_id, std::string_view client) const {
    const std::string message = std::string(tenant_id) + '\0' + std::string(client);
    unsigned char out[16];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data(), secret_.size());
    return Hex(out, sizeof out);
}

Result<FeedbackService::Outcome> FeedbackService::Vote(std::string_view tenant_id,
                                                       const FeedbackVote& vote) {
    if (IsBlank(vote.question)) return Invalid("La question est obligatoire.");
    if (vote.question.size() > options_.max_query_bytes)
        return Invalid("La question dépasse " + std::to_string(options_.max_query_bytes) +
                       " caractères.");
    if (IsBlank(vote.article_id) || vote.article_id.size() > 200)
        return Invalid("L'article est obligatoire.");
    const std::string key = QueryKey(vote.question);
    if (key.empty()) return Invalid("La question ne contient aucun mot significatif.");
    const bool citizen = vote.source == FeedbackSource::kCitizen;
    if (citizen && LooksLikeBot(vote.user_agent)) return Outcome::kIgnored;
    if (citizen && !TokenIsValid(tenant_id, key, vote.token))
        return Invalid("Ce vote a expiré : rechargez la page pour donner votre avis.");

    const TimePoint now = clock_.Now();
    const int64_t now_ms = ToUnixMillis(now);
    const std::string tenant(tenant_id);
    const std::string client = ClientHash(tenant_id, vote.client);
    const double weight = citizen ? 1.0 : std::max(1.0, options_.agent_weight);
    Outcome outcome = Outcome::kRecorded;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        // The article: the tenant's; for citizens, one the public may read.
        GUICHET_TRY(article,
                    c.QueryOne("SELECT status, audience, publish_at, id FROM kb_articles WHERE "
                               "tenant_id = $1 AND (id = $2 OR external_id = $2) ORDER BY "
                               "CASE WHEN id = $2 THEN 0 ELSE 1 END LIMIT 1",
                               {tenant, vote.article_id}));
        const bool visible = article && article->Text(0) == "published" &&
                             (article->IsNull(2) || article->Int(2) <= now_ms);
        if (!article || (citizen && (!visible || article->Text(1) != "public")))
            return Fail(ErrorCode::kNotFound, "Cet article est introuvable.");
        // The article's internal id (votes may name its external id, as answers show it).
        const std::string article_id = article->Text(3);

        // One vote per client and (question, article) within revote_after.
        const int64_t cutoff =
            now_ms -
            std::chrono::duration_cast<std::chrono::milliseconds>(options_.revote_after).count();
        GUICHET_CHECK(
            c.Execute("DELETE FROM kb_feedback_voters WHERE tenant_id = $1 AND created_at < $2",
                      {tenant, cutoff}));
        GUICHET_TRY(seen, c.QueryOne("SELECT 1 FROM kb_feedback_voters WHERE tenant_id = $1 AND "
                                     "query_key = $2 AND article_id = $3 AND client = $4",
                                     {tenant, key, article_id, client}));
        if (seen) {
            outcome = Outcome::kDuplicate;
            return {};
        }
        GUICHET_CHECK(c.Execute(
            "INSERT INTO kb_feedback_voters (tenant_id, query_key, article_id, client, source, "
            "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            {tenant, key, article_id, client, std::string(SourceName(vote.source)), now_ms}));

        GUICHET_TRY(
            row, c.QueryOne("SELECT id, yes_weight, no_weight, votes, updated_at FROM kb_feedback "
                            "WHERE tenant_id = $1 AND query_key = $2 AND article_id = $3",
                            {tenant, key, article_id}));
        if (row) {
            const auto age = std::chrono::milliseconds(now_ms - row->Int(4));
            double yes = Decayed(row->Real(1), age, options_.half_life);
            double no = Decayed(row->Real(2), age, options_.half_life);
            (vote.helpful ? yes : no) += weight;
            GUICHET_CHECK(
                c.Execute("UPDATE kb_feedback SET yes_weight = $2, no_weight = $3, votes = $4, "
                          "question = $5, "
                          "updated_at = $6 WHERE id = $1",
                          {row->Text(0), yes, no, row->Int(3) + 1, vote.question, now_ms}));
            return {};
        }

        // A new signal: make room first, weakest (decayed weight) first.
        auto weight_of = [&](const Row& r, std::size_t yes_column) {
            return Decayed(r.Real(yes_column) + r.Real(yes_column + 1),
                           std::chrono::milliseconds(now_ms - r.Int(yes_column + 2)),
                           options_.half_life);
        };
        GUICHET_TRY(same_key, c.Query("SELECT article_id, yes_weight, no_weight, updated_at FROM "
                                      "kb_feedback WHERE tenant_id = $1 AND query_key = $2",
                                      {tenant, key}));
        if (same_key.empty()) {
            GUICHET_TRY(keys, c.QueryOne("SELECT COUNT(DISTINCT query_key) FROM kb_feedback "
                                         "WHERE tenant_id = $1",
                                         {tenant}));
            if (keys && static_cast<std::size_t>(keys->Int(0)) >= options_.max_keys_per_tenant) {
                // Rare (only at the bound), and then a hundredth of the keys goes at once so
                // that the next new keys do not scan the tenant's signals again.
                GUICHET_TRY(all, c.Query("SELECT query_key, yes_weight, no_weight, updated_at "
                                         "FROM kb_feedback WHERE tenant_id = $1",
                                         {tenant}));
                std::unordered_map<std::string, double> key_weight;
                for (const Row& r : all) key_weight[r.Text(0)] += weight_of(r, 1);
                std::vector<std::pair<double, std::string>> weakest;
                for (auto& [k, w] : key_weight) weakest.emplace_back(w, k);
                const std::size_t evict =
                    std::max<std::size_t>(1, key_weight.size() + 1 - options_.max_keys_per_tenant +
                                                 options_.max_keys_per_tenant / 100);
                std::partial_sort(weakest.begin(),
                                  weakest.begin() + std::min(evict, weakest.size()), weakest.end());
                for (std::size_t i = 0; i < evict && i < weakest.size(); ++i) {
                    for (const char* table : {"kb_feedback", "kb_feedback_voters"})
                        GUICHET_CHECK(c.Execute(std::string("DELETE FROM ") + table +
                                                    " WHERE tenant_id = $1 AND query_key = $2",
                                                {tenant, weakest[i].second}));
                }
            }
        } else if (same_key.size() >= options_.max_articles_per_key) {
            auto weakest = std::min_element(
                same_key.begin(), same_key.end(),
                [&](const Row& a, const Row& b) { return weight_of(a, 1) < weight_of(b, 1); });
            GUICHET_CHECK(
                c.Execute("DELETE FROM kb_feedback WHERE tenant_id = $1 AND "
                          "query_key = $2 AND article_id = $3",
                          {tenant, key, weakest->Text(0)}));
            GUICHET_CHECK(ForgetVoters(c, tenant, key, weakest->Text(0)));
        }
        GUICHET_CHECK(c.Execute(
            "INSERT INTO kb_feedback (id, tenant_id, query_key, article_id, question, yes_weight, "
            "no_weight, votes, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
            {NewId(now), tenant, key, article_id, vote.question, vote.helpful ? weight : 0.0,
             vote.helpful ? 0.0 : weight, now_ms}));
        return {};
    }));
    if (outcome == Outcome::kRecorded) changes_.Publish(tenant_id, Change::kArticles);
    return outcome;
}

Result<std::map<std::string, double>> FeedbackService::Lifts(std::string_view tenant_id,
                                                             std::string_view question) {
    std::map<std::string, double> lifts;
    if (question.size() > options_.max_query_bytes) return lifts;
    const std::string key = QueryKey(question);
    if (key.empty()) return lifts;
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(
            "SELECT article_id, yes_weight, no_weight, updated_at FROM kb_feedback WHERE "
            "tenant_id = $1 AND query_key = $2",
            {std::string(tenant_id), key});
    }));
    const int64_t now_ms = ToUnixMillis(clock_.Now());
    for (const Row& r : rows) {
        const auto age = std::chrono::milliseconds(now_ms - r.Int(3));
        lifts[r.Text(0)] = Lift(Decayed(r.Real(1), age, options_.half_life),
                                Decayed(r.Real(2), age, options_.half_life), options_);
    }
    return lifts;
}

Result<FeedbackPage> FeedbackService::List(std::string_view tenant_id, std::size_t limit,
                                           std::string_view after) {
    limit = std::clamp<std::size_t>(limit, 1, 200);
    std::string sql =
        "SELECT f.id, f.query_key, f.question, f.article_id, a.title, f.yes_weight, f.no_weight, "
        "f.votes, "
        "f.updated_at FROM kb_feedback f LEFT JOIN kb_articles a ON a.id = f.article_id AND "
        "a.tenant_id = f.tenant_id WHERE f.tenant_id = $1";
    storage::Params params{std::string(tenant_id)};
    if (!after.empty()) {
        const std::size_t tilde = after.find('~');
        std::optional<std::string> key =
            tilde == std::string_view::npos ? std::nullopt : Unhex(after.substr(0, tilde));
        if (!key || tilde + 1 >= after.size() || after.size() > 1000)
            return BadParameter("Le curseur « after » est invalide.");
        params.emplace_back(*key);
        params.emplace_back(std::string(after.substr(tilde + 1)));
        sql += " AND (f.query_key > $2 OR (f.query_key = $2 AND f.article_id > $3))";
    }
    params.emplace_back(static_cast<int64_t>(limit + 1));
    sql += " ORDER BY f.query_key, f.article_id LIMIT $" + std::to_string(params.size());
    GUICHET_TRY(rows,
                db_.Read<std::vector<Row>>([&](Connection& c) { return c.Query(sql, params); }));
    FeedbackPage page;
    const int64_t now_ms = ToUnixMillis(clock_.Now());
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i) {
        const Row& r = rows[i];
        FeedbackSignal s;
        s.id = r.Text(0);
        s.query_key = r.Text(1);
        s.question = r.Text(2);
        s.article_id = r.Text(3);
        s.article_title = r.Text(4);
        const auto age = std::chrono::milliseconds(now_ms - r.Int(8));
        s.yes = Decayed(r.Real(5), age, options_.half_life);
        s.no = Decayed(r.Real(6), age, options_.half_life);
        s.votes = r.Int(7);
        s.lift = Lift(s.yes, s.no, options_);
        s.updated_at = FromUnixMillis(r.Int(8));
        page.items.push_back(std::move(s));
    }
    if (rows.size() > limit)
        page.next = HexOf(page.items.back().query_key) + "~" + page.items.back().article_id;
    return page;
}

Result<void> FeedbackService::Reset(std::string_view tenant_id, std::string_view signal_id) {
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(row, c.QueryOne("SELECT query_key, article_id FROM kb_feedback WHERE "
                                    "tenant_id = $1 AND id = $2",
                                    {std::string(tenant_id), std::string(signal_id)}));
        if (!row) return Fail(ErrorCode::kNotFound, "Ce signal est introuvable.");
        GUICHET_CHECK(c.Execute("DELETE FROM kb_feedback WHERE tenant_id = $1 AND id = $2",
                                {std::string(tenant_id), std::string(signal_id)}));
        return ForgetVoters(c, tenant_id, row->Text(0), row->Text(1));
    }));
    changes_.Publish(tenant_id, Change::kArticles);
    return {};
}

Result<std::size_t> FeedbackService::ResetAll(std::string_view tenant_id) {
    GUICHET_TRY(removed, db_.Write<int64_t>([&](Connection& c) -> Result<int64_t> {
        GUICHET_TRY(
            n, c.Execute("DELETE FROM kb_feedback WHERE tenant_id = $1", {std::string(tenant_id)}));
        GUICHET_CHECK(c.Execute("DELETE FROM kb_feedback_voters WHERE tenant_id = $1",
                                {std::string(tenant_id)}));
        return n;
    }));
    changes_.Publish(tenant_id, Change::kArticles);
    return static_cast<std::size_t>(removed);
}

}  // namespace guichet::knowledge
