// TenancyService, the services of a tenant (its organisational units): creation, the change of
// one from the console (guarded by its version, If-Match), imports by external id, and reads.
// Contracts in tenancy_service.hpp.
#include <map>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "core/versions.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::tenancy {
namespace {

using storage::Connection;
using storage::Row;

std::string TopicsToText(const std::vector<std::string>& topics) {
    boost::json::array array;
    for (const auto& t : topics) array.emplace_back(t);
    return boost::json::serialize(array);
}

std::vector<std::string> TopicsFromText(const std::string& text) {
    std::vector<std::string> topics;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return topics;
    for (const auto& item : v.as_array())
        if (item.is_string()) topics.emplace_back(item.as_string());
    return topics;
}

Service ServiceFromRow(const Row& r) {
    return Service{r.Text(0),    r.Text(1),
                   r.OptText(2), r.Text(3),
                   r.OptText(4), FromUnixMillis(r.Int(5)),
                   r.OptText(6), r.OptText(7),
                   r.Text(8),    TopicsFromText(r.Text(9)),
                   r.Int(10)};
}

constexpr std::string_view kServiceColumns =
    "SELECT id, tenant_id, parent_id, name, email, created_at, external_id, phone, description, "
    "topics, version FROM services ";

constexpr std::string_view kServiceWhat = "le service";

}  // namespace

Result<void> TenancyService::ValidateService(const NewService& request) {
    if (request.name.empty() || request.name.size() > 200) {
        return Invalid("Le nom du service est obligatoire (200 caractères au plus).");
    }
    if (request.email && request.email->find('@') == std::string::npos) {
        return Invalid("L'adresse électronique du service n'est pas valide.");
    }
    if (request.external_id &&
        (request.external_id->empty() || request.external_id->size() > 100)) {
        return Invalid("L'identifiant externe du service doit compter de 1 à 100 caractères.");
    }
    if (request.description.size() > 10000 || request.topics.size() > 200) {
        return Invalid("La description ou la liste de thèmes du service est trop longue.");
    }
    return {};
}

namespace {

Result<int64_t> InsertService(Connection& c, const Service& service) {
    return c.Execute(
        "INSERT INTO services (id, tenant_id, parent_id, name, email, created_at, external_id, "
        "phone, description, topics) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {service.id, service.tenant_id, storage::Nullable(service.parent_id), service.name,
         storage::Nullable(service.email), ToUnixMillis(service.created_at),
         storage::Nullable(service.external_id), storage::Nullable(service.phone),
         service.description, TopicsToText(service.topics)});
}

tl::unexpected<Error> NameTaken(const std::string& name, const Error& cause) {
    return Fail(ErrorCode::kAlreadyExists, "Un service porte déjà le nom « " + name + " ».",
                cause.detail, "conflict");
}

}  // namespace

Result<Service> TenancyService::CreateService(std::string_view tenant_id,
                                              const NewService& request) {
    GUICHET_CHECK(ValidateService(request));
    Service service{NewId(clock_.Now()), std::string(tenant_id), request.parent_id,   request.name,
                    request.email,       clock_.Now(),           request.external_id, request.phone,
                    request.description, request.topics};
    auto written = db_.Write<int64_t>([&](Connection& c) -> Result<int64_t> {
        if (service.parent_id) {
            // The parent must exist in the same tenant; another tenant's id reads as unknown.
            GUICHET_TRY(parent,
                        c.QueryOne("SELECT id FROM services WHERE id = $1 AND tenant_id = $2",
                                   {*service.parent_id, service.tenant_id}));
            if (!parent) return Invalid("Le service parent indiqué n'existe pas.");
        }
        return InsertService(c, service);
    });
    if (!written) {
        if (written.error().code == ErrorCode::kAlreadyExists)
            return NameTaken(request.name, written.error());
        return Fail(written.error());
    }
    return service;
}

Result<Service> TenancyService::UpdateService(std::string_view tenant_id,
                                              std::string_view service_id,
                                              const ServiceChanges& changes,
                                              std::optional<int64_t> expected_version) {
    auto written = db_.Write<Service>([&](Connection& c) -> Result<Service> {
        GUICHET_TRY(found, FindService(c, tenant_id, service_id));
        if (!found || found->id != service_id)
            return Fail(ErrorCode::kNotFound, "Ce service est introuvable.");
        Service service = std::move(*found);
        GUICHET_CHECK(CheckVersion(expected_version, service.version, kServiceWhat));
        auto cleared = [](const std::string& text) {
            return text.empty() ? std::nullopt : std::optional<std::string>(text);
        };
        if (changes.name) service.name = *changes.name;
        if (changes.email) service.email = cleared(*changes.email);
        if (changes.phone) service.phone = cleared(*changes.phone);
        if (changes.description) service.description = *changes.description;
        GUICHET_CHECK(ValidateService({.name = service.name,
                                       .email = service.email,
                                       .external_id = service.external_id,
                                       .phone = service.phone,
                                       .description = service.description,
                                       .topics = service.topics}));
        GUICHET_CHECK(c.Execute(
            "UPDATE services SET name = $1, email = $2, phone = $3, description = $4, "
            "version = $5 WHERE id = $6",
            {service.name, storage::Nullable(service.email), storage::Nullable(service.phone),
             service.description, service.version + 1, service.id}));
        ++service.version;
        return service;
    });
    if (!written && written.error().code == ErrorCode::kAlreadyExists)
        return NameTaken(*changes.name, written.error());
    return written;
}

