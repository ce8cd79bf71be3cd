// The adapter that lets the answer engine (knowledge) offer the tenant's public request types
// (requests) without either module including the other: knowledge declares what it needs
// (knowledge/needs.hpp), the composition root fills it from Catalogue::ListCategories.
// Thread-safety: as Catalogue (safe from any worker thread).
#include "app/request_types_for_answers.hpp"

namespace guichet::app {

knowledge::RequestTypesProvider RequestTypesForAnswers(requests::Catalogue& catalogue) {
    return [&catalogue](
               std::string_view tenant_id) -> Result<std::vector<knowledge::OfferedRequestType>> {
        GUICHET_TRY(categories, catalogue.ListCategories(tenant_id, true));
        std::vector<knowledge::OfferedRequestType> types;
        for (const auto& c : categories) {
            knowledge::OfferedRequestType t{.id = c.external_id.value_or(c.id),
                                            .name = c.name,
                                            .description = c.description,
                                            .service_id = c.service_id,
                                            .keywords = c.keywords,
                                            .fields = {}};
            for (const auto& f : c.fields) {
                t.fields.push_back(f.label);
                if (!f.help.empty()) t.fields.push_back(f.help);
                for (const auto& option : f.options) t.fields.push_back(option);
            }
            types.push_back(std::move(t));
        }
        return types;
    };
}

}  // namespace guichet::app
