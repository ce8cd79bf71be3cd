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
#include "requests/http/xml_writer.hpp"
#include "requests/tracking_code.hpp"

namespace guichet::requests::http {

using guichet::http::Method;
using guichet::http::RateClass;
using guichet::http::Response;
using HttpRequest = guichet::http::Request;

namespace {

constexpr std::string_view kSpecification = "http://wiki.open311.org/GeoReport_v2";
constexpr std::size_t kMaxRequests = 1000;  // The specification's cap on one answer.
constexpr std::size_t kMaxIds = 100;        // Requests one service_request_id may name.

// The channels whose requests are on the public tracker (see the header).
const std::vector<Channel> kListedChannels = {Channel::kOpen311, Channel::kWeb};

bool IsListed(const Request& q) {
    return std::find(kListedChannels.begin(), kListedChannels.end(), q.channel) !=
           kListedChannels.end();
}

using Params = std::multimap<std::string, std::string, std::less<>>;

enum class Format { kJson, kXml };

// A reply before it is written: one value, rendered as JSON, or as XML under `root`.
struct Reply {
    std::string root;
    boost::json::value body;
};

tl::unexpected<Error> NotFound(std::string message) {
    return Fail(ErrorCode::kNotFound, message, message, "not-found");
}

tl::unexpected<Error> BadKey(std::string message) {
    return Fail(ErrorCode::kPermissionDenied, message, message, "forbidden");
}

std::string First(const Params& params, std::string_view name) {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

std::string Trim(std::string_view s) {
    const auto begin = s.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return {};
    const auto end = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(begin, end - begin + 1));
}

std::vector<std::string> SplitList(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        if (std::string item = Trim(text.substr(start, comma - start)); !item.empty())
            out.push_back(std::move(item));
        start = comma + 1;
    }
    return out;
}

// "services.json" gives {"services", kJson}; any extension but json and xml gives nullopt.
std::optional<std::pair<std::string, Format>> SplitDocument(std::string_view file) {
    const auto dot = file.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    const std::string_view ext = file.substr(dot + 1);
    if (ext == "json") return std::pair{std::string(file.substr(0, dot)), Format::kJson};
    if (ext == "xml") return std::pair{std::string(file.substr(0, dot)), Format::kXml};
    return std::nullopt;
}

std::string_view LastSegment(std::string_view path) {
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// ---- Rendering ---------------------------------------------------------------------------------

// The element of each item of a list, named after the list as the specification does.
std::string_view ItemName(std::string_view list) {
    static const std::map<std::string_view, std::string_view> kItems = {
        {"services", "service"},   {"attributes", "attribute"}, {"values", "value"},
        {"endpoints", "endpoint"}, {"formats", "format"},       {"service_requests", "request"},
        {"errors", "error"}};
    auto it = kItems.find(list);
    return it == kItems.end() ? "item" : it->second;
}

std::string Decimal(double d) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    return ec == std::errc() ? std::string(buffer, end) : std::string("0");
}

void WriteXml(XmlWriter& w, std::string_view name, const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::array:
            w.Open(name);
            for (const auto& item : v.as_array()) WriteXml(w, ItemName(name), item);
            w.Close();
            break;
        case boost::json::kind::object:
            w.Open(name);
            for (const auto& member : v.as_object()) WriteXml(w, member.key(), member.value());
            w.Close();
            break;
        case boost::json::kind::string:
            w.Element(name, v.as_string());
            break;
        case boost::json::kind::bool_:
            w.Element(name, v.as_bool() ? "true" : "false");
            break;
        case boost::json::kind::int64:
            w.Element(name, std::to_string(v.as_int64()));
            break;
        case boost::json::kind::uint64:
            w.Element(name, std::to_string(v.as_uint64()));
            break;
        case boost::json::kind::double_:
            w.Element(name, Decimal(v.as_double()));
            break;
        case boost::json::kind::null:
            w.Element(name, "");
            break;
    }
}

Response Render(Format format, int status, const Reply& reply) {
    if (format == Format::kJson) {
        Response r = Response::Json(status, reply.body);
        r.Set("Content-Type", "application/json; charset=utf-8");
        return r;
    }
    XmlWriter w;
    WriteXml(w, reply.root, reply.body);
    return Response::Text(status, std::move(w).Finish(), "text/xml; charset=utf-8");
}

// The specification's error list, with the same code as the HTTP status.
Response ErrorResponse(Format format, const Error& error) {
    int status = guichet::http::StatusFor(error.code);
    if (error.code == ErrorCode::kUnauthenticated) status = 403;  // GeoReport says 403 for keys.
    std::string description = error.message;
    if (status >= 500) {
        log::Error("open311 failure",
                   {{"detail", error.detail.empty() ? error.message : error.detail}});
        description = "Une erreur interne est survenue ; réessayez dans quelques instants.";
    }
    boost::json::array errors;
    errors.push_back(boost::json::object{{"code", status}, {"description", description}});
    return Render(format, status, Reply{"errors", std::move(errors)});
}

