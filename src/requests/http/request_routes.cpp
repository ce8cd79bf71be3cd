#include "requests/http/request_routes.hpp"

#include <charconv>

#include <boost/json.hpp>

#include "core/invalid_field.hpp"
#include "core/json.hpp"
#include "http/multipart.hpp"
#include "requests/form_values.hpp"
#include "requests/http/request_views.hpp"
#include "requests/http/template_routes.hpp"
#include "requests/request_json.hpp"

namespace guichet::requests::http {

using guichet::http::Method;
using guichet::http::RateClass;
using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;
using identity::http::Principal;

namespace {

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

constexpr std::size_t kMaxSubmissionJsonBytes = 1 << 20;

Result<boost::json::object> SubmissionJson(std::string_view text) {
    if (text.size() > kMaxSubmissionJsonBytes)
        return Fail(ErrorCode::kPayloadTooLarge,
                    "Le formulaire dépasse 1 Mo, sans compter les fichiers joints : raccourcissez "
                    "vos textes.",
                    "submission JSON of " + std::to_string(text.size()) + " bytes");
    return json::ParseObject(text);
}

Result<Submission> CitizenSubmission(const Request& req) {
    const std::string type = req.Header("content-type");
    if (!guichet::http::IsMultipartForm(type)) {
        GUICHET_TRY(body, SubmissionJson(req.Body()));
        return Submission{std::move(body), {}};
    }
    GUICHET_TRY(parts, guichet::http::ParseMultipart(type, req.Body()));
    Submission out;
    bool has_request = false;
    for (const auto& part : parts) {
        if (part.name == "request" && !part.filename) {
            GUICHET_TRY(body, SubmissionJson(part.data));
            out.body = std::move(body);
            has_request = true;
        } else if (part.name == "files" || part.name.starts_with("file:")) {
            if (part.data.empty() && (!part.filename || part.filename->empty())) continue;
            out.files.push_back({part.name == "files" ? std::string() : part.name.substr(5),
                                 part.filename.value_or(""), part.data});
        } else {
            return BadParameter("Partie inattendue « " + part.name +
                                " » : le formulaire a une partie « request » (JSON) et des "
                                "fichiers « file:<champ> » ou « files ».");
        }
    }
    if (!has_request) return BadParameter("La partie « request » (JSON) du formulaire manque.");
    return out;
}

// A file as a download. Never rendered inline: an attachment is the citizen's file, not our
// page. The name is given in the RFC 6266 form that keeps accents.
Response AttachmentResponse(std::pair<Attachment, std::string> file) {
    Response r = Response::Text(200, std::move(file.second), file.first.content_type);
    std::string encoded;
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : file.first.filename) {
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 15];
        }
    }
    r.Set("Content-Disposition", "attachment; filename*=UTF-8''" + encoded);
    return r;
}

// What the delivery channel writes with a new request (nothing when it has no hook).
Result<AlsoInTransaction> OnCreate(const Delivery& delivery, std::string_view tenant_id,
                                   const NewRequest& in) {
    if (!delivery.on_create) return AlsoInTransaction();
    return delivery.on_create(tenant_id, in);
}

Result<std::size_t> Limit(const Request& req, std::size_t fallback) {
    const std::string text = req.Query("limit");
    if (text.empty()) return fallback;
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 200)
        return BadParameter("Le paramètre « limit » doit être un entier de 1 à 200.");
    return value;
}

Result<int> IntField(const boost::json::object& body, std::string_view key, bool required) {
    auto it = body.find(key);
    if (it == body.end() || it->value().is_null()) {
        if (required) return BadParameter("Le champ « " + std::string(key) + " » est obligatoire.");
        return 0;
    }
    if (!it->value().is_int64())
        return BadParameter("Le champ « " + std::string(key) + " » doit être un entier.");
    return static_cast<int>(it->value().as_int64());
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
Result<Response> FullView(RequestService& requests, const Clock& clock, const Principal& p,
                          const requests::Request& q) {
    auto category = requests.GetCategory(p.tenant_id, q.category_id);
    boost::json::object body = RequestToJson(q, category ? &*category : nullptr, clock.Now());
    GUICHET_TRY(timeline, requests.Timeline(p.tenant_id, q.id, false));
    boost::json::array entries;
    for (const auto& e : timeline) entries.push_back(TimelineEntryToJson(e));
    body["timeline"] = std::move(entries);
    GUICHET_TRY(attachments, requests.Attachments(p.tenant_id, q.id));
    boost::json::array files;
    for (const auto& a : attachments) files.push_back(AttachmentToJson(a));
    body["attachments"] = std::move(files);
    if (category) body["workflow"] = WorkflowToJson(category->workflow);
    Response r = Response::Json(200, body);
    r.Set("ETag", "\"v" + std::to_string(q.version) + "\"");
    return r;
}

}  // namespace

