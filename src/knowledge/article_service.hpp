// ArticleService: the knowledge base's articles, their categories, versions and search.
//
// Every change writes a new version (who, when, what) in the same transaction as the article.
// The search index holds exactly the articles citizens or agents may find: published, past their
// scheduled publication; it is updated right after the database commit, so a published change is
// searchable at once. Should the process stop between the two, Open-time consistency checks
// (IndexIsCurrent) and `guichet reindex` repair the index from the database, which is the truth.
// Validation happens before any write; a bad field gives kInvalidArgument naming it.
// Versions: every change names the version the writer read (`expected_version`, from If-Match)
// and is compared with the stored one inside the write transaction (core/versions.hpp,
// CheckVersion): stale gives kFailedPrecondition "stale-version" and nothing is written;
// nullopt overwrites (If-Match: *). Every committed change of the articles (create, update,
// status, draft publication, import) is published on changes().
// Files: article_service.cpp (one article's life), article_drafts.cpp, article_import.cpp
// (JSON lines in and out), article_index.cpp (search, index upkeep, synonyms), article_rows.cpp.
// Reads are scoped by tenant: another tenant's article is kNotFound.
// Thread-safety: safe from any worker thread; calls block.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "knowledge/changes.hpp"
#include "knowledge/knowledge.hpp"
#include "search/search_index.hpp"
#include "storage/database.hpp"

namespace guichet::knowledge {

struct Author {
    std::optional<std::string> agent_id;  // nullopt: the command line or an import.
    std::string name;
};

struct ArticleFilter {
    std::optional<ArticleStatus> status;
    std::optional<Audience> audience;
    std::string text;  // Substring of the title, case-insensitive (ASCII); empty: all.
    std::size_t limit = 50;
    std::string after;  // Cursor: the id of the last article of the previous page.
};

struct ArticleSearch {
    std::string text;
    std::size_t limit = 10;
    bool include_internal = false;
    std::optional<std::string> category;    // Category name (facet value).
    std::optional<std::string> service_id;  // Facet value.
    bool prefix = true;
};

using Progress = std::function<void(std::size_t done, std::size_t total)>;

// What search results learn from use (FeedbackService implements it): per question, a lift per
// article id in [-max_lift(), +max_lift()]. Errors are ignored by Search (results without lift).
class RankingSignals {
  public:
    virtual ~RankingSignals() = default;
    virtual Result<std::map<std::string, double>> Lifts(std::string_view tenant_id,
                                                        std::string_view question) = 0;
    virtual double max_lift() const = 0;
};

class ArticleService {
  public:
    ArticleService(storage::Database& db, const Clock& clock, search::SearchIndex& index)
        : db_(db), clock_(clock), index_(index) {}

    // Categories form a tree; Ensure finds or creates one by name under a parent.
    Result<Category> EnsureCategory(std::string_view tenant_id, std::string_view name,
                                    const std::optional<std::string>& parent_id = std::nullopt);
    Result<std::vector<Category>> ListCategories(std::string_view tenant_id);

    Result<Article> Create(std::string_view tenant_id, const ArticleContent& content,
                           const Author& author,
                           const std::optional<std::string>& external_id = std::nullopt);
    // Replaces the content; `expected_version` must be the current one (kFailedPrecondition
    // "stale-version" otherwise: someone else saved in between).
    Result<Article> Update(std::string_view tenant_id, std::string_view id,
                           const ArticleContent& content, std::optional<int64_t> expected_version,
                           const Author& author);
    // Publishes (optionally from `publish_at`), unpublishes to draft, or archives.
    Result<Article> SetStatus(std::string_view tenant_id, std::string_view id, ArticleStatus status,
                              std::optional<TimePoint> publish_at,
                              std::optional<int64_t> expected_version, const Author& author);

