#include <charconv>
#include <cmath>

#include "core/text.hpp"
#include "requests/form_values.hpp"
#include "requests/http/open311_internal.hpp"
#include "requests/tracking_code.hpp"

namespace guichet::requests::http::open311 {

// ---- Tenant, key, catalogue --------------------------------------------------------------------

Result<tenancy::Tenant> TenantOf(tenancy::TenancyService& tenancy, const HttpRequest& req,
                                 const Params& params) {
    const std::string jurisdiction = First(params, "jurisdiction_id");
    if (!jurisdiction.empty()) {
        auto tenant = tenancy.FindBySlug(jurisdiction);
        if (!tenant && (tenant.error().code == ErrorCode::kNotFound ||
                        tenant.error().code == ErrorCode::kInvalidArgument))
            return NotFound("La juridiction « " + jurisdiction + " » est inconnue.");
        return tenant;
    }
    return tenancy.ResolvePublic(req.Header("host"), First(params, "tenant"));
}

// The API key of the call (api_key, or an Authorization: Bearer header), which must belong to
// `tenant`. nullopt when none is given; a key that is given and not valid is a 403.
Result<std::optional<identity::ApiKey>> KeyOf(identity::IdentityService& identity,
                                              const HttpRequest& req, const Params& params,
                                              const tenancy::Tenant& tenant) {
    std::string secret = First(params, "api_key");
    if (secret.empty()) {
        const std::string header = req.Header("authorization");
        if (header.starts_with("Bearer "))
            secret = std::string(TrimSpace(std::string_view(header).substr(7)));
    }
    if (secret.empty()) return std::optional<identity::ApiKey>();
    auto key = identity.AuthenticateApiKey(secret);
    if (!key) {
        const ErrorCode code = key.error().code;
        if (code == ErrorCode::kUnavailable || code == ErrorCode::kInternal)
            return Fail(key.error());
        return BadKey("La clé d'API (api_key) n'est pas valide.");
    }
    if (key->tenant_id != tenant.id) return BadKey("La clé d'API (api_key) n'est pas valide.");
    return std::optional<identity::ApiKey>(std::move(*key));
}

std::string ServiceCode(const Category& c) { return c.external_id.value_or(c.id); }

// A public category by its service code (external id or id), else 404.
Result<Category> PublicCategory(const RequestServices& requests, std::string_view tenant_id,
                                const std::string& code) {
    auto category = requests.catalogue.GetCategory(tenant_id, code);
    if (!category && category.error().code != ErrorCode::kNotFound &&
        category.error().code != ErrorCode::kInvalidArgument)
        return Fail(category.error());
    if (!category || !category->is_public)
        return NotFound("Le service « " + code + " » est inconnu.");
    return category;
}

Result<std::map<std::string, std::string>> ServiceNames(tenancy::TenancyService& tenancy,
                                                        std::string_view tenant_id) {
    GUICHET_TRY(services, tenancy.ListServices(tenant_id));
    std::map<std::string, std::string> names;
    for (const auto& s : services) names.emplace(s.id, s.name);
    return names;
}

std::string NameOf(const std::map<std::string, std::string>& names,
                   const std::optional<std::string>& id) {
    if (!id) return {};
    auto it = names.find(*id);
    return it == names.end() ? std::string() : it->second;
}

// The Open311 datatype of a field; nullopt for files, which Open311 cannot send.
std::optional<std::string_view> Datatype(const FieldDef& f) {
    if (f.type == "file") return std::nullopt;
    if (f.type == "long_text") return "text";
    if (f.type == "number") return "number";
    if (f.type == "date") return "datetime";
    if (f.type == "choice" || f.type == "checkbox") return "singlevaluelist";
    if (f.type == "multiple_choice") return "multivaluelist";
    return "string";
}

boost::json::object ServiceJson(const Category& c,
                                const std::map<std::string, std::string>& names) {
    const bool metadata = std::any_of(c.fields.begin(), c.fields.end(),
                                      [](const FieldDef& f) { return Datatype(f).has_value(); });
    std::string keywords;
    for (const auto& k : c.keywords) keywords += (keywords.empty() ? "" : ",") + k;
    return {{"service_code", ServiceCode(c)},
            {"service_name", c.name},
            {"description", c.description},
            {"metadata", metadata},
            {"type", "realtime"},
            {"keywords", keywords},
            {"group", NameOf(names, c.service_id)}};
}

boost::json::object DefinitionJson(const Category& c) {
    boost::json::array attributes;
    int order = 0;
    for (const FieldDef& f : c.fields) {
        const auto datatype = Datatype(f);
        if (!datatype) continue;
        boost::json::array values;
        if (f.type == "checkbox") {
            values.push_back(boost::json::object{{"key", "true"}, {"name", "Oui"}});
            values.push_back(boost::json::object{{"key", "false"}, {"name", "Non"}});
        } else {
            for (const auto& option : f.options)
                values.push_back(boost::json::object{{"key", option}, {"name", option}});
        }
        attributes.push_back(boost::json::object{{"variable", true},
                                                 {"code", f.key},
                                                 {"datatype", *datatype},
                                                 {"required", f.required},
                                                 {"datatype_description", f.help},
                                                 {"order", ++order},
                                                 {"description", f.label},
                                                 {"values", std::move(values)}});
    }
    return {{"service_code", ServiceCode(c)}, {"attributes", std::move(attributes)}};
}

// ---- Requests ----------------------------------------------------------------------------------

// The French postcode in an address: five digits standing alone.
std::string Zipcode(std::string_view address) {
    for (std::size_t i = 0; i + 5 <= address.size(); ++i) {
        auto digit = [&](std::size_t k) {
            return k < address.size() && std::isdigit(static_cast<unsigned char>(address[k]));
        };
        if ((i == 0 || !digit(i - 1)) && digit(i) && digit(i + 1) && digit(i + 2) && digit(i + 3) &&
            digit(i + 4) && !digit(i + 5))
            return std::string(address.substr(i, 5));
    }
    return {};
}

std::string FieldText(const boost::json::object& fields, std::string_view key) {
    auto it = fields.find(key);
    return it != fields.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                         : std::string();
}

bool IsClosed(const Request& q, const Category& c) {
    const StatusDef* s = c.workflow.Find(q.status);
    return (s != nullptr && s->terminal) || q.merged_into.has_value();
}

// What GeoReport shows of a request, under `id` (its public id, or the tracking code its caller
// gave). `show_text`: the description and the photo.
boost::json::object RequestJson(const Request& q, std::string_view id, const Category& c,
                                const std::map<std::string, std::string>& names, bool show_text) {
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(q.fields_json, ec);
    const boost::json::object fields =
        !ec && parsed.is_object() ? parsed.as_object() : boost::json::object();
    const StatusDef* s = c.workflow.Find(q.status);
    std::string address = q.location ? q.location->address : std::string();
    if (address.empty()) address = FieldText(fields, "open311_address");
    return {{"service_request_id", id},
            {"status", IsClosed(q, c) ? "closed" : "open"},
            {"status_notes", s != nullptr ? s->public_label : std::string()},
            {"service_name", c.name},
            {"service_code", ServiceCode(c)},
            {"description", show_text ? q.description : std::string()},
            {"agency_responsible", NameOf(names, q.service_id)},
            {"service_notice", ""},
            {"requested_datetime", W3c(q.received_at)},
            {"updated_datetime", W3c(q.updated_at)},
            {"expected_datetime", q.due.resolution ? boost::json::value(W3c(*q.due.resolution))
                                                   : boost::json::value(nullptr)},
            {"address", address},
            {"address_id", FieldText(fields, "open311_address_id")},
            {"zipcode", Zipcode(address)},
            {"lat", q.location ? boost::json::value(q.location->lat) : nullptr},
            {"long", q.location ? boost::json::value(q.location->lon) : nullptr},
            {"media_url", show_text ? FieldText(fields, "open311_media_url") : std::string()}};
}

Result<double> Coordinate(const std::string& text, std::string_view name, double limit) {
    double value = 0;
    const std::string t = std::string(TrimSpace(text));
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value) ||
        std::abs(value) > limit)
        return BadParameter("« " + std::string(name) + " » est un nombre décimal de -" +
                            Decimal(limit) + " à " + Decimal(limit) + " (WGS84).");
    return value;
}

