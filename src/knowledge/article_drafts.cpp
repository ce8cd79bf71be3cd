// ArticleService: drafts of published articles (see article_service.hpp). The draft lives in
// its own table, so that every read of kb_articles (the portal, the answer engine, the search
// index) keeps the published content without knowing drafts exist.
#include <boost/json.hpp>

#include "core/versions.hpp"
#include "knowledge/article_rows.hpp"
#include "knowledge/article_service.hpp"

namespace guichet::knowledge {
namespace {

tl::unexpected<Error> NoDraft() {
    return Fail(ErrorCode::kNotFound, "Cet article n'a pas de brouillon en cours.", "no draft");
}

using namespace article_rows;
using storage::Connection;
using storage::Row;

Result<std::optional<ArticleDraft>> LoadDraft(Connection& c, const std::string& article_id) {
    GUICHET_TRY(row, c.QueryOne("SELECT article_id, title, summary, body, category_id, tags, "
                                "service_id, audience, url, place_ids, request_categories, "
                                "base_version, author_id, author_name, updated_at "
                                "FROM kb_article_drafts WHERE article_id = $1",
                                {article_id}));
    if (!row) return std::optional<ArticleDraft>();
    ArticleDraft d;
    d.article_id = row->Text(0);
    d.content = ContentFromRow(*row, 1);
    d.base_version = static_cast<int>(row->Int(11));
    d.author_id = row->OptText(12);
    d.author_name = row->Text(13);
    d.updated_at = FromUnixMillis(row->Int(14));
    return std::optional<ArticleDraft>(std::move(d));
}

Result<Article> FindArticle(Connection& c, std::string_view tenant_id, std::string_view id) {
    GUICHET_TRY(found, LoadArticle(c, tenant_id, id));
    if (!found) return Fail(ErrorCode::kNotFound, "Cet article est introuvable.");
    return std::move(*found);
}

}  // namespace

Result<ArticleDraft> ArticleService::SaveDraft(std::string_view tenant_id, std::string_view id,
                                               const ArticleContent& content,
                                               std::optional<int64_t> expected_version,
                                               const Author& author) {
    GUICHET_CHECK(Validate(content));
    const TimePoint now = clock_.Now();
    return db_.Write<ArticleDraft>([&](Connection& c) -> Result<ArticleDraft> {
        GUICHET_TRY(article, FindArticle(c, tenant_id, id));
        GUICHET_CHECK(CheckVersion(expected_version, article.version, "la fiche de l'article"));
        if (article.status != ArticleStatus::kPublished) {
            return Fail(
                ErrorCode::kFailedPrecondition,
                "Cet article n'est pas publié : enregistrez-le directement, sans brouillon.",
                "draft of an unpublished article", "not-published");
        }
        GUICHET_CHECK(CheckReferences(c, tenant_id, content));
        const ArticleContent& x = content;
        GUICHET_CHECK(
            c.Execute("DELETE FROM kb_article_drafts WHERE article_id = $1", {article.id}));
        GUICHET_CHECK(c.Execute(
            "INSERT INTO kb_article_drafts (article_id, tenant_id, title, summary, body, "
            "category_id, tags, service_id, audience, url, place_ids, request_categories, "
            "base_version, author_id, author_name, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
            "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            {article.id, std::string(tenant_id), x.title, x.summary, x.body,
             storage::Nullable(x.category_id), ListToText(x.tags), storage::Nullable(x.service_id),
             std::string(AudienceName(x.audience)), storage::Nullable(x.url),
             ListToText(x.place_ids), ListToText(x.request_categories), int64_t{article.version},
             storage::Nullable(author.agent_id), author.name, ToUnixMillis(now)}));
        return ArticleDraft{article.id,      content,     article.version,
                            author.agent_id, author.name, now};
    });
}

Result<std::optional<ArticleDraft>> ArticleService::Draft(std::string_view tenant_id,
                                                          std::string_view id) {
    return db_.Read<std::optional<ArticleDraft>>(
        [&](Connection& c) -> Result<std::optional<ArticleDraft>> {
            GUICHET_TRY(article, FindArticle(c, tenant_id, id));
            return LoadDraft(c, article.id);
        });
}

Result<void> ArticleService::DiscardDraft(std::string_view tenant_id, std::string_view id) {
    return db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(article, FindArticle(c, tenant_id, id));
        GUICHET_CHECK(
            c.Execute("DELETE FROM kb_article_drafts WHERE article_id = $1", {article.id}));
        return {};
    });
}

Result<Article> ArticleService::PublishDraft(std::string_view tenant_id, std::string_view id,
                                             std::optional<int64_t> expected_version,
                                             const Author& author) {
    // Read first to validate outside the transaction; the hook reads it again inside, so that
    // what is published is the draft as it is at commit.
    GUICHET_TRY(draft, Draft(tenant_id, id));
    if (!draft) return NoDraft();
    GUICHET_TRY(article, Get(tenant_id, id));
    return Save(
        tenant_id, article.id, draft->content, ArticleStatus::kPublished, std::nullopt,
        expected_version, author, [&](Connection& c, Article& a) -> Result<void> {
            GUICHET_TRY(current, LoadDraft(c, a.id));
            if (!current) return NoDraft();
            // The published article changed after the draft was saved: publishing would
            // silently undo that change.
            GUICHET_CHECK(CheckVersion(current->base_version, a.version, "la fiche de l'article"));
            GUICHET_CHECK(Validate(current->content));
            a.content = current->content;
            GUICHET_CHECK(c.Execute("DELETE FROM kb_article_drafts WHERE article_id = $1", {a.id}));
            return {};
        });
}

}  // namespace guichet::knowledge
