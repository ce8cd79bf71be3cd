// Versioned schema migrations.
//
// Each module owns an ordered list of migrations (version 1, 2, …) for its own tables; the
// composition root passes the lists in dependency order. Migrate() applies what is missing in
// one transaction (all or nothing) and records each step in `schema_migrations(module, version)`.
// A database that holds a version this binary does not know — written by a newer Guichet — is
// refused with kFailedPrecondition and left untouched. See docs/adr/0003-migrations.md.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace guichet::storage {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;  // One or more statements; portable SQL (see database.hpp).
};

struct MigrationSet {
    std::string_view module;
    std::span<const Migration> migrations;  // Versions 1..n, in order.
};

struct MigrationReport {
    std::vector<std::string> applied;  // "module/version name", in the order applied.
};

// `progress` (optional) is called before each migration is applied, for the terminal.
Result<MigrationReport> Migrate(Database& db, std::span<const MigrationSet> sets,
                                const std::function<void(std::string_view)>& progress = {});

}  // namespace guichet::storage
