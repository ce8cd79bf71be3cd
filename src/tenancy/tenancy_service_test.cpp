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

// Mails and pages say « sur le portail de la Mairie de Villebelle »: the article is derived from
// the name, and an administrator may set it where the guess is wrong (kept across reads).
TEST_P(TenancyTest, NameAfterDeTakesTheArticle) {
    auto named = [](std::string name) {
        Tenant t;
        t.name = std::move(name);
        return NameAfterDe(t);
    };
    EXPECT_EQ(named("Mairie de Villebelle"), "de la Mairie de Villebelle");
    EXPECT_EQ(named("Département de l'Essonne"), "du Département de l'Essonne");
    EXPECT_EQ(named("Agglomération du Val"), "de l'Agglomération du Val");
    EXPECT_EQ(named("Services de l'État dans le Loiret"), "des Services de l'État dans le Loiret");
    EXPECT_EQ(named("Villebelle"), "de Villebelle");
    EXPECT_EQ(named("Orsay"), "d'Orsay");

    Tenant t = Make("sceaux");
    t = *service_->CreateTenant({.slug = "pole", .name = "Pôle emploi de Sceaux"});
    EXPECT_EQ(NameAfterDe(t), "du Pôle emploi de Sceaux");
    ASSERT_TRUE(service_->SetNameArticle(t.id, "le"));
    EXPECT_EQ(service_->GetTenant(t.id)->name_article, "le");
    auto wrong = service_->SetNameArticle(t.id, "du");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(service_->GetTenant(t.id)->name_article, "le");
    ASSERT_TRUE(service_->SetNameArticle(t.id, std::string()));
    EXPECT_EQ(NameAfterDe(*service_->GetTenant(t.id)), "de Pôle emploi de Sceaux");
    ASSERT_TRUE(service_->SetNameArticle(t.id, std::nullopt));
    EXPECT_EQ(NameAfterDe(*service_->GetTenant(t.id)), "du Pôle emploi de Sceaux");
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

TEST_P(TenancyTest, ZoneFollowsTheDepartment) {
    auto strasbourg = service_->CreateTenant({.slug = "strasbourg",
                                              .name = "Strasbourg",
                                              .department = std::string("67"),
                                              .school_zone = std::string("B")});
    ASSERT_TRUE(strasbourg) << strasbourg.error().message;
    EXPECT_EQ(strasbourg->holiday_zone, "alsace-moselle");
    EXPECT_EQ(strasbourg->department, "67");
    auto mismatch = service_->CreateTenant({.slug = "metz",
                                            .name = "Metz",
                                            .holiday_zone = "metropole",
                                            .department = std::string("57")});
    ASSERT_FALSE(mismatch);
    EXPECT_NE(mismatch.error().message.find("alsace-moselle"), std::string::npos);
    EXPECT_FALSE(
        service_->CreateTenant({.slug = "x1", .name = "X", .department = std::string("99")}));
    EXPECT_FALSE(
        service_->CreateTenant({.slug = "x2", .name = "X", .school_zone = std::string("D")}));
    auto reunion = service_->CreateTenant({.slug = "saint-denis",
                                           .name = "Saint-Denis",
                                           .timezone = "Indian/Reunion",
                                           .department = std::string("974"),
                                           .school_zone = std::string("la-reunion")});
    ASSERT_TRUE(reunion) << reunion.error().message;
    EXPECT_EQ(reunion->holiday_zone, "la-reunion");
}

TEST_P(TenancyTest, NewTenantsGetDefaultBusinessHours) {
    Tenant a = Make("alpha");
    auto cal = service_->GetCalendar(a.id);
    ASSERT_TRUE(cal);
    EXPECT_EQ(cal->business_hours, DefaultBusinessHours());
    EXPECT_EQ(cal->business_hours[0].size(), 2u);
    EXPECT_TRUE(cal->business_hours[6].empty());
    EXPECT_TRUE(cal->closures.empty());
}

TEST_P(TenancyTest, CalendarIsReplacedWholeAndValidated) {
    Tenant a = Make("alpha");
    using date::literals::operator""_d;
    using date::literals::operator""_y;
    TenantCalendar cal{"alsace-moselle", std::string("68"), std::string("B"), {}, {}};
    cal.business_hours[5] = {{9 * 60, 12 * 60}};
    cal.business_hours[0] = {{14 * 60, 18 * 60}, {8 * 60, 12 * 60}};  // Unsorted on purpose.
    cal.closures = {{date::sys_days(2026_y / date::December / 24_d), "Pont de Noël"},
                    {date::sys_days(2026_y / date::May / 15_d), "Saint patron"}};
    auto saved = service_->SetCalendar(a.id, cal);
    ASSERT_TRUE(saved) << saved.error().message;
    auto read = service_->GetCalendar(a.id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->holiday_zone, "alsace-moselle");
    EXPECT_EQ(read->business_hours[0],
              (std::vector<TimeSlot>{{8 * 60, 12 * 60}, {14 * 60, 18 * 60}}));
    EXPECT_TRUE(read->business_hours[1].empty());
    ASSERT_EQ(read->closures.size(), 2u);
    EXPECT_EQ(read->closures[0].name, "Saint patron");
    EXPECT_EQ(service_->GetTenant(a.id)->department, "68");

    auto rules = service_->HolidayRulesFor(a.id);
    ASSERT_TRUE(rules);
    EXPECT_EQ(rules->zone, calendar::HolidayZone::kAlsaceMoselle);
    EXPECT_EQ(rules->extra_closures.size(), 2u);
    EXPECT_FALSE(rules->school_holidays.empty()) << "zone B's shipped school holidays";

    TenantCalendar overlapping = cal;
    overlapping.business_hours[2] = {{8 * 60, 12 * 60}, {11 * 60, 13 * 60}};
    auto refused = service_->SetCalendar(a.id, overlapping);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("mercredi"), std::string::npos);
    TenantCalendar blank = cal;
    blank.closures.front().name = "   ";
    EXPECT_FALSE(service_->SetCalendar(a.id, blank));
    TenantCalendar corsica = cal;
    corsica.holiday_zone = "metropole";
    corsica.department = " 2a ";
    auto corsican = service_->SetCalendar(a.id, corsica);
    ASSERT_TRUE(corsican) << corsican.error().message;
    EXPECT_EQ(corsican->department, "2A");
    ASSERT_TRUE(service_->SetCalendar(a.id, cal));
    TenantCalendar twice = cal;
    twice.closures.push_back(twice.closures.front());
    EXPECT_FALSE(service_->SetCalendar(a.id, twice));
    TenantCalendar backwards = cal;
    backwards.business_hours[3] = {{12 * 60, 8 * 60}};
    EXPECT_FALSE(service_->SetCalendar(a.id, backwards));
    // Nothing of the refused calendars was written.
    EXPECT_EQ(service_->GetCalendar(a.id)->business_hours, read->business_hours);
    EXPECT_EQ(service_->SetCalendar("no-such-tenant", cal).error().code, ErrorCode::kNotFound);
}

