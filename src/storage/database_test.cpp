// Contract tests of storage::Database, run on every driver in AllTestDatabases().
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <thread>

#include "storage/testing.hpp"

namespace guichet::storage {
namespace {

using std::chrono::milliseconds;
using testing::AllTestDatabases;
using testing::LeaseLimits;
using testing::TestDatabase;
using SteadyClock = std::chrono::steady_clock;

milliseconds Since(SteadyClock::time_point start) {
    return std::chrono::duration_cast<milliseconds>(SteadyClock::now() - start);
}

constexpr const char* kSchema =
    "CREATE TABLE parent (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent(id),"
    " n BIGINT, x DOUBLE PRECISION, note TEXT);";

Result<void> InsertParent(Connection& c, const std::string& id) {
    return c.Execute("INSERT INTO parent (id, name) VALUES ($1, $1)", {id}).map([](int64_t) {});
}

Result<int64_t> CountParents(Connection& c) {
    GUICHET_TRY(row, c.QueryOne("SELECT COUNT(*) FROM parent"));
    return row->Int(0);
}

class DatabaseContract : public ::testing::TestWithParam<TestDatabase> {
  protected:
    void SetUp() override {
        db_ = GetParam().open();
        ASSERT_NE(db_, nullptr);
        ASSERT_TRUE(db_->Transaction([](Connection& c) { return c.ExecuteScript(kSchema); }));
    }
    // A second database of the same driver with the given lease limits, with the schema.
    std::unique_ptr<Database> OpenWith(const LeaseLimits& limits) {
        auto db = GetParam().open_with(limits);
        EXPECT_NE(db, nullptr);
        if (db) {
            EXPECT_TRUE(db->Transaction([](Connection& c) { return c.ExecuteScript(kSchema); }));
        }
        return db;
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

TEST_P(DatabaseContract, NestedLeaseOnOneThreadFailsAtOnce) {
    const auto start = SteadyClock::now();
    Result<void> inner_read, inner_write, inner_connection;
    auto outer = db_->Transaction([&](Connection& c) -> Result<void> {
        GUICHET_CHECK(InsertParent(c, "outer"));
        inner_read = db_->Read<int64_t>(CountParents).map([](int64_t) {});
        inner_write = db_->Transaction([](Connection& n) { return InsertParent(n, "inner"); });
        inner_connection = db_->WithConnection([](Connection&) -> Result<void> { return {}; });
        return {};
    });
    EXPECT_LT(Since(start), milliseconds(1000)) << "a nested lease must not wait";
    ASSERT_TRUE(outer) << outer.error().detail;
    for (const auto* inner : {&inner_read, &inner_write, &inner_connection}) {
        ASSERT_FALSE(*inner);
        EXPECT_EQ(inner->error().code, ErrorCode::kInternal);
        EXPECT_NE(inner->error().detail.find("nested database lease"), std::string::npos);
    }
    // Inside a read as well; and the thread may lease again once the outer call has returned.
    Result<void> in_read;
    ASSERT_TRUE(db_->WithConnection([&](Connection&) -> Result<void> {
        in_read = db_->Transaction([](Connection& n) { return InsertParent(n, "in-read"); });
        return {};
    }));
    EXPECT_FALSE(in_read);
    EXPECT_EQ(*db_->Read<int64_t>(CountParents), 1);
}

TEST_P(DatabaseContract, LeaseWaitEndsAtTheDeadlineWithUnavailable) {
    auto db = OpenWith({.readers = 1, .lease_timeout = milliseconds(200)});
    ASSERT_NE(db, nullptr);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::latch reading(1), writing(1);
    // One thread holds the only reader connection, another the writer's turn.
    std::thread reader([&] {
        (void)db->WithConnection([&](Connection&) -> Result<void> {
            reading.count_down();
            released.wait();
            return {};
        });
    });
    std::thread writer([&] {
        (void)db->Transaction([&](Connection& c) -> Result<void> {
            writing.count_down();
            released.wait();
            return InsertParent(c, "held");
        });
    });
    reading.wait();
    writing.wait();
    for (bool write : {false, true}) {
        const auto start = SteadyClock::now();
        Result<void> r = write ? db->Transaction([](Connection& c) { return InsertParent(c, "x"); })
                               : db->WithConnection([](Connection&) -> Result<void> { return {}; });
        const auto waited = Since(start);
        ASSERT_FALSE(r) << (write ? "write" : "read");
        EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
        EXPECT_GT(r.error().retry_after_seconds, 0);
        EXPECT_FALSE(r.error().message.empty());
        EXPECT_GE(waited, milliseconds(150));
        EXPECT_LT(waited, milliseconds(3000));
    }
    release.set_value();
    reader.join();
    writer.join();
    EXPECT_EQ(*db->Read<int64_t>(CountParents), 1);
}

TEST_P(DatabaseContract, ReadersAreServedWhileWritersQueue) {
    auto db = OpenWith({.readers = 2, .lease_timeout = milliseconds(10000)});
    ASSERT_NE(db, nullptr);
    constexpr int kQueued = 6;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::latch writing(1);
    std::atomic<int> failures{0};
    std::vector<std::thread> writers;
    writers.emplace_back([&] {
        auto r = db->Transaction([&](Connection& c) -> Result<void> {
            writing.count_down();
            released.wait();
            return InsertParent(c, "first");
        });
        if (!r) ++failures;
    });
    writing.wait();
    // More writers than reader connections queue behind the first...
    for (int i = 0; i < kQueued; ++i) {
        writers.emplace_back([&, i] {
            auto r = db->Transaction(
                [&](Connection& c) { return InsertParent(c, "queued-" + std::to_string(i)); });
            if (!r) ++failures;
        });
    }
    std::this_thread::sleep_for(milliseconds(100));
    // ... and reads are answered meanwhile, without waiting for them.
    for (int i = 0; i < 20; ++i) {
        const auto start = SteadyClock::now();
        auto count = db->Read<int64_t>(CountParents);
        ASSERT_TRUE(count) << count.error().detail;
        EXPECT_EQ(*count, 0);
        EXPECT_LT(Since(start), milliseconds(500));
    }
    release.set_value();
    for (auto& t : writers) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(*db->Read<int64_t>(CountParents), kQueued + 1);
}

TEST_P(DatabaseContract, ManyWritersAndReadersEveryCommitLands) {
    constexpr int kWriters = 12, kEach = 25, kReaders = 4;
    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::atomic<int64_t> slowest_read_ms{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kWriters; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                std::string id = std::to_string(t) + "-" + std::to_string(i);
                // Half in transactions, half as single statements outside one.
                auto r =
                    i % 2 == 0
                        ? db_->Transaction([&](Connection& c) { return InsertParent(c, id); })
                        : db_->WithConnection([&](Connection& c) { return InsertParent(c, id); });
                if (!r) ++failures;
            }
        });
    }
    for (int t = 0; t < kReaders; ++t) {
        threads.emplace_back([&] {
            int64_t last = 0;
            while (!done) {
                const auto start = SteadyClock::now();
                auto count = db_->Read<int64_t>(CountParents);
                const int64_t ms = Since(start).count();
                if (ms > slowest_read_ms) slowest_read_ms = ms;
                // Committed writes never disappear from later reads.
                if (!count || *count < last) ++failures;
                if (count) last = *count;
            }
        });
    }
    for (int t = 0; t < kWriters; ++t) threads[static_cast<std::size_t>(t)].join();
    done = true;
    for (int t = kWriters; t < kWriters + kReaders; ++t)
        threads[static_cast<std::size_t>(t)].join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(*db_->Read<int64_t>(CountParents), kWriters * kEach);
    EXPECT_LT(slowest_read_ms.load(), 1000) << "reads waited behind writers";
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