// W3C date-time in UTC, to the second: "2026-11-28T14:05:09Z".
std::string W3c(TimePoint t) {
    return date::format("%FT%TZ", std::chrono::time_point_cast<std::chrono::seconds>(t));
}

// "2026-11-28T14:05:09+01:00", "…Z", with fractions of seconds or not, or a bare day (midnight
// UTC).
Result<TimePoint> ParseW3c(const std::string& text, std::string_view name) {
    std::string value = text;
    if (!value.empty() && (value.back() == 'Z' || value.back() == 'z')) {
        value.pop_back();
        value += "+00:00";
    }
    for (const char* pattern : {"%FT%T%Ez", "%F"}) {
        std::istringstream in(value);
        date::sys_time<std::chrono::milliseconds> t;
        in >> date::parse(pattern, t);
        if (in.fail() || in.peek() != std::char_traits<char>::eof()) continue;
        // TimePoint counts nanoseconds and ends in 2262: later dates become its end, dates before
        // 1970 the epoch (no request is older).
        const auto latest = std::chrono::duration_cast<std::chrono::milliseconds>(
            TimePoint::max().time_since_epoch());
        if (t.time_since_epoch() >= latest) return TimePoint::max();
        if (t.time_since_epoch().count() < 0) return TimePoint();
        return TimePoint(t);
    }
    return BadParameter("« " + std::string(name) +
                        " » est une date W3C, par exemple 2026-11-28T14:05:09+01:00.");
}

// ---- Forms -------------------------------------------------------------------------------------

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Result<std::string> FormDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%') {
            const int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
            const int lo = hi >= 0 ? HexValue(text[i + 2]) : -1;
            if (lo < 0)
                return BadParameter("Le formulaire contient un échappement « % » invalide.");
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += text[i];
        }
    }
    if (!IsUtf8(out)) return BadParameter("Le formulaire doit être encodé en UTF-8.");
    return out;
}

// The parameters of a urlencoded form body.
Result<void> ReadUrlEncoded(std::string_view body, Params& params) {
    std::size_t start = 0;
    while (start < body.size()) {
        std::size_t amp = body.find('&', start);
        if (amp == std::string_view::npos) amp = body.size();
        const std::string_view pair = body.substr(start, amp - start);
        start = amp + 1;
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        GUICHET_TRY(name, FormDecode(pair.substr(0, eq)));
        GUICHET_TRY(value, FormDecode(eq == std::string_view::npos ? std::string_view()
                                                                   : pair.substr(eq + 1)));
        params.emplace(std::move(name), std::move(value));
    }
    return {};
}

// The parameters of a call: the form of a POST first (urlencoded, or multipart with a photo
// whose text parts are parameters; the file is read by MediaOf), then the query string. The
// form's text is at most kMaxFormBytes (the route takes a photo, so its body may be larger).
Result<Params> ParamsOf(const HttpRequest& req) {
    constexpr std::size_t kMaxFormBytes = 1 << 20;
    const auto too_large = [](std::size_t bytes) {
        return Fail(ErrorCode::kPayloadTooLarge,
                    "Le formulaire dépasse 1 Mo, sans compter la photo : raccourcissez les textes.",
                    "Open311 form text of " + std::to_string(bytes) + " bytes");
    };
    Params params;
    if (req.method == Method::kPost) {
        const std::string type = req.Header("content-type");
        std::string lower = type;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (guichet::http::IsMultipartForm(type)) {
            GUICHET_TRY(parts, guichet::http::ParseMultipart(type, req.Body()));
            std::size_t text_bytes = 0;
            for (const auto& part : parts) {
                if (part.filename) continue;
                if (!IsUtf8(part.data))
                    return BadParameter("Le formulaire doit être encodé en UTF-8.");
                text_bytes += part.name.size() + part.data.size();
                if (text_bytes > kMaxFormBytes) return too_large(text_bytes);
                params.emplace(part.name, std::string(part.data));
            }
        } else if (lower.empty() || lower.starts_with("application/x-www-form-urlencoded")) {
            if (req.Body().size() > kMaxFormBytes) return too_large(req.Body().size());
            GUICHET_CHECK(ReadUrlEncoded(req.Body(), params));
        } else {
            return BadParameter(
                "Le corps de la requête est un formulaire application/x-www-form-urlencoded ou "
                "multipart/form-data.");
        }
    }
    for (const auto& [name, value] : req.query) params.emplace(name, value);
    return params;
}

