// Import of a commune's services (organisational units) from JSON shaped like
// data/commune/services.json: id, name, parent_id, email, phone, description, topics.
// Services belong to the tenancy module; this reads the file, reports bad rows with their line,
// and hands the good ones to TenancyService::ImportServices (one transaction).
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "knowledge/knowledge.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge {

Result<ImportReport> ImportServices(tenancy::TenancyService& tenancy, std::string_view tenant_id,
                                    std::string_view text);

}  // namespace guichet::knowledge
