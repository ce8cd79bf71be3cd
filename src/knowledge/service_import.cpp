#include "knowledge/service_import.hpp"

#include <set>

#include "knowledge/json_rows.hpp"

namespace guichet::knowledge {

Result<ImportReport> ImportServices(tenancy::TenancyService& tenancy, std::string_view tenant_id,
                                    std::string_view text) {
    GUICHET_TRY(rows, SplitJsonRows(text));
    GUICHET_TRY(existing, tenancy.ListServices(tenant_id));
    std::set<std::string> known;  // External ids a parent may name.
    for (const auto& s : existing)
        if (s.external_id) known.insert(*s.external_id);

    struct Parsed {
        tenancy::ServiceImport service;
        std::size_t line = 0;
    };
    ImportReport report;
    std::vector<Parsed> good = ParseImportRows<Parsed>(
        rows, report, "Le service",
        [&](const boost::json::object& o, const JsonRow& row) -> Result<Parsed> {
            tenancy::ServiceImport s;
            GUICHET_TRY(id, RequiredTextField(o, "id"));
            GUICHET_TRY(name, RequiredTextField(o, "name"));
            GUICHET_TRY(parent, TextField(o, "parent_id"));
            GUICHET_TRY(email, TextField(o, "email"));
            GUICHET_TRY(phone, TextField(o, "phone"));
            GUICHET_TRY(description, TextField(o, "description"));
            GUICHET_TRY(topics, TextListField(o, "topics"));
            s.external_id = id;
            s.parent_external_id = parent;
            s.fields = {.name = name,
                        .email = email,
                        .external_id = id,
                        .phone = phone,
                        .description = description.value_or(""),
                        .topics = std::move(topics)};
            GUICHET_CHECK(tenancy::TenancyService::ValidateService(s.fields));
            return Parsed{std::move(s), row.line};
        },
        [](const Parsed& p) { return p.service.external_id; });
    // A parent must be in the file or already known; a row naming an unknown one is refused
    // (and so are rows whose parent was refused, until none is left dangling).
    for (const auto& p : good) known.insert(p.service.external_id);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < good.size(); ++i) {
            const auto& parent = good[i].service.parent_external_id;
            if (!parent || known.count(*parent)) continue;
            report.errors.push_back(
                {good[i].line, "Le service parent « " + *parent + " » est inconnu."});
            known.erase(good[i].service.external_id);
            good.erase(good.begin() + static_cast<std::ptrdiff_t>(i));
            changed = true;
            break;
        }
    }
    std::vector<tenancy::ServiceImport> services;
    for (auto& p : good) services.push_back(std::move(p.service));
    GUICHET_TRY(counts, tenancy.ImportServices(tenant_id, services));
    report.created = counts.created;
    report.updated = counts.updated;
    return report;
}

}  // namespace guichet::knowledge
