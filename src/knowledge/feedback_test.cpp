// Learning from use: the arithmetic (keys, decay, the Bayesian lift, the cap) and
// FeedbackService on every storage driver with ArticleService's search (lift, tenants, tokens,
// bots, duplicates, eviction, resets).
#include <gtest/gtest.h>

#include "knowledge/feedback_service.hpp"
#include "knowledge/knowledge_test_support.hpp"

namespace guichet::knowledge {
namespace {

using std::chrono::hours;
using storage::testing::AllTestDatabases;
using storage::testing::TestDatabaseName;
using testing::KnowledgeTest;

constexpr const char* kBrowser =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

// ---- Pure arithmetic ---------------------------------------------------------------------

TEST(QueryKey, SameQuestionInOtherWordsSharesAKey) {
    const std::string key = QueryKey("Comment refaire ma carte d'identité ?");
    EXPECT_FALSE(key.empty());
    EXPECT_EQ(key, QueryKey("refaire carte identite"));
    EXPECT_EQ(key, QueryKey("CARTE D'IDENTITÉ : refaire"));          // Order, case, accents.
    EXPECT_EQ(key, QueryKey("refaire la carte d'identité, carte"));  // Repeats count once.
    EXPECT_NE(key, QueryKey("refaire mon passeport"));
    EXPECT_EQ(QueryKey("comment est-ce que je peux ?"), "");  // Only stop words.
    EXPECT_EQ(QueryKey(""), "");
}

TEST(QueryKey, KeepsAtMostSixteenTerms) {
    std::string question;
    for (char c = 'a'; c <= 'z'; ++c) question += std::string("mot") + c + c + " ";
    const std::string key = QueryKey(question);
    EXPECT_EQ(std::count(key.begin(), key.end(), ' '), 15) << key;
}

TEST(Decay, HalvesEachHalfLife) {
    const hours half_life(24 * 90);
    EXPECT_DOUBLE_EQ(Decayed(8, std::chrono::milliseconds(0), half_life), 8);
    EXPECT_NEAR(Decayed(8, hours(24 * 90), half_life), 4, 1e-9);
    EXPECT_NEAR(Decayed(8, hours(24 * 180), half_life), 2, 1e-9);
    EXPECT_DOUBLE_EQ(Decayed(8, -hours(1), half_life), 8);  // A clock going back changes nothing.
}

TEST(Lift, PriorKeepsAFewVotesFromDominating) {
    const FeedbackOptions o;  // Prior of 4 pseudo-votes, agents weigh 3, cap 0.5.
    EXPECT_DOUBLE_EQ(Lift(0, 0, o), 0);
    const double one_citizen = Lift(1, 0, o);
    const double one_agent = Lift(o.agent_weight, 0, o);
    const double many = Lift(40, 0, o);
    EXPECT_GT(one_citizen, 0);
    EXPECT_LT(one_citizen, 0.25 * o.max_lift);  // One click is a hint, not a verdict.
    EXPECT_GT(one_agent, one_citizen);          // "Cet article a répondu" weighs more.
    EXPECT_GT(many, one_agent);
    EXPECT_LE(many, o.max_lift);
    EXPECT_LT(Lift(0, 1, o), 0);               // "Non" lowers.
    EXPECT_NEAR(Lift(5, 5, o), 0, 1e-12);      // Split opinions lift nothing.
    EXPECT_GE(Lift(0, 1000, o), -o.max_lift);  // Bounded below too.
    EXPECT_LT(Lift(3, 1, o), Lift(3, 0, o));   // A "non" takes back part of a "oui".
}

std::vector<search::Hit> Hits(std::initializer_list<std::pair<const char*, double>> list) {
    std::vector<search::Hit> hits;
    for (const auto& [id, score] : list) hits.push_back({id, "", id, "", score});
    return hits;
}

std::vector<std::string> Ids(const std::vector<search::Hit>& hits) {
    std::vector<std::string> ids;
    for (const auto& h : hits) ids.push_back(h.id);
    return ids;
}

TEST(ApplyLifts, ReordersAmongRelevantResultsOnly) {
    auto hits = Hits({{"a", 1.0}, {"b", 0.8}, {"c", 0.6}, {"weak", 0.3}});
    ApplyLifts(hits, {{"b", 0.5}, {"weak", 0.5}}, 0.5);
    EXPECT_EQ(Ids(hits), (std::vector<std::string>{"b", "a", "c", "weak"}));
    EXPECT_DOUBLE_EQ(hits[0].score, 1.0);  // 0.8 × 1.5 = 1.2, capped at 1.
    // Even a lift far beyond the cap cannot bring a weak match to the top.
    hits = Hits({{"a", 1.0}, {"weak", 0.6}});
    ApplyLifts(hits, {{"weak", 100.0}}, 0.5);
    EXPECT_EQ(Ids(hits), (std::vector<std::string>{"a", "weak"}));
    EXPECT_DOUBLE_EQ(hits[1].score, 0.9);
    // A negative lift lowers; ties keep the search's order; no lift changes nothing.
    hits = Hits({{"a", 1.0}, {"b", 0.9}, {"c", 0.9}});
    ApplyLifts(hits, {{"a", -0.5}}, 0.5);
    EXPECT_EQ(Ids(hits), (std::vector<std::string>{"b", "c", "a"}));
    hits = Hits({{"a", 0.7}, {"b", 0.9}});
    ApplyLifts(hits, {}, 0.5);
    EXPECT_EQ(Ids(hits), (std::vector<std::string>{"a", "b"}));
}

TEST(LooksLikeBot, BrowsersVoteProgramsDoNot) {
    EXPECT_FALSE(LooksLikeBot(kBrowser));
    EXPECT_FALSE(
        LooksLikeBot("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
                     "AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"));
    for (const char* ua :
         {"", "  ", "curl/8.4.0", "Wget/1.21", "python-requests/2.31", "Go-http-client/1.1",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          "Mozilla/5.0 (compatible; bingbot/2.0)", "Mozilla/5.0 HeadlessChrome/120.0",
          "facebookexternalhit/1.1", "Java/17", "node", "undici"})
        EXPECT_TRUE(LooksLikeBot(ua)) << ua;
}

// ---- The service, with the article search ------------------------------------------------

class FeedbackTest : public KnowledgeTest {
  protected:
    void SetUp() override {
        KnowledgeTest::SetUp();
        feedback_ = std::make_unique<FeedbackService>(*db_, clock_);
        articles_->UseRankingSignals(feedback_.get());
    }

