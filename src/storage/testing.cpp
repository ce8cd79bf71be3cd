#include <gtest/gtest.h>

#include "storage/testing.hpp"

#include <unistd.h>
#include <atomic>
#include <filesystem>

#include "storage/sqlite_database.hpp"

namespace guichet::storage::testing {

std::vector<TestDatabase> AllTestDatabases() {
    std::vector<TestDatabase> all;
    all.push_back({"sqlite", [] {
                       static std::atomic<int> counter{0};
                       std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                                                   ("guichet-db-" + std::to_string(getpid()) + "-" +
                                                    std::to_string(counter++));
                       std::filesystem::remove_all(dir);
                       std::filesystem::create_directories(dir);
                       auto db = OpenSqlite({.path = (dir / "test.db").string(), .pool_size = 4});
                       EXPECT_TRUE(db) << db.error().detail;
                       return db ? std::move(*db) : nullptr;
                   }});
    return all;
}

}  // namespace guichet::storage::testing
