// Test support of the knowledge module: a fresh database (every storage driver) migrated with
// tenancy's and knowledge's tables, an in-memory search index, a fake clock, a real
// TenancyService with one tenant, and the knowledge services built on them.
#pragma once

#include <memory>
#include <string>

#include <date/tz.h>
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "knowledge/article_service.hpp"
#include "knowledge/event_service.hpp"
#include "knowledge/place_service.hpp"
#include "knowledge/schema.hpp"
#include "search/search_index.hpp"
#include "storage/testing.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge::testing {

inline const date::time_zone* Paris() { return date::locate_zone("Europe/Paris"); }

inline date::local_days Day(int y, unsigned m, unsigned d) {
    return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

// The instant of a wall-clock time in Paris.
inline TimePoint ParisTime(int y, unsigned m, unsigned d, int hour, int minute = 0) {
    return Paris()->to_sys(date::local_seconds(Day(y, m, d)) + std::chrono::hours(hour) +
                           std::chrono::minutes(minute));
}

class KnowledgeTest : public ::testing::TestWithParam<storage::testing::TestDatabase> {
  protected:
    void SetUp() override {
        db_ = GetParam().open();
        ASSERT_NE(db_, nullptr);
        storage::MigrationSet sets[] = {{"tenancy", tenancy::TenancyService::Migrations()},
                                        {"knowledge", Migrations()}};
        auto migrated = storage::Migrate(*db_, sets);
        ASSERT_TRUE(migrated) << migrated.error().detail;
        auto index = search::SearchIndex::InMemory();
        ASSERT_TRUE(index) << index.error().detail;
        index_ = std::move(*index);
        tenancy_ = std::make_unique<tenancy::TenancyService>(*db_, clock_);
        articles_ = std::make_unique<ArticleService>(*db_, clock_, *index_);
        places_ = std::make_unique<PlaceService>(*db_, clock_, *tenancy_);
        events_ = std::make_unique<EventService>(*db_, clock_, *tenancy_);
        tenant_ = MakeTenant("villebelle");
    }

    std::string MakeTenant(const std::string& slug) {
        auto t = tenancy_->CreateTenant(
            {.slug = slug, .name = "Mairie de " + slug, .department = "91", .school_zone = "C"});
        EXPECT_TRUE(t) << (t ? "" : t.error().message);
        return t ? t->id : std::string();
    }

    // Monday 1 March 2027, 10:00 in Paris.
    FakeClock clock_{ParisTime(2027, 3, 1, 10)};
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<search::SearchIndex> index_;
    std::unique_ptr<tenancy::TenancyService> tenancy_;
    std::unique_ptr<ArticleService> articles_;
    std::unique_ptr<PlaceService> places_;
    std::unique_ptr<EventService> events_;
    std::string tenant_;
};

}  // namespace guichet::knowledge::testing
