// Catalogue: request types (categories) with their form fields and workflow, the internal
// general type of untyped requests, the public submission rules. Declared in catalogue.hpp.
#include "core/ids.hpp"
#include "core/invalid_field.hpp"
#include "core/text.hpp"
#include "core/versions.hpp"
#include "requests/form_values.hpp"
#include "requests/request_json.hpp"
#include "tenancy/tenancy_service.hpp"

#include "requests/catalogue.hpp"
#include "requests/request_store.hpp"

namespace guichet::requests {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own rows.
using storage::Connection;
using storage::Row;

namespace {

constexpr const char* kGeneralCategory = "general";

}  // namespace

Catalogue::Catalogue(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

Result<void> Catalogue::ValidateCategory(const Category& c) {
    if (IsBlank(c.name) || c.name.size() > 200)
        return Invalid("Le nom du type de demande est obligatoire (200 caractères au plus).");
    if (c.description.size() > 5000) return Invalid("La description dépasse 5 000 caractères.");
    if (c.fields.size() > 60) return Invalid("Un formulaire compte 60 champs au plus.");
    if (!c.workflow.Find(c.workflow.initial))
        return Invalid("Le statut initial du circuit de traitement est inconnu.");
    return {};
}

Result<std::vector<Category>> Catalogue::ListCategories(std::string_view tenant_id,
                                                        bool public_only) {
    return db_.Read<std::vector<Category>>([&](Connection& c) -> Result<std::vector<Category>> {
        GUICHET_TRY(rows, c.Query(std::string(kCategoryColumns) + "WHERE tenant_id = $1" +
                                      (public_only ? " AND is_public = 1" : "") + " ORDER BY name",
                                  {std::string(tenant_id)}));
        std::vector<Category> out;
        for (const Row& r : rows) out.push_back(CategoryFromRow(r));
        return out;
    });
}

Result<Category> Catalogue::GetCategory(std::string_view tenant_id,
                                        std::string_view id_or_external) {
    GUICHET_TRY(found, db_.Read<std::optional<Category>>([&](Connection& c) {
        return LoadCategory(c, tenant_id, id_or_external);
    }));
    if (!found) return Fail(ErrorCode::kNotFound, "Ce type de demande est introuvable.");
    return std::move(*found);
}

Result<Category> Catalogue::SaveCategory(std::string_view tenant_id, Category category,
                                         Expected expected) {
    GUICHET_CHECK(ValidateCategory(category));
    const TimePoint now = clock_.Now();
    category.tenant_id = std::string(tenant_id);
    category.updated_at = now;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        if (category.service_id) {
            GUICHET_TRY(found, tenancy::TenancyService::FindService(c, category.tenant_id,
                                                                    *category.service_id));
            if (!found) return Invalid("Le service indiqué n'existe pas.");
            category.service_id = found->id;
        }
        const bool insert = category.id.empty();
        if (insert) {
            category.id = NewId(now);
            category.version = 1;
        } else {
            GUICHET_TRY(existing, LoadCategory(c, tenant_id, category.id));
            if (!existing || existing->id != category.id)
                return Fail(ErrorCode::kNotFound, "Ce type de demande est introuvable.");
            GUICHET_CHECK(CheckVersion(expected, existing->version, "le type de demande"));
            category.version = existing->version + 1;
            // A status may leave the workflow only once no open request is in it: such a
            // request could otherwise neither be labelled nor move on. Checked in the same
            // transaction as the write, so no request can enter the status in between.
            for (const StatusDef& old : existing->workflow.statuses) {
                if (category.workflow.Find(old.key)) continue;
                GUICHET_TRY(in_use, c.QueryOne("SELECT COUNT(*) FROM requests WHERE tenant_id = "
                                               "$1 AND category_id = $2 AND status = $3 AND "
                                               "is_closed = 0",
                                               {category.tenant_id, category.id, old.key}));
                const int64_t count = in_use ? in_use->Int(0) : 0;
                if (count > 0) {
                    return Fail(
                        ErrorCode::kFailedPrecondition,
                        "Le statut « " + old.internal_label + " » ne peut pas être supprimé : " +
                            (count == 1
                                 ? std::string("une demande en cours y est encore")
                                 : std::to_string(count) + " demandes en cours y sont encore") +
                            ". Faites-les d'abord passer à un autre statut.",
                        "status in use", "status-in-use");
                }
            }
        }
        storage::Params p{category.name,
                          category.description,
                          storage::Nullable(category.service_id),
                          std::string(KindName(category.kind)),
                          int64_t{category.is_public ? 1 : 0},
                          Serialize(FieldsToJson(category.fields)),
                          Serialize(WorkflowToJson(category.workflow)),
                          Serialize(StringsToJson(category.keywords)),
                          ToUnixMillis(now),
                          category.id,
                          category.version};
        if (insert) {
            p.emplace_back(category.tenant_id);
            p.emplace_back(storage::Nullable(category.external_id));
            return c
                .Execute(
                    "INSERT INTO request_categories (name, description, service_id, kind, "
                    "is_public, fields, workflow, keywords, updated_at, id, version, tenant_id, "
                    "external_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                    "$13)",
                    p)
                .map([](int64_t) {});
        }
        return c
            .Execute(
                "UPDATE request_categories SET name = $1, description = $2, service_id = $3, "
                "kind = $4, is_public = $5, fields = $6, workflow = $7, keywords = $8, "
                "updated_at = $9, version = $11 WHERE id = $10",
                p)
            .map([](int64_t) {});
    }));
    return GetCategory(tenant_id, category.id);
}

Result<Category> Catalogue::GeneralCategory(std::string_view tenant_id) {
    auto found = GetCategory(tenant_id, kGeneralCategory);
    if (found || found.error().code != ErrorCode::kNotFound) return found;
    Category general;
    general.external_id = kGeneralCategory;
    general.name = "Demande générale";
    general.description = "Toute demande qui n'entre dans aucun autre type.";
    // Internal: it holds what arrived untyped (an e-mail, a call, a visit) and is never offered
    // on the public form nor over Open311 (ADR "untyped requests").
    general.is_public = false;
    general.workflow = DefaultWorkflow();
    auto saved = SaveCategory(tenant_id, general);
    if (!saved && saved.error().code == ErrorCode::kAlreadyExists)
        return GetCategory(tenant_id, kGeneralCategory);  // Created meanwhile by another thread.
    return saved;
}

Result<NewRequest> Catalogue::PublicSubmission(std::string_view tenant_id, NewRequest in) {
    GUICHET_CHECK(CheckLength(in.description, kMaxLongTextChars, "La description", "description"));
    in.channel = Channel::kWeb;
    in.received_at.reset();
    in.priority = 0;
    in.tags.clear();
    in.agent_id.reset();
    in.external_ref.reset();
    if (!in.citizen.email)
        return InvalidField("citizen.email",
                            "Indiquez votre adresse électronique : elle sert à vous répondre et à "
                            "suivre votre demande.");
    if (!in.category.empty()) {
        GUICHET_TRY(category, GetCategory(tenant_id, in.category));
        if (!category.is_public)
            return Fail(ErrorCode::kNotFound, "Ce type de demande est introuvable.");
    }
    return in;
}

}  // namespace guichet::requests
