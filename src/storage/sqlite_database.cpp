#include "storage/sqlite_database.hpp"

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace guichet::storage {
namespace {

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
            return Error{ErrorCode::kUnavailable,
                         "Le service est très sollicité ; veuillez réessayer dans un instant.",
                         detail, "busy", 1};
        case SQLITE_CONSTRAINT:
            return Error{ErrorCode::kInvalidArgument,
                         "Les données ne respectent pas une contrainte.", detail, "constraint", 0};
        default:
            return Error{ErrorCode::kInternal, "Une erreur interne est survenue.", detail, {}, 0};
    }
}

class SqliteConnection final : public Connection {
  public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        sqlite3_close_v2(db_);
    }
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    Result<int64_t> Execute(std::string_view sql, const Params& params) override {
        GUICHET_TRY(stmt, Prepare(sql, params));
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

    sqlite3* handle() { return db_; }

  private:
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
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
  public:
    std::string_view Dialect() const override { return "sqlite"; }

    Result<void> Open(const SqliteOptions& options) {
        int pool = options.path == ":memory:" ? 1 : std::max(1, options.pool_size);
        for (int i = 0; i < pool; ++i) {
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
            auto connection = std::make_unique<SqliteConnection>(db);
            sqlite3_busy_timeout(db, options.busy_timeout_ms);
            // WAL lets readers run beside the one writer; FULL syncs the WAL at each commit so an
            // acknowledged write survives a crash of the process and of the machine.
            GUICHET_CHECK(connection->ExecuteScript(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                "PRAGMA temp_store=MEMORY;"));
            free_.push_back(std::move(connection));
        }
        return {};
    }

    Result<void> WithConnection(const std::function<Result<void>(Connection&)>& fn) override {
        Lease lease(*this);
        return fn(*lease.connection);
    }

    Result<void> Transaction(const std::function<Result<void>(Connection&)>& fn) override {
        Lease lease(*this);
        SqliteConnection& c = *lease.connection;
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
    // Borrows one connection for the lifetime of the lease; waits while all are in use.
    struct Lease {
        explicit Lease(SqliteDatabase& db) : owner(db) {
            std::unique_lock lock(owner.mutex_);
            owner.available_.wait(lock, [&] { return !owner.free_.empty(); });
            connection = std::move(owner.free_.back());
            owner.free_.pop_back();
        }
        ~Lease() {
            {
                std::lock_guard lock(owner.mutex_);
                owner.free_.push_back(std::move(connection));
            }
            owner.available_.notify_one();
        }
        SqliteDatabase& owner;
        std::unique_ptr<SqliteConnection> connection;
    };

    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<SqliteConnection>> free_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options) {
    auto db = std::make_unique<SqliteDatabase>();
    GUICHET_CHECK(db->Open(options));
    return std::unique_ptr<Database>(std::move(db));
}

}  // namespace guichet::storage
