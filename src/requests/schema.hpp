// The requests module's tables, as versioned migrations applied after tenancy and identity.
#pragma once

#include <span>

#include "storage/migrations.hpp"

namespace guichet::requests {

std::span<const storage::Migration> Migrations();

}  // namespace guichet::requests