    std::string Published(const std::string& tenant, const std::string& title,
                          const std::string& body, Audience audience = Audience::kPublic) {
        ArticleContent c;
        c.title = title;
        c.summary = title;
        c.body = body;
        c.audience = audience;
        auto a = articles_->Create(tenant, c, {std::nullopt, "test"});
        EXPECT_TRUE(a) << (a ? "" : a.error().detail);
        auto p = articles_->SetStatus(tenant, a->id, ArticleStatus::kPublished, std::nullopt,
                                      a->version, {std::nullopt, "test"});
        EXPECT_TRUE(p) << (p ? "" : p.error().detail);
        return a->id;
    }

    std::vector<std::string> Find(const std::string& tenant, const std::string& text) {
        auto r = articles_->Search(tenant, {.text = text, .prefix = false});
        EXPECT_TRUE(r) << (r ? "" : r.error().detail);
        return r ? Ids(r->hits) : std::vector<std::string>{};
    }

    Result<FeedbackService::Outcome> CitizenVote(const std::string& tenant,
                                                 const std::string& question,
                                                 const std::string& article, bool helpful,
                                                 const std::string& client) {
        return feedback_->Vote(tenant, {.question = question,
                                        .article_id = article,
                                        .source = FeedbackSource::kCitizen,
                                        .helpful = helpful,
                                        .client = client,
                                        .user_agent = kBrowser,
                                        .token = feedback_->IssueToken(tenant, question)});
    }

    Result<FeedbackService::Outcome> AgentVote(const std::string& tenant,
                                               const std::string& question,
                                               const std::string& article,
                                               const std::string& agent) {
        return feedback_->Vote(tenant, {.question = question,
                                        .article_id = article,
                                        .source = FeedbackSource::kAgent,
                                        .helpful = true,
                                        .client = "agent:" + agent});
    }

    // Two articles answering the same question nearly as well: the search puts one first.
    void TwoCloseArticles(const std::string& tenant) {
        Published(tenant, "Refaire sa carte d'identité",
                  "Pour refaire une carte d'identité perdue, prenez rendez-vous en mairie.");
        Published(tenant, "Refaire sa carte d'identité abîmée",
                  "Pour refaire une carte d'identité abîmée, prenez rendez-vous en mairie.");
    }

