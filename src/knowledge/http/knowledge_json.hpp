// JSON forms of the knowledge module's records, for the HTTP API. Ids shown to clients are the
// internal ids, with `external_id` beside them; answers use the external ids (answer_service).
#pragma once

#include <date/tz.h>
#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "knowledge/knowledge.hpp"
#include "search/search_index.hpp"

namespace guichet::knowledge::http {

// `with_body`: include the Markdown source and its rendered HTML (a single article).
boost::json::object ArticleToJson(const Article& article, bool with_body);
boost::json::object VersionToJson(const ArticleVersion& version);
boost::json::object CategoryToJson(const Category& category);
boost::json::object PlaceToJson(const Place& place);
// A draft of a published article as the article it will become: ArticleToJson of `article`
// with the draft's content (body and html included), plus
// "draft": {base_version, author_name, updated_at}. `categories` names the draft's category.
boost::json::object DraftToJson(const Article& article, const ArticleDraft& draft,
                                const std::vector<Category>& categories);
boost::json::object EventToJson(const Event& event, const date::time_zone& zone);
boost::json::object ReportToJson(ImportReport report);

// The content fields of an article from a request body (title, summary, body, category_id,
// tags, service_id, audience, url, place_ids, request_categories).
Result<ArticleContent> ArticleContentFromJson(const boost::json::object& body);
// The editable fields of a place (id, tenant and notices are not read).
Result<Place> PlaceFromJson(const boost::json::object& body);
// The editable fields of an event; times ISO 8601, local to `zone` unless they carry an offset.
Result<Event> EventFromJson(const boost::json::object& body, const date::time_zone& zone);
Result<std::vector<search::SynonymGroup>> SynonymsFromJson(const boost::json::object& body);

}  // namespace guichet::knowledge::http
