#include "knowledge/service_import.hpp"

#include <map>
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

    ImportReport report;
    std::vector<tenancy::ServiceImport> good;
    std::vector<std::size_t> lines;
    std::map<std::string, std::size_t> seen;
    for (const JsonRow& row : rows) {
        if (!row.value) {
            report.errors.push_back({row.line, row.error});
            continue;
        }
        auto parsed = [&]() -> Result<tenancy::ServiceImport> {
            const boost::json::object& o = *row.value;
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
            return s;
        }();
        if (!parsed) {
            report.errors.push_back({row.line, parsed.error().message});
            continue;
        }
        if (auto [it, inserted] = seen.emplace(parsed->external_id, row.line); !inserted) {
            report.errors.push_back({row.line, "Le service « " + parsed->external_id +
                                                   " » figure déjà ligne " +
                                                   std::to_string(it->second) + "."});
            continue;
        }
        good.push_back(std::move(*parsed));
        lines.push_back(row.line);
    }
    // A parent must be in the file or already known; a row naming an unknown one is refused
    // (and so are rows whose parent was refused, until none is left dangling).
    for (const auto& s : good) known.insert(s.external_id);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < good.size(); ++i) {
            const auto& parent = good[i].parent_external_id;
            if (!parent || known.count(*parent)) continue;
            report.errors.push_back(
                {lines[i], "Le service parent « " + *parent + " » est inconnu."});
            known.erase(good[i].external_id);
            good.erase(good.begin() + static_cast<std::ptrdiff_t>(i));
            lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i));
            changed = true;
            break;
        }
    }
    GUICHET_TRY(counts, tenancy.ImportServices(tenant_id, good));
    report.created = counts.created;
    report.updated = counts.updated;
    return report;
}

}  // namespace guichet::knowledge
