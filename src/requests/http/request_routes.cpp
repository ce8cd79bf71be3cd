// The agents' routes of the requests module: the inbox, one record, creation at the counter or by
// phone, every act on a request (each with If-Match, see request_routes.hpp), files, the
// reception's search and merge of people, contacts and their counts. RegisterRoutes also
// registers the settings (request_settings_routes.cpp) and the citizens' routes
// (public_request_routes.cpp). Handlers parse, call one service method, and render.
#include "requests/http/request_routes.hpp"

#include <charconv>

#include <boost/json.hpp>

#include "core/json.hpp"
#include "http/if_match.hpp"
#include "requests/http/request_views.hpp"
#include "requests/http/route_support.hpp"
#include "requests/http/template_routes.hpp"
#include "requests/request_json.hpp"

namespace guichet::requests::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;
using identity::http::Principal;

namespace {

Result<std::size_t> Limit(const Request& req, std::size_t fallback) {
    const std::string text = req.Query("limit");
    if (text.empty()) return fallback;
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 200)
        return BadParameter("Le paramètre « limit » doit être un entier de 1 à 200.");
    return value;
}

// `attachment_ids` of a message: absent or null is none; otherwise an array of strings.
Result<std::vector<std::string>> AttachmentIds(const boost::json::object& body) {
    std::vector<std::string> ids;
    auto it = body.find("attachment_ids");
    if (it == body.end() || it->value().is_null()) return ids;
    if (!it->value().is_array())
        return BadParameter("« attachment_ids » est une liste d'identifiants de pièces jointes.");
    for (const auto& v : it->value().as_array()) {
        if (!v.is_string())
            return BadParameter(
                "« attachment_ids » est une liste d'identifiants de pièces jointes.");
        ids.emplace_back(v.as_string());
    }
    return ids;
}

Result<TimePoint> InstantField(const std::string& text, std::string_view key) {
    std::istringstream in(text);
    date::sys_time<std::chrono::milliseconds> t;
    in >> date::parse("%FT%T%Ez", t);
    if (in.fail()) {
        in.clear();
        in.str(text);
        in >> date::parse("%F", t);
    }
    if (in.fail())
        return BadParameter("« " + std::string(key) +
                            " » s'écrit 2026-12-15 ou "
                            "2026-12-15T09:00:00+01:00.");
    return TimePoint(t);
}

// One request with its category, timeline and attachments (the agents' view).
Result<Response> FullView(const RequestServices& requests, const Clock& clock, const Principal& p,
                          const requests::Request& q) {
    auto category = requests.catalogue.GetCategory(p.tenant_id, q.category_id);
    boost::json::object body = RequestToJson(q, category ? &*category : nullptr, clock.Now());
    GUICHET_TRY(timeline, requests.queries.Timeline(p.tenant_id, q.id, false));
    boost::json::array entries;
    for (const auto& e : timeline) entries.push_back(TimelineEntryToJson(e));
    body["timeline"] = std::move(entries);
    GUICHET_TRY(attachments, requests.attachments.Attachments(p.tenant_id, q.id));
    boost::json::array files;
    for (const auto& a : attachments) files.push_back(AttachmentToJson(a));
    body["attachments"] = std::move(files);
    if (category) body["workflow"] = WorkflowToJson(category->workflow);
    Response r = Response::Json(200, body);
    guichet::http::SetVersion(r, q.version);
    return r;
}
}  // namespace

Actor ActorOf(const Principal& p) {
    if (p.agent) return {"agent", p.agent->id, p.agent->display_name};
    if (p.api_key) return {"api_key", p.api_key->id, "Intégration " + p.api_key->name};
    return {};
}

