// Rows of the article tables, shared by the ArticleService files (article_service.cpp,
// article_drafts.cpp, article_import.cpp, article_index.cpp); internal to the knowledge module,
// not part of its interface. Every function reads and writes on the caller's connection, inside
// its transaction (storage/database.hpp, Leases), and borrows none of its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "knowledge/article_service.hpp"
#include "knowledge/knowledge.hpp"
#include "search/search_index.hpp"
#include "storage/database.hpp"

namespace guichet::knowledge::article_rows {

// Lists are stored as JSON arrays of strings.
std::string ListToText(const std::vector<std::string>& items);
std::vector<std::string> ListFromText(const std::string& text);

// SELECT of every article column with its category's name (kb_articles a, kb_categories c),
// to be followed by a WHERE clause; ArticleFromRow reads its rows.
extern const std::string_view kArticleColumns;
Article ArticleFromRow(const storage::Row& r);
// The content columns (title, summary, body, category_id, tags, service_id, audience, url,
// place_ids, request_categories) starting at column `first`.
ArticleContent ContentFromRow(const storage::Row& r, std::size_t first);

// The tenant's article by id or external id, with its category's name.
Result<std::optional<Article>> LoadArticle(storage::Connection& c, std::string_view tenant_id,
                                           std::string_view id_or_external);
// The article row as `a` says; `indexed`: whether the search index holds it.
Result<void> InsertArticle(storage::Connection& c, const Article& a, bool indexed);
Result<void> UpdateArticle(storage::Connection& c, const Article& a, bool indexed);
// Records `a` as it is now as its version `a.version`, written by `author`.
Result<void> InsertVersion(storage::Connection& c, const Article& a, const Author& author,
                           TimePoint now);

// kInvalidArgument when the content names another tenant's (or no) category, service or place.
// Services are found through tenancy (TenancyService::FindService), not in their table.
Result<void> CheckReferences(storage::Connection& c, std::string_view tenant_id,
                             const ArticleContent& x);

// The tenant's category `name` under `parent_id`, created when missing.
Result<Category> EnsureCategoryIn(storage::Connection& c, std::string_view tenant_id,
                                  std::string_view name,
                                  const std::optional<std::string>& parent_id, TimePoint now);

// What the search index holds of an article: its words without Markdown markup.
search::Document ToDocument(const Article& a);

}  // namespace guichet::knowledge::article_rows
