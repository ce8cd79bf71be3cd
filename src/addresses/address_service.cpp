// AddressService: the schema, the address label and the index's state (declared in
// address_service.hpp). The import is in address_import.cpp, the look-ups in address_lookup.cpp.
#include "addresses/address_service.hpp"

#include <algorithm>

#include "core/ids.hpp"

namespace guichet::addresses {
namespace {

constexpr storage::Migration kMigrations[] = {
    {1, "addresses of the Base Adresse Nationale, and the maps' tile source", R"sql(
CREATE TABLE address_imports (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  state TEXT NOT NULL,
  source TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  addresses BIGINT NOT NULL DEFAULT 0,
  streets BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX address_imports_tenant ON address_imports (tenant_id, state);
CREATE TABLE address_streets (
  import_id TEXT NOT NULL,
  street_no BIGINT NOT NULL,
  name TEXT NOT NULL,
  postcode TEXT NOT NULL,
  insee TEXT NOT NULL,
  commune TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (import_id, street_no)
);
CREATE TABLE address_words (
  import_id TEXT NOT NULL,
  word TEXT NOT NULL,
  loose TEXT NOT NULL,
  street_no BIGINT NOT NULL,
  in_name INTEGER NOT NULL,
  PRIMARY KEY (import_id, word, street_no)
);
CREATE INDEX address_words_loose ON address_words (import_id, loose);
CREATE TABLE address_points (
  import_id TEXT NOT NULL,
  street_no BIGINT NOT NULL,
  number BIGINT NOT NULL,
  rep TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  cell BIGINT NOT NULL,
  ban_id TEXT NOT NULL
);
CREATE INDEX address_points_street ON address_points (import_id, street_no, number);
CREATE INDEX address_points_cell ON address_points (import_id, cell);
CREATE TABLE map_tile_settings (
  tenant_id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  url TEXT NOT NULL,
  attribution TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
)sql"},
    {2, "map tile settings: version (optimistic concurrency, core/versions.hpp)", R"sql(
ALTER TABLE map_tile_settings ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
)sql"},
};
}  // namespace

std::string Address::Label() const {
    std::string label = number.empty() ? street : number + " " + street;
    label += ", ";
    if (!postcode.empty()) label += postcode + " ";
    label += commune;
    return label;
}

std::span<const storage::Migration> AddressService::Migrations() { return kMigrations; }

Result<std::optional<std::string>> AddressService::ActiveImport(storage::Connection& c,
                                                                std::string_view tenant_id) {
    GUICHET_TRY(row, c.QueryOne("SELECT id FROM address_imports WHERE tenant_id = $1 AND "
                                "state = 'active'",
                                {std::string(tenant_id)}));
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(row->Text(0));
}

Result<AddressIndexStatus> AddressService::Status(std::string_view tenant_id) {
    return db_.Read<AddressIndexStatus>([&](storage::Connection& c) -> Result<AddressIndexStatus> {
        GUICHET_TRY(row, c.QueryOne("SELECT addresses, streets, finished_at, source FROM "
                                    "address_imports WHERE tenant_id = $1 AND state = 'active'",
                                    {std::string(tenant_id)}));
        AddressIndexStatus s;
        if (!row) return s;
        s.addresses = static_cast<std::size_t>(row->Int(0));
        s.streets = static_cast<std::size_t>(row->Int(1));
        s.imported_at = row->OptTime(2);
        s.source = row->Text(3);
        return s;
    });
}

}  // namespace guichet::addresses
