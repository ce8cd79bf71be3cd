// Database: the storage interface every repository is written against.
//
// SQL is written once, in the common subset of SQLite and PostgreSQL, with `$1..$n` placeholders.
// Times are BIGINT milliseconds since the Unix epoch (UTC); ids are TEXT (core/ids.hpp); booleans
// are INTEGER 0/1. Drivers: SQLite (sqlite_database.hpp), PostgreSQL (later, same contract tests).
//
// Thread-safety: a Database is shared by all worker threads; each call borrows a Connection from
// the driver for its duration, so a Connection is only ever used by one thread at a time.
// All calls block: call them from the worker pool, never from an I/O thread.
//
// Leases (the contract of every driver):
// - One lease per thread. A call made while the same thread already holds a Connection of this
//   Database (a Read inside a Transaction's function, a Transaction inside a WithConnection...)
//   fails at once with kInternal: it could wait for a connection that only this thread would give
//   back. Code that runs inside a transaction takes the caller's `Connection&` instead.
//   The right pattern: a read that other code needs inside its transaction is a function of the
//   caller's connection (a static one when it belongs to another module's service):
//
//     // tenancy: static Result<std::optional<Service>> FindService(Connection&, tenant, id);
//     return db_.Write<Agent>([&](Connection& c) -> Result<Agent> {
//         GUICHET_TRY(service, TenancyService::FindService(c, tenant_id, service_id));  // Right.
//         // GUICHET_TRY(service, tenancy_.GetService(tenant_id, service_id));  // Wrong: it
//         //   borrows a second connection (db_.Read) and fails at once with kInternal.
//         ...
//     });
//
//   Everything that can be read before the transaction (validation, a tenant's settings) is read
//   before it, in its own call, not inside the lambda.
// - Writers queue without holding a connection: one transaction at a time writes, the others wait
//   their turn in arrival order, and readers (WithConnection, Read) are served meanwhile. Keep
//   transactions short: everything that can be read or computed before belongs before.
// - Waits are bounded: a call that gets no connection or no turn to write within the driver's
//   lease timeout fails with kUnavailable (a French "retry in a moment" message and
//   retry_after_seconds set, so HTTP answers 503 with Retry-After) instead of hanging.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace guichet::storage {

using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;
using Params = std::vector<Value>;

// An optional text as a parameter: the text, or NULL.
inline Value Nullable(const std::optional<std::string>& text) {
    return text ? Value(*text) : Value(nullptr);
}

// An optional instant as a parameter: its milliseconds since the epoch (see the header), or NULL.
inline Value Nullable(const std::optional<TimePoint>& t) {
    return t ? Value(ToUnixMillis(*t)) : Value(nullptr);
}

// One result row. Accessors assume the column has the named type; a NULL reads as 0 / "".
class Row {
  public:
    explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
    std::size_t size() const { return values_.size(); }
    bool IsNull(std::size_t i) const {
        return std::holds_alternative<std::nullptr_t>(values_.at(i));
    }
    int64_t Int(std::size_t i) const;
    double Real(std::size_t i) const;
    std::string Text(std::size_t i) const;
    std::optional<std::string> OptText(std::size_t i) const;
    std::optional<int64_t> OptInt(std::size_t i) const;
    // A time column (milliseconds since the epoch), or nullopt when NULL.
    std::optional<TimePoint> OptTime(std::size_t i) const;

  private:
    std::vector<Value> values_;
};

class Connection {
  public:
    virtual ~Connection() = default;
    // Runs one statement; returns the number of rows changed.
    virtual Result<int64_t> Execute(std::string_view sql, const Params& params = {}) = 0;
    // Runs one query and returns all its rows.
    virtual Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) = 0;
    // Runs several statements without parameters (schema migrations).
    virtual Result<void> ExecuteScript(std::string_view sql) = 0;

    // The first row, or nullopt when there is none.
    Result<std::optional<Row>> QueryOne(std::string_view sql, const Params& params = {});
};

class Database {
  public:
    virtual ~Database() = default;

    // "sqlite" or "postgresql", for the rare statement that must differ.
    virtual std::string_view Dialect() const = 0;

    // Runs `fn` on a borrowed connection, outside any explicit transaction (each statement
    // commits on its own). For reads and single-statement writes; a statement that writes takes
    // the writers' turn for its duration. `fn` must not call this Database (see Leases).
    virtual Result<void> WithConnection(const std::function<Result<void>(Connection&)>& fn) = 0;

    // Runs `fn` in a write transaction: committed when `fn` succeeds, rolled back when it fails.
    // Once this returns success the write is durable (it survives a kill -9 of the process).
    // Waits for the writers' turn first (see Leases); `fn` must not call this Database.
    virtual Result<void> Transaction(const std::function<Result<void>(Connection&)>& fn) = 0;

    // Typed conveniences over the two calls above.
    template <typename T>
    Result<T> Read(const std::function<Result<T>(Connection&)>& fn) {
        std::optional<T> out;
        GUICHET_CHECK(WithConnection([&](Connection& c) -> Result<void> {
            GUICHET_TRY(value, fn(c));
            out.emplace(std::move(value));
            return {};
        }));
        return std::move(*out);
    }
    template <typename T>
    Result<T> Write(const std::function<Result<T>(Connection&)>& fn) {
        std::optional<T> out;
        GUICHET_CHECK(Transaction([&](Connection& c) -> Result<void> {
            GUICHET_TRY(value, fn(c));
            out.emplace(std::move(value));
            return {};
        }));
        return std::move(*out);
    }
};

}  // namespace guichet::storage