    // ---- Drafts of a published article (article_drafts.cpp) --------------------------------
    // Editing a published article saves a draft beside it: readers, the answer engine and the
    // search keep the published content until PublishDraft. One draft per article, replaced by
    // each save. `expected_version` is the article's version the writer read (kFailedPrecondition
    // "stale-version" when it moved on); kFailedPrecondition "not-published" when the article is
    // not published (save it directly with Update).
    Result<ArticleDraft> SaveDraft(std::string_view tenant_id, std::string_view id,
                                   const ArticleContent& content,
                                   std::optional<int64_t> expected_version, const Author& author);
    // The article's pending draft; nullopt when it has none (kNotFound: no such article).
    Result<std::optional<ArticleDraft>> Draft(std::string_view tenant_id, std::string_view id);
    // Forgets the draft (nothing happens when there is none).
    Result<void> DiscardDraft(std::string_view tenant_id, std::string_view id);
    // Makes the draft the article's published content, as a new version, and removes the draft,
    // in one transaction; the index follows at once. kNotFound without a draft;
    // kFailedPrecondition when the article is no longer at `expected_version` or was changed
    // after the draft was saved (the draft would overwrite that change).
    Result<Article> PublishDraft(std::string_view tenant_id, std::string_view id,
                                 std::optional<int64_t> expected_version, const Author& author);

    Result<Article> Get(std::string_view tenant_id, std::string_view id_or_external_id);
    Result<std::vector<Article>> List(std::string_view tenant_id, const ArticleFilter& filter);
    Result<std::vector<ArticleVersion>> Versions(std::string_view tenant_id, std::string_view id);

    // JSON lines with at least doc_id, title, text (and url, theme, summary, tags, audience):
    // each valid row is published, created or updated by doc_id (its external id); invalid rows
    // are reported with their line. Good rows are written in one transaction.
    Result<ImportReport> ImportJsonLines(std::string_view tenant_id, std::string_view text,
                                         const Author& author, const Progress& progress = {});
    // Every article of the tenant as JSON lines (the import's fields and more).
    Result<std::string> ExportJsonLines(std::string_view tenant_id);

    // The index's hits, then reordered by the tenant's feedback for this question (the one
    // place results are ranked after the search module: RankingSignals, ApplyLifts). With
    // signals, a few more hits are asked of the index so that a lifted article just below the
    // limit can come in; only hits the index returned for the question are ever shown.
    Result<search::Results> Search(std::string_view tenant_id, const ArticleSearch& query);
    // Set once by the composition root (nullptr: no learning); must outlive this service.
    void UseRankingSignals(RankingSignals* signals) { signals_ = signals; }

    // Rebuilds the tenant's part of the index from the database.
    Result<std::size_t> Reindex(std::string_view tenant_id, const Progress& progress = {});
    // Whether the index was last brought up to date with the tenant's articles as they are now
    // (a digest of the visible articles' count, versions and times, stored with the index).
    Result<bool> IndexIsCurrent(std::string_view tenant_id);
    // Indexes the scheduled publications whose time has come; returns how many.
    Result<std::size_t> PublishDue();

    // The tenant's own synonym groups (on top of the shipped ones), replaced as a whole.
    Result<std::vector<search::SynonymGroup>> Synonyms(std::string_view tenant_id);
    Result<void> SetSynonyms(std::string_view tenant_id,
                             const std::vector<search::SynonymGroup>& groups);
    // Loads every tenant's synonyms into the index (at start-up).
    Result<void> LoadAllSynonyms();

    static Result<void> Validate(const ArticleContent& content);

    // Where committed changes are published.
    ChangeFeed& changes() { return changes_; }

  private:
    // Runs inside Save's transaction once the article is loaded and its version checked; may
    // change the content to be saved (a draft being published) and write beside it.
    using SaveHook = std::function<Result<void>(storage::Connection&, Article&)>;
    Result<Article> Save(std::string_view tenant_id, std::string_view id,
                         const ArticleContent& content, std::optional<ArticleStatus> status,
                         std::optional<std::optional<TimePoint>> publish_at,
                         std::optional<int64_t> expected_version, const Author& author,
                         const SaveHook& hook = {});
    // Puts the article in the index, or takes it out, as its state says; records it.
    Result<void> SyncIndex(const Article& article);
    // The digest of the tenant's visible articles, and storing it with the index.
    Result<std::string> Signature(std::string_view tenant_id);
    Result<void> StampIndex(std::string_view tenant_id);

    storage::Database& db_;
    const Clock& clock_;
    search::SearchIndex& index_;
    RankingSignals* signals_ = nullptr;
    ChangeFeed changes_;
};

}  // namespace guichet::knowledge
