// The SQLite driver of storage::Database: the embedded default.
//
// One database file in WAL mode with foreign keys on, synchronous=FULL (an acknowledged commit is
// on disk) and a busy timeout. Connections, each with its own prepared-statement cache:
// - one writer connection, used by Transaction (and Write) only, one call at a time. Writers of
//   this process queue in arrival order on an in-process gate *before* they touch a connection,
//   each waiting at most the lease timeout (then kUnavailable); the connection then starts with
//   BEGIN IMMEDIATE, whose busy timeout is left for writers of other processes (the CLI working on
//   the data directory of a running server);
// - a pool of `pool_size` reader connections for WithConnection (and Read), waited for at most the
//   lease timeout. A reader never waits behind a writer: WAL readers do not take SQLite's write
//   lock, and a writer never holds a reader connection. A statement that writes outside a
//   transaction on a reader connection takes the writers' turn for that statement only.
// ":memory:" opens one connection that serves every call in the writers' turn (each open of
// ":memory:" would be another database).
// A nested lease (any call on a thread that already holds one of this database's connections)
// fails at once with kInternal and an error log line, rather than risking a deadlock.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace guichet::storage {

struct SqliteOptions {
    std::string path;   // A file path, or ":memory:" (then one connection serves every call).
    int pool_size = 4;  // Reader connections; match the number of worker threads.
    int busy_timeout_ms = 10000;  // How long a write waits for another process's write lock.
    int lease_timeout_ms = 5000;  // How long a call waits for a connection or its turn to write.
};

Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options);

}  // namespace guichet::storage
