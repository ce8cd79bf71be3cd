// Test support: the databases that repository contract tests run on.
//
// A contract test is written once as a value-parameterised GoogleTest suite over TestDatabase and
// instantiated with AllTestDatabases(): today the SQLite driver on a fresh file; the PostgreSQL
// driver joins the list when it exists (when GUICHET_TEST_PG names a server), so every repository
// runs the same assertions on every driver.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>

#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace guichet::storage::testing {

// What the lease tests vary: how many calls may read at once, and how long a call waits.
struct LeaseLimits {
    int readers = 4;  // Connections available to reads at once.
    std::chrono::milliseconds lease_timeout{5000};
};

struct TestDatabase {
    std::string name;  // Shown in test names: "sqlite".
    // Opens a fresh, empty database, or fails the calling test.
    std::function<std::unique_ptr<Database>()> open;
    // The same, with the given lease limits.
    std::function<std::unique_ptr<Database>(const LeaseLimits&)> open_with;
};

std::vector<TestDatabase> AllTestDatabases();

inline std::ostream& operator<<(std::ostream& os, const TestDatabase& db) { return os << db.name; }

// For INSTANTIATE_TEST_SUITE_P's name generator.
struct TestDatabaseName {
    std::string operator()(const ::testing::TestParamInfo<TestDatabase>& info) const {
        return info.param.name;
    }
};

}  // namespace guichet::storage::testing
