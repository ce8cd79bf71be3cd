#include "addresses/ban_csv.hpp"

#include <charconv>
#include <cmath>

#include "core/text.hpp"

namespace guichet::addresses {
namespace {

tl::unexpected<Error> Bad(std::string message) {
    return Fail(ErrorCode::kInvalidArgument, std::move(message), "bad BAN line", "invalid-line");
}

std::optional<double> ReadDouble(std::string_view text) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(value))
        return std::nullopt;
    return value;
}

}  // namespace

Result<std::vector<std::string>> SplitBanFields(std::string_view line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    bool field_start = true;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == '"' && field_start) {
            quoted = true;
            field_start = false;
        } else if (c == ';') {
            fields.push_back(std::move(field));
            field.clear();
            field_start = true;
        } else if (c != '\r' && c != '\n') {
            field += c;
            field_start = false;
        }
    }
    if (quoted) return Bad("un guillemet ouvert n'est pas refermé");
    fields.push_back(std::move(field));
    return fields;
}

Result<BanHeader> BanHeader::Parse(std::string_view line) {
    // A byte order mark may start the file.
    if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    GUICHET_TRY(names, SplitBanFields(line));
    BanHeader h;
    h.columns_ = names.size();
    auto find = [&](std::string_view name) {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (TrimSpace(names[i]) == name) return static_cast<int>(i);
        return -1;
    };
    h.id_ = find("id");
    h.fantoir_ = find("id_fantoir");
    h.numero_ = find("numero");
    h.rep_ = find("rep");
    h.voie_ = find("nom_voie");
    h.postcode_ = find("code_postal");
    h.insee_ = find("code_insee");
    h.commune_ = find("nom_commune");
    h.lon_ = find("lon");
    h.lat_ = find("lat");
    std::string missing;
    const std::pair<int, const char*> required[] = {
        {h.numero_, "numero"},       {h.voie_, "nom_voie"}, {h.insee_, "code_insee"},
        {h.commune_, "nom_commune"}, {h.lon_, "lon"},       {h.lat_, "lat"}};
    for (const auto& [index, name] : required) {
        if (index >= 0) continue;
        if (!missing.empty()) missing += ", ";
        missing += name;
    }
    if (!missing.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Ce fichier n'est pas un fichier d'adresses de la Base Adresse Nationale "
                    "(séparé par des points-virgules) : la première ligne ne nomme pas les "
                    "colonnes " +
                        missing + ".",
                    "BAN header lacks columns", "invalid-file");
    }
    return h;
}

Result<BanRow> BanHeader::ParseLine(std::string_view line) const {
    GUICHET_TRY(fields, SplitBanFields(line));
    if (fields.size() != columns_) {
        return Bad(std::to_string(fields.size()) + " champs au lieu de " +
                   std::to_string(columns_) + " (séparés par des points-virgules)");
    }
    auto get = [&](int index) -> std::string {
        return index < 0 ? std::string()
                         : std::string(TrimSpace(fields[static_cast<std::size_t>(index)]));
    };
    BanRow row;
    row.id = get(id_);
    row.street_id = get(fantoir_);
    row.rep = get(rep_);
    row.street = get(voie_);
    row.postcode = get(postcode_);
    row.insee = get(insee_);
    row.commune = get(commune_);
    if (row.street.empty()) return Bad("le nom de la voie (nom_voie) est vide");
    if (row.insee.empty()) return Bad("le code INSEE de la commune (code_insee) est vide");
    if (row.commune.empty()) return Bad("le nom de la commune (nom_commune) est vide");
    const std::string numero = get(numero_);
    if (!numero.empty()) {
        int n = 0;
        auto [end, ec] = std::from_chars(numero.data(), numero.data() + numero.size(), n);
        if (ec != std::errc() || end != numero.data() + numero.size() || n < 0)
            return Bad("le numéro « " + numero + " » n'est pas un nombre entier");
        if (n != 0 && n != 99999) row.number = n;
    }
    auto lon = ReadDouble(get(lon_));
    auto lat = ReadDouble(get(lat_));
    if (!lon || !lat) return Bad("la position (lon, lat) n'est pas un couple de nombres décimaux");
    if (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
        return Bad("la position (lon, lat) est hors des limites de la Terre");
    row.lon = *lon;
    row.lat = *lat;
    return row;
}

}  // namespace guichet::addresses
