#include "knowledge/place_service.hpp"

#include <cmath>
#include <map>

#include "calendar/opening_hours.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "core/versions.hpp"
#include "knowledge/json_rows.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge {
namespace {

using storage::Connection;
using storage::Row;

storage::Value OptNumber(const std::optional<double>& v) {
    return v ? storage::Value(*v) : storage::Value(nullptr);
}

constexpr std::string_view kPlaceColumns =
    "SELECT id, tenant_id, external_id, name, type, address, postcode, city, lat, lon, phone, "
    "email, url, service_id, description, opening_hours, updated_at, version FROM places ";

Place PlaceFromRow(const Row& r) {
    Place p;
    p.id = r.Text(0);
    p.tenant_id = r.Text(1);
    p.external_id = r.OptText(2);
    p.name = r.Text(3);
    p.type = r.Text(4);
    p.address = r.Text(5);
    p.postcode = r.Text(6);
    p.city = r.Text(7);
    if (!r.IsNull(8)) p.lat = r.Real(8);
    if (!r.IsNull(9)) p.lon = r.Real(9);
    p.phone = r.OptText(10);
    p.email = r.OptText(11);
    p.url = r.OptText(12);
    p.service_id = r.OptText(13);
    p.description = r.Text(14);
    p.opening_hours = r.Text(15);
    p.updated_at = FromUnixMillis(r.Int(16));
    p.version = r.Int(17);
    return p;
}

// Attaches the notices of `places` (one query for all).
Result<void> LoadNotices(Connection& c, std::string_view tenant_id, std::vector<Place>& places) {
    GUICHET_TRY(rows, c.Query("SELECT place_id, id, message, starts, ends FROM place_notices "
                              "WHERE tenant_id = $1 ORDER BY starts, id",
                              {std::string(tenant_id)}));
    std::map<std::string, Place*> by_id;
    for (Place& p : places) by_id[p.id] = &p;
    for (const Row& r : rows) {
        auto it = by_id.find(r.Text(0));
        if (it == by_id.end()) continue;
        PlaceNotice n{r.Text(1), r.Text(2), r.OptTime(3), r.OptTime(4)};
        it->second->notices.push_back(std::move(n));
    }
    return {};
}

Result<void> WritePlace(Connection& c, const Place& p, bool insert) {
    storage::Params params{p.name,
                           p.type,
                           p.address,
                           p.postcode,
                           p.city,
                           OptNumber(p.lat),
                           OptNumber(p.lon),
                           storage::Nullable(p.phone),
                           storage::Nullable(p.email),
                           storage::Nullable(p.url),
                           storage::Nullable(p.service_id),
                           p.description,
                           p.opening_hours,
                           ToUnixMillis(p.updated_at),
                           p.version,
                           p.id,
                           p.tenant_id,
                           storage::Nullable(p.external_id)};
    if (insert) {
        GUICHET_CHECK(c.Execute(
            "INSERT INTO places (name, type, address, postcode, city, lat, lon, phone, email, url, "
            "service_id, description, opening_hours, updated_at, version, id, tenant_id, "
            "external_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
            "$15, $16, $17, $18)",
            params));
    } else {
        params.pop_back();
        params.pop_back();
        GUICHET_CHECK(c.Execute(
            "UPDATE places SET name = $1, type = $2, address = $3, postcode = $4, city = $5, "
            "lat = $6, lon = $7, phone = $8, email = $9, url = $10, service_id = $11, "
            "description = $12, opening_hours = $13, updated_at = $14, version = $15 "
            "WHERE id = $16",
            params));
    }
    return {};
}

Result<std::optional<Place>> LoadPlace(Connection& c, std::string_view tenant_id,
                                       std::string_view id_or_external) {
    GUICHET_TRY(row, c.QueryOne(std::string(kPlaceColumns) +
                                    "WHERE tenant_id = $1 AND (id = $2 OR external_id = $2)",
                                {std::string(tenant_id), std::string(id_or_external)}));
    if (!row) return std::optional<Place>();
    return std::optional<Place>(PlaceFromRow(*row));
}

// The tenant's place `id` (its internal id; with `or_external`, its external id too), checked
// against the version the caller read.
Result<Place> PlaceToChange(Connection& c, std::string_view tenant_id, std::string_view id,
                            std::optional<int64_t> expected_version, bool or_external = false) {
    GUICHET_TRY(existing, LoadPlace(c, tenant_id, id));
    if (!existing || (!or_external && existing->id != id))
        return Fail(ErrorCode::kNotFound, "Ce lieu est introuvable.");
    GUICHET_CHECK(CheckVersion(expected_version, existing->version, "la fiche du lieu"));
    return std::move(*existing);
}

// A change of the place's notices is a change of the place: its version moves on.
Result<int64_t> BumpVersion(Connection& c, const Place& place, TimePoint now) {
    GUICHET_CHECK(c.Execute("UPDATE places SET version = $1, updated_at = $2 WHERE id = $3",
                            {place.version + 1, ToUnixMillis(now), place.id}));
    return place.version + 1;
}

}  // namespace