TEST_P(TenancyTest, ImportedSchoolHolidaysReplaceTheShippedOnes) {
    auto tenant =
        service_->CreateTenant({.slug = "lyon", .name = "Lyon", .school_zone = std::string("A")});
    ASSERT_TRUE(tenant);
    auto shipped = service_->SchoolHolidays(tenant->id);
    ASSERT_TRUE(shipped);
    EXPECT_FALSE(shipped->empty());
    using date::literals::operator""_d;
    using date::literals::operator""_y;
    const calendar::Day first = date::sys_days(2026_y / date::October / 17_d);
    const calendar::Day last = date::sys_days(2026_y / date::November / 1_d);
    std::vector<calendar::SchoolHoliday> mine = {{first, last, "Vacances de la Toussaint"},
                                                 {first, last, "Vacances de la Toussaint"}};
    ASSERT_TRUE(service_->ReplaceSchoolHolidays(tenant->id, mine));
    auto imported = service_->SchoolHolidays(tenant->id);
    ASSERT_EQ(imported->size(), 1u) << "the same period twice is stored once";
    EXPECT_EQ(service_->HolidayRulesFor(tenant->id)->school_holidays.size(), 1u);
    std::vector<calendar::SchoolHoliday> backwards = {{last, first, "À l'envers"}};
    EXPECT_FALSE(service_->ReplaceSchoolHolidays(tenant->id, backwards));
    EXPECT_EQ(service_->SchoolHolidays(tenant->id)->size(), 1u);
    ASSERT_TRUE(service_->ReplaceSchoolHolidays(tenant->id, {}));
    EXPECT_EQ(service_->SchoolHolidays(tenant->id)->size(), shipped->size());
    auto none = service_->CreateTenant({.slug = "sans-zone", .name = "Sans zone"});
    EXPECT_TRUE(service_->SchoolHolidays(none->id)->empty());
}

