// The citizens' routes of the requests module, public (the tenant from the Host or ?tenant=):
// the public request types, a submission (JSON or a form with files), the follow-up by tracking
// code and e-mail, a reply, a shared file. Rate-limited by class; no If-Match (the citizen's
// changes add, they never overwrite). The submission rules are Catalogue::PublicSubmission.
#include <algorithm>

#include <boost/json.hpp>

#include "core/json.hpp"
#include "requests/form_values.hpp"
#include "requests/http/request_views.hpp"
#include "requests/http/route_support.hpp"
#include "requests/request_json.hpp"

namespace guichet::requests::http {

using guichet::http::Method;
using guichet::http::RateClass;
using guichet::http::Request;
using guichet::http::Response;

void RegisterPublicRoutes(guichet::http::Router& router, const RequestServices& requests,
                          tenancy::TenancyService& tenancy, const Clock& clock,
                          std::shared_ptr<const Delivery> delivery) {
    router.Add(
        Method::kGet, "/api/v1/public/request-categories", [&](Request& req) -> Result<Response> {
            GUICHET_TRY(tenant, tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
            GUICHET_TRY(categories, requests.catalogue.ListCategories(tenant.id, true));
            boost::json::array items;
            for (const auto& c : categories) {
                boost::json::object item = CategoryToJson(c);
                item.erase("workflow");  // Internal labels are not for the public.
                items.push_back(std::move(item));
            }
            return Response::Json(200, boost::json::object{{"items", std::move(items)}});
        });

    router.Add(
        Method::kPost, "/api/v1/public/requests",
        [&, delivery](Request& req) -> Result<Response> {
            GUICHET_TRY(tenant, tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
            GUICHET_TRY(submission, CitizenSubmission(req));
            GUICHET_TRY(parsed, NewRequestFromJson(submission.body));
            parsed.attachments = std::move(submission.files);
            GUICHET_TRY(in, requests.catalogue.PublicSubmission(tenant.id, std::move(parsed)));
            GUICHET_TRY(deliver, OnCreate(*delivery, tenant.id, in));
            // The delivery hook writes the acknowledgement with the request, or there is none
            // (no mailbox, an address acknowledged moments ago): the page says only what will
            // happen.
            const bool acknowledged_by_email = static_cast<bool>(deliver);
            GUICHET_TRY(created, requests.lifecycle.Create(
                                     tenant.id, in, Actor{"citizen", std::nullopt, in.citizen.name},
                                     deliver));
            GUICHET_TRY(category, requests.catalogue.GetCategory(tenant.id, created.category_id));
            GUICHET_TRY(timeline, requests.queries.Timeline(tenant.id, created.id, true));
            GUICHET_TRY(files, requests.attachments.Attachments(tenant.id, created.id, true));
            boost::json::object view =
                PublicRequestToJson(created, category, timeline, files, clock.Now());
            view["acknowledgement_email"] = acknowledged_by_email;
            return Response::Json(201, std::move(view));
        },
        {.upload = true, .rate = RateClass::kPublicWrite});

    // The citizen's own request, found by tracking code and e-mail (never saying which was
    // wrong), with the submission that carried them.
    struct Followed {
        tenancy::Tenant tenant;
        Submission submission;
        requests::Request request;
    };
    auto followed = [&](const Request& req) -> Result<Followed> {
        GUICHET_TRY(tenant, tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
        GUICHET_TRY(submission, CitizenSubmission(req));
        GUICHET_TRY(code, json::RequiredString(submission.body, "tracking_code"));
        GUICHET_TRY(email, json::RequiredString(submission.body, "email"));
        GUICHET_TRY(q, requests.queries.FollowUp(tenant.id, code, email));
        return Followed{std::move(tenant), std::move(submission), std::move(q)};
    };
    auto follow = [&, followed](const Request& req, bool reply) -> Result<Response> {
        GUICHET_TRY(f, followed(req));
        if (reply) {
            GUICHET_TRY(text, json::RequiredString(f.submission.body, "body"));
            GUICHET_CHECK(CheckLength(text, kMaxLongTextChars, "Votre message"));
            GUICHET_TRY(updated, requests.lifecycle.AddIncoming(
                                     f.tenant.id, f.request.id, text,
                                     Actor{"citizen", std::nullopt, f.request.citizen.name},
                                     "portal", {}, f.submission.files));
            f.request = std::move(updated);
        } else if (!f.submission.files.empty()) {
            return BadParameter("Les fichiers se joignent à un message.");
        }
        GUICHET_TRY(category, requests.catalogue.GetCategory(f.tenant.id, f.request.category_id));
        GUICHET_TRY(timeline, requests.queries.Timeline(f.tenant.id, f.request.id, true));
        GUICHET_TRY(files, requests.attachments.Attachments(f.tenant.id, f.request.id, true));
        return Response::Json(
            200, PublicRequestToJson(f.request, category, timeline, files, clock.Now()));
    };
    // Each look-up by tracking code and e-mail spends from the address's look-ups, so that
    // nobody tries e-mails (or codes) in bulk; a reply is a write.
    router.Add(Method::kPost, "/api/v1/public/requests/follow",
               [follow](Request& req) { return follow(req, false); },
               {.rate = RateClass::kPublicLookup});
    router.Add(Method::kPost, "/api/v1/public/requests/reply",
               [follow](Request& req) { return follow(req, true); },
               {.upload = true, .rate = RateClass::kPublicWrite});
    // A file of the citizen's request (one they sent), by tracking code and e-mail.
    router.Add(Method::kPost, "/api/v1/public/requests/attachments/{attachment}",
               [&, followed](Request& req) -> Result<Response> {
                   GUICHET_TRY(f, followed(req));
                   GUICHET_TRY(shared,
                               requests.attachments.Attachments(f.tenant.id, f.request.id, true));
                   const std::string wanted = req.PathParam("attachment");
                   if (std::none_of(shared.begin(), shared.end(),
                                    [&](const Attachment& a) { return a.id == wanted; }))
                       return Fail(ErrorCode::kNotFound, "Cette pièce jointe est introuvable.");
                   GUICHET_TRY(file, requests.attachments.ReadAttachment(f.tenant.id, wanted));
                   return AttachmentResponse(std::move(file));
               },
               {.rate = RateClass::kPublicLookup});
}

}  // namespace guichet::requests::http
