// Rows of the article tables: how an article, its content, its versions and its category are
// read and written on a connection, and what the search index holds of an article. Shared by the
// ArticleService files (article_service.cpp, article_drafts.cpp, article_import.cpp,
// article_index.cpp); internal to the knowledge module. Every function works on the caller's
// connection, inside its transaction, and borrows none of its own.
#include "knowledge/article_rows.hpp"

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "knowledge/markdown.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge::article_rows {

using storage::Connection;
using storage::Row;

std::string ListToText(const std::vector<std::string>& items) {
    boost::json::array array;
    for (const auto& item : items) array.emplace_back(item);
    return boost::json::serialize(array);
}

std::vector<std::string> ListFromText(const std::string& text) {
    std::vector<std::string> items;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return items;
    for (const auto& item : v.as_array())
        if (item.is_string()) items.emplace_back(item.as_string());
    return items;
}

extern const std::string_view kArticleColumns;
const std::string_view kArticleColumns =
    "SELECT a.id, a.tenant_id, a.external_id, a.title, a.summary, a.body, a.category_id, a.tags, "
    "a.service_id, a.audience, a.url, a.place_ids, a.request_categories, a.status, a.publish_at, "
    "a.version, a.created_at, a.updated_at, a.published_at, c.name "
    "FROM kb_articles a LEFT JOIN kb_categories c ON c.id = a.category_id ";

// The content columns, in the order both kb_articles and kb_article_versions list them (title,
// summary, body, category_id, tags, service_id, audience, url, place_ids, request_categories),
// starting at column `first`.
ArticleContent ContentFromRow(const Row& r, std::size_t first) {
    ArticleContent c;
    c.title = r.Text(first);
    c.summary = r.Text(first + 1);
    c.body = r.Text(first + 2);
    c.category_id = r.OptText(first + 3);
    c.tags = ListFromText(r.Text(first + 4));
    c.service_id = r.OptText(first + 5);
    c.audience = ParseAudience(r.Text(first + 6)).value_or(Audience::kInternal);
    c.url = r.OptText(first + 7);
    c.place_ids = ListFromText(r.Text(first + 8));
    c.request_categories = ListFromText(r.Text(first + 9));
    return c;
}

Article ArticleFromRow(const Row& r) {
    Article a;
    a.id = r.Text(0);
    a.tenant_id = r.Text(1);
    a.external_id = r.OptText(2);
    a.content = ContentFromRow(r, 3);
    a.status = ParseStatus(r.Text(13)).value_or(ArticleStatus::kDraft);
    a.publish_at = r.OptTime(14);
    a.version = static_cast<int>(r.Int(15));
    a.created_at = FromUnixMillis(r.Int(16));
    a.updated_at = FromUnixMillis(r.Int(17));
    a.published_at = r.OptTime(18);
    a.category_name = r.Text(19);
    return a;
}

Result<std::optional<Article>> LoadArticle(Connection& c, std::string_view tenant_id,
                                           std::string_view id_or_external) {
    GUICHET_TRY(row, c.QueryOne(std::string(kArticleColumns) +
                                    "WHERE a.tenant_id = $1 AND (a.id = $2 OR a.external_id = $2)",
                                {std::string(tenant_id), std::string(id_or_external)}));
    if (!row) return std::optional<Article>();
    return std::optional<Article>(ArticleFromRow(*row));
}

Result<void> InsertVersion(Connection& c, const Article& a, const Author& author, TimePoint now) {
    const ArticleContent& x = a.content;
    GUICHET_CHECK(c.Execute(
        "INSERT INTO kb_article_versions (article_id, version, title, summary, body, category_id, "
        "tags, service_id, audience, url, place_ids, request_categories, status, author_id, "
        "author_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $15, $16)",
        {a.id, int64_t{a.version}, x.title, x.summary, x.body, storage::Nullable(x.category_id),
         ListToText(x.tags), storage::Nullable(x.service_id), std::string(AudienceName(x.audience)),
         storage::Nullable(x.url), ListToText(x.place_ids), ListToText(x.request_categories),
         std::string(StatusName(a.status)), storage::Nullable(author.agent_id), author.name,
         ToUnixMillis(now)}));
    return {};
}

