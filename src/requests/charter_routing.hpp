// CharterRouting: the charter (the deadlines the tenant commits to, versioned: a request keeps
// the version it was opened under), the shipped charter presets, and the routing rules (which
// service a new request goes to). Owns the tables request_charters and request_routing.
//
// Contract: a change names the version it was made from (`expected`, If-Match) and is checked in
// its transaction (kFailedPrecondition "stale-version"); nullopt checks nothing. An unknown
// service or type in the routing is kInvalidArgument in French. Each method opens its own read
// or transaction. Thread-safety: safe from any thread; calls block.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "requests/request.hpp"
#include "requests/types.hpp"
#include "storage/database.hpp"

namespace guichet::requests {

class CharterRouting {
  public:
    CharterRouting(storage::Database& db, const Clock& clock);
    CharterRouting(const CharterRouting&) = delete;
    CharterRouting& operator=(const CharterRouting&) = delete;

    // The current charter; a tenant without one gets the Marianne preset as version 1.
    Result<Charter> GetCharter(std::string_view tenant_id);
    Result<Charter> CharterVersion(std::string_view tenant_id, int version);
    // Stores a new version; requests already open keep the version they were opened under.
    // `expected`: the current charter's version (its ETag).
    Result<Charter> SetCharter(std::string_view tenant_id, Charter charter,
                               Expected expected = std::nullopt);
    // One of the shipped charters by name ("marianne", "services_publics_plus"), else
    // kInvalidArgument in French listing them.
    static Result<Charter> CharterPreset(std::string_view name);

    Result<Routing> GetRouting(std::string_view tenant_id);
    Result<Routing> SetRouting(std::string_view tenant_id,
                               const std::optional<std::string>& default_service_id,
                               std::vector<RoutingRule> rules, Expected expected = std::nullopt);

  private:
    storage::Database& db_;
    const Clock& clock_;
};

}  // namespace guichet::requests
