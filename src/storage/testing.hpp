// Test support: the databases that repository contract tests run on.
//
// A contract test is written once as a value-parameterised GoogleTest suite over TestDatabase and
// instantiated with AllTestDatabases(): today the SQLite driver on a fresh file; the PostgreSQL
// driver joins the list when it exists (when GUICHET_TEST_PG names a server), so every repository
// runs the same assertions on every driver.
#pragma once

#include <functional>
#include <memory>
#include <ostream>

#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace guichet::storage::testing {

struct TestDatabase {
    std::string name;  // Shown in test names: "sqlite".
    // Opens a fresh, empty database, or fails the calling test.
    std::function<std::unique_ptr<Database>()> open;
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
