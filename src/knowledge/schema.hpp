// The knowledge module's tables (articles, categories, versions, synonyms, places, notices,
// events), as versioned migrations applied by the composition root after tenancy's.
#pragma once

#include <span>

#include "storage/migrations.hpp"

namespace guichet::knowledge {

std::span<const storage::Migration> Migrations();

}  // namespace guichet::knowledge
