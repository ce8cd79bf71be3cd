// PlaceService: the tenant's places (équipements) with their opening hours and notices.
//
// A place's `opening_hours` must parse (OpenStreetMap syntax, calendar engine) before it is
// stored; the error names the position. Places refer to services by internal id; imports name
// them by the services' external ids. Reads are scoped by tenant.
// Thread-safety: safe from any worker thread; calls block.
#pragma once

#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
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
    // Creates a place (id and tenant are assigned) or, with an id, replaces its fields.
    Result<Place> Save(std::string_view tenant_id, Place place);
    Result<void> Remove(std::string_view tenant_id, std::string_view id);

    Result<PlaceNotice> AddNotice(std::string_view tenant_id, std::string_view place_id,
                                  PlaceNotice notice);
    Result<void> RemoveNotice(std::string_view tenant_id, std::string_view place_id,
                              std::string_view notice_id);

    // A JSON array (or JSON lines) of places shaped like data/commune/places.json; services are
    // named by their external ids. Rows are created or updated by `id` (external id).
    Result<ImportReport> Import(std::string_view tenant_id, std::string_view text);

  private:
    storage::Database& db_;
    const Clock& clock_;
    tenancy::TenancyService& tenancy_;
};

}  // namespace guichet::knowledge
