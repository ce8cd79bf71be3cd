#include <gtest/gtest.h>

#include "storage/testing.hpp"

#include <unistd.h>
#include <atomic>
#include <filesystem>

#include "storage/sqlite_database.hpp"

namespace guichet::storage::testing {
namespace {

std::unique_ptr<Database> OpenSqliteFile(const LeaseLimits& limits) {
    static std::atomic<int> counter{0};
    std::filesystem::path dir =
        std::filesystem::path(::testing::TempDir()) /
        ("guichet-db-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto db = OpenSqlite({.path = (dir / "test.db").string(),
                          .pool_size = limits.readers,
                          .lease_timeout_ms = static_cast<int>(limits.lease_timeout.count())});
    EXPECT_TRUE(db) << db.error().detail;
    return db ? std::move(*db) : nullptr;
}

}  // namespace

std::vector<TestDatabase> AllTestDatabases() {
    std::vector<TestDatabase> all;
    all.push_back({"sqlite", [] { return OpenSqliteFile({}); }, OpenSqliteFile});
    return all;
}

}  // namespace guichet::storage::testing