Result<void> PlaceService::Validate(const Place& p) {
    if (IsBlank(p.name) || p.name.size() > 200)
        return Invalid("Le nom du lieu est obligatoire (200 caractères au plus).");
    if (IsBlank(p.type) || p.type.size() > 60)
        return Invalid("Le type du lieu est obligatoire (60 caractères au plus).");
    if (p.lat && (!std::isfinite(*p.lat) || *p.lat < -90 || *p.lat > 90))
        return Invalid("La latitude doit être comprise entre -90 et 90.");
    if (p.lon && (!std::isfinite(*p.lon) || *p.lon < -180 || *p.lon > 180))
        return Invalid("La longitude doit être comprise entre -180 et 180.");
    if (p.lat.has_value() != p.lon.has_value())
        return Invalid("Indiquez la latitude et la longitude ensemble.");
    if (p.email && p.email->find('@') == std::string::npos)
        return Invalid("L'adresse électronique du lieu n'est pas valide.");
    if (p.description.size() > 20000) return Invalid("La description dépasse 20 000 caractères.");
    if (!p.opening_hours.empty()) {
        auto parsed = calendar::OpeningHours::Parse(p.opening_hours);
        if (!parsed) {
            return Invalid("Les horaires « " + p.opening_hours +
                           " » ne sont pas valides : " + parsed.error().message + " (position " +
                           std::to_string(parsed.error().position) + ").");
        }
    }
    return {};
}

Result<Place> PlaceService::FieldsFromJson(const boost::json::object& o) {
    Place p;
    GUICHET_TRY(name, TextField(o, "name"));
    GUICHET_TRY(type, TextField(o, "type"));
    GUICHET_TRY(address, TextField(o, "address"));
    GUICHET_TRY(postcode, TextField(o, "postcode"));
    GUICHET_TRY(city, TextField(o, "city"));
    GUICHET_TRY(lat, NumberField(o, "lat"));
    GUICHET_TRY(lon, NumberField(o, "lon"));
    GUICHET_TRY(phone, TextField(o, "phone"));
    GUICHET_TRY(email, TextField(o, "email"));
    GUICHET_TRY(url, TextField(o, "url"));
    GUICHET_TRY(service_id, TextField(o, "service_id"));
    GUICHET_TRY(description, TextField(o, "description"));
    GUICHET_TRY(hours, TextField(o, "opening_hours"));
    p.name = name.value_or("");
    p.type = type.value_or("");
    p.address = address.value_or("");
    p.postcode = postcode.value_or("");
    p.city = city.value_or("");
    p.lat = lat;
    p.lon = lon;
    p.phone = phone;
    p.email = email;
    p.url = url;
    p.service_id = service_id && !service_id->empty() ? service_id : std::nullopt;
    p.description = description.value_or("");
    p.opening_hours = hours.value_or("");
    return p;
}

