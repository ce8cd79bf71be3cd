#include "knowledge/http/knowledge_json.hpp"

#include <algorithm>
#include <utility>

#include "calendar/hours_query.hpp"
#include "knowledge/json_rows.hpp"
#include "knowledge/markdown.hpp"
#include "knowledge/place_service.hpp"
#include "knowledge/recurrence.hpp"

namespace guichet::knowledge::http {
namespace {

boost::json::value Opt(const std::optional<std::string>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::value OptTime(const std::optional<TimePoint>& t) {
    return t ? boost::json::value(FormatIsoUtc(*t)) : boost::json::value(nullptr);
}

boost::json::array Strings(const std::vector<std::string>& items) {
    boost::json::array out;
    for (const auto& i : items) out.emplace_back(i);
    return out;
}

Result<TimePoint> Instant(std::string_view field, const std::string& text,
                          const date::time_zone& zone) {
    GUICHET_TRY(local, calendar::ParseLocalTime(field, text, zone));
    return TimePoint(zone.to_sys(local, date::choose::earliest));
}

}  // namespace

boost::json::object ArticleToJson(const Article& a, bool with_body) {
    boost::json::object o{
        {"id", a.id},
        {"external_id", Opt(a.external_id)},
        {"title", a.content.title},
        {"summary", a.content.summary},
        {"category_id", Opt(a.content.category_id)},
        {"category", a.category_name.empty() ? boost::json::value(nullptr)
                                             : boost::json::value(a.category_name)},
        {"tags", Strings(a.content.tags)},
        {"service_id", Opt(a.content.service_id)},
        {"audience", AudienceName(a.content.audience)},
        {"url", Opt(a.content.url)},
        {"place_ids", Strings(a.content.place_ids)},
        {"request_categories", Strings(a.content.request_categories)},
        {"status", StatusName(a.status)},
        {"publish_at", OptTime(a.publish_at)},
        {"version", a.version},
        {"created_at", FormatIsoUtc(a.created_at)},
        {"updated_at", FormatIsoUtc(a.updated_at)},
        {"published_at", OptTime(a.published_at)}};
    if (with_body) {
        o["body"] = a.content.body;
        o["html"] = MarkdownToHtml(a.content.body);
    }
    return o;
}

boost::json::object DraftToJson(const Article& article, const ArticleDraft& draft,
                                const std::vector<Category>& categories) {
    Article preview = article;
    preview.content = draft.content;
    preview.category_name.clear();
    for (const auto& c : categories)
        if (draft.content.category_id && c.id == *draft.content.category_id)
            preview.category_name = c.name;
    boost::json::object o = ArticleToJson(preview, true);
    o["draft"] = {{"base_version", draft.base_version},
                  {"author_name", draft.author_name},
                  {"updated_at", FormatIsoUtc(draft.updated_at)}};
    return o;
}

boost::json::object VersionToJson(const ArticleVersion& v) {
    return {{"version", v.version},
            {"title", v.content.title},
            {"summary", v.content.summary},
            {"body", v.content.body},
            {"status", StatusName(v.status)},
            {"audience", AudienceName(v.content.audience)},
            {"author_id", Opt(v.author_id)},
            {"author_name", v.author_name},
            {"created_at", FormatIsoUtc(v.created_at)}};
}

boost::json::object CategoryToJson(const Category& c) {
    return {{"id", c.id}, {"parent_id", Opt(c.parent_id)}, {"name", c.name}};
}

boost::json::object PlaceToJson(const Place& p) {
    boost::json::array notices;
    for (const auto& n : p.notices) {
        notices.push_back({{"id", n.id},
                           {"message", n.message},
                           {"starts", OptTime(n.starts)},
                           {"ends", OptTime(n.ends)}});
    }
    return {{"id", p.id},
            {"external_id", Opt(p.external_id)},
            {"name", p.name},
            {"type", p.type},
            {"address", p.address},
            {"postcode", p.postcode},
            {"city", p.city},
            {"lat", p.lat ? boost::json::value(*p.lat) : nullptr},
            {"lon", p.lon ? boost::json::value(*p.lon) : nullptr},
            {"phone", Opt(p.phone)},
            {"email", Opt(p.email)},
            {"url", Opt(p.url)},
            {"service_id", Opt(p.service_id)},
            {"description", p.description},
            {"opening_hours", p.opening_hours},
            {"notices", std::move(notices)},
            {"version", p.version},
            {"updated_at", FormatIsoUtc(p.updated_at)}};
}

boost::json::object EventToJson(const Event& e, const date::time_zone& zone) {
    auto local = [&](TimePoint t) {
        return calendar::FormatLocal(zone.to_local(date::floor<std::chrono::seconds>(t)), zone);
    };
    boost::json::array exdates;
    for (const auto& x : e.exdates) exdates.emplace_back(local(x));
    const auto recurrence =
        DescribeRrule(e.rrule, zone.to_local(date::floor<std::chrono::seconds>(e.start)), &zone);
    return {{"id", e.id},
            {"external_id", Opt(e.external_id)},
            {"title", e.title},
            {"description", e.description},
            {"place_id", Opt(e.place_id)},
            {"start", local(e.start)},
            {"end", local(e.end)},
            {"rrule", e.rrule.empty() ? boost::json::value(nullptr) : boost::json::value(e.rrule)},
            // The rule in French ("tous les vendredis"), or null when it has none or cannot be
            // said simply: the agenda then lists the occurrences.
            {"recurrence", recurrence ? boost::json::value(*recurrence) : nullptr},
            {"exdates", std::move(exdates)},
            {"category", e.category},
            {"url", Opt(e.url)},
            {"version", e.version},
            {"updated_at", FormatIsoUtc(e.updated_at)}};
}

boost::json::object ReportToJson(ImportReport report) {
    std::stable_sort(report.errors.begin(), report.errors.end(),
                     [](const ImportError& a, const ImportError& b) {
                         return std::pair(a.line, a.feature) < std::pair(b.line, b.feature);
                     });
    auto list = [](const std::vector<ImportError>& items) {
        boost::json::array out;
        for (const auto& e : items) {
            boost::json::object item{{"line", e.line}, {"message", e.message}};
            if (e.feature) item["feature"] = *e.feature;
            out.push_back(std::move(item));
        }
        return out;
    };
    return {{"created", report.created},
            {"updated", report.updated},
            {"rejected", report.errors.size()},
            {"errors", list(report.errors)},
            {"warnings", list(report.warnings)}};
}

Result<ArticleContent> ArticleContentFromJson(const boost::json::object& o) {
    ArticleContent c;
    GUICHET_TRY(title, TextField(o, "title"));
    GUICHET_TRY(summary, TextField(o, "summary"));
    GUICHET_TRY(body, TextField(o, "body"));
    GUICHET_TRY(category_id, TextField(o, "category_id"));
    GUICHET_TRY(service_id, TextField(o, "service_id"));
    GUICHET_TRY(audience, TextField(o, "audience"));
    GUICHET_TRY(url, TextField(o, "url"));
    GUICHET_TRY(tags, TextListField(o, "tags"));
    GUICHET_TRY(place_ids, TextListField(o, "place_ids"));
    GUICHET_TRY(request_categories, TextListField(o, "request_categories"));
    c.title = title.value_or("");
    c.summary = summary.value_or("");
    c.body = body.value_or("");
    c.category_id = category_id && !category_id->empty() ? category_id : std::nullopt;
    c.service_id = service_id && !service_id->empty() ? service_id : std::nullopt;
    c.url = url && !url->empty() ? url : std::nullopt;
    if (audience) {
        auto parsed = ParseAudience(*audience);
        if (!parsed) return Invalid("« audience » vaut « public » ou « internal ».");
        c.audience = *parsed;
    }
    c.tags = std::move(tags);
    c.place_ids = std::move(place_ids);
    c.request_categories = std::move(request_categories);
    return c;
}

Result<Place> PlaceFromJson(const boost::json::object& o) {
    return PlaceService::FieldsFromJson(o);
}

Result<Event> EventFromJson(const boost::json::object& o, const date::time_zone& zone) {
    Event e;
    GUICHET_TRY(title, TextField(o, "title"));
    GUICHET_TRY(description, TextField(o, "description"));
    GUICHET_TRY(place_id, TextField(o, "place_id"));
    GUICHET_TRY(start, RequiredTextField(o, "start"));
    GUICHET_TRY(end, RequiredTextField(o, "end"));
    GUICHET_TRY(rrule, TextField(o, "rrule"));
    GUICHET_TRY(category, TextField(o, "category"));
    GUICHET_TRY(url, TextField(o, "url"));
    GUICHET_TRY(exdates, TextListField(o, "exdates"));
    e.title = title.value_or("");
    e.description = description.value_or("");
    e.place_id = place_id && !place_id->empty() ? place_id : std::nullopt;
    GUICHET_TRY(start_at, Instant("start", start, zone));
    GUICHET_TRY(end_at, Instant("end", end, zone));
    e.start = start_at;
    e.end = end_at;
    e.rrule = rrule.value_or("");
    e.category = category.value_or("");
    e.url = url;
    for (const auto& x : exdates) {
        GUICHET_TRY(t, Instant("exdates", x, zone));
        e.exdates.push_back(t);
    }
    return e;
}

Result<std::vector<search::SynonymGroup>> SynonymsFromJson(const boost::json::object& o) {
    auto it = o.find("groups");
    if (it == o.end() || !it->value().is_array())
        return Invalid("Le champ « groups » doit être une liste de listes de formes.");
    std::vector<search::SynonymGroup> groups;
    for (const auto& g : it->value().as_array()) {
        if (!g.is_array()) return Invalid("Chaque groupe de synonymes est une liste de formes.");
        search::SynonymGroup group;
        for (const auto& f : g.as_array()) {
            if (!f.is_string()) return Invalid("Chaque forme de synonyme est un texte.");
            group.forms.emplace_back(f.as_string());
        }
        groups.push_back(std::move(group));
    }
    return groups;
}

}  // namespace guichet::knowledge::http
