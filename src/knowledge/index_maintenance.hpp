// IndexMaintenance: the rule that keeps the articles' search index equal to the database, for
// every tenant: scheduled publications that became due are indexed, and a tenant whose index
// does not match its articles (first start, an index removed by hand, a stop between a commit
// and its indexing, a command-line import that ran beside the server) is reindexed. The
// composition root calls Repair when it opens and the scheduler's "index-repair" job calls
// Maintain (core/scheduler.hpp); no timer here.
//
// Contract: reads tenancy's list of tenants, then works tenant by tenant through ArticleService
// (its own connections: never call while holding one). Errors are those of the database or the
// index; the first one stops the run (the next run starts again). Thread-safety: as
// ArticleService; header-only.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/log.hpp"
#include "core/result.hpp"
#include "knowledge/article_service.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge {

class IndexMaintenance {
  public:
    // Told "réindexation des articles de <slug>" before each tenant reindexed.
    using Progress = std::function<void(std::string_view)>;

    IndexMaintenance(ArticleService& articles, tenancy::TenancyService& tenancy)
        : articles_(articles), tenancy_(tenancy) {}

    // Reindexes every tenant whose index does not match the database.
    Result<void> Repair(const Progress& progress = {}) {
        GUICHET_TRY(tenants, tenancy_.ListTenants());
        for (const auto& tenant : tenants) {
            GUICHET_TRY(current, articles_.IndexIsCurrent(tenant.id));
            if (current) continue;
            if (progress) progress("réindexation des articles de " + tenant.slug);
            GUICHET_TRY(count, articles_.Reindex(tenant.id));
            log::Info("search index rebuilt", {{"tenant", tenant.slug}, {"articles", count}});
        }
        return {};
    }

    // The periodic job: the publications that became due, then Repair.
    Result<void> Maintain() {
        GUICHET_CHECK(articles_.PublishDue());
        return Repair();
    }

  private:
    ArticleService& articles_;
    tenancy::TenancyService& tenancy_;
};

}  // namespace guichet::knowledge
