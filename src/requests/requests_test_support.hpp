// Test support of the requests module. RequestsTest: a fresh database (every storage driver)
// migrated with tenancy's, identity's and requests' tables, a fake clock, an in-process bus whose
// events are recorded, a temporary attachments directory, a real TenancyService with one tenant and
// the request services built on them (RequestStack).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <date/tz.h>
#include <gtest/gtest.h>

#include "bus/event_bus.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "identity/identity_service.hpp"
#include "requests/schema.hpp"
#include "requests/testing_stack.hpp"
#include "storage/testing.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests::testing {

inline const date::time_zone* Paris() { return date::locate_zone("Europe/Paris"); }

// The instant of a wall-clock time in Paris.
inline TimePoint ParisTime(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
    return Paris()->to_sys(
        date::local_seconds(date::local_days{date::year{y} / date::month{m} / date::day{d}}) +
        std::chrono::hours(hour) + std::chrono::minutes(minute));
}

// The lighter fixture of the letter and template tests: tenancy's and requests' tables, one
// tenant "Mairie de Villebelle", the clock at `start`, a temporary attachments directory.
class OneTenantTest : public ::testing::TestWithParam<storage::testing::TestDatabase> {
  protected:
    explicit OneTenantTest(TimePoint start) : clock_(start) {}

    void SetUp() override {
        db_ = GetParam().open();
        ASSERT_NE(db_, nullptr);
        storage::MigrationSet sets[] = {{"tenancy", tenancy::TenancyService::Migrations()},
                                        {"requests", Migrations()}};
        ASSERT_TRUE(storage::Migrate(*db_, sets));
        tenancy_ = std::make_unique<tenancy::TenancyService>(*db_, clock_);
        dir_ = std::filesystem::temp_directory_path() / ("guichet-requests-test-" + NewId());
        requests_ = std::make_unique<RequestStack>(*db_, clock_, bus_, *tenancy_, dir_);
        auto tenant =
            tenancy_->CreateTenant({.slug = "villebelle", .name = "Mairie de Villebelle"});
        ASSERT_TRUE(tenant);
        tenant_ = tenant->id;
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    FakeClock clock_;
    bus::InProcessBus bus_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<tenancy::TenancyService> tenancy_;
    std::unique_ptr<RequestStack> requests_;
    std::filesystem::path dir_;
    std::string tenant_;
};

class RequestsTest : public ::testing::TestWithParam<storage::testing::TestDatabase> {
  protected:
    void SetUp() override {
        db_ = GetParam().open();
        ASSERT_NE(db_, nullptr);
        storage::MigrationSet sets[] = {{"tenancy", tenancy::TenancyService::Migrations()},
                                        {"identity", identity::IdentityService::Migrations()},
                                        {"requests", Migrations()}};
        auto migrated = storage::Migrate(*db_, sets);
        ASSERT_TRUE(migrated) << migrated.error().detail;
        attachments_ =
            std::filesystem::temp_directory_path() / ("guichet-requests-test-" + NewId());
        std::filesystem::create_directories(attachments_);
        subscription_ = bus_.Subscribe([this](const bus::Event& e) {
            std::lock_guard lock(events_mutex_);
            events_.push_back(e);
        });
        tenancy_ = std::make_unique<tenancy::TenancyService>(*db_, clock_);
        identity_ = std::make_unique<identity::IdentityService>(
            *db_, clock_,
            identity::IdentityOptions{.password_cost = identity::PasswordCost::Minimum()});
        requests_ = std::make_unique<RequestStack>(*db_, clock_, bus_, *tenancy_, attachments_);
        tenant_ = MakeTenant("villebelle", "91");
    }

    void TearDown() override {
        bus_.Unsubscribe(subscription_);
        std::error_code ec;
        std::filesystem::remove_all(attachments_, ec);
    }

    std::string MakeTenant(const std::string& slug, const std::string& department) {
        auto t = tenancy_->CreateTenant(
            {.slug = slug, .name = "Mairie de " + slug, .department = department});
        EXPECT_TRUE(t) << (t ? "" : t.error().message);
        return t ? t->id : std::string();
    }

    std::string MakeService(const std::string& tenant, const std::string& name) {
        auto s = tenancy_->CreateService(tenant, {.name = name});
        EXPECT_TRUE(s) << (s ? "" : s.error().message);
        return s ? s->id : std::string();
    }

    std::string MakeAgent(const std::string& tenant, const std::string& email) {
        auto a = identity_->CreateAgent(tenant,
                                        {.email = email,
                                         .display_name = "Agent " + email,
                                         .password = "Un-mot-de-passe-de-test-2027",
                                         .roles = {identity::Role::kCaseAgent}},
                                        identity::Actor{"system", std::nullopt, ""});
        EXPECT_TRUE(a) << (a ? "" : a.error().message);
        return a ? a->id : std::string();
    }

    // A web request of a citizen with an e-mail address.
    static NewRequest Web(std::string subject, std::string description = "Merci de votre aide.") {
        NewRequest in;
        in.channel = Channel::kWeb;
        in.citizen = {"Jeanne Dupont", "jeanne.dupont@example.org", "01 99 00 12 34", std::nullopt};
        in.subject = std::move(subject);
        in.description = std::move(description);
        return in;
    }

    Request Create(const NewRequest& in, const std::string& tenant = {}) {
        auto created =
            requests_->lifecycle.Create(tenant.empty() ? tenant_ : tenant, in, agent_actor_);
        EXPECT_TRUE(created) << (created ? "" : created.error().message);
        return created ? *created : Request{};
    }

    std::vector<bus::Event> Events() {
        std::lock_guard lock(events_mutex_);
        return events_;
    }
    std::vector<bus::Event> EventsOfType(const std::string& type) {
        std::vector<bus::Event> out;
        for (auto& e : Events())
            if (e.type == type) out.push_back(e);
        return out;
    }
    void ClearEvents() {
        std::lock_guard lock(events_mutex_);
        events_.clear();
    }

    // Monday 1 March 2027, 10:00 in Paris.
    FakeClock clock_{ParisTime(2027, 3, 1, 10)};
    bus::InProcessBus bus_;
    bus::EventBus::SubscriptionId subscription_ = 0;
    std::mutex events_mutex_;
    std::vector<bus::Event> events_;
    std::filesystem::path attachments_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<tenancy::TenancyService> tenancy_;
    std::unique_ptr<identity::IdentityService> identity_;
    std::unique_ptr<RequestStack> requests_;
    std::string tenant_;
    Actor agent_actor_{"agent", std::nullopt, "Camille Martin"};
    Actor citizen_actor_{"citizen", std::nullopt, "Jeanne Dupont"};
};

}  // namespace guichet::requests::testing
