#include "knowledge/article_service.hpp"

#include <algorithm>
#include <map>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "knowledge/article_rows.hpp"
#include "knowledge/json_rows.hpp"
#include "knowledge/markdown.hpp"

namespace guichet::knowledge {
namespace article_rows {

using storage::Connection;
using storage::Row;

constexpr std::size_t kMaxTitle = 500;
// Bump when ToDocument changes what is indexed.
constexpr const char* kIndexFormat = "doc2";
constexpr std::size_t kMaxSummary = 2000;
constexpr std::size_t kMaxBody = 1'000'000;
constexpr std::size_t kMaxTags = 50;

// Length in characters (code points) of UTF-8 text, as people count them.
std::size_t Characters(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

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

constexpr std::string_view kArticleColumns =
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
        GUICHET_TRY(found, c.QueryOne("SELECT id FROM services WHERE id = $1 AND tenant_id = $2",
                                      {*x.service_id, std::string(tenant_id)}));
        if (!found) return Invalid("Le service indiqué n'existe pas.");
    }
    for (const auto& place : x.place_ids) {
        GUICHET_TRY(found, c.QueryOne("SELECT id FROM places WHERE id = $1 AND tenant_id = $2",
                                      {place, std::string(tenant_id)}));
        if (!found) return Invalid("Le lieu « " + place + " » n'existe pas.");
    }
    return {};
}

}  // namespace article_rows

namespace {

using namespace article_rows;
using storage::Connection;
using storage::Row;

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

}  // namespace

Result<void> ArticleService::Validate(const ArticleContent& x) {
    auto blank = [](const std::string& s) {
        return s.find_first_not_of(" \t\r\n") == std::string::npos;
    };
    if (blank(x.title) || Characters(x.title) > kMaxTitle)
        return Invalid("Le titre est obligatoire (500 caractères au plus).");
    if (Characters(x.summary) > kMaxSummary) return Invalid("Le résumé dépasse 2 000 caractères.");
    if (blank(x.body)) return Invalid("Le texte de l'article est obligatoire.");
    if (x.body.size() > kMaxBody) return Invalid("Le texte de l'article dépasse 1 Mo.");
    if (x.tags.size() > kMaxTags) return Invalid("Un article porte 50 mots-clés au plus.");
    for (const auto& tag : x.tags)
        if (blank(tag) || tag.size() > 100) return Invalid("Un mot-clé est vide ou trop long.");
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
    return Get(tenant_id, a.id);
}

Result<Article> ArticleService::Save(std::string_view tenant_id, std::string_view id,
                                     const ArticleContent& content,
                                     std::optional<ArticleStatus> status,
                                     std::optional<std::optional<TimePoint>> publish_at,
                                     int expected_version, const Author& author,
                                     const SaveHook& hook) {
    GUICHET_CHECK(Validate(content));
    const TimePoint now = clock_.Now();
    GUICHET_TRY(saved, db_.Write<Article>([&](Connection& c) -> Result<Article> {
        GUICHET_TRY(found, LoadArticle(c, tenant_id, id));
        if (!found || found->id != id)
            return Fail(ErrorCode::kNotFound, "Cet article est introuvable.");
        Article a = std::move(*found);
        if (a.version != expected_version) {
            return Fail(ErrorCode::kFailedPrecondition,
                        "L'article a été modifié entre-temps (version " +
                            std::to_string(a.version) + ") : rechargez-le avant d'enregistrer.",
                        "stale version", "stale-version");
        }
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
    return Get(tenant_id, saved.id);
}

Result<Article> ArticleService::Update(std::string_view tenant_id, std::string_view id,
                                       const ArticleContent& content, int expected_version,
                                       const Author& author) {
    return Save(tenant_id, id, content, std::nullopt, std::nullopt, expected_version, author);
}

Result<Article> ArticleService::SetStatus(std::string_view tenant_id, std::string_view id,
                                          ArticleStatus status, std::optional<TimePoint> publish_at,
                                          int expected_version, const Author& author) {
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

Result<search::Results> ArticleService::Search(std::string_view tenant_id,
                                               const ArticleSearch& query) {
    search::Query q;
    q.tenant_id = std::string(tenant_id);
    q.text = query.text;
    q.limit = std::clamp<std::size_t>(query.limit, 1, 50);
    q.include_internal = query.include_internal;
    q.category = query.category;
    q.service_id = query.service_id;
    q.prefix = query.prefix;
    return index_.Search(q);
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
