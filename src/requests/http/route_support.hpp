// Pieces the requests module's route files share (internal to requests/http): the citizen's
// submission body (JSON or multipart with files), a file as a download, the delivery hook of a
// new request, and the registration of each group of routes (RegisterRoutes calls them).
// Handlers parse, call one service method and render; the rules live in the services
// (requests/request_services.hpp).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "http/router.hpp"
#include "identity/http/authenticator.hpp"
#include "requests/http/request_routes.hpp"
#include "requests/request_services.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests::http {

// A citizen's submission: a JSON body, or a multipart/form-data body (a form with files) whose
// part "request" holds that JSON and whose file parts, named "file:<field key>" or "files",
// hold the files. The files refer to the request's body. A file input left empty (no bytes, no
// name) is no file.
// The routes take files, so their bodies may be large; the JSON itself is bounded (413 beyond
// kMaxSubmissionJsonBytes), its values by the form (form_values.hpp).
struct Submission {
    boost::json::object body;
    std::vector<NewAttachment> files;
};
inline constexpr std::size_t kMaxSubmissionJsonBytes = 1 << 20;
Result<Submission> CitizenSubmission(const guichet::http::Request& req);

// A file as a download. Never rendered inline: an attachment is the citizen's file, not our
// page. The name is given in the RFC 6266 form that keeps accents.
guichet::http::Response AttachmentResponse(std::pair<Attachment, std::string> file);

// What the delivery channel writes with a new request (nothing when it has no hook).
Result<AlsoInTransaction> OnCreate(const Delivery& delivery, std::string_view tenant_id,
                                   const NewRequest& in);

// Request types, charter, routing (request_settings_routes.cpp): every change carries If-Match.
void RegisterSettingsRoutes(guichet::http::Router& router, const RequestServices& requests,
                            identity::http::Authenticator& auth);
// The citizens' routes, public (public_request_routes.cpp): no If-Match.
void RegisterPublicRoutes(guichet::http::Router& router, const RequestServices& requests,
                          tenancy::TenancyService& tenancy, const Clock& clock,
                          std::shared_ptr<const Delivery> delivery);

}  // namespace guichet::requests::http
