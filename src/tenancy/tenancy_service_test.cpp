// Repository contract tests of the tenancy module, run on every storage driver.
#include <gtest/gtest.h>

#include "storage/testing.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::tenancy {
namespace {

using storage::testing::TestDatabase;

class TenancyTest : public ::testing::TestWithParam<TestDatabase> {
  protected:
    void SetUp() override {
        db_ = GetParam().open();
        ASSERT_NE(db_, nullptr);
        storage::MigrationSet sets[] = {{"tenancy", TenancyService::Migrations()}};
        ASSERT_TRUE(storage::Migrate(*db_, sets));
        service_ = std::make_unique<TenancyService>(*db_, clock_);
    }
    Tenant Make(const std::string& slug) {
        auto t = service_->CreateTenant({.slug = slug, .name = "Mairie " + slug});
        EXPECT_TRUE(t) << (t ? "" : t.error().message);
        return *t;
    }
    FakeClock clock_{FromUnixMillis(1'790'000'000'000)};
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<TenancyService> service_;
};

TEST_P(TenancyTest, CreatesAndFindsTenants) {
    Tenant a = Make("villebelle");
    EXPECT_EQ(a.timezone, "Europe/Paris");
    EXPECT_EQ(a.holiday_zone, "metropole");
    auto found = service_->FindBySlug("villebelle");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, a.id);
    EXPECT_EQ(service_->GetTenant(a.id)->name, "Mairie villebelle");
    EXPECT_EQ(service_->FindBySlug("nowhere").error().code, ErrorCode::kNotFound);
}

TEST_P(TenancyTest, RefusesBadInputWithoutWriting) {
    EXPECT_EQ(service_->CreateTenant({.slug = "Bad Slug", .name = "x"}).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(service_->CreateTenant({.slug = "ok", .name = ""}).error().code,
              ErrorCode::kInvalidArgument);
    auto tz = service_->CreateTenant({.slug = "ok", .name = "x", .timezone = "Mars/Olympus"});
    ASSERT_FALSE(tz);
    EXPECT_NE(tz.error().message.find("Mars/Olympus"), std::string::npos);
    EXPECT_FALSE(service_->CreateTenant({.slug = "ok", .name = "x", .holiday_zone = "atlantide"}));
    EXPECT_TRUE(service_->ListTenants()->empty());
}

TEST_P(TenancyTest, LogoMustBeHttpsOrLocal) {
    EXPECT_FALSE(service_->CreateTenant(
        {.slug = "a1", .name = "A", .logo_url = std::string("http://x/l.png")}));
    EXPECT_FALSE(service_->CreateTenant(
        {.slug = "a2", .name = "A", .logo_url = std::string("javascript:alert(1)")}));
    auto ok = service_->CreateTenant(
        {.slug = "a3", .name = "A", .logo_url = std::string("https://x.example/l.svg")});
    ASSERT_TRUE(ok);
    EXPECT_EQ(service_->FindBySlug("a3")->logo_url, "https://x.example/l.svg");
}

TEST_P(TenancyTest, OverseasZonesAreAccepted) {
    auto t = service_->CreateTenant({.slug = "cayenne",
                                     .name = "Cayenne",
                                     .timezone = "America/Cayenne",
                                     .holiday_zone = "guyane"});
    ASSERT_TRUE(t) << t.error().message;
}

TEST_P(TenancyTest, DuplicateSlugIsAConflict) {
    Make("villebelle");
    auto again = service_->CreateTenant({.slug = "villebelle", .name = "Autre"});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(TenancyTest, ResolvesPublicRequests) {
    Tenant a = Make("alpha");
    // With a single tenant, it is the default.
    EXPECT_EQ(service_->ResolvePublic("localhost:8080", "")->id, a.id);
    Tenant b = Make("beta");
    EXPECT_EQ(service_->ResolvePublic("localhost:8080", "").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(service_->AddDomain(b.id, "Mairie.Beta.example"));
    EXPECT_EQ(service_->ResolvePublic("mairie.beta.example:8443", "")->id, b.id);
    EXPECT_EQ(service_->ResolvePublic("mairie.beta.example", "alpha")->id, a.id);
    EXPECT_EQ(service_->GetTenant(b.id)->domains,
              (std::vector<std::string>{"mairie.beta.example"}));
    EXPECT_EQ(service_->AddDomain(a.id, "mairie.beta.example").error().code,
              ErrorCode::kAlreadyExists);
    EXPECT_EQ(service_->AddDomain(a.id, "bad host/").error().code, ErrorCode::kInvalidArgument);
}

TEST_P(TenancyTest, ServicesFormATreeWithinOneTenant) {
    Tenant a = Make("alpha");
    Tenant b = Make("beta");
    auto accueil = service_->CreateService(a.id, {.name = "Accueil"});
    ASSERT_TRUE(accueil);
    auto etat_civil = service_->CreateService(
        a.id,
        {.name = "État civil", .parent_id = accueil->id, .email = std::string("ec@alpha.example")});
    ASSERT_TRUE(etat_civil) << etat_civil.error().message;
    EXPECT_EQ(etat_civil->parent_id, accueil->id);
    // A parent from another tenant is refused as if it did not exist.
    auto cross = service_->CreateService(b.id, {.name = "Intrus", .parent_id = accueil->id});
    ASSERT_FALSE(cross);
    EXPECT_EQ(cross.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(service_->ListServices(a.id)->size(), 2u);
    EXPECT_TRUE(service_->ListServices(b.id)->empty());
    EXPECT_EQ(service_->GetService(b.id, accueil->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->CreateService(a.id, {.name = "Accueil"}).error().code,
              ErrorCode::kAlreadyExists);
}

INSTANTIATE_TEST_SUITE_P(Drivers, TenancyTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::tenancy