Result<std::vector<Place>> PlaceService::List(std::string_view tenant_id) {
    return db_.Read<std::vector<Place>>([&](Connection& c) -> Result<std::vector<Place>> {
        GUICHET_TRY(rows, c.Query(std::string(kPlaceColumns) + "WHERE tenant_id = $1 ORDER BY name",
                                  {std::string(tenant_id)}));
        std::vector<Place> places;
        places.reserve(rows.size());
        for (const Row& r : rows) places.push_back(PlaceFromRow(r));
        GUICHET_CHECK(LoadNotices(c, tenant_id, places));
        return places;
    });
}

Result<Place> PlaceService::Get(std::string_view tenant_id, std::string_view id_or_external_id) {
    GUICHET_TRY(found,
                db_.Read<std::optional<Place>>([&](Connection& c) -> Result<std::optional<Place>> {
                    GUICHET_TRY(p, LoadPlace(c, tenant_id, id_or_external_id));
                    if (!p) return p;
                    std::vector<Place> one{std::move(*p)};
                    GUICHET_CHECK(LoadNotices(c, tenant_id, one));
                    return std::optional<Place>(std::move(one.front()));
                }));
    if (!found) return Fail(ErrorCode::kNotFound, "Ce lieu est introuvable.");
    return std::move(*found);
}

Result<Place> PlaceService::Save(std::string_view tenant_id, Place place,
                                 std::optional<int64_t> expected_version) {
    GUICHET_CHECK(Validate(place));
    const TimePoint now = clock_.Now();
    place.tenant_id = std::string(tenant_id);
    place.updated_at = now;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        if (place.service_id) {
            GUICHET_TRY(found,
                        tenancy::TenancyService::FindService(c, tenant_id, *place.service_id));
            if (!found || found->id != *place.service_id)
                return Invalid("Le service indiqué n'existe pas.");
        }
        bool insert = place.id.empty();
        if (insert) {
            place.id = NewId(now);
            place.version = 1;
        } else {
            GUICHET_TRY(existing, PlaceToChange(c, tenant_id, place.id, expected_version));
            place.external_id = existing.external_id;
            place.version = existing.version + 1;
        }
        return WritePlace(c, place, insert);
    }));
    changes_.Publish(tenant_id, Change::kPlaces);
    return Get(tenant_id, place.id);
}

Result<void> PlaceService::Remove(std::string_view tenant_id, std::string_view id,
                                  std::optional<int64_t> expected_version) {
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(existing, PlaceToChange(c, tenant_id, id, expected_version));
        GUICHET_CHECK(c.Execute("DELETE FROM place_notices WHERE place_id = $1", {existing.id}));
        GUICHET_CHECK(
            c.Execute("UPDATE events SET place_id = NULL WHERE place_id = $1", {existing.id}));
        GUICHET_CHECK(c.Execute("DELETE FROM places WHERE id = $1", {existing.id}));
        return {};
    }));
    changes_.Publish(tenant_id, Change::kPlaces);
    return {};
}

Result<PlaceService::NoticeAdded> PlaceService::AddNotice(std::string_view tenant_id,
                                                          std::string_view place_id,
                                                          PlaceNotice notice,
                                                          std::optional<int64_t> expected_version) {
    if (IsBlank(notice.message) || notice.message.size() > 500)
        return Invalid("Le message de l'avis est obligatoire (500 caractères au plus).");
    if (notice.starts && notice.ends && *notice.ends <= *notice.starts)
        return Invalid("La fin de l'avis doit suivre son début.");
    const TimePoint now = clock_.Now();
    notice.id = NewId(now);
    GUICHET_TRY(version, db_.Write<int64_t>([&](Connection& c) -> Result<int64_t> {
        GUICHET_TRY(place, PlaceToChange(c, tenant_id, place_id, expected_version, true));
        GUICHET_CHECK(
            c.Execute("INSERT INTO place_notices (id, tenant_id, place_id, message, starts, ends) "
                      "VALUES ($1, $2, $3, $4, $5, $6)",
                      {notice.id, std::string(tenant_id), place.id, notice.message,
                       storage::Nullable(notice.starts), storage::Nullable(notice.ends)}));
        return BumpVersion(c, place, now);
    }));
    changes_.Publish(tenant_id, Change::kPlaces);
    return NoticeAdded{std::move(notice), version};
}

