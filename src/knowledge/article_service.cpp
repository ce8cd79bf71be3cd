// ArticleService: the life of one article (see article_service.hpp) — categories, creation,
// changes checked against the version the writer read, status, reads and history. Drafts are in
// article_drafts.cpp, imports and exports in article_import.cpp, the search index in
// article_index.cpp, rows in article_rows.cpp.
#include "knowledge/article_service.hpp"

#include <algorithm>

#include "core/ids.hpp"
#include "core/text.hpp"
#include "core/versions.hpp"
#include "knowledge/article_rows.hpp"

namespace guichet::knowledge {
namespace {

using namespace article_rows;
using storage::Connection;
using storage::Row;

constexpr std::size_t kMaxTitle = 500;
constexpr std::size_t kMaxSummary = 2000;
constexpr std::size_t kMaxBody = 1'000'000;
constexpr std::size_t kMaxTags = 50;

}  // namespace

Result<void> ArticleService::Validate(const ArticleContent& x) {
    if (IsBlank(x.title) || Utf8Length(x.title) > kMaxTitle)
        return Invalid("Le titre est obligatoire (500 caractères au plus).");
    if (Utf8Length(x.summary) > kMaxSummary) return Invalid("Le résumé dépasse 2 000 caractères.");
    if (IsBlank(x.body)) return Invalid("Le texte de l'article est obligatoire.");
    if (x.body.size() > kMaxBody) return Invalid("Le texte de l'article dépasse 1 Mo.");
    if (x.tags.size() > kMaxTags) return Invalid("Un article porte 50 mots-clés au plus.");
    for (const auto& tag : x.tags)
        if (IsBlank(tag) || tag.size() > 100) return Invalid("Un mot-clé est vide ou trop long.");
    if (x.url && x.url->rfind("https://", 0) != 0 && x.url->rfind("http://", 0) != 0)
        return Invalid("Le lien source doit commencer par https:// ou http://.");
    return {};
}

Result<Category> ArticleService::EnsureCategory(std::string_view tenant_id, std::string_view name,
                                                const std::optional<std::string>& parent_id) {
    if (name.empty() || name.size() > 200)
        return Invalid("Le nom de la catégorie est obligatoire (200 caractères au plus).");
    return db_.Write<Category>([&](Connection& c) {
        return EnsureCategoryIn(c, tenant_id, name, parent_id, clock_.Now());
    });
}

Result<std::vector<Category>> ArticleService::ListCategories(std::string_view tenant_id) {
    return db_.Read<std::vector<Category>>([&](Connection& c) -> Result<std::vector<Category>> {
        GUICHET_TRY(rows, c.Query("SELECT id, tenant_id, parent_id, name FROM kb_categories "
                                  "WHERE tenant_id = $1 ORDER BY name",
                                  {std::string(tenant_id)}));
        std::vector<Category> out;
        for (const Row& r : rows) out.push_back({r.Text(0), r.Text(1), r.OptText(2), r.Text(3)});
        return out;
    });
}

Result<Article> ArticleService::Create(std::string_view tenant_id, const ArticleContent& content,
                                       const Author& author,
                                       const std::optional<std::string>& external_id) {
    GUICHET_CHECK(Validate(content));
    const TimePoint now = clock_.Now();
    Article a;
    a.id = NewId(now);
    a.tenant_id = std::string(tenant_id);
    a.external_id = external_id;
    a.content = content;
    a.created_at = a.updated_at = now;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_CHECK(CheckReferences(c, tenant_id, content));
        auto inserted = InsertArticle(c, a, false);
        if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists)
            return Fail(
                ErrorCode::kAlreadyExists,
                "Un article porte déjà l'identifiant externe « " + external_id.value_or("") + " ».",
                inserted.error().detail, "conflict");
        GUICHET_CHECK(inserted);
        return InsertVersion(c, a, author, now);
    }));
    changes_.Publish(tenant_id, Change::kArticles);
    return Get(tenant_id, a.id);
}

Result<Article> ArticleService::Save(std::string_view tenant_id, std::string_view id,
                                     const ArticleContent& content,
                                     std::optional<ArticleStatus> status,
                                     std::optional<std::optional<TimePoint>> publish_at,
                                     std::optional<int64_t> expected_version, const Author& author,
                                     const SaveHook& hook) {
    GUICHET_CHECK(Validate(content));
    const TimePoint now = clock_.Now();
    GUICHET_TRY(saved, db_.Write<Article>([&](Connection& c) -> Result<Article> {
        GUICHET_TRY(found, LoadArticle(c, tenant_id, id));
        if (!found || found->id != id)
            return Fail(ErrorCode::kNotFound, "Cet article est introuvable.");
        Article a = std::move(*found);
        GUICHET_CHECK(CheckVersion(expected_version, a.version, "la fiche de l'article"));
        a.content = content;
        if (hook) GUICHET_CHECK(hook(c, a));
        GUICHET_CHECK(CheckReferences(c, tenant_id, a.content));
        if (status) {
            if (*status == ArticleStatus::kPublished && a.status != ArticleStatus::kPublished)
                a.published_at = now;
            a.status = *status;
        }
        if (publish_at) a.publish_at = *publish_at;
        a.version += 1;
        a.updated_at = now;
        GUICHET_CHECK(UpdateArticle(c, a, a.VisibleAt(now)));
        GUICHET_CHECK(InsertVersion(c, a, author, now));
        return a;
    }));
    GUICHET_CHECK(SyncIndex(saved));
    GUICHET_CHECK(StampIndex(tenant_id));
    changes_.Publish(tenant_id, Change::kArticles);
    return Get(tenant_id, saved.id);
}

