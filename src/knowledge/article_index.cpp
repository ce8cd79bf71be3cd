// ArticleService: the search index side (see article_service.hpp) — searching, keeping the
// index in step with the database (after each commit, by Reindex, by the stamp IndexIsCurrent
// compares), scheduled publications, and the tenants' synonyms. The database is the truth; the
// index is rebuilt from it whenever they differ.
#include <algorithm>

#include "core/text.hpp"
#include "knowledge/article_rows.hpp"
#include "knowledge/article_service.hpp"
#include "knowledge/feedback_signals.hpp"

namespace guichet::knowledge {
namespace {

using namespace article_rows;
using storage::Connection;
using storage::Row;

// Bump when ToDocument changes what is indexed.
constexpr const char* kIndexFormat = "doc2";

// Hits asked beyond the caller's limit when feedback may reorder them.
constexpr std::size_t kLiftWindow = 5;

}  // namespace

Result<search::Results> ArticleService::Search(std::string_view tenant_id,
                                               const ArticleSearch& query) {
    search::Query q;
    q.tenant_id = std::string(tenant_id);
    q.text = query.text;
    const std::size_t limit = std::clamp<std::size_t>(query.limit, 1, 50);
    q.limit = limit;
    q.include_internal = query.include_internal;
    q.category = query.category;
    q.service_id = query.service_id;
    q.prefix = query.prefix;
    std::map<std::string, double> lifts;
    if (signals_ != nullptr && !IsBlank(query.text)) {
        // Learning is a refinement: when it fails, the search still answers.
        if (auto found = signals_->Lifts(tenant_id, query.text)) lifts = std::move(*found);
    }
    if (lifts.empty()) return index_.Search(q);
    q.limit = limit + kLiftWindow;
    GUICHET_TRY(results, index_.Search(q));
    ApplyLifts(results.hits, lifts, signals_->max_lift());
    if (results.hits.size() > limit) results.hits.resize(limit);
    return results;
}

Result<void> ArticleService::SyncIndex(const Article& a) {
    if (!a.VisibleAt(clock_.Now())) return index_.Remove(a.id);
    return index_.Upsert(ToDocument(a));
}

Result<std::size_t> ArticleService::Reindex(std::string_view tenant_id, const Progress& progress) {
    GUICHET_CHECK(index_.RemoveTenant(std::string(tenant_id)));
    const TimePoint now = clock_.Now();
    std::vector<search::Document> documents;
    std::string after;
    while (true) {
        GUICHET_TRY(
            page,
            List(tenant_id, {.status = ArticleStatus::kPublished, .limit = 500, .after = after}));
        for (const Article& a : page) {
            if (!a.VisibleAt(now)) continue;
            documents.push_back(ToDocument(a));
        }
        if (page.size() < 500) break;
        after = page.back().id;
    }
    GUICHET_CHECK(index_.UpsertMany(documents, progress));
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_CHECK(c.Execute(
            "UPDATE kb_articles SET indexed = CASE WHEN status = 'published' AND (publish_at IS "
            "NULL OR publish_at <= $2) THEN 1 ELSE 0 END WHERE tenant_id = $1",
            {std::string(tenant_id), ToUnixMillis(now)}));
        return {};
    }));
    GUICHET_CHECK(StampIndex(tenant_id));
    return documents.size();
}

Result<std::string> ArticleService::Signature(std::string_view tenant_id) {
    return db_.Read<std::string>([&](Connection& c) -> Result<std::string> {
        GUICHET_TRY(row, c.QueryOne("SELECT COUNT(*), COALESCE(SUM(version), 0), "
                                    "COALESCE(MAX(updated_at), 0) FROM kb_articles WHERE "
                                    "tenant_id = $1 AND status = 'published' AND (publish_at IS "
                                    "NULL OR publish_at <= $2)",
                                    {std::string(tenant_id), ToUnixMillis(clock_.Now())}));
        // The format of the indexed documents comes first: an index written by an older
        // version (say, before Markdown was stripped) no longer matches and is rebuilt.
        if (!row) return std::string(kIndexFormat);
        return std::string(kIndexFormat) + ":" + std::to_string(row->Int(0)) + ":" +
               std::to_string(row->Int(1)) + ":" + std::to_string(row->Int(2));
    });
}