Result<int64_t> PlaceService::RemoveNotice(std::string_view tenant_id, std::string_view place_id,
                                           std::string_view notice_id,
                                           std::optional<int64_t> expected_version) {
    const TimePoint now = clock_.Now();
    GUICHET_TRY(version, db_.Write<int64_t>([&](Connection& c) -> Result<int64_t> {
        GUICHET_TRY(place, PlaceToChange(c, tenant_id, place_id, expected_version, true));
        GUICHET_TRY(n, c.Execute("DELETE FROM place_notices WHERE id = $1 AND place_id = $2",
                                 {std::string(notice_id), place.id}));
        if (n == 0) return Fail(ErrorCode::kNotFound, "Cet avis est introuvable.");
        return BumpVersion(c, place, now);
    }));
    changes_.Publish(tenant_id, Change::kPlaces);
    return version;
}

Result<ImportReport> PlaceService::Import(std::string_view tenant_id, std::string_view text) {
    GUICHET_TRY(rows, SplitJsonRows(text));
    GUICHET_TRY(services, tenancy_.ListServices(tenant_id));
    std::map<std::string, std::string> service_ids;  // external id -> internal id
    for (const auto& s : services)
        if (s.external_id) service_ids[*s.external_id] = s.id;

    ImportReport report;
    std::vector<Place> good = ParseImportRows<Place>(
        rows, report, "Le lieu",
        [&](const boost::json::object& o, const JsonRow&) -> Result<Place> {
            Place p;
            GUICHET_TRY(id, RequiredTextField(o, "id"));
            GUICHET_TRY(name, RequiredTextField(o, "name"));
            GUICHET_TRY(type, RequiredTextField(o, "type"));
            p.external_id = id;
            p.name = name;
            p.type = type;
            GUICHET_TRY(fields, FieldsFromJson(o));
            fields.external_id = p.external_id;
            fields.name = p.name;
            fields.type = p.type;
            const std::optional<std::string> service = fields.service_id;
            fields.service_id.reset();
            p = std::move(fields);
            if (service) {
                auto it = service_ids.find(*service);
                if (it == service_ids.end())
                    return Invalid("Le service « " + *service +
                                   " » est inconnu : importez d'abord les services.");
                p.service_id = it->second;
            }
            GUICHET_CHECK(Validate(p));
            return p;
        },
        [](const Place& p) { return *p.external_id; });

    const TimePoint now = clock_.Now();
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        for (Place& p : good) {
            p.tenant_id = std::string(tenant_id);
            p.updated_at = now;
            GUICHET_TRY(existing, c.QueryOne("SELECT id, version FROM places WHERE tenant_id = $1 "
                                             "AND external_id = $2",
                                             {p.tenant_id, *p.external_id}));
            if (existing) {
                p.id = existing->Text(0);
                p.version = existing->Int(1) + 1;
                GUICHET_CHECK(WritePlace(c, p, false));
                ++report.updated;
            } else {
                p.id = NewId(now);
                GUICHET_CHECK(WritePlace(c, p, true));
                ++report.created;
            }
        }
        return {};
    }));
    if (!good.empty()) changes_.Publish(tenant_id, Change::kPlaces);
    return report;
}

}  // namespace guichet::knowledge