Result<Article> ArticleService::Update(std::string_view tenant_id, std::string_view id,
                                       const ArticleContent& content,
                                       std::optional<int64_t> expected_version,
                                       const Author& author) {
    return Save(tenant_id, id, content, std::nullopt, std::nullopt, expected_version, author);
}

Result<Article> ArticleService::SetStatus(std::string_view tenant_id, std::string_view id,
                                          ArticleStatus status, std::optional<TimePoint> publish_at,
                                          std::optional<int64_t> expected_version,
                                          const Author& author) {
    GUICHET_TRY(current, Get(tenant_id, id));
    if (current.id != id) return Fail(ErrorCode::kNotFound, "Cet article est introuvable.");
    return Save(tenant_id, id, current.content, status,
                status == ArticleStatus::kPublished ? publish_at : std::nullopt, expected_version,
                author);
}

Result<Article> ArticleService::Get(std::string_view tenant_id,
                                    std::string_view id_or_external_id) {
    GUICHET_TRY(found, db_.Read<std::optional<Article>>([&](Connection& c) {
        return LoadArticle(c, tenant_id, id_or_external_id);
    }));
    if (!found) return Fail(ErrorCode::kNotFound, "Cet article est introuvable.");
    return std::move(*found);
}

Result<std::vector<Article>> ArticleService::List(std::string_view tenant_id,
                                                  const ArticleFilter& filter) {
    std::string sql = std::string(kArticleColumns) + "WHERE a.tenant_id = $1";
    storage::Params params{std::string(tenant_id)};
    if (filter.status) {
        params.emplace_back(std::string(StatusName(*filter.status)));
        sql += " AND a.status = $" + std::to_string(params.size());
    }
    if (filter.audience) {
        params.emplace_back(std::string(AudienceName(*filter.audience)));
        sql += " AND a.audience = $" + std::to_string(params.size());
    }
    if (!filter.text.empty()) {
        params.emplace_back("%" + filter.text + "%");
        sql += " AND LOWER(a.title) LIKE LOWER($" + std::to_string(params.size()) + ")";
    }
    if (!filter.after.empty()) {
        params.emplace_back(filter.after);
        sql += " AND a.id < $" + std::to_string(params.size());
    }
    params.emplace_back(static_cast<int64_t>(std::clamp<std::size_t>(filter.limit, 1, 500)));
    sql += " ORDER BY a.id DESC LIMIT $" + std::to_string(params.size());
    return db_.Read<std::vector<Article>>([&](Connection& c) -> Result<std::vector<Article>> {
        GUICHET_TRY(rows, c.Query(sql, params));
        std::vector<Article> out;
        out.reserve(rows.size());
        for (const Row& r : rows) out.push_back(ArticleFromRow(r));
        return out;
    });
}

Result<std::vector<ArticleVersion>> ArticleService::Versions(std::string_view tenant_id,
                                                             std::string_view id) {
    GUICHET_TRY(article, Get(tenant_id, id));
    return db_.Read<std::vector<ArticleVersion>>(
        [&](Connection& c) -> Result<std::vector<ArticleVersion>> {
            GUICHET_TRY(rows,
                        c.Query("SELECT version, title, summary, body, category_id, tags, "
                                "service_id, audience, url, place_ids, request_categories, "
                                "status, author_id, author_name, created_at FROM "
                                "kb_article_versions WHERE article_id = $1 ORDER BY version DESC",
                                {article.id}));
            std::vector<ArticleVersion> out;
            for (const Row& r : rows) {
                ArticleVersion v;
                v.version = static_cast<int>(r.Int(0));
                v.content = ContentFromRow(r, 1);
                v.status = ParseStatus(r.Text(11)).value_or(ArticleStatus::kDraft);
                v.author_id = r.OptText(12);
                v.author_name = r.Text(13);
                v.created_at = FromUnixMillis(r.Int(14));
                out.push_back(std::move(v));
            }
            return out;
        });
}

}  // namespace guichet::knowledge
