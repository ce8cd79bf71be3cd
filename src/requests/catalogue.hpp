// Catalogue: the tenant's request types (categories) with their form fields and workflow, the
// internal general type of untyped requests, and the rules of a citizen's public submission.
// Owns the table request_categories (through request_store.hpp).
//
// Contract: validation before any write (kInvalidArgument in French); a replaced type must be at
// version `expected` (If-Match, core/versions.hpp), else kFailedPrecondition "stale-version";
// nullopt checks nothing. Each method opens its own read or transaction: never call one while
// holding a connection. Thread-safety: safe from any thread; calls block.
#pragma once

#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "requests/request.hpp"
#include "requests/types.hpp"
#include "storage/database.hpp"

namespace guichet::requests {

class Catalogue {
  public:
    Catalogue(storage::Database& db, const Clock& clock);
    Catalogue(const Catalogue&) = delete;
    Catalogue& operator=(const Catalogue&) = delete;

    static Result<void> ValidateCategory(const Category& category);
    Result<std::vector<Category>> ListCategories(std::string_view tenant_id, bool public_only);
    // By id or external id; kNotFound in French.
    Result<Category> GetCategory(std::string_view tenant_id, std::string_view id_or_external);
    // Creates (empty id) or replaces a category; a replaced one must be at version `expected`.
    // A status may leave the workflow only once no open request is in it (kFailedPrecondition
    // "status-in-use").
    Result<Category> SaveCategory(std::string_view tenant_id, Category category,
                                  Expected expected = std::nullopt);
    // The internal category of requests that arrived without a type ("Demande générale"): not
    // public (never on the portal's form nor Open311), created once when first needed, then
    // the administrators' to rename or route like any other type.
    Result<Category> GeneralCategory(std::string_view tenant_id);
    // A citizen's submission on the portal, made fit to RequestLifecycle::Create: on the web,
    // received now, with no priority nor tags of their choosing, a description of at most
    // kMaxLongTextChars, an e-mail address (kInvalidArgument on citizen.email, in French) and a
    // public type (an internal one is kNotFound, as an unknown one).
    Result<NewRequest> PublicSubmission(std::string_view tenant_id, NewRequest in);

  private:
    storage::Database& db_;
    const Clock& clock_;
};

}  // namespace guichet::requests
