#include <cctype>
#include <charconv>
#include <map>
#include <sstream>

#include <date/date.h>

#include "core/log.hpp"
#include "core/text.hpp"
#include "http/error_mapping.hpp"
#include "http/multipart.hpp"
#include "requests/http/open311_internal.hpp"
#include "requests/http/xml_writer.hpp"

namespace guichet::requests::http::open311 {

using guichet::http::Method;

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

std::vector<std::string> SplitList(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        if (std::string item(TrimSpace(text.substr(start, comma - start))); !item.empty())
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

std::string Decimal(double d) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    return ec == std::errc() ? std::string(buffer, end) : std::string("0");
}

namespace {

// The element of each item of a list, named after the list as the specification does.
std::string_view ItemName(std::string_view list) {
    static const std::map<std::string_view, std::string_view> kItems = {
        {"services", "service"},   {"attributes", "attribute"}, {"values", "value"},
        {"endpoints", "endpoint"}, {"formats", "format"},       {"service_requests", "request"},
        {"errors", "error"}};
    auto it = kItems.find(list);
    return it == kItems.end() ? "item" : it->second;
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

}  // namespace

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

namespace {

// One name or value of a urlencoded form ('+' is a space), checked to be UTF-8.
Result<std::string> FormDecode(std::string_view text) {
    auto out = PercentDecode(text, true);
    if (!out) return BadParameter("Le formulaire contient un échappement « % » invalide.");
    if (!IsUtf8(*out)) return BadParameter("Le formulaire doit être encodé en UTF-8.");
    return std::move(*out);
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

}  // namespace

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

}  // namespace guichet::requests::http::open311