Result<void> ArticleService::StampIndex(std::string_view tenant_id) {
    GUICHET_TRY(signature, Signature(tenant_id));
    return index_.SetTenantStamp(std::string(tenant_id), signature);
}

Result<bool> ArticleService::IndexIsCurrent(std::string_view tenant_id) {
    GUICHET_TRY(signature, Signature(tenant_id));
    GUICHET_TRY(stamp, index_.TenantStamp(std::string(tenant_id)));
    if (stamp != signature) return false;
    // The stamp outlives documents taken out behind its back (RemoveTenant, or a Reindex that
    // stopped after emptying the tenant): the index must also hold one document per visible
    // article, the count that comes second in the signature.
    const std::size_t colon = signature.find(':');
    const std::size_t visible =
        colon == std::string::npos ? 0 : std::stoull(signature.substr(colon + 1));
    GUICHET_TRY(indexed, index_.Count(std::string(tenant_id)));
    return indexed == visible;
}

Result<std::size_t> ArticleService::PublishDue() {
    const TimePoint now = clock_.Now();
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(
            "SELECT tenant_id, id FROM kb_articles WHERE status = 'published' AND "
            "indexed = 0 AND publish_at IS NOT NULL AND publish_at <= $1",
            {ToUnixMillis(now)});
    }));
    for (const Row& r : rows) {
        GUICHET_TRY(a, Get(r.Text(0), r.Text(1)));
        GUICHET_CHECK(SyncIndex(a));
        GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
            GUICHET_CHECK(c.Execute("UPDATE kb_articles SET indexed = 1 WHERE id = $1", {a.id}));
            return {};
        }));
        GUICHET_CHECK(StampIndex(a.tenant_id));
    }
    return rows.size();
}

Result<std::vector<search::SynonymGroup>> ArticleService::Synonyms(std::string_view tenant_id) {
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query("SELECT forms FROM kb_synonyms WHERE tenant_id = $1 ORDER BY position",
                       {std::string(tenant_id)});
    }));
    std::vector<search::SynonymGroup> groups;
    for (const Row& r : rows) groups.push_back({ListFromText(r.Text(0))});
    return groups;
}

Result<void> ArticleService::SetSynonyms(std::string_view tenant_id,
                                         const std::vector<search::SynonymGroup>& groups) {
    if (groups.size() > 2000) return Invalid("2 000 groupes de synonymes au plus.");
    for (const auto& g : groups) {
        if (g.forms.size() < 2 || g.forms.size() > 20)
            return Invalid("Chaque groupe de synonymes compte de 2 à 20 formes.");
        for (const auto& f : g.forms)
            if (f.find_first_not_of(" \t") == std::string::npos || f.size() > 100)
                return Invalid("Une forme de synonyme est vide ou dépasse 100 caractères.");
    }
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_CHECK(
            c.Execute("DELETE FROM kb_synonyms WHERE tenant_id = $1", {std::string(tenant_id)}));
        for (std::size_t i = 0; i < groups.size(); ++i) {
            GUICHET_CHECK(c.Execute(
                "INSERT INTO kb_synonyms (tenant_id, position, forms) VALUES ($1, $2, $3)",
                {std::string(tenant_id), static_cast<int64_t>(i), ListToText(groups[i].forms)}));
        }
        return {};
    }));
    return index_.SetSynonyms(std::string(tenant_id), groups);
}

Result<void> ArticleService::LoadAllSynonyms() {
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query("SELECT DISTINCT tenant_id FROM kb_synonyms");
    }));
    for (const Row& r : rows) {
        GUICHET_TRY(groups, Synonyms(r.Text(0)));
        GUICHET_CHECK(index_.SetSynonyms(r.Text(0), groups));
    }
    return {};
}

}  // namespace guichet::knowledge