// Two administrators both read version 1 of the calendar: the first change wins, the second is
// refused (inside the transaction) and writes nothing. School holidays, closures and the article
// of the name raise the same version; nullopt (If-Match: *, the command line) overwrites.
TEST_P(TenancyTest, CalendarChangesNeedTheCurrentVersion) {
    using date::literals::operator""_d;
    using date::literals::operator""_y;
    Tenant a = Make("versions");
    auto read = service_->GetCalendar(a.id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->version, 1);
    TenantCalendar first = *read;
    first.business_hours[5] = {{9 * 60, 12 * 60}};
    auto saved = service_->SetCalendar(a.id, first, 1);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, 2);
    TenantCalendar second = *read;
    second.business_hours[6] = {{9 * 60, 10 * 60}};
    auto stale = service_->SetCalendar(a.id, second, 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(stale.error().type, "stale-version");
    auto now = service_->GetCalendar(a.id);
    EXPECT_EQ(now->version, 2);
    EXPECT_EQ(now->business_hours[5].size(), 1u);
    EXPECT_TRUE(now->business_hours[6].empty()) << "the second change wrote nothing";

    EXPECT_EQ(service_->ReplaceSchoolHolidays(a.id, {}, 1).error().type, "stale-version");
    EXPECT_EQ(*service_->ReplaceSchoolHolidays(a.id, {}, 2), 3);
    const calendar::Day pont = date::sys_days(2026_y / date::May / 15_d);
    auto closed = service_->AddClosures(a.id, {{pont, "Pont de l'Ascension"}}, 3);
    ASSERT_TRUE(closed) << closed.error().message;
    EXPECT_EQ(closed->version, 4);
    EXPECT_EQ(closed->business_hours[5].size(), 1u) << "closures keep the rest";
    EXPECT_EQ(service_->AddClosures(a.id, {{pont, "Autre nom"}}, 3).error().type, "stale-version");
    EXPECT_EQ(service_->GetCalendar(a.id)->closures.front().name, "Pont de l'Ascension");
    auto article = service_->SetNameArticle(a.id, "la", 4);
    ASSERT_TRUE(article);
    EXPECT_EQ(article->version, 5);
    EXPECT_EQ(service_->SetNameArticle(a.id, "le", 4).error().type, "stale-version");
    EXPECT_EQ(service_->SetCalendar(a.id, first)->version, 6);
    EXPECT_EQ(service_->GetTenant(a.id)->version, 6);
}

// The same for a service: the second of two administrators gets stale-version, nothing of their
// change is stored; an import raises the version too.
TEST_P(TenancyTest, ServiceChangesNeedTheCurrentVersion) {
    Tenant a = Make("alpha");
    Tenant b = Make("beta");
    auto accueil = service_->CreateService(a.id, {.name = "Accueil", .external_id = "accueil"});
    ASSERT_TRUE(accueil);
    EXPECT_EQ(accueil->version, 1);
    auto renamed = service_->UpdateService(a.id, accueil->id,
                                           {.name = "Accueil général", .phone = "01 02"}, 1);
    ASSERT_TRUE(renamed) << renamed.error().message;
    EXPECT_EQ(renamed->version, 2);
    EXPECT_EQ(renamed->phone, "01 02");
    auto stale = service_->UpdateService(a.id, accueil->id, {.name = "Écrasé"}, 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().type, "stale-version");
    auto read = service_->GetService(a.id, accueil->id);
    EXPECT_EQ(read->name, "Accueil général");
    EXPECT_EQ(read->version, 2);
    EXPECT_EQ(service_->UpdateService(b.id, accueil->id, {.name = "X"}, 2).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_->UpdateService(a.id, "accueil", {.name = "X"}, 2).error().code,
              ErrorCode::kNotFound)
        << "by id only, not by external id";
    EXPECT_EQ(
        service_->UpdateService(a.id, accueil->id, {.email = "pas une adresse"}, 2).error().code,
        ErrorCode::kInvalidArgument);
    auto cleared = service_->UpdateService(a.id, accueil->id, {.phone = ""}, std::nullopt);
    ASSERT_TRUE(cleared);
    EXPECT_EQ(cleared->phone, std::nullopt);
    EXPECT_EQ(cleared->version, 3);
    ASSERT_TRUE(service_->ImportServices(
        a.id, {{.external_id = "accueil", .fields = {.name = "Accueil", .description = "x"}}}));
    EXPECT_EQ(service_->GetService(a.id, accueil->id)->version, 4);
}

INSTANTIATE_TEST_SUITE_P(Drivers, TenancyTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::tenancy
