#include "core/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace guichet::json {
namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() &&
           (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

Error FieldError(std::string_view key, std::string_view what) {
    std::string message = "Le champ « " + std::string(key) + " » " + std::string(what);
    return Error{ErrorCode::kInvalidArgument, message, message, "invalid-field", 0};
}

}  // namespace

Result<boost::json::object> ParseObject(std::string_view body) {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(body, ec);
    if (ec) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le corps de la requête n'est pas un document JSON valide.",
                    "JSON parse error: " + ec.message(), "invalid-json");
    }
    if (!value.is_object()) {
        return Fail(ErrorCode::kInvalidArgument, "Le corps de la requête doit être un objet JSON.",
                    "JSON body is not an object", "invalid-json");
    }
    return std::move(value.as_object());
}

Result<std::string> RequiredString(const boost::json::object& object, std::string_view key) {
    const boost::json::value* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) return Fail(FieldError(key, "est obligatoire."));
    if (!value->is_string()) return Fail(FieldError(key, "doit être une chaîne de caractères."));
    std::string_view text = Trim(value->as_string());
    if (text.empty()) return Fail(FieldError(key, "ne doit pas être vide."));
    return std::string(text);
}

Result<std::optional<std::string>> OptionalString(const boost::json::object& object,
                                                  std::string_view key) {
    const boost::json::value* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) return std::optional<std::string>();
    if (!value->is_string()) return Fail(FieldError(key, "doit être une chaîne de caractères."));
    return std::optional<std::string>(std::string(Trim(value->as_string())));
}

Result<std::optional<int64_t>> OptionalInteger(const boost::json::object& object,
                                               std::string_view key, int64_t min, int64_t max) {
    const boost::json::value* value = object.if_contains(key);
    if (value == nullptr || value->is_null()) return std::optional<int64_t>();
    auto range = [&] {
        return FieldError(key, "doit être un nombre entier compris entre " + std::to_string(min) +
                                   " et " + std::to_string(max) + ".");
    };
    int64_t n = 0;
    if (value->is_int64()) {
        n = value->as_int64();
    } else if (value->is_uint64()) {
        // Above INT64_MAX: out of every range we accept.
        return Fail(range());
    } else if (value->is_double()) {
        // 3.0 is an integer written with a point; 3.5 and 1e300 are not.
        double d = value->as_double();
        if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max)) ||
            d != static_cast<double>(static_cast<int64_t>(d)))
            return Fail(range());
        n = static_cast<int64_t>(d);
    } else {
        return Fail(FieldError(key, "doit être un nombre entier."));
    }
    if (n < min || n > max) return Fail(range());
    return std::optional<int64_t>(n);
}

Result<int64_t> RequiredInteger(const boost::json::object& object, std::string_view key,
                                int64_t min, int64_t max) {
    GUICHET_TRY(n, OptionalInteger(object, key, min, max));
    if (!n) return Fail(FieldError(key, "est obligatoire."));
    return *n;
}

std::string Serialize(const boost::json::value& value) { return boost::json::serialize(value); }

}  // namespace guichet::json
