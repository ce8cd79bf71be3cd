#include "storage/sqlite_database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/log.hpp"

namespace guichet::storage {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Deadline = SteadyClock::time_point;

// A transient overload: the caller may retry in a second (HTTP 503 with Retry-After).
Error Busy(std::string detail) {
    return Error{ErrorCode::kUnavailable,
                 "Le service est très sollicité ; veuillez réessayer dans un instant.",
                 std::move(detail), "busy", 1};
}

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
    int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    std::string detail = std::string(what) + ": " +
                         (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) + " (" +
                         std::to_string(extended) + ")";
    switch (extended) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return Error{ErrorCode::kAlreadyExists, "Cet élément existe déjà.", detail, "conflict",
                         0};
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            return Error{
                ErrorCode::kFailedPrecondition,
                "Cet élément dépend d'un autre élément qui n'existe pas ou est encore utilisé.",
                detail, "conflict", 0};
        default:
            break;
    }
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Busy(std::move(detail));
        case SQLITE_CONSTRAINT:
            return Error{ErrorCode::kInvalidArgument,
                         "Les données ne respectent pas une contrainte.", detail, "constraint", 0};
        default:
            return Error{ErrorCode::kInternal, "Une erreur interne est survenue.", detail, {}, 0};
    }
}

// Serialises the process's writers in arrival order; each waits at most until its deadline.
// SQLite has one writer at a time: a writer waiting here holds no connection, so the connections
// stay free for readers.
class WriterGate {
  public:
    Result<void> Acquire(Deadline deadline) {
        std::unique_lock lock(mutex_);
        const std::uint64_t ticket = next_++;
        waiting_.push_back(ticket);
        if (!changed_.wait_until(lock, deadline,
                                 [&] { return !busy_ && waiting_.front() == ticket; })) {
            waiting_.erase(std::find(waiting_.begin(), waiting_.end(), ticket));
            lock.unlock();
            changed_.notify_all();  // The next in line may have been waiting behind this one.
            return Fail(Busy("no turn to write within the database lease timeout"));
        }
        waiting_.pop_front();
        busy_ = true;
        return {};
    }

    void Release() {
        {
            std::lock_guard lock(mutex_);
            busy_ = false;
        }
        changed_.notify_all();
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::uint64_t> waiting_;
    std::uint64_t next_ = 0;
    bool busy_ = false;
};

// Releases the writer's turn, if taken, at the end of the scope.
class WriterTurn {
  public:
    explicit WriterTurn(WriterGate* gate) : gate_(gate) {}
    ~WriterTurn() {
        if (gate_ != nullptr) gate_->Release();
    }
    WriterTurn(const WriterTurn&) = delete;
    WriterTurn& operator=(const WriterTurn&) = delete;
    void Take(WriterGate* gate) { gate_ = gate; }

  private:
    WriterGate* gate_;
};

// The databases of which the calling thread holds a connection. A second lease on the same
// thread could wait for connections that only this thread would give back: it is refused.
thread_local std::vector<const void*> t_held;

// Marks the calling thread as holding a connection of a database for the scope.
class Held {
  public:
    // Fails, loudly, when the thread already holds a connection of `db`.
    static Result<void> Check(const void* db, std::string_view call) {
        if (std::find(t_held.begin(), t_held.end(), db) == t_held.end()) return {};
        std::string detail = "nested database lease: " + std::string(call) +
                             " called on a thread that already holds a connection of this "
                             "database; pass the Connection& down instead";
        log::Error("nested database lease", {{"call", call}, {"detail", detail}});
        return Fail(ErrorCode::kInternal, "Une erreur interne est survenue.", std::move(detail));
    }
    explicit Held(const void* db) : db_(db) { t_held.push_back(db); }
    ~Held() { t_held.erase(std::find(t_held.rbegin(), t_held.rend(), db_).base() - 1); }
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;