Actor ActorOf(const Principal& p) {
    if (p.agent) return {"agent", p.agent->id, p.agent->display_name};
    if (p.api_key) return {"api_key", p.api_key->id, "Intégration " + p.api_key->name};
    return {};
}

void RegisterRoutes(guichet::http::Router& router, RequestService& requests,
                    tenancy::TenancyService& tenancy, identity::http::Authenticator& auth,
                    const Clock& clock, Delivery delivery_in) {
    // Route handlers outlive this function: they hold the services by reference (they live as
    // long as the application) and everything local by value.
    const auto delivery = std::make_shared<const Delivery>(std::move(delivery_in));
    auto full_view = [&requests, &clock](const Principal& p, const requests::Request& q) {
        return FullView(requests, clock, p, q);
    };
    // The routes that change a request share this shape: permission, body, change, view.
    auto change = [&](std::string pattern,
                      std::function<Result<requests::Request>(const Principal&, const Request&,
                                                              const boost::json::object&)>
                          apply) {
        router.Add(Method::kPost, std::move(pattern),
                   [&auth, full_view, apply = std::move(apply)](Request& req) -> Result<Response> {
                       GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsWrite));
                       GUICHET_TRY(body, json::ParseObject(req.body.empty() ? "{}" : req.body));
                       GUICHET_TRY(updated, apply(principal, req, body));
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
        GUICHET_TRY(page, requests.List(principal.tenant_id, f));
        GUICHET_TRY(categories, requests.ListCategories(principal.tenant_id, false));
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
                   GUICHET_TRY(created, requests.Create(principal.tenant_id, in, ActorOf(principal),
                                                        deliver));
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
                   GUICHET_TRY(q, requests.Get(principal.tenant_id, req.PathParam("id")));
                   // RGPD: agents' reads of citizen data are in the audit log.
                   GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                                       "request.read", "request", q.id));
                   return full_view(principal, q);
               });

    change("/api/v1/requests/{id}/status",
           [&](const Principal& p, const Request& req,
               const boost::json::object& body) -> Result<requests::Request> {
               GUICHET_TRY(status, json::RequiredString(body, "status"));
               GUICHET_TRY(note, json::OptionalString(body, "note"));
               GUICHET_TRY(version, IntField(body, "version", false));
               return requests.ChangeStatus(p.tenant_id, req.PathParam("id"), status, ActorOf(p),
                                            note.value_or(""), version);
           });
    change("/api/v1/requests/{id}/assign",
           [&](const Principal& p, const Request& req,
               const boost::json::object& body) -> Result<requests::Request> {
               GUICHET_TRY(agent, json::OptionalString(body, "agent_id"));
               if (agent && *agent == "me") {
                   if (!p.agent) return BadParameter("« me » ne vaut que pour un agent connecté.");
                   agent = p.agent->id;
               }
               return requests.Assign(p.tenant_id, req.PathParam("id"), agent, ActorOf(p));
           });
    change("/api/v1/requests/{id}/transfer",
           [&](const Principal& p, const Request& req,
               const boost::json::object& body) -> Result<requests::Request> {
               GUICHET_TRY(service, json::RequiredString(body, "service_id"));
               GUICHET_TRY(reason, json::RequiredString(body, "reason"));
               return requests.Transfer(p.tenant_id, req.PathParam("id"), service, reason,
                                        ActorOf(p));
           });
    change("/api/v1/requests/{id}/notes",
           [&](const Principal& p, const Request& req,
               const boost::json::object& body) -> Result<requests::Request> {
               GUICHET_TRY(text, json::RequiredString(body, "text"));
               return requests.AddNote(p.tenant_id, req.PathParam("id"), text, ActorOf(p));
           });
    change("/api/v1/requests/{id}/calls",
           [&](const Principal& p, const Request& req,
               const boost::json::object& body) -> Result<requests::Request> {
               GUICHET_TRY(summary, json::RequiredString(body, "summary"));
               return requests.LogCall(p.tenant_id, req.PathParam("id"), summary, ActorOf(p));
           });
    change("/api/v1/requests/{id}/messages",
           [&requests, &tenancy, delivery](
               const Principal& p, const Request& req,
               const boost::json::object& body) -> Result<requests::Request> {
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
               GUICHET_TRY(current, requests.Get(p.tenant_id, req.PathParam("id")));
               m.channel = current.citizen.email                 ? "email"
                           : current.channel == Channel::kLetter ? "letter"
                                                                 : "portal";
               // The files are checked before anything is read for the delivery (the mail reads
               // their bytes) or drawn; AddOutgoing checks them again in its transaction.
               GUICHET_TRY(files, requests.AnswerFiles(p.tenant_id, current.id, m.attachment_ids));
               // An answer to a letter is a letter: its PDF is kept with the request, to print.
               // It is drawn first, so that a failure records nothing.
               std::optional<std::string> letter;
               if (current.channel == Channel::kLetter && m.kind == "answer") {
                   GUICHET_TRY(pdf, AnswerLetterPdf(requests, p, current, m, files));
                   letter = std::move(pdf);
               }
               AlsoInTransaction deliver;
               if (delivery->on_outgoing) {
                   GUICHET_TRY(hook, delivery->on_outgoing(current, m, ActorOf(p)));
                   deliver = std::move(hook);
               }
               GUICHET_TRY(updated,
                           requests.AddOutgoing(p.tenant_id, current.id, m, ActorOf(p), deliver));
               if (letter) {
                   GUICHET_CHECK(AttachAnswerLetter(requests, p, updated, *letter));
                   GUICHET_TRY(with_letter, requests.Get(p.tenant_id, updated.id));
                   updated = std::move(with_letter);
               }
               return updated;
           });
    change("/api/v1/requests/{id}/merge",
           [&](const Principal& p, const Request& req,
               const boost::json::object& body) -> Result<requests::Request> {
               GUICHET_TRY(into, json::RequiredString(body, "into"));
               return requests.Merge(p.tenant_id, req.PathParam("id"), into, ActorOf(p));
           });
    change("/api/v1/requests/{id}/links",
           [&](const Principal& p, const Request& req,
               const boost::json::object& body) -> Result<requests::Request> {
               GUICHET_TRY(other, json::RequiredString(body, "other"));
               return requests.Link(p.tenant_id, req.PathParam("id"), other, ActorOf(p));
           });

    router.Add(Method::kPost, "/api/v1/requests/{id}/attachments",
               [&](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsWrite));
                   std::string filename = req.Query("filename");
                   if (filename.empty())
                       return BadParameter("Indiquez le nom du fichier (?filename=).");
                   std::string type = req.Header("content-type");
                   if (type.empty()) type = "application/octet-stream";
                   GUICHET_TRY(
                       a, requests.AddAttachment(principal.tenant_id, req.PathParam("id"), filename,
                                                 type, req.Body(), ActorOf(principal)));
                   return Response::Json(201, AttachmentToJson(a));
               },
               {.upload = true});

    router.Add(Method::kGet, "/api/v1/requests/{id}/attachments/{attachment}",
               [&](Request& req) -> Result<Response> {
                   GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
                   GUICHET_TRY(file, requests.ReadAttachment(principal.tenant_id,
                                                             req.PathParam("attachment")));
                   return AttachmentResponse(std::move(file));
               });

    router.Add(Method::kGet, "/api/v1/citizens", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(found, requests.FindCitizen(principal.tenant_id, req.Query("q")));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "citizen.search", "citizen", req.Query("q")));
        boost::json::array items;
        const TimePoint now = clock.Now();
        for (const auto& q : found) {
            auto category = requests.GetCategory(principal.tenant_id, q.category_id);
            items.push_back(RequestToJson(q, category ? &*category : nullptr, now));
        }
        return Response::Json(200, boost::json::object{{"items", std::move(items)}});
    });

    // Two people found at the desk are one (two e-mail addresses, an e-mail and a phone…):
    // every request of `from`'s person joins `into`'s person.
    router.Add(Method::kPost, "/api/v1/citizens/merge", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsWrite));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(from, json::RequiredString(body, "from"));
        GUICHET_TRY(into, json::RequiredString(body, "into"));
        GUICHET_TRY(person,
                    requests.MergeCitizens(principal.tenant_id, from, into, ActorOf(principal)));
        const std::string key =
            person.empty() ? std::string() : person.front().citizen.id.value_or("");
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "citizen.merge", "citizen", key));
        boost::json::array items;
        const TimePoint now = clock.Now();
        for (const auto& q : person) {
            auto category = requests.GetCategory(principal.tenant_id, q.category_id);
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
        GUICHET_CHECK(requests.RecordContact(principal.tenant_id, *channel, name.value_or(""),
                                             subject, ActorOf(principal), service));
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
                   GUICHET_TRY(counts, requests.CountByChannel(principal.tenant_id, from));
                   boost::json::array items;
                   for (const auto& [channel, c] : counts)
                       items.push_back(
                           {{"channel", channel}, {"contacts", c.first}, {"requests", c.second}});
                   return Response::Json(200, boost::json::object{{"from", FormatIsoUtc(from)},
                                                                  {"items", std::move(items)}});
               });

    // ---- Catalogue, charter, routing ---------------------------------------------------------
    router.Add(Method::kGet, "/api/v1/request-categories", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(categories, requests.ListCategories(principal.tenant_id, false));
        boost::json::array items;
        for (const auto& c : categories) items.push_back(CategoryToJson(c));
        return Response::Json(200, boost::json::object{{"items", std::move(items)}});
    });
    router.Add(
        Method::kGet, "/api/v1/request-categories/{id}", [&](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
            GUICHET_TRY(category, requests.GetCategory(principal.tenant_id, req.PathParam("id")));
            return Response::Json(200, CategoryToJson(category));
        });
    router.Add(Method::kPost, "/api/v1/request-categories", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(category, CategoryFromJson(body));
        GUICHET_TRY(saved, requests.SaveCategory(principal.tenant_id, std::move(category)));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "request_category.create", "request_category",
                                            saved.id));
        Response r = Response::Json(201, CategoryToJson(saved));
        r.Set("Location", "/api/v1/request-categories/" + saved.id);
        return r;
    });
    router.Add(
        Method::kPut, "/api/v1/request-categories/{id}", [&](Request& req) -> Result<Response> {
            GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
            GUICHET_TRY(body, json::ParseObject(req.body));
            GUICHET_TRY(category, CategoryFromJson(body));
            GUICHET_TRY(current, requests.GetCategory(principal.tenant_id, req.PathParam("id")));
            category.id = current.id;
            GUICHET_TRY(saved, requests.SaveCategory(principal.tenant_id, std::move(category)));
            GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                                "request_category.update", "request_category",
                                                saved.id));
            return Response::Json(200, CategoryToJson(saved));
        });

    router.Add(Method::kGet, "/api/v1/charter", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(charter, requests.GetCharter(principal.tenant_id));
        boost::json::object body = CharterToJson(charter);
        body["version"] = charter.version;
        body["updated_at"] = FormatIsoUtc(charter.updated_at);
        return Response::Json(200, body);
    });
    router.Add(Method::kPut, "/api/v1/charter", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(body, json::ParseObject(req.body));
        Charter charter;
        const auto preset = body.find("preset");
        if (body.size() == 1 && preset != body.end() && preset->value().is_string()) {
            // {"preset": "marianne"}: the preset as it ships.
            const std::string name(preset->value().as_string());
            if (name == "marianne")
                charter = MarianneCharter();
            else if (name == "services_publics_plus")
                charter = ServicesPublicsPlusCharter();
            else
                return BadParameter("Les modèles sont « marianne » et « services_publics_plus ».");
        } else {
            GUICHET_TRY(parsed, CharterFromJson(body));
            charter = std::move(parsed);
        }
        GUICHET_TRY(saved, requests.SetCharter(principal.tenant_id, std::move(charter)));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "charter.update", "tenant", principal.tenant_id));
        boost::json::object out = CharterToJson(saved);
        out["version"] = saved.version;
        out["updated_at"] = FormatIsoUtc(saved.updated_at);
        return Response::Json(200, out);
    });

    router.Add(Method::kGet, "/api/v1/routing", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsRead));
        GUICHET_TRY(routing, requests.GetRouting(principal.tenant_id));
        return Response::Json(
            200, boost::json::object{{"default_service_id",
                                      routing.first ? boost::json::value(*routing.first) : nullptr},
                                     {"rules", RoutingRulesToJson(routing.second)}});
    });
    router.Add(Method::kPut, "/api/v1/routing", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(principal, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(body, json::ParseObject(req.body));
        GUICHET_TRY(fallback, json::OptionalString(body, "default_service_id"));
        auto rules_value = body.find("rules");
        std::vector<RoutingRule> rules;
        if (rules_value != body.end()) {
            GUICHET_TRY(parsed, RoutingRulesFromJson(rules_value->value()));
            rules = std::move(parsed);
        }
        GUICHET_CHECK(requests.SetRouting(principal.tenant_id, fallback, std::move(rules)));
        GUICHET_CHECK(auth.identity().Audit(principal.tenant_id, principal.ToActor(req),
                                            "routing.update", "tenant", principal.tenant_id));
        GUICHET_TRY(routing, requests.GetRouting(principal.tenant_id));
        return Response::Json(
            200, boost::json::object{{"default_service_id",
                                      routing.first ? boost::json::value(*routing.first) : nullptr},
                                     {"rules", RoutingRulesToJson(routing.second)}});
    });

    // ---- Citizens ----------------------------------------------------------------------------
    router.Add(
        Method::kGet, "/api/v1/public/request-categories", [&](Request& req) -> Result<Response> {
            GUICHET_TRY(tenant, tenancy.ResolvePublic(req.Header("host"), req.Query("tenant")));
            GUICHET_TRY(categories, requests.ListCategories(tenant.id, true));
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
            GUICHET_TRY(in, NewRequestFromJson(submission.body));
            GUICHET_CHECK(
                CheckLength(in.description, kMaxLongTextChars, "La description", "description"));
            in.attachments = std::move(submission.files);
            in.channel = Channel::kWeb;
            in.received_at.reset();
            in.priority = 0;
            in.tags.clear();
            if (!in.citizen.email)
                return InvalidField("citizen.email",
                                    "Indiquez votre adresse électronique : elle sert à vous "
                                    "répondre et à suivre votre demande.");
            if (!in.category.empty()) {
                GUICHET_TRY(category, requests.GetCategory(tenant.id, in.category));
                if (!category.is_public)
                    return Fail(ErrorCode::kNotFound, "Ce type de demande est introuvable.");
            }
            GUICHET_TRY(deliver, OnCreate(*delivery, tenant.id, in));
            // The delivery hook writes the acknowledgement with the request, or there is none
            // (no mailbox, an address acknowledged moments ago): the page says only what will
            // happen.
            const bool acknowledged_by_email = static_cast<bool>(deliver);
            GUICHET_TRY(created,
                        requests.Create(tenant.id, in,
                                        Actor{"citizen", std::nullopt, in.citizen.name}, deliver));
            GUICHET_TRY(category, requests.GetCategory(tenant.id, created.category_id));
            GUICHET_TRY(timeline, requests.Timeline(tenant.id, created.id, true));
            GUICHET_TRY(files, requests.Attachments(tenant.id, created.id, true));
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
        GUICHET_TRY(q, requests.FollowUp(tenant.id, code, email));
        return Followed{std::move(tenant), std::move(submission), std::move(q)};
    };
    auto follow = [&, followed](const Request& req, bool reply) -> Result<Response> {
        GUICHET_TRY(f, followed(req));
        if (reply) {
            GUICHET_TRY(text, json::RequiredString(f.submission.body, "body"));
            GUICHET_CHECK(CheckLength(text, kMaxLongTextChars, "Votre message"));
            GUICHET_TRY(updated,
                        requests.AddIncoming(f.tenant.id, f.request.id, text,
                                             Actor{"citizen", std::nullopt, f.request.citizen.name},
                                             "portal", {}, f.submission.files));
            f.request = std::move(updated);
        } else if (!f.submission.files.empty()) {
            return BadParameter("Les fichiers se joignent à un message.");
        }
        GUICHET_TRY(category, requests.GetCategory(f.tenant.id, f.request.category_id));
        GUICHET_TRY(timeline, requests.Timeline(f.tenant.id, f.request.id, true));
        GUICHET_TRY(files, requests.Attachments(f.tenant.id, f.request.id, true));
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
                   GUICHET_TRY(shared, requests.Attachments(f.tenant.id, f.request.id, true));
                   const std::string wanted = req.PathParam("attachment");
                   if (std::none_of(shared.begin(), shared.end(),
                                    [&](const Attachment& a) { return a.id == wanted; }))
                       return Fail(ErrorCode::kNotFound, "Cette pièce jointe est introuvable.");
                   GUICHET_TRY(file, requests.ReadAttachment(f.tenant.id, wanted));
                   return AttachmentResponse(std::move(file));
               },
               {.rate = RateClass::kPublicLookup});
}

}  // namespace guichet::requests::http
