#include "requests/http/template_routes.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"
#include "http/if_match.hpp"
#include "requests/http/request_routes.hpp"

namespace guichet::requests::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;
using identity::http::Principal;

namespace {

boost::json::object TemplateToJson(const RequestTemplate& t) {
    return {{"id", t.id},
            {"name", t.name},
            {"channel", t.channel},
            {"kind", t.kind},
            {"subject", t.subject},
            {"body", t.body},
            {"is_default", t.is_default},
            {"version", t.version},
            {"updated_at", FormatIsoUtc(t.updated_at)}};
}

Result<RequestTemplate> TemplateFromJson(const boost::json::object& body) {
    RequestTemplate t;
    GUICHET_TRY(name, json::RequiredString(body, "name"));
    GUICHET_TRY(text, json::RequiredString(body, "body"));
    GUICHET_TRY(subject, json::OptionalString(body, "subject"));
    GUICHET_TRY(channel, json::OptionalString(body, "channel"));
    GUICHET_TRY(kind, json::OptionalString(body, "kind"));
    t.name = name;
    t.body = text;
    t.subject = subject.value_or("");
    t.channel = channel.value_or("any");
    t.kind = kind.value_or("answer");
    return t;
}

boost::json::object LetterheadToJson(const Letterhead& l) {
    boost::json::array address;
    for (const auto& line : l.address) address.emplace_back(line);
    return {{"sender_name", l.sender_name},
            {"address", std::move(address)},
            {"place", l.place},
            {"version", l.version}};
}

Response LetterheadResponse(const Letterhead& l) {
    Response r = Response::Json(200, LetterheadToJson(l));
    guichet::http::SetVersion(r, l.version);
    return r;
}

Response TemplateResponse(int status, const RequestTemplate& t) {
    Response r = Response::Json(status, TemplateToJson(t));
    guichet::http::SetVersion(r, t.version);
    return r;
}

// The template a render or letter asks for, checked against the request's use.
Result<RequestTemplate> TemplateFor(const RequestServices& requests, const Principal& p,
                                    const std::string& template_id) {
    if (template_id.empty()) return BadParameter("Indiquez le modèle (template_id).");
    GUICHET_CHECK(requests.letters.ListTemplates(p.tenant_id));  // The defaults exist from now on.
    return requests.letters.GetTemplate(p.tenant_id, template_id);
}

std::string LetterFilename(const requests::Request& q, std::string_view what) {
    return std::string(what) + "-" + q.tracking_code + ".pdf";
}

}  // namespace

Result<Signatory> SignatoryOf(const Principal& principal, const RequestServices& requests,
                              const requests::Request& request) {
    std::optional<std::string> agent_service;
    if (principal.agent) agent_service = principal.agent->service_id;
    return requests.letters.SignatoryFor(request, ActorOf(principal), agent_service);
}