// The photo sent with a new request (the "media" part of a multipart form), if any. The bytes
// stay in the request's body.
Result<std::vector<NewAttachment>> MediaOf(const HttpRequest& req) {
    std::vector<NewAttachment> media;
    const std::string type = req.Header("content-type");
    if (!guichet::http::IsMultipartForm(type)) return media;
    GUICHET_TRY(parts, guichet::http::ParseMultipart(type, req.Body()));
    for (const auto& part : parts) {
        if (!part.filename) continue;
        if (part.name != "media")
            return BadParameter("Le fichier se donne dans la partie « media » du formulaire.");
        if (part.filename->empty() && part.data.empty()) continue;
        media.push_back({"", part.filename->empty() ? "photo" : *part.filename, part.data});
    }
    if (media.size() > 1) return BadParameter("Une seule photo (media) par demande.");
    return media;
}

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
        if (header.starts_with("Bearer ")) secret = Trim(std::string_view(header).substr(7));
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
Result<Category> PublicCategory(RequestService& requests, std::string_view tenant_id,
                                const std::string& code) {
    auto category = requests.GetCategory(tenant_id, code);
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
    const std::string t = Trim(text);
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
                if (Trim(v).empty()) continue;
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
        const std::string v = Trim(values.front());
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

// ---- Handlers ----------------------------------------------------------------------------------

struct Deps {
    RequestService& requests;
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
    GUICHET_TRY(categories, d.requests.ListCategories(tenant.id, true));
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
    GUICHET_TRY(categories, d.requests.ListCategories(tenant.id, true));
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
    const std::string code = Trim(First(params, "service_code"));
    if (code.empty()) return BadParameter("Indiquez le service (paramètre service_code).");
    GUICHET_TRY(category, PublicCategory(d.requests, tenant.id, code));

    NewRequest in;
    in.category = category.id;
    in.channel = Channel::kOpen311;
    in.subject = category.name;
    in.description = Trim(First(params, "description"));
    GUICHET_CHECK(CheckLength(in.description, kMaxLongTextChars, "« description »"));

    const std::string lat = First(params, "lat"), lon = First(params, "long");
    const std::string address = Trim(First(params, "address_string"));
    const std::string address_id = Trim(First(params, "address_id"));
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
    const std::string media = Trim(First(params, "media_url"));
    if (!media.empty()) {
        if (!media.starts_with("https://") && !media.starts_with("http://"))
            return BadParameter("« media_url » est une adresse http:// ou https://.");
        fields["open311_media_url"] = media;
    }
    const std::string account = Trim(First(params, "account_id"));
    if (!account.empty()) fields["open311_account_id"] = account;
    if (auto device = Trim(First(params, "device_id")); !device.empty())
        fields["open311_device_id"] = device;
    in.fields_json = boost::json::serialize(fields);
    GUICHET_TRY(photo, MediaOf(req));
    in.attachments = std::move(photo);

    in.citizen.name = Trim(First(params, "first_name") + " " + First(params, "last_name"));
    GUICHET_CHECK(CheckLength(in.citizen.name, kMaxCitizenNameChars, "« first_name last_name »"));
    if (auto email = Trim(First(params, "email")); !email.empty()) in.citizen.email = email;
    GUICHET_CHECK(CheckLength(in.citizen.email.value_or(""), kMaxEmailChars, "« email »"));
    if (auto phone = Trim(First(params, "phone")); !phone.empty()) in.citizen.phone = phone;
    GUICHET_CHECK(CheckLength(in.citizen.phone.value_or(""), kMaxPhoneChars, "« phone »"));
    if (in.citizen.name.empty() && !in.citizen.email && !in.citizen.phone)
        in.citizen.name = "Usager anonyme (Open311)";

    GUICHET_TRY(created, d.requests.Create(tenant.id, in,
                                           Actor{"api_key", key->id, "Open311 " + key->name}));
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
        auto q = d.requests.Get(tenant_id, id);
        if (!q) {
            const ErrorCode code = q.error().code;
            if (code == ErrorCode::kNotFound || code == ErrorCode::kInvalidArgument) continue;
            return Fail(q.error());
        }
        if (!IsListed(*q)) continue;
        auto category = d.requests.GetCategory(tenant_id, q->category_id);
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
            GUICHET_TRY(all, d.requests.ListCategories(tenant.id, true));
            for (auto& c : all)
                if (c.is_public) public_categories.emplace(c.id, std::move(c));
        } else {
            for (auto& c : categories) public_categories.emplace(c.id, std::move(c));
        }
        ReceiptWindow window{start, end, {}, kListedChannels, want_open, want_closed, kMaxRequests};
        for (const auto& [id, c] : public_categories) window.category_ids.push_back(id);
        GUICHET_TRY(received, d.requests.ListReceived(tenant.id, window));
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

void RegisterOpen311Routes(guichet::http::Router& router, RequestService& requests,
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
