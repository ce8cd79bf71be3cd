// Domain types of the knowledge module: articles of the knowledge base, places (équipements)
// with their opening hours and notices, neighbourhoods (quartiers), and events of the agenda.
//
// Every record belongs to one tenant. `external_id` is the id a record was imported with (a
// knowledge-base `doc_id` such as "sp:F1427", a place slug such as "piscine-tilleuls"): imports
// match on it, so importing the same file twice updates instead of duplicating, and answers
// name records by it when it exists.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "knowledge/geometry.hpp"

namespace guichet::knowledge {

enum class ArticleStatus { kDraft, kPublished, kArchived };
enum class Audience { kPublic, kInternal };

std::string_view StatusName(ArticleStatus status);  // "draft", "published", "archived"
std::optional<ArticleStatus> ParseStatus(std::string_view name);
std::string_view AudienceName(Audience audience);  // "public", "internal"
std::optional<Audience> ParseAudience(std::string_view name);

// What an author writes; the same fields are kept for every version.
struct ArticleContent {
    std::string title;
    std::string summary;
    std::string body;  // Markdown (CommonMark); rendered to sanitised HTML for readers.
    std::optional<std::string> category_id;
    std::vector<std::string> tags;
    std::optional<std::string> service_id;  // The owning service (internal id).
    Audience audience = Audience::kPublic;
    std::optional<std::string> url;               // The source page, when imported.
    std::vector<std::string> place_ids;           // Linked places (internal ids).
    std::vector<std::string> request_categories;  // Linked request categories (ids).
};

struct Article {
    std::string id;
    std::string tenant_id;
    std::optional<std::string> external_id;
    ArticleContent content;
    ArticleStatus status = ArticleStatus::kDraft;
    // A published article is visible from this instant (scheduled publication); nullopt: at once.
    std::optional<TimePoint> publish_at;
    int version = 1;
    TimePoint created_at;
    TimePoint updated_at;
    std::optional<TimePoint> published_at;
    std::string category_name;  // Resolved for display; empty without a category.

    // Whether citizens can read it at `now`.
    bool VisibleAt(TimePoint now) const;
};

// The pending draft of a published article (ArticleService::SaveDraft): what the article will
// say once the draft is published; readers see the published content until then.
struct ArticleDraft {
    std::string article_id;
    ArticleContent content;
    int base_version = 0;  // The article's version when the draft was last saved.
    std::optional<std::string> author_id;
    std::string author_name;
    TimePoint updated_at;
};

// One saved version: who wrote what, when.
struct ArticleVersion {
    int version = 0;
    ArticleContent content;
    ArticleStatus status = ArticleStatus::kDraft;
    std::optional<std::string> author_id;
    std::string author_name;
    TimePoint created_at;
};

// A node of the category tree ("Papiers - Citoyenneté" > "État civil").
struct Category {
    std::string id;
    std::string tenant_id;
    std::optional<std::string> parent_id;
    std::string name;
};

// A temporary notice shown with a place ("fermé pour travaux jusqu'au 15 janvier").
struct PlaceNotice {
    std::string id;
    std::string message;
    std::optional<TimePoint> starts;  // nullopt: already shown.
    std::optional<TimePoint> ends;    // nullopt: until removed.
};

struct Place {
    std::string id;
    std::string tenant_id;
    std::optional<std::string> external_id;
    std::string name;
    std::string type;  // "mairie", "piscine", "mediatheque", …
    std::string address, postcode, city;
    std::optional<double> lat, lon;
    std::optional<std::string> phone, email, url;
    std::optional<std::string> service_id;  // The service that runs it (internal id).
    std::string description;
    std::string opening_hours;  // OpenStreetMap syntax; empty when unknown.
    std::vector<PlaceNotice> notices;
    int64_t version = 1;  // +1 on every change of the place or of its notices.
    TimePoint updated_at;
};

// A neighbourhood (quartier) of the tenant: a named area, drawn on the portal's maps and used to
// say where a reported place lies. Always imported, so `external_id` (the file's id) is set.
struct Neighbourhood {
    std::string id;
    std::string tenant_id;
    std::string external_id;
    std::string name;
    Geometry geometry;
    BoundingBox bounds;  // Of `geometry`, kept in columns to find candidates by SQL.
    TimePoint updated_at;
};

struct Event {
    std::string id;
    std::string tenant_id;
    std::optional<std::string> external_id;
    std::string title;
    std::string description;
    std::optional<std::string> place_id;  // Internal id.
    // The first occurrence, as a local wall-clock time in the tenant's zone and as an instant.
    TimePoint start, end;
    std::string rrule;               // RFC 5545 RRULE without "RRULE:", empty: one occurrence.
    std::vector<TimePoint> exdates;  // Starts of cancelled occurrences.
    std::string category;            // "culture", "conseil municipal", …
    std::optional<std::string> url;
    int64_t version = 1;  // +1 on every change.
    TimePoint updated_at;
};

// One occurrence of an event within a window.
struct Occurrence {
    std::size_t event = 0;  // Index of its event in Agenda::events.
    TimePoint start, end;
};

// The occurrences of a window, in time order, with the events they belong to.
struct Agenda {
    std::vector<Event> events;
    std::vector<Occurrence> occurrences;
};

// The outcome of an import: rows written and rows refused with their line and reason.
struct ImportError {
    std::size_t line = 0;  // 1-based line of the row in the file; 0 for a GeoJSON feature.
    std::string message;   // French.
    // GeoJSON imports: the 0-based index of the feature in `features` (its line is not tracked).
    std::optional<std::size_t> feature;
};

struct ImportReport {
    std::size_t created = 0;
    std::size_t updated = 0;
    std::vector<ImportError> errors;    // Rows refused.
    std::vector<ImportError> warnings;  // Rows imported with a field left out.
};

}  // namespace guichet::knowledge
