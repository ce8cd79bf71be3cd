// Rows of the article tables, shared by article_service.cpp and article_drafts.cpp (internal to
// the knowledge module; not part of its interface).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "knowledge/knowledge.hpp"
#include "storage/database.hpp"

namespace guichet::knowledge::article_rows {

// Lists are stored as JSON arrays of strings.
std::string ListToText(const std::vector<std::string>& items);
// The content columns (title, summary, body, category_id, tags, service_id, audience, url,
// place_ids, request_categories) starting at column `first`.
ArticleContent ContentFromRow(const storage::Row& r, std::size_t first);
// The tenant's article by id or external id, with its category's name.
Result<std::optional<Article>> LoadArticle(storage::Connection& c, std::string_view tenant_id,
                                           std::string_view id_or_external);
// kInvalidArgument when the content names another tenant's (or no) category, service or place.
Result<void> CheckReferences(storage::Connection& c, std::string_view tenant_id,
                             const ArticleContent& x);

}  // namespace guichet::knowledge::article_rows