Result<void> InsertArticle(Connection& c, const Article& a, bool indexed) {
    const ArticleContent& x = a.content;
    GUICHET_CHECK(c.Execute(
        "INSERT INTO kb_articles (id, tenant_id, external_id, title, summary, body, category_id, "
        "tags, service_id, audience, url, place_ids, request_categories, status, publish_at, "
        "version, created_at, updated_at, published_at, indexed) VALUES ($1, $2, $3, $4, $5, $6, "
        "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
        {a.id,
         a.tenant_id,
         storage::Nullable(a.external_id),
         x.title,
         x.summary,
         x.body,
         storage::Nullable(x.category_id),
         ListToText(x.tags),
         storage::Nullable(x.service_id),
         std::string(AudienceName(x.audience)),
         storage::Nullable(x.url),
         ListToText(x.place_ids),
         ListToText(x.request_categories),
         std::string(StatusName(a.status)),
         storage::Nullable(a.publish_at),
         int64_t{a.version},
         ToUnixMillis(a.created_at),
         ToUnixMillis(a.updated_at),
         storage::Nullable(a.published_at),
         int64_t{indexed ? 1 : 0}}));
    return {};
}

Result<void> UpdateArticle(Connection& c, const Article& a, bool indexed) {
    const ArticleContent& x = a.content;
    GUICHET_CHECK(c.Execute(
        "UPDATE kb_articles SET title = $1, summary = $2, body = $3, category_id = $4, tags = $5, "
        "service_id = $6, audience = $7, url = $8, place_ids = $9, request_categories = $10, "
        "status = $11, publish_at = $12, version = $13, updated_at = $14, published_at = $15, "
        "indexed = $16 WHERE id = $17",
        {x.title, x.summary, x.body, storage::Nullable(x.category_id), ListToText(x.tags),
         storage::Nullable(x.service_id), std::string(AudienceName(x.audience)),
         storage::Nullable(x.url), ListToText(x.place_ids), ListToText(x.request_categories),
         std::string(StatusName(a.status)), storage::Nullable(a.publish_at), int64_t{a.version},
         ToUnixMillis(a.updated_at), storage::Nullable(a.published_at), int64_t{indexed ? 1 : 0},
         a.id}));
    return {};
}

// The references an article makes must be to the same tenant's records.
Result<void> CheckReferences(Connection& c, std::string_view tenant_id, const ArticleContent& x) {
    if (x.category_id) {
        GUICHET_TRY(found,
                    c.QueryOne("SELECT id FROM kb_categories WHERE id = $1 AND tenant_id = $2",
                               {*x.category_id, std::string(tenant_id)}));
        if (!found) return Invalid("La catégorie indiquée n'existe pas.");
    }
    if (x.service_id) {
        GUICHET_TRY(found, tenancy::TenancyService::FindService(c, tenant_id, *x.service_id));
        if (!found || found->id != *x.service_id)
            return Invalid("Le service indiqué n'existe pas.");
    }
    for (const auto& place : x.place_ids) {
        GUICHET_TRY(found, c.QueryOne("SELECT id FROM places WHERE id = $1 AND tenant_id = $2",
                                      {place, std::string(tenant_id)}));
        if (!found) return Invalid("Le lieu « " + place + " » n'existe pas.");
    }
    return {};
}

Result<Category> EnsureCategoryIn(Connection& c, std::string_view tenant_id, std::string_view name,
                                  const std::optional<std::string>& parent_id, TimePoint now) {
    const std::string parent_clause =
        parent_id ? "parent_id = $3" : "parent_id IS NULL AND $3 IS NULL";
    GUICHET_TRY(
        row, c.QueryOne("SELECT id FROM kb_categories WHERE tenant_id = $1 AND name = $2 "
                        "AND " +
                            parent_clause,
                        {std::string(tenant_id), std::string(name), storage::Nullable(parent_id)}));
    if (row) return Category{row->Text(0), std::string(tenant_id), parent_id, std::string(name)};
    if (parent_id) {
        GUICHET_TRY(parent,
                    c.QueryOne("SELECT id FROM kb_categories WHERE id = $1 AND tenant_id = $2",
                               {*parent_id, std::string(tenant_id)}));
        if (!parent) return Invalid("La catégorie parente indiquée n'existe pas.");
    }
    Category category{NewId(now), std::string(tenant_id), parent_id, std::string(name)};
    GUICHET_CHECK(c.Execute(
        "INSERT INTO kb_categories (id, tenant_id, parent_id, name) VALUES ($1, $2, $3, $4)",
        {category.id, category.tenant_id, storage::Nullable(parent_id), category.name}));
    return category;
}

// What the search index holds of an article: its words without Markdown markup.
search::Document ToDocument(const Article& a) {
    return {a.id,
            a.tenant_id,
            a.external_id.value_or(""),
            a.content.title,
            a.content.summary,
            MarkdownToText(a.content.body),
            a.content.tags,
            a.category_name,
            a.content.service_id.value_or(""),
            a.content.audience == Audience::kInternal};
}

}  // namespace guichet::knowledge::article_rows
