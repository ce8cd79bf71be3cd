// Contract tests of storage::Database, run on every driver in AllTestDatabases().
#include <gtest/gtest.h>

#include <thread>

#include "storage/testing.hpp"

namespace guichet::storage {
namespace {

using testing::AllTestDatabases;
using testing::TestDatabase;

class DatabaseContract : public ::testing::TestWithParam<TestDatabase> {
  protected:
    void SetUp() override {
        db_ = GetParam().open();
        ASSERT_NE(db_, nullptr);
        ASSERT_TRUE(db_->Transaction([](Connection& c) {
            return c.ExecuteScript(
                "CREATE TABLE parent (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
                "CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES "
                "parent(id),"
                " n BIGINT, x DOUBLE PRECISION, note TEXT);");
        }));
    }
    std::unique_ptr<Database> db_;
};

TEST_P(DatabaseContract, RoundTripsEveryValueType) {
    ASSERT_TRUE(db_->Transaction([](Connection& c) -> Result<void> {
        GUICHET_TRY(a, c.Execute("INSERT INTO parent (id, name) VALUES ($1, $2)",
                                 {std::string("p1"), std::string("Éloïse ✓")}));
        EXPECT_EQ(a, 1);
        GUICHET_CHECK(
            c.Execute("INSERT INTO child (id, parent_id, n, x, note) VALUES ($1, $2, $3, $4, $5)",
                      {std::string("c1"), std::string("p1"), int64_t{1} << 40, 2.5, nullptr}));
        return {};
    }));
    auto row = db_->Read<std::optional<Row>>([](Connection& c) {
        return c.QueryOne(
            "SELECT p.name, c.n, c.x, c.note FROM child c JOIN parent p ON p.id = c.parent_id "
            "WHERE c.id = $1",
            {std::string("c1")});
    });
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->Text(0), "Éloïse ✓");
    EXPECT_EQ((*row)->Int(1), int64_t{1} << 40);
    EXPECT_DOUBLE_EQ((*row)->Real(2), 2.5);
    EXPECT_FALSE((*row)->OptText(3).has_value());
}

TEST_P(DatabaseContract, PlaceholdersMayRepeatAndComeInAnyOrder) {
    ASSERT_TRUE(db_->WithConnection([](Connection& c) -> Result<void> {
        GUICHET_CHECK(c.Execute("INSERT INTO parent (id, name) VALUES ($2, $1 || $2)",
                                {std::string("nom-"), std::string("p9")}));
        GUICHET_TRY(row, c.QueryOne("SELECT name FROM parent WHERE id = $1 AND name = 'nom-' || $1",
                                    {std::string("p9")}));
        EXPECT_TRUE(row.has_value());
        return {};
    }));
}

TEST_P(DatabaseContract, FailedTransactionChangesNothing) {
    auto result = db_->Transaction([](Connection& c) -> Result<void> {
        GUICHET_CHECK(c.Execute("INSERT INTO parent (id, name) VALUES ('a', 'A')"));
        return Fail(ErrorCode::kInvalidArgument, "stop");
    });
    EXPECT_FALSE(result);
    auto count = db_->Read<int64_t>([](Connection& c) -> Result<int64_t> {
        GUICHET_TRY(row, c.QueryOne("SELECT COUNT(*) FROM parent"));
        return row->Int(0);
    });
    EXPECT_EQ(*count, 0);
}

TEST_P(DatabaseContract, ConstraintViolationsHaveTheirOwnCodes) {
    auto insert = [&](const char* id, const char* name) {
        return db_->Transaction([&](Connection& c) -> Result<void> {
            GUICHET_CHECK(c.Execute("INSERT INTO parent (id, name) VALUES ($1, $2)",
                                    {std::string(id), std::string(name)}));
            return {};
        });
    };
    ASSERT_TRUE(insert("a", "A"));
    auto dup = insert("b", "A");
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
    auto orphan = db_->Transaction([](Connection& c) -> Result<void> {
        GUICHET_CHECK(c.Execute("INSERT INTO child (id, parent_id) VALUES ('c', 'nobody')"));
        return {};
    });
    ASSERT_FALSE(orphan);
    EXPECT_EQ(orphan.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(DatabaseContract, BadSqlIsAnInternalErrorNotACrash) {
    auto r = db_->WithConnection([](Connection& c) -> Result<void> {
        GUICHET_CHECK(c.Execute("INSERT INTO nowhere VALUES (1)"));
        return {};
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInternal);
    auto wrong_count = db_->WithConnection([](Connection& c) -> Result<void> {
        GUICHET_CHECK(c.Execute("SELECT $1, $2", {int64_t{1}}));
        return {};
    });
    EXPECT_FALSE(wrong_count);
}

TEST_P(DatabaseContract, ConcurrentWritersAllLand) {
    constexpr int kThreads = 4, kEach = 50;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                std::string id = std::to_string(t) + "-" + std::to_string(i);
                auto r = db_->Transaction([&](Connection& c) -> Result<void> {
                    GUICHET_CHECK(c.Execute("INSERT INTO parent (id, name) VALUES ($1, $1)", {id}));
                    return {};
                });
                if (!r) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    auto count = db_->Read<int64_t>([](Connection& c) -> Result<int64_t> {
        GUICHET_TRY(row, c.QueryOne("SELECT COUNT(*) FROM parent"));
        return row->Int(0);
    });
    EXPECT_EQ(*count, kThreads * kEach);
}

constexpr Migration kAlphaV1[] = {{1, "create", "CREATE TABLE alpha (id TEXT PRIMARY KEY);"}};
constexpr Migration kAlphaV2[] = {{1, "create", "CREATE TABLE alpha (id TEXT PRIMARY KEY);"},
                                  {2, "add column", "ALTER TABLE alpha ADD COLUMN label TEXT;"}};
constexpr Migration kBroken[] = {{1, "create", "CREATE TABLE beta (id TEXT PRIMARY KEY);"},
                                 {2, "broken", "ALTER TABLE nowhere ADD COLUMN x TEXT;"}};

TEST_P(DatabaseContract, MigrationsApplyOnceInOrder) {
    MigrationSet v1[] = {{"alpha", kAlphaV1}};
    auto first = Migrate(*db_, v1);
    ASSERT_TRUE(first) << first.error().detail;
    EXPECT_EQ(first->applied.size(), 1u);
    MigrationSet v2[] = {{"alpha", kAlphaV2}};
    auto second = Migrate(*db_, v2);
    ASSERT_TRUE(second) << second.error().detail;
    ASSERT_EQ(second->applied.size(), 1u);
    EXPECT_EQ(second->applied[0], "alpha/2 add column");
    auto again = Migrate(*db_, v2);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->applied.empty());
}

TEST_P(DatabaseContract, NewerDatabaseIsRefused) {
    MigrationSet v2[] = {{"alpha", kAlphaV2}};
    ASSERT_TRUE(Migrate(*db_, v2));
    MigrationSet v1[] = {{"alpha", kAlphaV1}};
    auto refused = Migrate(*db_, v1);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(refused.error().message.find("plus récente"), std::string::npos);
}

TEST_P(DatabaseContract, FailedMigrationLeavesSchemaUntouched) {
    MigrationSet sets[] = {{"beta", kBroken}};
    EXPECT_FALSE(Migrate(*db_, sets));
    auto tables = db_->Read<int64_t>([](Connection& c) -> Result<int64_t> {
        GUICHET_TRY(rows, c.Query("SELECT module FROM schema_migrations"));
        return static_cast<int64_t>(rows.size());
    });
    // The table itself may not exist after the rollback; either way nothing is recorded.
    EXPECT_TRUE(!tables || *tables == 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DatabaseContract, ::testing::ValuesIn(AllTestDatabases()),
                         testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::storage