void RegisterTemplateRoutes(guichet::http::Router& router, const RequestServices& requests,
                            identity::http::Authenticator& auth) {
    router.Add(Method::kGet, "/api/v1/request-templates", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(templates, requests.letters.ListTemplates(principal.tenant_id));
        boost::json::array items, fields;
        for (const auto& t : templates) items.push_back(TemplateToJson(t));
        for (const auto& f : kMergeFields)
            fields.push_back({{"name", f.name}, {"description", f.description}});
        return Response::Json(
            200, boost::json::object{{"items", std::move(items)}, {"fields", std::move(fields)}});
    });
    router.Add(Method::kGet, "/api/v1/request-templates/{id}",
               [&](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
                   GUICHET_TRY(t, TemplateFor(requests, principal, req.PathParam("id")));
                   return TemplateResponse(200, t);
               });
    router.Add(Method::kPost, "/api/v1/request-templates", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(t, TemplateFromJson(body));
        GUICHET_TRY(saved, requests.letters.SaveTemplate(principal.tenant_id, std::move(t)));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "request_template.create", "request_template",
                                            saved.id));
        Response r = TemplateResponse(201, saved);
        r.Set("Location", "/api/v1/request-templates/" + saved.id);
        return r;
    });
    router.Add(
        Method::kPut, "/api/v1/request-templates/{id}", [&](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
            GUICHET_TRY(version, guichet::http::RequiredIfMatch(req, "le modèle de réponse"));
            GUICHET_TRY(body, json::ParseObject(req.body));
            GUICHET_TRY(t, TemplateFromJson(body));
            t.id = req.PathParam("id");
            GUICHET_TRY(saved,
                        requests.letters.SaveTemplate(principal.tenant_id, std::move(t), version));
            GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                                "request_template.update", "request_template",
                                                saved.id));
            return TemplateResponse(200, saved);
        });

    router.Add(Method::kPost, "/api/v1/requests/{id}/render",
               [&](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
                   GUICHET_TRY(body, json::ParseObject(req.body.empty() ? "{}" : req.body));
                   GUICHET_TRY(template_id, json::RequiredString(body, "template_id"));
                   GUICHET_TRY(q, requests.queries.Get(principal.tenant_id, req.PathParam("id")));
                   GUICHET_TRY(t, TemplateFor(requests, principal, template_id));
                   GUICHET_TRY(signatory, SignatoryOf(principal, requests, q));
                   GUICHET_TRY(values, requests.letters.MergeValuesFor(q, signatory));
                   const RenderedTemplate r = Render(t, values);
                   return Response::Json(200, boost::json::object{{"template_id", t.id},
                                                                  {"kind", t.kind},
                                                                  {"channel", t.channel},
                                                                  {"subject", r.subject},
                                                                  {"body", r.body},
                                                                  {"body_html", r.body_html}});
               });

    router.Add(
        Method::kGet, "/api/v1/requests/{id}/letter.pdf", [&](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
            GUICHET_TRY(q, requests.queries.Get(principal.tenant_id, req.PathParam("id")));
            GUICHET_TRY(signatory, SignatoryOf(principal, requests, q));
            std::string subject, text;
            if (const std::string id = req.Query("template_id"); !id.empty()) {
                GUICHET_TRY(t, TemplateFor(requests, principal, id));
                if (t.channel != "letter" && t.channel != "any")
                    return BadParameter("Ce modèle n'est pas destiné au courrier postal.");
                GUICHET_TRY(values, requests.letters.MergeValuesFor(q, signatory));
                RenderedTemplate r = Render(t, values);
                subject = std::move(r.subject);
                text = std::move(r.body);
            } else {
                // The last answer recorded, as it was sent.
                GUICHET_TRY(timeline, requests.queries.Timeline(principal.tenant_id, q.id, false));
                for (const auto& e : timeline) {
                    if (e.type != "message_out") continue;
                    boost::system::error_code ec;
                    const auto data = boost::json::parse(e.data_json, ec);
                    if (ec || !data.is_object()) continue;
                    const auto* body = data.as_object().if_contains("body");
                    if (body && body->is_string()) text = std::string(body->as_string());
                }
                if (text.empty())
                    return BadParameter(
                        "Aucune réponse n'est enregistrée : indiquez un modèle (template_id).");
                subject = "Réponse à votre demande " + q.tracking_code;
            }
            GUICHET_TRY(pdf, requests.letters.LetterPdf(q, subject, text, signatory));
            // RGPD: the letter shows the citizen's name and address.
            GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                                "request.letter", "request", q.id));
            Response r = Response::Text(200, std::move(pdf), "application/pdf");
            r.Set("Content-Disposition",
                  "inline; filename=\"" + LetterFilename(q, "courrier") + "\"");
            r.Set("Cache-Control", "no-store");
            return r;
        });

    router.Add(Method::kGet, "/api/v1/letterhead", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(head, requests.letters.GetLetterhead(principal.tenant_id));
        return LetterheadResponse(head);
    });
    router.Add(Method::kPut, "/api/v1/letterhead", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, "l'en-tête des courriers"));
        GUICHET_TRY(body, json::ParseObject(req.body));
        Letterhead head;
        GUICHET_TRY(sender, json::RequiredString(body, "sender_name"));
        GUICHET_TRY(place, json::RequiredString(body, "place"));
        head.sender_name = sender;
        head.place = place;
        if (const auto* address = body.if_contains("address")) {
            if (!address->is_array()) return BadParameter("« address » est une liste de lignes.");
            for (const auto& line : address->as_array()) {
                if (!line.is_string()) return BadParameter("« address » est une liste de lignes.");
                head.address.emplace_back(line.as_string());
            }
        }
        GUICHET_TRY(saved,
                    requests.letters.SetLetterhead(principal.tenant_id, std::move(head), expected));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "letterhead.update", "tenant", principal.tenant_id));
        return LetterheadResponse(saved);
    });
}

}  // namespace guichet::requests::http