Result<ServiceImportCounts> TenancyService::ImportServices(std::string_view tenant_id,
                                                           const std::vector<ServiceImport>& rows) {
    for (const auto& row : rows) GUICHET_CHECK(ValidateService(row.fields));
    ServiceImportCounts counts;
    const TimePoint now = clock_.Now();
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        // Two passes: rows first (so that a parent may come later in the file), then parents.
        std::map<std::string, std::string> ids;  // external id -> internal id
        for (const auto& row : rows) {
            GUICHET_TRY(existing, c.QueryOne("SELECT id FROM services WHERE tenant_id = $1 AND "
                                             "external_id = $2",
                                             {std::string(tenant_id), row.external_id}));
            const NewService& f = row.fields;
            if (existing) {
                const std::string id = existing->Text(0);
                auto updated = c.Execute(
                    "UPDATE services SET name = $1, email = $2, phone = $3, description = $4, "
                    "topics = $5, version = version + 1 WHERE id = $6",
                    {f.name, storage::Nullable(f.email), storage::Nullable(f.phone), f.description,
                     TopicsToText(f.topics), id});
                if (!updated && updated.error().code == ErrorCode::kAlreadyExists)
                    return NameTaken(f.name, updated.error());
                GUICHET_CHECK(updated);
                ids[row.external_id] = id;
                ++counts.updated;
            } else {
                Service service{
                    NewId(now), std::string(tenant_id), std::nullopt, f.name,        f.email,
                    now,        row.external_id,        f.phone,      f.description, f.topics};
                auto inserted = InsertService(c, service);
                if (!inserted && inserted.error().code == ErrorCode::kAlreadyExists)
                    return NameTaken(f.name, inserted.error());
                GUICHET_CHECK(inserted);
                ids[row.external_id] = service.id;
                ++counts.created;
            }
        }
        for (const auto& row : rows) {
            std::optional<std::string> parent;
            if (row.parent_external_id) {
                auto known = ids.find(*row.parent_external_id);
                if (known != ids.end()) {
                    parent = known->second;
                } else {
                    GUICHET_TRY(found,
                                c.QueryOne("SELECT id FROM services WHERE tenant_id = $1 "
                                           "AND external_id = $2",
                                           {std::string(tenant_id), *row.parent_external_id}));
                    if (!found) {
                        return Invalid("Le service parent « " + *row.parent_external_id +
                                       " » du service « " + row.external_id + " » n'existe pas.");
                    }
                    parent = found->Text(0);
                }
                if (*parent == ids[row.external_id])
                    return Invalid("Le service « " + row.external_id +
                                   " » ne peut pas être son propre parent.");
            }
            GUICHET_CHECK(c.Execute("UPDATE services SET parent_id = $1 WHERE id = $2",
                                    {storage::Nullable(parent), ids[row.external_id]}));
        }
        return {};
    }));
    return counts;
}

Result<std::optional<Service>> TenancyService::FindServiceByExternalId(
    std::string_view tenant_id, std::string_view external_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            std::string(kServiceColumns) + "WHERE tenant_id = $1 AND external_id = $2",
            {std::string(tenant_id), std::string(external_id)});
    }));
    if (!row) return std::optional<Service>();
    return std::optional<Service>(ServiceFromRow(*row));
}

Result<std::optional<Service>> TenancyService::FindService(storage::Connection& c,
                                                           std::string_view tenant_id,
                                                           std::string_view id_or_external_id) {
    GUICHET_TRY(row, c.QueryOne(std::string(kServiceColumns) +
                                    "WHERE tenant_id = $1 AND (id = $2 OR external_id = $2)",
                                {std::string(tenant_id), std::string(id_or_external_id)}));
    if (!row) return std::optional<Service>();
    return std::optional<Service>(ServiceFromRow(*row));
}

Result<std::vector<Service>> TenancyService::ListServices(std::string_view tenant_id) {
    return db_.Read<std::vector<Service>>([&](Connection& c) -> Result<std::vector<Service>> {
        GUICHET_TRY(rows,
                    c.Query(std::string(kServiceColumns) + "WHERE tenant_id = $1 ORDER BY name",
                            {std::string(tenant_id)}));
        std::vector<Service> services;
        services.reserve(rows.size());
        for (const Row& row : rows) services.push_back(ServiceFromRow(row));
        return services;
    });
}

Result<Service> TenancyService::GetService(std::string_view tenant_id,
                                           std::string_view service_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(std::string(kServiceColumns) + "WHERE id = $1 AND tenant_id = $2",
                          {std::string(service_id), std::string(tenant_id)});
    }));
    if (!row) return Fail(ErrorCode::kNotFound, "Ce service est introuvable.");
    return ServiceFromRow(*row);
}

}  // namespace guichet::tenancy
