#include "requests/form_values.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "core/french_format.hpp"
#include "core/invalid_field.hpp"
#include "core/text.hpp"

namespace guichet::requests {
namespace {

// GeoReport's values that have no field of their own (requests/http/open311_routes.cpp).
constexpr std::array<std::string_view, 5> kOpen311Values = {
    "open311_address", "open311_address_id", "open311_media_url", "open311_account_id",
    "open311_device_id"};

// "-12", "3.5", "3,5": what the portal's number input gives.
bool IsDecimal(std::string_view s) {
    s = TrimBlanks(s);
    if (!s.empty() && s.front() == '-') s.remove_prefix(1);
    const auto digits = [](std::string_view part) {
        return !part.empty() &&
               std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const auto point = s.find_first_of(".,");
    if (point == std::string_view::npos) return digits(s);
    return digits(s.substr(0, point)) && digits(s.substr(point + 1));
}

bool IsOption(const FieldDef& f, std::string_view v) {
    return std::find(f.options.begin(), f.options.end(), v) != f.options.end();
}

bool IsMissing(const boost::json::value* v) {
    return v == nullptr || v->is_null() || (v->is_string() && IsBlank(v->as_string())) ||
           (v->is_array() && v->as_array().empty());
}

// The value of `f` (not a file field, not missing) as it is stored, or why it does not fit.
Result<boost::json::value> FieldValue(const FieldDef& f, const boost::json::value& v) {
    const std::string label = "« " + f.label + " »";
    if (f.type == "number") {
        if (v.is_int64() || v.is_uint64() || (v.is_double() && std::isfinite(v.as_double())))
            return v;
        if (v.is_string() && v.as_string().size() <= 40 && IsDecimal(v.as_string())) return v;
        return Invalid("Le champ " + label + " attend un nombre.");
    }
    if (f.type == "checkbox") {
        if (v.is_bool()) return v;
        return Invalid("Le champ " + label + " se coche ou se décoche (true ou false).");
    }
    if (f.type == "multiple_choice") {
        if (!v.is_array()) return Invalid("Choisissez des réponses proposées pour " + label + ".");
        const auto& chosen = v.as_array();
        for (std::size_t i = 0; i < chosen.size(); ++i) {
            if (!chosen[i].is_string() || !IsOption(f, chosen[i].as_string()))
                return Invalid("Choisissez des réponses proposées pour " + label + ".");
            for (std::size_t k = 0; k < i; ++k)
                if (chosen[k] == chosen[i])
                    return Invalid("Une réponse est choisie deux fois pour " + label + ".");
        }
        return v;
    }
    if (!v.is_string()) return Invalid("Le champ " + label + " attend un texte.");
    const std::string_view text = v.as_string();
    if (f.type == "choice") {
        if (!IsOption(f, text))
            return Invalid("Choisissez une des réponses proposées pour " + label + ".");
        return v;
    }
    if (f.type == "email" && text.find('@') == std::string_view::npos)
        return Invalid("Le champ " + label + " attend une adresse électronique.");
    const std::size_t max = f.type == "long_text" ? kMaxLongTextChars
                            : f.type == "email"   ? kMaxEmailChars
                            : f.type == "phone"   ? kMaxPhoneChars
                                                  : kMaxFieldChars;
    GUICHET_CHECK(CheckLength(text, max, "Le champ " + label, "fields." + f.key));
    return v;
}

}  // namespace

Result<void> CheckLength(std::string_view text, std::size_t max, std::string_view label,
                         std::string_view field) {
    if (text.size() <= max || Utf8Length(text) <= max) return {};
    return InvalidField(std::string(field), std::string(label) + " dépasse " +
                                                FrenchThousands(static_cast<std::int64_t>(max)) +
                                                " caractères.");
}

Result<boost::json::object> ValidateFormValues(const Category& category,
                                               const boost::json::value& values,
                                               const std::vector<NewAttachment>& attachments,
                                               Channel channel) {
    if (!values.is_object()) return Invalid("Les valeurs des champs doivent former un objet JSON.");
    const boost::json::object& given = values.as_object();
    for (const NewAttachment& a : attachments) {
        if (a.field.empty()) continue;
        if (std::none_of(category.fields.begin(), category.fields.end(),
                         [&](const FieldDef& d) { return d.key == a.field && d.type == "file"; }))
            return InvalidField("fields." + a.field,
                                "Ce formulaire n'a pas de champ de fichier « " + a.field + " ».");
    }
    boost::json::object kept;
    for (const FieldDef& f : category.fields) {
        if (f.type == "file") {
            boost::json::array names;
            for (const NewAttachment& a : attachments)
                if (a.field == f.key) names.emplace_back(a.filename);
            if (f.required && names.empty() && channel == Channel::kWeb)
                return InvalidField("fields." + f.key,
                                    "Joignez le fichier demandé pour « " + f.label + " ».");
            if (!names.empty()) kept[f.key] = std::move(names);
            continue;
        }
        const boost::json::value* v = given.if_contains(f.key);
        if (IsMissing(v)) {
            if (f.required)
                return InvalidField("fields." + f.key,
                                    "Le champ « " + f.label + " » est obligatoire.");
            continue;
        }
        auto value = FieldValue(f, *v);
        if (!value) return Fail(NamingField(std::move(value.error()), "fields." + f.key));
        kept[f.key] = std::move(*value);
    }
    if (channel == Channel::kOpen311) {
        for (std::string_view key : kOpen311Values) {
            const boost::json::value* v = given.if_contains(key);
            if (v == nullptr || kept.contains(key)) continue;
            if (!v->is_string()) return Invalid("« " + std::string(key) + " » est un texte.");
            GUICHET_CHECK(
                CheckLength(v->as_string(), kMaxFieldChars, "« " + std::string(key) + " »"));
            kept[key] = *v;
        }
    }
    return kept;
}

std::vector<std::string> UrgentReasons(const Category& category,
                                       const boost::json::object& values) {
    std::vector<std::string> out;
    for (const FieldDef& f : category.fields) {
        if (!f.urgent) continue;
        const auto it = values.find(f.key);
        if (it != values.end() && it->value().is_bool() && it->value().as_bool())
            out.push_back(f.label);
    }
    return out;
}

}  // namespace guichet::requests