  private:
    const void* db_;
};

class SqliteConnection final : public Connection {
  public:
    // `gate`: for a reader connection, the writers' gate its autocommit writes queue on; null for
    // the writer connection, only used in the writer's turn.
    SqliteConnection(sqlite3* db, WriterGate* gate, SteadyClock::duration lease_timeout)
        : db_(db), gate_(gate), lease_timeout_(lease_timeout) {}
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        sqlite3_close_v2(db_);
    }
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    Result<int64_t> Execute(std::string_view sql, const Params& params) override {
        GUICHET_TRY(stmt, Prepare(sql, params));
        WriterTurn turn(nullptr);
        GUICHET_CHECK(TakeTurnToWrite(stmt, turn));
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE) {
            Error e = SqliteError(db_, rc, "execute");
            sqlite3_reset(stmt);
            return Fail(std::move(e));
        }
        sqlite3_reset(stmt);
        return static_cast<int64_t>(sqlite3_changes(db_));
    }

    Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
        GUICHET_TRY(stmt, Prepare(sql, params));
        WriterTurn turn(nullptr);
        GUICHET_CHECK(TakeTurnToWrite(stmt, turn));
        std::vector<Row> rows;
        int columns = sqlite3_column_count(stmt);
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            std::vector<Value> values;
            values.reserve(static_cast<std::size_t>(columns));
            for (int i = 0; i < columns; ++i) {
                switch (sqlite3_column_type(stmt, i)) {
                    case SQLITE_INTEGER:
                        values.emplace_back(int64_t{sqlite3_column_int64(stmt, i)});
                        break;
                    case SQLITE_FLOAT:
                        values.emplace_back(sqlite3_column_double(stmt, i));
                        break;
                    case SQLITE_NULL:
                        values.emplace_back(nullptr);
                        break;
                    default: {
                        const auto* text =
                            reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
                        int size = sqlite3_column_bytes(stmt, i);
                        values.emplace_back(std::string(text, static_cast<std::size_t>(size)));
                    }
                }
            }
            rows.emplace_back(std::move(values));
        }
        if (rc != SQLITE_DONE) {
            Error e = SqliteError(db_, rc, "query");
            sqlite3_reset(stmt);
            return Fail(std::move(e));
        }
        sqlite3_reset(stmt);
        return rows;
    }

    Result<void> ExecuteScript(std::string_view sql) override {
        char* message = nullptr;
        int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            std::string text = message ? message : "";
            sqlite3_free(message);
            return Fail(ErrorCode::kInternal, "Une erreur interne est survenue.",
                        "script: " + text);
        }
        return {};
    }

  private:
    // A write outside a transaction on a reader connection (in WithConnection) queues with the
    // transactions' writers for the statement, instead of spinning on SQLite's write lock.
    Result<void> TakeTurnToWrite(sqlite3_stmt* stmt, WriterTurn& turn) {
        if (gate_ == nullptr || sqlite3_stmt_readonly(stmt) || !sqlite3_get_autocommit(db_))
            return {};
        GUICHET_CHECK(gate_->Acquire(SteadyClock::now() + lease_timeout_));
        turn.Take(gate_);
        return {};
    }

    // Returns a cached prepared statement with `params` bound to $1..$n.
    Result<sqlite3_stmt*> Prepare(std::string_view sql, const Params& params) {
        std::string key(sql);
        sqlite3_stmt* stmt = nullptr;
        auto it = cache_.find(key);
        if (it != cache_.end()) {
            stmt = it->second;
        } else {
            int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                        SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
            if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, "prepare: " + key));
            cache_.emplace(std::move(key), stmt);
        }
        sqlite3_clear_bindings(stmt);
        if (static_cast<std::size_t>(sqlite3_bind_parameter_count(stmt)) != params.size()) {
            return Fail(ErrorCode::kInternal, "Une erreur interne est survenue.",
                        "parameter count mismatch for: " + std::string(sql));
        }
        for (std::size_t i = 0; i < params.size(); ++i) {
            std::string name = "$" + std::to_string(i + 1);
            int index = sqlite3_bind_parameter_index(stmt, name.c_str());
            if (index == 0) {
                return Fail(ErrorCode::kInternal, "Une erreur interne est survenue.",
                            "placeholder " + name + " missing in: " + std::string(sql));
            }
            const Value& v = params[i];
            int rc = SQLITE_OK;
            if (std::holds_alternative<std::nullptr_t>(v)) {
                rc = sqlite3_bind_null(stmt, index);
            } else if (auto p = std::get_if<int64_t>(&v)) {
                rc = sqlite3_bind_int64(stmt, index, *p);
            } else if (auto p = std::get_if<double>(&v)) {
                rc = sqlite3_bind_double(stmt, index, *p);
            } else {
                const std::string& s = std::get<std::string>(v);
                rc = sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()),
                                       SQLITE_TRANSIENT);
            }
            if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, "bind"));
        }
        return stmt;
    }

    sqlite3* db_;
    WriterGate* gate_;
    SteadyClock::duration lease_timeout_;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
  public:
    explicit SqliteDatabase(const SqliteOptions& options)
        : lease_timeout_(std::chrono::milliseconds(std::max(0, options.lease_timeout_ms))) {}
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    std::string_view Dialect() const override { return "sqlite"; }

    Result<void> Open(const SqliteOptions& options) {
        // ":memory:" names a new database on each open: its one connection serves everything.
        const int readers = options.path == ":memory:" ? 0 : std::max(1, options.pool_size);
        GUICHET_TRY(writer, OpenConnection(options, nullptr));
        writer_ = std::move(writer);
        for (int i = 0; i < readers; ++i) {
            GUICHET_TRY(reader, OpenConnection(options, &gate_));
            free_.push_back(std::move(reader));
        }
        has_readers_ = readers > 0;
        return {};
    }

    Result<void> WithConnection(const std::function<Result<void>(Connection&)>& fn) override {
        const Deadline deadline = SteadyClock::now() + lease_timeout_;
        GUICHET_CHECK(Held::Check(this, "WithConnection"));
        Held held(this);
        if (!has_readers_) {
            GUICHET_CHECK(gate_.Acquire(deadline));
            WriterTurn turn(&gate_);
            return fn(*writer_);
        }
        GUICHET_TRY(connection, TakeReader(deadline));
        ReaderLease lease(*this, std::move(connection));
        return fn(*lease.connection);
    }

    Result<void> Transaction(const std::function<Result<void>(Connection&)>& fn) override {
        const Deadline deadline = SteadyClock::now() + lease_timeout_;
        GUICHET_CHECK(Held::Check(this, "Transaction"));
        Held held(this);
        // Writers queue here, holding no connection; the writer connection is the turn's own.
        GUICHET_CHECK(gate_.Acquire(deadline));
        WriterTurn turn(&gate_);
        SqliteConnection& c = *writer_;
        GUICHET_CHECK(c.Execute("BEGIN IMMEDIATE", {}));
        Result<void> result = fn(c);
        if (result) {
            auto committed = c.Execute("COMMIT", {});
            if (committed) return {};
            result = tl::unexpected(committed.error());
        }
        // Rollback can fail only if SQLite already rolled back (e.g. after SQLITE_FULL).
        (void)c.Execute("ROLLBACK", {});
        return result;
    }

  private:
    Result<std::unique_ptr<SqliteConnection>> OpenConnection(const SqliteOptions& options,
                                                             WriterGate* gate) {
        sqlite3* db = nullptr;
        int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
        if (rc != SQLITE_OK) {
            std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
            sqlite3_close_v2(db);
            return Fail(ErrorCode::kUnavailable,
                        "Impossible d'ouvrir la base de données « " + options.path + " ».",
                        "sqlite3_open_v2(" + options.path + "): " + detail);
        }
        auto connection = std::make_unique<SqliteConnection>(db, gate, lease_timeout_);
        // Another process (the CLI) may write to the same file: its write lock is waited for.
        sqlite3_busy_timeout(db, options.busy_timeout_ms);
        // WAL lets readers run beside the one writer; FULL syncs the WAL at each commit so an
        // acknowledged write survives a crash of the process and of the machine.
        GUICHET_CHECK(connection->ExecuteScript(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
            "PRAGMA temp_store=MEMORY;"));
        return connection;
    }

    // A free reader connection, waiting until `deadline` while all are in use.
    Result<std::unique_ptr<SqliteConnection>> TakeReader(Deadline deadline) {
        std::unique_lock lock(mutex_);
        if (!available_.wait_until(lock, deadline, [&] { return !free_.empty(); }))
            return Fail(Busy("no free database connection within the lease timeout"));
        auto connection = std::move(free_.back());
        free_.pop_back();
        return connection;
    }

    // Gives a reader connection back to the pool when the call ends.
    struct ReaderLease {
        ReaderLease(SqliteDatabase& db, std::unique_ptr<SqliteConnection> c)
            : owner(db), connection(std::move(c)) {}
        ~ReaderLease() {
            {
                std::lock_guard lock(owner.mutex_);
                owner.free_.push_back(std::move(connection));
            }
            owner.available_.notify_one();
        }
        ReaderLease(const ReaderLease&) = delete;
        ReaderLease& operator=(const ReaderLease&) = delete;
        SqliteDatabase& owner;
        std::unique_ptr<SqliteConnection> connection;
    };

    const SteadyClock::duration lease_timeout_;
    WriterGate gate_;
    std::unique_ptr<SqliteConnection> writer_;  // Used only by the holder of gate_.
    bool has_readers_ = false;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<SqliteConnection>> free_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options) {
    auto db = std::make_unique<SqliteDatabase>(options);
    GUICHET_CHECK(db->Open(options));
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace guichet::storage
