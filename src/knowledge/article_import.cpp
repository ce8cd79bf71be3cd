// ArticleService: articles in and out as JSON lines (see article_service.hpp): the import of a
// knowledge base (created or updated by doc_id, published, in one transaction, then indexed in
// one commit) and the export of every article of a tenant.
#include <map>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "knowledge/article_rows.hpp"
#include "knowledge/article_service.hpp"
#include "knowledge/json_rows.hpp"

namespace guichet::knowledge {
namespace {

using namespace article_rows;
using storage::Connection;

// The summary of an imported text that has none: its first sentence, cut at a word.
std::string SummaryOf(const std::string& text) {
    std::string flat;
    for (char ch : text) flat += (ch == '\n' || ch == '\r' || ch == '\t') ? ' ' : ch;
    std::size_t end = flat.find(". ");
    if (end == std::string::npos || end > 280)
        end = std::min<std::size_t>(flat.size(), 280);
    else
        ++end;
    std::string out = flat.substr(0, end);
    if (end < flat.size() && out.back() != '.') {
        auto space = out.rfind(' ');
        if (space != std::string::npos && space > 40) out.resize(space);
        // Do not cut a UTF-8 sequence in two.
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
            out.pop_back();
        if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
        out += "…";
    }
    while (!out.empty() && out.front() == ' ') out.erase(out.begin());
    return out;
}

}  // namespace

Result<ImportReport> ArticleService::ImportJsonLines(std::string_view tenant_id,
                                                     std::string_view text, const Author& author,
                                                     const Progress& progress) {
    GUICHET_TRY(rows, SplitJsonLines(text));
    ImportReport report;
    struct Good {
        std::string external_id;
        std::string theme;
        ArticleContent content;
    };
    std::vector<Good> good = ParseImportRows<Good>(
        rows, report, "Le doc_id",
        [&](const boost::json::object& o, const JsonRow& row) -> Result<Good> {
            GUICHET_TRY(doc_id, TextField(o, "doc_id"));
            if (!doc_id || doc_id->empty() || doc_id->size() > 200)
                return Invalid("Le champ « doc_id » est obligatoire (200 caractères au plus).");
            GUICHET_TRY(title, TextField(o, "title"));
            GUICHET_TRY(body, TextField(o, "text"));
            GUICHET_TRY(summary, TextField(o, "summary"));
            GUICHET_TRY(url, TextField(o, "url"));
            GUICHET_TRY(theme, TextField(o, "theme"));
            GUICHET_TRY(audience_name, TextField(o, "audience"));
            Good g;
            g.external_id = *doc_id;
            g.theme = theme.value_or("");
            g.content.title = title.value_or("");
            g.content.body = body.value_or("");
            g.content.summary = summary ? *summary : SummaryOf(g.content.body);
            g.content.url = url && !url->empty() ? url : std::nullopt;
            if (g.content.url && g.content.url->rfind("https://", 0) != 0 &&
                g.content.url->rfind("http://", 0) != 0) {
                // A source that is not a link does not make the article wrong: keep the
                // article, leave the link out, and say so.
                report.warnings.push_back({row.line, "Lien source « " + *g.content.url +
                                                         " » ignoré : ce n'est pas une "
                                                         "adresse http(s)."});
                g.content.url.reset();
            }
            if (audience_name) {
                auto audience = ParseAudience(*audience_name);
                if (!audience) return Invalid("« audience » vaut « public » ou « internal ».");
                g.content.audience = *audience;
            }
            GUICHET_TRY(tags, TextListField(o, "tags"));
            g.content.tags = std::move(tags);
            GUICHET_CHECK(Validate(g.content));
            return g;
        },
        [](const Good& g) { return g.external_id; });

    const TimePoint now = clock_.Now();
    std::vector<std::string> ids;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        std::map<std::string, std::string> categories;
        for (std::size_t i = 0; i < good.size(); ++i) {
            Good& g = good[i];
            if (!g.theme.empty()) {
                auto known = categories.find(g.theme);
                if (known == categories.end()) {
                    GUICHET_TRY(category,
                                EnsureCategoryIn(c, tenant_id, g.theme, std::nullopt, now));
                    known = categories.emplace(g.theme, category.id).first;
                }
                g.content.category_id = known->second;
            }
            GUICHET_TRY(existing, LoadArticle(c, tenant_id, g.external_id));
            Article a;
            // An exported article without an external id comes back under its internal id:
            // it is the same article.
            if (existing) {
                a = std::move(*existing);
                // What the file does not carry is kept (links, owning service).
                g.content.service_id = a.content.service_id;
                g.content.place_ids = a.content.place_ids;
                g.content.request_categories = a.content.request_categories;
                if (g.content.tags.empty()) g.content.tags = a.content.tags;
                a.content = g.content;
                if (a.status != ArticleStatus::kPublished) a.published_at = now;
                a.status = ArticleStatus::kPublished;
                a.publish_at = std::nullopt;
                a.version += 1;
                a.updated_at = now;
                GUICHET_CHECK(UpdateArticle(c, a, true));
                ++report.updated;
            } else {
                a.id = NewId(now);
                a.tenant_id = std::string(tenant_id);
                a.external_id = g.external_id;
                a.content = g.content;
                a.status = ArticleStatus::kPublished;
                a.created_at = a.updated_at = now;
                a.published_at = now;
                GUICHET_CHECK(InsertArticle(c, a, true));
                ++report.created;
            }
            GUICHET_CHECK(InsertVersion(c, a, author, now));
            ids.push_back(a.id);
            if (progress && (i % 50 == 0 || i + 1 == good.size())) progress(i + 1, good.size() * 2);
        }
        return {};
    }));

    // Index what was written, in one commit.
    std::vector<search::Document> documents;
    documents.reserve(ids.size());
    for (const auto& id : ids) {
        GUICHET_TRY(a, Get(tenant_id, id));
        documents.push_back(ToDocument(a));
    }
    GUICHET_CHECK(index_.UpsertMany(documents, [&](std::size_t done, std::size_t total) {
        if (progress) progress(total + done, total * 2);
    }));
    GUICHET_CHECK(StampIndex(tenant_id));
    if (!ids.empty()) changes_.Publish(tenant_id, Change::kArticles);
    return report;
}

Result<std::string> ArticleService::ExportJsonLines(std::string_view tenant_id) {
    std::string out;
    std::string after;
    while (true) {
        GUICHET_TRY(page, List(tenant_id, {.limit = 500, .after = after}));
        for (const Article& a : page) {
            boost::json::array tags;
            for (const auto& t : a.content.tags) tags.emplace_back(t);
            boost::json::object line{
                {"doc_id", a.external_id ? *a.external_id : a.id},
                {"title", a.content.title},
                {"text", a.content.body},
                {"summary", a.content.summary},
                {"url", a.content.url ? boost::json::value(*a.content.url) : nullptr},
                {"theme", a.category_name},
                {"tags", std::move(tags)},
                {"audience", AudienceName(a.content.audience)},
                {"status", StatusName(a.status)},
                {"version", a.version},
                {"updated_at", FormatIsoUtc(a.updated_at)}};
            out += boost::json::serialize(line);
            out += '\n';
        }
        if (page.size() < 500) break;
        after = page.back().id;
    }
    return out;
}

}  // namespace guichet::knowledge