    std::unique_ptr<FeedbackService> feedback_;
};

TEST_P(FeedbackTest, VotesLiftAnArticleForThatQuestionOnly) {
    TwoCloseArticles(tenant_);
    const std::string q = "comment refaire ma carte d'identité ?";
    const auto before = Find(tenant_, q);
    ASSERT_EQ(before.size(), 2u);
    const std::string second = before[1];
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(*AgentVote(tenant_, q, second, "agent" + std::to_string(i)),
                  FeedbackService::Outcome::kRecorded);
    EXPECT_EQ(Find(tenant_, q).front(), second);
    // Another wording of the same question shares the key; another question is untouched.
    EXPECT_EQ(Find(tenant_, "refaire carte identite").front(), second);
    EXPECT_EQ(Find(tenant_, "carte d'identité").front(), before[0]);
    // Citizens saying "non" take the lift back.
    for (int i = 0; i < 12; ++i)
        ASSERT_TRUE(CitizenVote(tenant_, q, second, false, "10.0.0." + std::to_string(i)));
    EXPECT_EQ(Find(tenant_, q).front(), before[0]);
}

TEST_P(FeedbackTest, SignalsNeverCrossTenants) {
    const std::string other = MakeTenant("autreville");
    TwoCloseArticles(tenant_);
    TwoCloseArticles(other);
    const std::string q = "refaire carte identité";
    const auto mine = Find(tenant_, q);
    const auto theirs = Find(other, q);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(AgentVote(tenant_, q, mine[1], std::to_string(i)));
    EXPECT_EQ(Find(tenant_, q).front(), mine[1]);
    EXPECT_EQ(Find(other, q), theirs);
    // Another tenant's article cannot receive votes, and its token is not ours.
    auto foreign = AgentVote(other, q, mine[1], "x");
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
    auto token = feedback_->Vote(tenant_, {.question = q,
                                           .article_id = mine[0],
                                           .client = "1.2.3.4",
                                           .user_agent = kBrowser,
                                           .token = feedback_->IssueToken(other, q)});
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, ErrorCode::kInvalidArgument);
    auto page = feedback_->List(other, 50, "");
    ASSERT_TRUE(page);
    EXPECT_TRUE(page->items.empty());
}

TEST_P(FeedbackTest, CitizensNeedATokenAreCountedOnceAndBotsAreIgnored) {
    const std::string id = Published(tenant_, "Acte de naissance", "Demander un acte.");
    const std::string internal =
        Published(tenant_, "Note interne", "Acte à vérifier.", Audience::kInternal);
    const std::string q = "acte de naissance";
    FeedbackVote vote{.question = q, .article_id = id, .client = "5.6.7.8", .user_agent = kBrowser};
    auto no_token = feedback_->Vote(tenant_, vote);
    ASSERT_FALSE(no_token);
    EXPECT_EQ(no_token.error().code, ErrorCode::kInvalidArgument);
    vote.token = feedback_->IssueToken(tenant_, "naissance : acte");  // Same key: accepted.
    EXPECT_EQ(*feedback_->Vote(tenant_, vote), FeedbackService::Outcome::kRecorded);
    EXPECT_EQ(*feedback_->Vote(tenant_, vote), FeedbackService::Outcome::kDuplicate);
    vote.client = "9.9.9.9";
    vote.user_agent = "curl/8.0";
    EXPECT_EQ(*feedback_->Vote(tenant_, vote), FeedbackService::Outcome::kIgnored);
    // Tokens expire; internal articles take no citizen vote.
    vote.user_agent = kBrowser;
    clock_.Advance(hours(25));
    EXPECT_FALSE(feedback_->Vote(tenant_, vote));
    auto hidden = CitizenVote(tenant_, q, internal, true, "9.9.9.9");
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(AgentVote(tenant_, q, internal, "a"));  // Agents read internal articles.
    auto page = feedback_->List(tenant_, 50, "");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 2u);
    int64_t votes = 0;
    for (const auto& s : page->items) votes += s.votes;
    EXPECT_EQ(votes, 2);  // One citizen, one agent: the duplicate and the bot left no trace.
    // Bounded input.
    EXPECT_FALSE(CitizenVote(tenant_, std::string(400, 'a'), id, true, "1.1.1.1"));
    EXPECT_FALSE(CitizenVote(tenant_, "comment est-ce que", id, true, "1.1.1.1"));
}

TEST_P(FeedbackTest, SignalsDecayWithTime) {
    const std::string id = Published(tenant_, "Acte de naissance", "Demander un acte.");
    ASSERT_TRUE(AgentVote(tenant_, "acte naissance", id, "a"));
    auto fresh = feedback_->Lifts(tenant_, "acte de naissance");
    ASSERT_TRUE(fresh);
    clock_.Advance(hours(24 * 90));
    auto page = feedback_->List(tenant_, 10, "");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_NEAR(page->items[0].yes, feedback_->options().agent_weight / 2, 1e-6);
    auto old = feedback_->Lifts(tenant_, "acte de naissance");
    ASSERT_TRUE(old);
    EXPECT_LT(old->at(id), fresh->at(id));
    EXPECT_GT(old->at(id), 0);
}