// attribute[code]=value and attribute[code][]=value, as field values the category accepts.
Result<boost::json::object> Attributes(const Params& params, const Category& category) {
    std::map<std::string, std::vector<std::string>> given;
    for (const auto& [name, value] : params) {
        if (!name.starts_with("attribute[")) continue;
        const auto close = name.find(']', 10);
        const std::string_view rest = close == std::string::npos
                                          ? std::string_view()
                                          : std::string_view(name).substr(close + 1);
        if (close == std::string::npos || close == 10 || (!rest.empty() && rest != "[]"))
            return BadParameter("Le paramètre « " + name +
                                " » s'écrit attribute[code] ou attribute[code][].");
        given[name.substr(10, close - 10)].push_back(value);
    }
    boost::json::object fields;
    for (const auto& [code, values] : given) {
        auto f = std::find_if(category.fields.begin(), category.fields.end(),
                              [&](const FieldDef& d) { return d.key == code && Datatype(d); });
        if (f == category.fields.end())
            return BadParameter("L'attribut « " + code + " » n'existe pas pour ce service.");
        if (f->type == "multiple_choice") {
            boost::json::array chosen;
            for (const auto& v : values) {
                if (IsBlank(v)) continue;
                if (std::find(f->options.begin(), f->options.end(), v) == f->options.end())
                    return BadParameter("Choisissez une des valeurs proposées pour « " + code +
                                        " ».");
                chosen.emplace_back(v);
            }
            if (!chosen.empty()) fields[code] = std::move(chosen);
            continue;
        }
        if (values.size() > 1)
            return BadParameter("L'attribut « " + code + " » n'accepte qu'une valeur.");
        const std::string v = std::string(TrimSpace(values.front()));
        if (v.empty()) continue;
        if (f->type == "number") {
            double number = 0;
            auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
            if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(number))
                return BadParameter("L'attribut « " + code + " » est un nombre.");
            if (number == std::trunc(number) && std::abs(number) < 9e15)
                fields[code] = static_cast<std::int64_t>(number);
            else
                fields[code] = number;
        } else if (f->type == "checkbox") {
            if (v == "true" || v == "1" || v == "oui")
                fields[code] = true;
            else if (v == "false" || v == "0" || v == "non")
                fields[code] = false;
            else
                return BadParameter("L'attribut « " + code + " » vaut true ou false.");
        } else if (f->type == "choice") {
            if (std::find(f->options.begin(), f->options.end(), v) == f->options.end())
                return BadParameter("Choisissez une des valeurs proposées pour « " + code + " ».");
            fields[code] = v;
        } else {
            fields[code] = v;
        }
    }
    return fields;
}

}  // namespace guichet::requests::http::open311