void RegisterRoutes(guichet::http::Router& router, const RequestServices& requests,
                    tenancy::TenancyService& tenancy, identity::http::Authenticator& auth,
                    const Clock& clock, Delivery delivery_in) {
    // Route handlers outlive this function: they hold the services by reference (they live as
    // long as the application) and everything local by value.
    const auto delivery = std::make_shared<const Delivery>(std::move(delivery_in));
    auto full_view = [&requests, &clock](const Principal& p, const requests::Request& q) {
        return FullView(requests, clock, p, q);
    };
    // The routes that change a request share this shape: permission, If-Match (the version the
    // agent saw: 428 without it, 412 when the request changed since, checked in the service's
    // transaction), body, one change, the view with the new version (JSON and ETag).
    auto change = [&](std::string pattern,
                      std::function<Result<requests::Request>(const Principal&, const Request&,
                                                              const boost::json::object&, Expected)>
                          apply) {
        router.Add(Method::kPost, std::move(pattern),
                   [&auth, full_view, apply = std::move(apply)](Request& req) -> Result<Response> {
                       GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsWrite));
                       GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, "la demande"));
                       GUICHET_TRY(body, json::ParseObject(req.body.empty() ? "{}" : req.body));
                       GUICHET_TRY(updated, apply(principal, req, body, expected));
                       return full_view(principal, updated);
                   });
    };

    // ---- Inbox and records -------------------------------------------------------------------
    router.Add(Method::kGet, "/api/v1/requests", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(limit, Limit(req, 50));
        InboxFilter f{.limit = limit, .after = req.Query("after")};
        if (auto s = req.Query("service"); !s.empty()) f.service_id = s;
        if (req.Query("mine") == "1" || req.Query("mine") == "true") {
            if (!principal.agent)
                return BadParameter("« mine » ne vaut que pour un agent connecté.");
            f.agent_id = principal.agent->id;
        }
        if (auto s = req.Query("status"); !s.empty()) f.status = s;
        if (auto s = req.Query("category"); !s.empty()) f.category_id = s;
        if (auto s = req.Query("channel"); !s.empty()) {
            f.channel = ParseChannel(s);
            if (!f.channel) return BadParameter("Canal inconnu « " + s + " ».");
        }
        f.open_only = req.Query("all") != "1";
        f.overdue = req.Query("overdue") == "1";
        f.due_soon = req.Query("due_soon") == "1";
        GUICHET_TRY(page, requests.queries.List(principal.tenant_id, f));
        GUICHET_TRY(categories, requests.catalogue.ListCategories(principal.tenant_id, false));
        boost::json::array items;
        const TimePoint now = clock.Now();
        for (const auto& q : page.items) {
            const Category* category = nullptr;
            for (const auto& c : categories)
                if (c.id == q.category_id) category = &c;
            boost::json::object item = RequestToJson(q, category, now);
            item.erase("description");  // Lists stay light; the record has it.
            items.push_back(std::move(item));
        }
        return Response::Json(
            200, boost::json::object{{"items", std::move(items)},
                                     {"next", page.next.empty() ? boost::json::value(nullptr)
                                                                : boost::json::value(page.next)}});
    });

    router.Add(Method::kPost, "/api/v1/requests",
               [&, delivery, full_view](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsWrite));
                   GUICHET_TRY(body, json::ParseObject(req.body));
                   GUICHET_TRY(in, NewRequestFromJson(body));
                   if (!body.contains("channel"))
                       in.channel = principal.api_key ? Channel::kApi : Channel::kCounter;
                   if (principal.agent &&
                       (in.channel == Channel::kCounter || in.channel == Channel::kPhone))
                       in.agent_id = principal.agent->id;  // Who took it handles it first.
                   GUICHET_TRY(deliver, OnCreate(*delivery, principal.tenant_id, in));
                   GUICHET_TRY(created, requests.lifecycle.Create(principal.tenant_id, in,
                                                                  ActorOf(principal), deliver));
                   GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                                       "request.create", "request", created.id));
                   GUICHET_TRY(response, full_view(principal, created));
                   response.status = 201;
                   response.Set("Location", "/api/v1/requests/" + created.id);
                   return response;
               });

    router.Add(Method::kGet, "/api/v1/requests/{id}",
               [&, full_view](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
                   GUICHET_TRY(q, requests.queries.Get(principal.tenant_id, req.PathParam("id")));
                   // RGPD: agents' reads of citizen data are in the audit log.
                   GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                                       "request.read", "request", q.id));
                   return full_view(principal, q);
               });

    change("/api/v1/requests/{id}/status",
           [&](const Principal& p, const Request& req, const boost::json::object& body,
               Expected expected) -> Result<requests::Request> {
               GUICHET_TRY(status, json::RequiredString(body, "status"));
               GUICHET_TRY(note, json::OptionalString(body, "note"));
               return requests.lifecycle.ChangeStatus(p.tenant_id, req.PathParam("id"), status,
                                                      ActorOf(p), note.value_or(""), expected);
           });
    change("/api/v1/requests/{id}/assign",
           [&](const Principal& p, const Request& req, const boost::json::object& body,
               Expected expected) -> Result<requests::Request> {
               GUICHET_TRY(agent, json::OptionalString(body, "agent_id"));
               if (agent && *agent == "me") {
                   if (!p.agent) return BadParameter("« me » ne vaut que pour un agent connecté.");
                   agent = p.agent->id;
               }
               return requests.lifecycle.Assign(p.tenant_id, req.PathParam("id"), agent, ActorOf(p),
                                                expected);
           });
    change("/api/v1/requests/{id}/transfer",
           [&](const Principal& p, const Request& req, const boost::json::object& body,
               Expected expected) -> Result<requests::Request> {
               GUICHET_TRY(service, json::RequiredString(body, "service_id"));
               GUICHET_TRY(reason, json::RequiredString(body, "reason"));
               return requests.lifecycle.Transfer(p.tenant_id, req.PathParam("id"), service, reason,
                                                  ActorOf(p), expected);
           });
    change("/api/v1/requests/{id}/notes",
           [&](const Principal& p, const Request& req, const boost::json::object& body,
               Expected expected) -> Result<requests::Request> {
               GUICHET_TRY(text, json::RequiredString(body, "text"));
               return requests.lifecycle.AddNote(p.tenant_id, req.PathParam("id"), text, ActorOf(p),
                                                 expected);
           });
    change("/api/v1/requests/{id}/calls",
           [&](const Principal& p, const Request& req, const boost::json::object& body,
               Expected expected) -> Result<requests::Request> {
               GUICHET_TRY(summary, json::RequiredString(body, "summary"));
               return requests.lifecycle.LogCall(p.tenant_id, req.PathParam("id"), summary,
                                                 ActorOf(p), expected);
           });
    change("/api/v1/requests/{id}/messages",
           [&requests, delivery](const Principal& p, const Request& req,
                                 const boost::json::object& body,
                                 Expected expected) -> Result<requests::Request> {
               Outgoing m;
               GUICHET_TRY(kind, json::OptionalString(body, "kind"));
               GUICHET_TRY(text, json::RequiredString(body, "body"));
               GUICHET_TRY(forecast, json::OptionalString(body, "forecast"));
               GUICHET_TRY(status, json::OptionalString(body, "status"));
               m.kind = kind.value_or("answer");
               m.status = status;
               m.body = text;
               if (forecast) {
                   GUICHET_TRY(t, InstantField(*forecast, "forecast"));
                   // A forecast is a day ("2026-12-18"); an instant keeps only its date.
                   m.forecast = date::floor<date::days>(t);
               }
               GUICHET_TRY(ids, AttachmentIds(body));
               m.attachment_ids = std::move(ids);
               std::optional<std::string> agent_service;
               if (p.agent) agent_service = p.agent->service_id;
               return requests.lifecycle.SendMessage(p.tenant_id, req.PathParam("id"), std::move(m),
                                                     ActorOf(p), agent_service,
                                                     delivery->on_outgoing, expected);
           });
    change("/api/v1/requests/{id}/merge",
           [&](const Principal& p, const Request& req, const boost::json::object& body,
               Expected expected) -> Result<requests::Request> {
               GUICHET_TRY(into, json::RequiredString(body, "into"));
               return requests.lifecycle.Merge(p.tenant_id, req.PathParam("id"), into, ActorOf(p),
                                               expected);
           });
    change("/api/v1/requests/{id}/links",
           [&](const Principal& p, const Request& req, const boost::json::object& body,
               Expected expected) -> Result<requests::Request> {
               GUICHET_TRY(other, json::RequiredString(body, "other"));
               return requests.lifecycle.Link(p.tenant_id, req.PathParam("id"), other, ActorOf(p),
                                              expected);
           });

    router.Add(Method::kPost, "/api/v1/requests/{id}/attachments",
               [&](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsWrite));
                   GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, "la demande"));
                   std::string filename = req.Query("filename");
                   if (filename.empty())
                       return BadParameter("Indiquez le nom du fichier (?filename=).");
                   std::string type = req.Header("content-type");
                   if (type.empty()) type = "application/octet-stream";
                   requests::Request updated;
                   GUICHET_TRY(a, requests.attachments.AddAttachment(
                                      principal.tenant_id, req.PathParam("id"), filename, type,
                                      req.Body(), ActorOf(principal), expected, &updated));
                   // The file, and the request's new version (the next change names it).
                   boost::json::object body = AttachmentToJson(a);
                   body["request_version"] = updated.version;
                   Response r = Response::Json(201, std::move(body));
                   guichet::http::SetVersion(r, updated.version);
                   return r;
               },
               {.upload = true});

    router.Add(Method::kGet, "/api/v1/requests/{id}/attachments/{attachment}",
               [&](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
                   GUICHET_TRY(file, requests.attachments.ReadAttachment(
                                         principal.tenant_id, req.PathParam("attachment")));
                   return AttachmentResponse(std::move(file));
               });

    router.Add(Method::kGet, "/api/v1/citizens", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(found, requests.queries.FindCitizen(principal.tenant_id, req.Query("q")));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "citizen.search", "citizen", req.Query("q")));
        boost::json::array items;
        const TimePoint now = clock.Now();
        for (const auto& q : found) {
            auto category = requests.catalogue.GetCategory(principal.tenant_id, q.category_id);
            items.push_back(RequestToJson(q, category ? &*category : nullptr, now));
        }
        return Response::Json(200, boost::json::object{{"items", std::move(items)}});
    });

    // Two people found at the desk are one (two e-mail addresses, an e-mail and a phone…):
    // every request of `from`'s person joins `into`'s person. If-Match: the version of request
    // `into`, the one the agent has open (428 without, 412 when it changed since; ADR 0022).
    router.Add(Method::kPost, "/api/v1/citizens/merge", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsWrite));
        GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, "la demande"));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(from, json::RequiredString(body, "from"));
        GUICHET_TRY(into, json::RequiredString(body, "into"));
        GUICHET_TRY(person, requests.lifecycle.MergeCitizens(principal.tenant_id, from, into,
                                                             ActorOf(principal), expected));
        const std::string key =
            person.empty() ? std::string() : person.front().citizen.id.value_or("");
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "citizen.merge", "citizen", key));
        boost::json::array items;
        const TimePoint now = clock.Now();
        for (const auto& q : person) {
            auto category = requests.catalogue.GetCategory(principal.tenant_id, q.category_id);
            boost::json::object item = RequestToJson(q, category ? &*category : nullptr, now);
            item.erase("description");
            items.push_back(std::move(item));
        }
        return Response::Json(
            200, boost::json::object{{"citizen_id", key}, {"items", std::move(items)}});
    });

    router.Add(Method::kPost, "/api/v1/contacts", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsWrite));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(channel_name, json::RequiredString(body, "channel"));
        GUICHET_TRY(subject, json::RequiredString(body, "subject"));
        GUICHET_TRY(name, json::OptionalString(body, "citizen_name"));
        GUICHET_TRY(service, json::OptionalString(body, "service_id"));
        auto channel = ParseChannel(channel_name);
        if (!channel) return BadParameter("Canal inconnu « " + channel_name + " ».");
        GUICHET_CHECK(requests.queries.RecordContact(principal.tenant_id, *channel,
                                                     name.value_or(""), subject, ActorOf(principal),
                                                     service));
        return Response::NoContent();
    });

    router.Add(Method::kGet, "/api/v1/requests-stats/channels",
               [&](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
                   TimePoint from = clock.Now() - date::days(30);
                   if (auto f = req.Query("from"); !f.empty()) {
                       GUICHET_TRY(t, InstantField(f, "from"));
                       from = t;
                   }
                   GUICHET_TRY(counts, requests.queries.CountByChannel(principal.tenant_id, from));
                   boost::json::array items;
                   for (const auto& [channel, c] : counts)
                       items.push_back(
                           {{"channel", channel}, {"contacts", c.first}, {"requests", c.second}});
                   return Response::Json(200, boost::json::object{{"from", FormatIsoUtc(from)},
                                                                  {"items", std::move(items)}});
               });

    RegisterSettingsRoutes(router, requests, auth);
    RegisterPublicRoutes(router, requests, tenancy, clock, delivery);
}

}  // namespace guichet::requests::http
