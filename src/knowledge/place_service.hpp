// PlaceService: the tenant's places (équipements) with their opening hours and notices.
//
// A place's `opening_hours` must parse (OpenStreetMap syntax, calendar engine) before it is
// stored; the error names the position. Places refer to services by internal id; imports name
// them by the services' external ids. Reads are scoped by tenant.
// Versions: a place has a version (1 at creation, +1 on every change of it or of its notices).
// Changes take the version the caller read (`expected_version`, from If-Match) and compare it
// inside their transaction (CheckVersion): stale gives kFailedPrecondition "stale-version" and
// nothing is written; nullopt overwrites (If-Match: *, imports, the command line).
// Every committed change is published on changes() (the answer engine listens).
// Thread-safety: safe from any worker thread; calls block.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "knowledge/changes.hpp"
#include "knowledge/knowledge.hpp"
#include "storage/database.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge {

class PlaceService {
  public:
    PlaceService(storage::Database& db, const Clock& clock, tenancy::TenancyService& tenancy)
        : db_(db), clock_(clock), tenancy_(tenancy) {}

    static Result<void> Validate(const Place& place);
    // The fields of a place as the API and the import files write them (name, type, address,
    // postcode, city, lat, lon, phone, email, url, service_id as given, description,
    // opening_hours); a field of the wrong type is kInvalidArgument naming it.
    static Result<Place> FieldsFromJson(const boost::json::object& row);

    Result<std::vector<Place>> List(std::string_view tenant_id);
    Result<Place> Get(std::string_view tenant_id, std::string_view id_or_external_id);
    // Creates a place (id and tenant are assigned; version 1) or, with an id, replaces its
    // fields if it is still at `expected_version`.
    Result<Place> Save(std::string_view tenant_id, Place place,
                       std::optional<int64_t> expected_version = std::nullopt);
    Result<void> Remove(std::string_view tenant_id, std::string_view id,
                        std::optional<int64_t> expected_version = std::nullopt);

    // Notices change their place: its version moves on, and is returned.
    struct NoticeAdded {
        PlaceNotice notice;
        int64_t place_version = 0;
    };
    Result<NoticeAdded> AddNotice(std::string_view tenant_id, std::string_view place_id,
                                  PlaceNotice notice,
                                  std::optional<int64_t> expected_version = std::nullopt);
    // The place's new version.
    Result<int64_t> RemoveNotice(std::string_view tenant_id, std::string_view place_id,
                                 std::string_view notice_id,
                                 std::optional<int64_t> expected_version = std::nullopt);

    // A JSON array (or JSON lines) of places shaped like data/commune/places.json; services are
    // named by their external ids. Rows are created or updated by `id` (external id).
    Result<ImportReport> Import(std::string_view tenant_id, std::string_view text);

    // Where committed changes are published.
    ChangeFeed& changes() { return changes_; }

  private:
    storage::Database& db_;
    const Clock& clock_;
    tenancy::TenancyService& tenancy_;
    ChangeFeed changes_;
};

}  // namespace guichet::knowledge
