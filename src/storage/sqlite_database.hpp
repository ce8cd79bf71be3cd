// The SQLite driver of storage::Database: the embedded default.
//
// One database file in WAL mode with foreign keys on, synchronous=FULL (an acknowledged commit is
// on disk), a busy timeout, and a pool of connections, one per worker thread, each with its own
// prepared-statement cache. Write transactions start with BEGIN IMMEDIATE so that two writers
// queue on the busy timeout instead of failing on a lock upgrade.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace guichet::storage {

struct SqliteOptions {
    std::string path;   // A file path, or ":memory:" (then the pool has one connection).
    int pool_size = 4;  // Connections; match the number of worker threads.
    int busy_timeout_ms = 10000;
};

Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options);

}  // namespace guichet::storage
