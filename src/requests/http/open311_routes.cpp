// The Open311 routes: each handler reads its parameters (open311_protocol.cpp), calls one
// service method and renders the reply (open311_mapping.cpp) as JSON or XML.
#include "requests/http/open311_routes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <sstream>

#include <date/date.h>
#include <boost/json.hpp>

#include "core/log.hpp"
#include "core/text.hpp"
#include "http/error_mapping.hpp"
#include "http/multipart.hpp"
#include "requests/form_values.hpp"
#include "requests/http/open311_internal.hpp"
#include "requests/http/xml_writer.hpp"
#include "requests/tracking_code.hpp"

namespace guichet::requests::http {

using guichet::http::Method;
using guichet::http::RateClass;
using namespace open311;  // NOLINT(google-build-using-namespace): this file's protocol.

namespace {

// ---- Handlers ----------------------------------------------------------------------------------

struct Deps {
    RequestServices requests;
    tenancy::TenancyService& tenancy;
    identity::IdentityService& identity;
    const Clock& clock;
};

// What a handler gets: the call, its parameters and the document's name without extension.
using Open311Handler =
    std::function<Result<Reply>(const HttpRequest&, const Params&, const std::string& name)>;

guichet::http::Handler Wrap(Open311Handler handler) {
    return [handler = std::move(handler)](HttpRequest& req) -> Result<Response> {
        const auto document = SplitDocument(LastSegment(req.path));
        if (!document)
            return ErrorResponse(
                Format::kJson,
                NotFound("Document inconnu : les formats sont .json et .xml.").value());
        const auto& [name, format] = *document;
        auto params = ParamsOf(req);
        if (!params) return ErrorResponse(format, params.error());
        auto reply = handler(req, *params, name);
        if (!reply) return ErrorResponse(format, reply.error());
        return Render(format, 200, *reply);
    };
}

Result<Reply> Discovery(const Deps& d, const HttpRequest& req, const Params& params) {
    GUICHET_TRY(tenant, TenantOf(d.tenancy, req, params));
    GUICHET_TRY(categories, d.requests.catalogue.ListCategories(tenant.id, true));
    TimePoint changed = tenant.created_at;
    for (const auto& c : categories) changed = std::max(changed, c.updated_at);
    const std::string host = req.Header("host");
    const std::string scheme = req.Header("x-forwarded-proto") == "https" ? "https" : "http";
    const std::string url = (host.empty() ? "" : scheme + "://" + host) + "/open311/v2";
    boost::json::object endpoint{{"specification", kSpecification},
                                 {"url", url},
                                 {"changeset", W3c(changed)},
                                 {"type", "production"},
                                 {"formats", boost::json::array{"application/json", "text/xml"}}};
    return Reply{
        "discovery",
        boost::json::object{
            {"changeset", W3c(changed)},
            {"contact", tenant.name + " : pour toute question sur ce service, adressez-vous "
                                      "à l'accueil de la mairie."},
            {"key_service", "Une clé d'API (api_key) est délivrée par l'administrateur de " +
                                tenant.name + " (juridiction « " + tenant.slug + " »)."},
            {"endpoints", boost::json::array{std::move(endpoint)}}}};
}

Result<Reply> Services(const Deps& d, const HttpRequest& req, const Params& params) {
    GUICHET_TRY(tenant, TenantOf(d.tenancy, req, params));
    GUICHET_TRY(categories, d.requests.catalogue.ListCategories(tenant.id, true));
    GUICHET_TRY(names, ServiceNames(d.tenancy, tenant.id));
    boost::json::array services;
    for (const auto& c : categories)
        if (c.is_public) services.push_back(ServiceJson(c, names));
    return Reply{"services", std::move(services)};
}

Result<Reply> Definition(const Deps& d, const HttpRequest& req, const Params& params,
                         const std::string& code) {
    GUICHET_TRY(tenant, TenantOf(d.tenancy, req, params));
    GUICHET_TRY(category, PublicCategory(d.requests, tenant.id, code));
    return Reply{"service_definition", DefinitionJson(category)};
}

Result<Reply> Create(const Deps& d, const HttpRequest& req, const Params& params) {
    GUICHET_TRY(tenant, TenantOf(d.tenancy, req, params));
    GUICHET_TRY(key, KeyOf(d.identity, req, params, tenant));
    if (!key) return BadKey("Indiquez la clé d'API de la collectivité (paramètre api_key).");
    const std::string code = std::string(TrimSpace(First(params, "service_code")));
    if (code.empty()) return BadParameter("Indiquez le service (paramètre service_code).");
    GUICHET_TRY(category, PublicCategory(d.requests, tenant.id, code));

    NewRequest in;
    in.category = category.id;
    in.channel = Channel::kOpen311;
    in.subject = category.name;
    in.description = std::string(TrimSpace(First(params, "description")));
    GUICHET_CHECK(CheckLength(in.description, kMaxLongTextChars, "« description »"));

    const std::string lat = First(params, "lat"), lon = First(params, "long");
    const std::string address = std::string(TrimSpace(First(params, "address_string")));
    const std::string address_id = std::string(TrimSpace(First(params, "address_id")));
    GUICHET_CHECK(CheckLength(address, kMaxFieldChars, "« address_string »"));
    if (!lat.empty() || !lon.empty()) {
        GUICHET_TRY(y, Coordinate(lat, "lat", 90));
        GUICHET_TRY(x, Coordinate(lon, "long", 180));
        in.location = Location{y, x, address};
    } else if (address.empty() && address_id.empty()) {
        return BadParameter("Indiquez le lieu : lat et long, ou address_string.");
    }

    GUICHET_TRY(fields, Attributes(params, category));
    // What GeoReport sends and the category has no field for is kept with the request's values.
    if (!address.empty()) {
        if (!in.location) fields["open311_address"] = address;
        for (const FieldDef& f : category.fields)
            if (f.type == "address" && !fields.contains(f.key)) fields[f.key] = address;
    }
    if (!address_id.empty()) fields["open311_address_id"] = address_id;
    const std::string media = std::string(TrimSpace(First(params, "media_url")));
    if (!media.empty()) {
        if (!media.starts_with("https://") && !media.starts_with("http://"))
            return BadParameter("« media_url » est une adresse http:// ou https://.");
        fields["open311_media_url"] = media;
    }
    const std::string account = std::string(TrimSpace(First(params, "account_id")));
    if (!account.empty()) fields["open311_account_id"] = account;
    if (auto device = std::string(TrimSpace(First(params, "device_id"))); !device.empty())
        fields["open311_device_id"] = device;
    in.fields_json = boost::json::serialize(fields);
    GUICHET_TRY(photo, MediaOf(req));
    in.attachments = std::move(photo);

    in.citizen.name =
        std::string(TrimSpace(First(params, "first_name") + " " + First(params, "last_name")));
    GUICHET_CHECK(CheckLength(in.citizen.name, kMaxCitizenNameChars, "« first_name last_name »"));
    if (auto email = std::string(TrimSpace(First(params, "email"))); !email.empty())
        in.citizen.email = email;
    GUICHET_CHECK(CheckLength(in.citizen.email.value_or(""), kMaxEmailChars, "« email »"));
    if (auto phone = std::string(TrimSpace(First(params, "phone"))); !phone.empty())
        in.citizen.phone = phone;
    GUICHET_CHECK(CheckLength(in.citizen.phone.value_or(""), kMaxPhoneChars, "« phone »"));
    if (in.citizen.name.empty() && !in.citizen.email && !in.citizen.phone)
        in.citizen.name = "Usager anonyme (Open311)";

    GUICHET_TRY(created, d.requests.lifecycle.Create(
                             tenant.id, in, Actor{"api_key", key->id, "Open311 " + key->name}));
    GUICHET_CHECK(d.identity.Audit(tenant.id, identity::Actor{"api_key", key->id, req.remote_ip},
                                   "request.create", "request", created.id));
    GUICHET_TRY(names, ServiceNames(d.tenancy, tenant.id));
    std::string notice = "Demande enregistrée sous le numéro " + created.tracking_code + ".";
    if (auto service = NameOf(names, created.service_id); !service.empty())
        notice += " Elle est confiée au service « " + service + " ».";
    boost::json::array list;
    list.push_back(
        boost::json::object{{"service_request_id", created.tracking_code},
                            {"service_notice", notice},
                            {"account_id", account.empty() ? boost::json::value(nullptr)
                                                           : boost::json::value(account)}});
    return Reply{"service_requests", std::move(list)};
}

// A request GeoReport may show, with the id it is shown under.
struct Listed {
    Request request;
    Category category;
    std::string id;
};

// The requests that `ids` name, listed ones only (public category, listed channel); unknown ones
// are left out. Each is shown under what named it: its tracking code if that was given (its
// filer's), else its public id.
Result<std::vector<Listed>> ByIds(const Deps& d, std::string_view tenant_id,
                                  const std::vector<std::string>& ids) {
    if (ids.size() > kMaxIds)
        return BadParameter("« service_request_id » nomme au plus " + std::to_string(kMaxIds) +
                            " demandes.");
    std::vector<Listed> out;
    for (const auto& id : ids) {
        auto q = d.requests.queries.Get(tenant_id, id);
        if (!q) {
            const ErrorCode code = q.error().code;
            if (code == ErrorCode::kNotFound || code == ErrorCode::kInvalidArgument) continue;
            return Fail(q.error());
        }
        if (!IsListed(*q)) continue;
        auto category = d.requests.catalogue.GetCategory(tenant_id, q->category_id);
        if (!category || !category->is_public) continue;
        std::string shown = NormaliseTrackingCode(id) ? q->tracking_code : q->id;
        out.push_back({std::move(*q), std::move(*category), std::move(shown)});
    }
    return out;
}

Result<Reply> RequestList(const Deps& d, const HttpRequest& req, const Params& params,
                          const std::optional<std::string>& one) {
    GUICHET_TRY(tenant, TenantOf(d.tenancy, req, params));
    GUICHET_TRY(key, KeyOf(d.identity, req, params, tenant));
    GUICHET_TRY(names, ServiceNames(d.tenancy, tenant.id));
    std::vector<Listed> found;
    const std::string ids = First(params, "service_request_id");
    if (one) {
        GUICHET_TRY(matched, ByIds(d, tenant.id, {*one}));
        if (matched.empty()) return NotFound("La demande « " + *one + " » est introuvable.");
        found = std::move(matched);
    } else if (!ids.empty()) {
        // The specification: with service_request_id, the other filters are ignored.
        GUICHET_TRY(matched, ByIds(d, tenant.id, SplitList(ids)));
        found = std::move(matched);
    } else {
        std::vector<Category> categories;
        for (const auto& code : SplitList(First(params, "service_code"))) {
            GUICHET_TRY(category, PublicCategory(d.requests, tenant.id, code));
            categories.push_back(std::move(category));
        }
        bool want_open = false, want_closed = false;
        const auto statuses = SplitList(First(params, "status"));
        for (const auto& s : statuses) {
            if (s == "open")
                want_open = true;
            else if (s == "closed")
                want_closed = true;
            else
                return BadParameter("« status » vaut open ou closed.");
        }
        if (statuses.empty()) want_open = want_closed = true;
        const TimePoint now = d.clock.Now();
        TimePoint end = now, start = now - date::days(90);
        const std::string start_text = First(params, "start_date");
        const std::string end_text = First(params, "end_date");
        if (!end_text.empty()) {
            GUICHET_TRY(t, ParseW3c(end_text, "end_date"));
            end = t;
            if (start_text.empty()) start = end - date::days(90);
        }
        if (!start_text.empty()) {
            GUICHET_TRY(t, ParseW3c(start_text, "start_date"));
            start = t;
            if (end_text.empty()) end = std::max(now, start);
        }
        if (start > end) return BadParameter("« start_date » est après « end_date ».");

        std::map<std::string, Category> public_categories;
        if (categories.empty()) {
            GUICHET_TRY(all, d.requests.catalogue.ListCategories(tenant.id, true));
            for (auto& c : all)
                if (c.is_public) public_categories.emplace(c.id, std::move(c));
        } else {
            for (auto& c : categories) public_categories.emplace(c.id, std::move(c));
        }
        ReceiptWindow window{start, end, {}, kListedChannels, want_open, want_closed, kMaxRequests};
        for (const auto& [id, c] : public_categories) window.category_ids.push_back(id);
        GUICHET_TRY(received, d.requests.queries.ListReceived(tenant.id, window));
        for (auto& q : received) {
            const Category& category = public_categories.at(q.category_id);
            std::string id = q.id;
            found.push_back({std::move(q), category, std::move(id)});
        }
    }
    boost::json::array list;
    for (const auto& [q, c, id] : found)
        list.push_back(
            RequestJson(q, id, c, names, key.has_value() || q.channel == Channel::kOpen311));
    return Reply{"service_requests", std::move(list)};
}

Result<Reply> Token(const Deps& d, const HttpRequest& req, const Params& params,
                    const std::string& token) {
    GUICHET_TRY(tenant, TenantOf(d.tenancy, req, params));
    GUICHET_TRY(matched, ByIds(d, tenant.id, {token}));
    if (matched.empty()) return NotFound("Le jeton « " + token + " » est inconnu.");
    boost::json::array list;
    list.push_back(
        boost::json::object{{"service_request_id", matched.front().id}, {"token", token}});
    return Reply{"service_requests", std::move(list)};
}

}  // namespace

void RegisterOpen311Routes(guichet::http::Router& router, const RequestServices& requests,
                           tenancy::TenancyService& tenancy, identity::IdentityService& identity,
                           const Clock& clock) {
    const Deps d{requests, tenancy, identity, clock};
    auto discovery = Wrap([d](const HttpRequest& req, const Params& p, const std::string&) {
        return Discovery(d, req, p);
    });
    auto services = Wrap([d](const HttpRequest& req, const Params& p, const std::string&) {
        return Services(d, req, p);
    });
    auto create = Wrap([d](const HttpRequest& req, const Params& p, const std::string&) {
        return Create(d, req, p);
    });
    auto list = Wrap([d](const HttpRequest& req, const Params& p, const std::string&) {
        return RequestList(d, req, p, std::nullopt);
    });
    for (const char* ext : {".json", ".xml"}) {
        router.Add(Method::kGet, std::string("/open311/v2/discovery") + ext, discovery);
        router.Add(Method::kGet, std::string("/open311/v2/services") + ext, services);
        // The list is also a look-up (service_request_id=…); filing is a public write.
        router.Add(Method::kGet, std::string("/open311/v2/requests") + ext, list,
                   {.rate = RateClass::kPublicLookup});
        router.Add(Method::kPost, std::string("/open311/v2/requests") + ext, create,
                   {.upload = true, .rate = RateClass::kPublicWrite});
    }
    router.Add(Method::kGet, "/open311/v2/services/{service_code}",
               Wrap([d](const HttpRequest& req, const Params& p, const std::string& code) {
                   return Definition(d, req, p, code);
               }));
    router.Add(Method::kGet, "/open311/v2/requests/{service_request_id}",
               Wrap([d](const HttpRequest& req, const Params& p, const std::string& id) {
                   return RequestList(d, req, p, id);
               }),
               {.rate = RateClass::kPublicLookup});
    router.Add(Method::kGet, "/open311/v2/tokens/{token}",
               Wrap([d](const HttpRequest& req, const Params& p, const std::string& token) {
                   return Token(d, req, p, token);
               }),
               {.rate = RateClass::kPublicLookup});
    // Any other document: the specification's 404 rather than the site's.
    auto unknown =
        Wrap([](const HttpRequest&, const Params&, const std::string& name) -> Result<Reply> {
            return NotFound("Le document « " + name + " » n'existe pas dans GeoReport v2.");
        });
    router.Add(Method::kGet, "/open311/v2/{document}", unknown);
    router.Add(Method::kPost, "/open311/v2/{document}", unknown);
}

}  // namespace guichet::requests::http