TEST_P(FeedbackTest, TheWeakestKeyIsEvictedBeyondTheBound) {
    FeedbackOptions small;
    small.max_keys_per_tenant = 3;
    feedback_ = std::make_unique<FeedbackService>(*db_, clock_, small);
    const std::string id = Published(tenant_, "Démarches", "Toutes les démarches.");
    ASSERT_TRUE(AgentVote(tenant_, "piscine", id, "a"));
    ASSERT_TRUE(AgentVote(tenant_, "piscine", id, "b"));  // The strongest.
    ASSERT_TRUE(AgentVote(tenant_, "bibliotheque", id, "a"));
    clock_.Advance(hours(24 * 30));  // Older: weaker once decayed.
    ASSERT_TRUE(AgentVote(tenant_, "cantine", id, "a"));
    ASSERT_TRUE(AgentVote(tenant_, "stationnement", id, "a"));  // Fourth key: one goes.
    auto page = feedback_->List(tenant_, 10, "");
    ASSERT_TRUE(page);
    std::vector<std::string> keys;
    for (const auto& s : page->items) keys.push_back(s.query_key);
    EXPECT_EQ(keys.size(), 3u);
    EXPECT_EQ(std::count(keys.begin(), keys.end(), QueryKey("bibliotheque")), 0);
    EXPECT_EQ(std::count(keys.begin(), keys.end(), QueryKey("piscine")), 1);
}

TEST_P(FeedbackTest, AKeyKeepsItsStrongestArticlesWithinTheBound) {
    FeedbackOptions small;
    small.max_articles_per_key = 2;
    feedback_ = std::make_unique<FeedbackService>(*db_, clock_, small);
    const std::string a = Published(tenant_, "Cantine", "Inscription à la cantine.");
    const std::string b = Published(tenant_, "Cantine scolaire", "Menus de la cantine.");
    const std::string c = Published(tenant_, "Cantine et périscolaire", "Tarifs de la cantine.");
    ASSERT_TRUE(AgentVote(tenant_, "cantine", a, "1"));
    ASSERT_TRUE(AgentVote(tenant_, "cantine", a, "2"));
    ASSERT_TRUE(AgentVote(tenant_, "cantine", b, "1"));
    clock_.Advance(hours(24 * 30));  // b is now the weakest of the key (a has two votes).
    ASSERT_TRUE(AgentVote(tenant_, "cantine", c, "1"));
    auto page = feedback_->List(tenant_, 10, "");
    ASSERT_TRUE(page);
    std::vector<std::string> articles;
    for (const auto& s : page->items) articles.push_back(s.article_id);
    std::sort(articles.begin(), articles.end());
    std::vector<std::string> expected{a, c};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(articles, expected);
}

TEST_P(FeedbackTest, ListPagesAndResetsRestoreTheOrder) {
    TwoCloseArticles(tenant_);
    const std::string q = "refaire carte identité";
    const auto before = Find(tenant_, q);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(AgentVote(tenant_, q, before[1], std::to_string(i)));
    ASSERT_TRUE(AgentVote(tenant_, "perte carte", before[0], "a"));
    ASSERT_TRUE(AgentVote(tenant_, "perte carte", before[1], "a"));
    auto first = feedback_->List(tenant_, 2, "");
    ASSERT_TRUE(first);
    ASSERT_EQ(first->items.size(), 2u);
    ASSERT_FALSE(first->next.empty());
    auto second = feedback_->List(tenant_, 2, first->next);
    ASSERT_TRUE(second);
    ASSERT_EQ(second->items.size(), 1u);
    EXPECT_TRUE(second->next.empty());
    EXPECT_FALSE(feedback_->List(tenant_, 2, "zz~x"));  // Malformed cursor.
    EXPECT_FALSE(first->items[0].article_title.empty());

    EXPECT_EQ(Find(tenant_, q).front(), before[1]);
    std::string signal;
    for (const auto& page : {*first, *second})
        for (const auto& s : page.items)
            if (s.query_key == QueryKey(q)) signal = s.id;
    ASSERT_FALSE(signal.empty());
    ASSERT_TRUE(feedback_->Reset(tenant_, signal));
    EXPECT_EQ(Find(tenant_, q), before);
    auto missing = feedback_->Reset(tenant_, signal);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    // The same agent may vote again once reset (its memory went with the signal).
    EXPECT_EQ(*AgentVote(tenant_, q, before[1], "0"), FeedbackService::Outcome::kRecorded);
    auto removed = feedback_->ResetAll(tenant_);
    ASSERT_TRUE(removed);
    EXPECT_EQ(*removed, 3u);
    EXPECT_TRUE(feedback_->List(tenant_, 10, "")->items.empty());
}

TEST_P(FeedbackTest, AnArticleWithoutMatchIsNeverBroughtIn) {
    TwoCloseArticles(tenant_);
    const std::string pool = Published(tenant_, "Piscine municipale", "Horaires du bassin.");
    const std::string q = "refaire carte identité";
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(AgentVote(tenant_, q, pool, std::to_string(i)));
    const auto found = Find(tenant_, q);
    EXPECT_EQ(std::count(found.begin(), found.end(), pool), 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, FeedbackTest, ::testing::ValuesIn(AllTestDatabases()),
                         TestDatabaseName());

}  // namespace
}  // namespace guichet::knowledge
