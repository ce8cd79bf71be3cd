// The tenant a route that serves both agents and the public is about. Thread-safe.
#pragma once

#include <string>

#include "core/result.hpp"
#include "http/message.hpp"
#include "identity/http/authenticator.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::identity::http {

// The signed-in agent's tenant when the agent has `permission`; otherwise the tenant the host
// name (or ?tenant=) designates for the public.
inline Result<std::string> CallerTenant(const guichet::http::Request& req,
                                        tenancy::TenancyService& tenancy, Authenticator& auth,
                                        Permission permission) {
    if (auto agent = auth.Optional(req, permission)) return agent->tenant_id;
    GUICHET_TRY(tenant, tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
    return tenant.id;
}

}  // namespace guichet::identity::http
