#include "knowledge/schema.hpp"

namespace guichet::knowledge {
namespace {

// Lists (tags, linked ids, exception dates) are JSON arrays in TEXT columns: they are read and
// written whole with their record and never queried on their own.
constexpr storage::Migration kMigrations[] = {
    {1, "articles, categories, versions, synonyms, places, notices, events", R"sql(
CREATE TABLE kb_categories (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  parent_id TEXT REFERENCES kb_categories(id),
  name TEXT NOT NULL
);
CREATE UNIQUE INDEX kb_categories_name ON kb_categories(tenant_id, parent_id, name);
CREATE TABLE kb_articles (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  external_id TEXT,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  category_id TEXT REFERENCES kb_categories(id),
  tags TEXT NOT NULL,
  service_id TEXT REFERENCES services(id),
  audience TEXT NOT NULL,
  url TEXT,
  place_ids TEXT NOT NULL,
  request_categories TEXT NOT NULL,
  status TEXT NOT NULL,
  publish_at BIGINT,
  version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  published_at BIGINT,
  indexed INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX kb_articles_external ON kb_articles(tenant_id, external_id);
CREATE INDEX kb_articles_tenant ON kb_articles(tenant_id, status, updated_at);
CREATE TABLE kb_article_versions (
  article_id TEXT NOT NULL REFERENCES kb_articles(id),
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  category_id TEXT,
  tags TEXT NOT NULL,
  service_id TEXT,
  audience TEXT NOT NULL,
  url TEXT,
  place_ids TEXT NOT NULL,
  request_categories TEXT NOT NULL,
  status TEXT NOT NULL,
  author_id TEXT,
  author_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (article_id, version)
);
CREATE TABLE kb_synonyms (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  position INTEGER NOT NULL,
  forms TEXT NOT NULL,
  PRIMARY KEY (tenant_id, position)
);
CREATE TABLE places (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  external_id TEXT,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  address TEXT NOT NULL,
  postcode TEXT NOT NULL,
  city TEXT NOT NULL,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  phone TEXT,
  email TEXT,
  url TEXT,
  service_id TEXT REFERENCES services(id),
  description TEXT NOT NULL,
  opening_hours TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX places_external ON places(tenant_id, external_id);
CREATE INDEX places_tenant ON places(tenant_id, name);
CREATE TABLE place_notices (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  place_id TEXT NOT NULL REFERENCES places(id),
  message TEXT NOT NULL,
  starts BIGINT,
  ends BIGINT
);
CREATE INDEX place_notices_place ON place_notices(place_id);
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  external_id TEXT,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  place_id TEXT REFERENCES places(id),
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  rrule TEXT NOT NULL,
  exdates TEXT NOT NULL,
  category TEXT NOT NULL,
  url TEXT,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX events_external ON events(tenant_id, external_id);
CREATE INDEX events_tenant ON events(tenant_id, start_at);
)sql"},
    // A neighbourhood's shape is GeoJSON read whole; its bounding box is in columns so that
    // "which neighbourhood is this point in" reads only the few whose box holds the point.
    {2, "neighbourhoods", R"sql(
CREATE TABLE neighbourhoods (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  external_id TEXT NOT NULL,
  name TEXT NOT NULL,
  geometry TEXT NOT NULL,
  south DOUBLE PRECISION NOT NULL,
  west DOUBLE PRECISION NOT NULL,
  north DOUBLE PRECISION NOT NULL,
  east DOUBLE PRECISION NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX neighbourhoods_external ON neighbourhoods(tenant_id, external_id);
CREATE INDEX neighbourhoods_box ON neighbourhoods(tenant_id, south, north);
)sql"},
    // The draft of a published article: edits kept apart from the published row, which readers
    // and the search index keep serving until the draft is published. One draft per article;
    // base_version is the article's version the draft was last saved against.
    {3, "drafts of published articles", R"sql(
CREATE TABLE kb_article_drafts (
  article_id TEXT PRIMARY KEY REFERENCES kb_articles(id),
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  category_id TEXT,
  tags TEXT NOT NULL,
  service_id TEXT,
  audience TEXT NOT NULL,
  url TEXT,
  place_ids TEXT NOT NULL,
  request_categories TEXT NOT NULL,
  base_version INTEGER NOT NULL,
  author_id TEXT,
  author_name TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX kb_article_drafts_tenant ON kb_article_drafts(tenant_id);
)sql"},
    // Places and events are changed by administrators from the console: each carries a version
    // (1 when created, +1 on every change), the ETag of the If-Match contract (core/versions.hpp).
    // Rows that exist are at version 1.
    {4, "versions of places and events", R"sql(
ALTER TABLE places ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
)sql"},
    // Learning from use (FeedbackService): one row per (tenant, question key, article) with the
    // decayed yes/no weights as of updated_at; the voters' memory holds a keyed hash of each
    // client (never an address), pruned after the re-vote delay.
    {5, "feedback signals on articles", R"sql(
CREATE TABLE kb_feedback (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  query_key TEXT NOT NULL,
  article_id TEXT NOT NULL REFERENCES kb_articles(id),
  question TEXT NOT NULL,
  yes_weight DOUBLE PRECISION NOT NULL,
  no_weight DOUBLE PRECISION NOT NULL,
  votes BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX kb_feedback_signal ON kb_feedback(tenant_id, query_key, article_id);
CREATE TABLE kb_feedback_voters (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  query_key TEXT NOT NULL,
  article_id TEXT NOT NULL,
  client TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, query_key, article_id, client)
);
CREATE INDEX kb_feedback_voters_age ON kb_feedback_voters(tenant_id, created_at);
)sql"},
};

}  // namespace

std::span<const storage::Migration> Migrations() { return kMigrations; }

}  // namespace guichet::knowledge
