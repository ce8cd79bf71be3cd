#include "storage/migrations.hpp"

#include <map>

#include "core/clock.hpp"

namespace guichet::storage {

Result<MigrationReport> Migrate(Database& db, std::span<const MigrationSet> sets,
                                const std::function<void(std::string_view)>& progress) {
    std::map<std::string, int, std::less<>> known;
    for (const MigrationSet& set : sets) {
        for (std::size_t i = 0; i < set.migrations.size(); ++i) {
            if (set.migrations[i].version != static_cast<int>(i) + 1) {
                return Fail(ErrorCode::kInternal, "Une erreur interne est survenue.",
                            "migrations of " + std::string(set.module) + " are not numbered 1..n");
            }
        }
        known[std::string(set.module)] = static_cast<int>(set.migrations.size());
    }

    return db.Write<MigrationReport>([&](Connection& c) -> Result<MigrationReport> {
        GUICHET_CHECK(
            c.ExecuteScript("CREATE TABLE IF NOT EXISTS schema_migrations ("
                            " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
                            " applied_at BIGINT NOT NULL, PRIMARY KEY (module, version))"));
        GUICHET_TRY(rows,
                    c.Query("SELECT module, MAX(version) FROM schema_migrations GROUP BY module"));
        std::map<std::string, int, std::less<>> current;
        for (const Row& row : rows) {
            std::string module = row.Text(0);
            int version = static_cast<int>(row.Int(1));
            auto it = known.find(module);
            if (it == known.end() || version > it->second) {
                return Fail(ErrorCode::kFailedPrecondition,
                            "Cette base de données a été créée par une version plus récente de "
                            "Guichet (module « " +
                                module + " », version " + std::to_string(version) +
                                "). Installez cette version ou une plus récente.",
                            "database schema is newer than this binary", "schema-too-new");
            }
            current[module] = version;
        }
        MigrationReport report;
        for (const MigrationSet& set : sets) {
            int have = current.contains(set.module) ? current.find(set.module)->second : 0;
            for (const Migration& m : set.migrations) {
                if (m.version <= have) continue;
                std::string label = std::string(set.module) + "/" + std::to_string(m.version) +
                                    " " + std::string(m.name);
                if (progress) progress(label);
                GUICHET_CHECK(c.ExecuteScript(m.sql));
                GUICHET_CHECK(
                    c.Execute("INSERT INTO schema_migrations (module, version, name, applied_at) "
                              "VALUES ($1, $2, $3, $4)",
                              {std::string(set.module), int64_t{m.version}, std::string(m.name),
                               int64_t{ToUnixMillis(std::chrono::system_clock::now())}}));
                report.applied.push_back(std::move(label));
            }
        }
        return report;
    });
}

}  // namespace guichet::storage
