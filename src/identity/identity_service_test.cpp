// Repository contract and behaviour tests of the identity module, on every storage driver.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "identity/identity_service.hpp"
#include "storage/testing.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::identity {
namespace {

using namespace std::chrono_literals;
using storage::testing::TestDatabase;

const Actor kCli{"cli", std::nullopt, ""};
constexpr char kPassword[] = "correct horse battery";

class IdentityTest : public ::testing::TestWithParam<TestDatabase> {
  protected:
    void SetUp() override {
        db_ = GetParam().open();
        ASSERT_NE(db_, nullptr);
        storage::MigrationSet sets[] = {{"tenancy", tenancy::TenancyService::Migrations()},
                                        {"identity", IdentityService::Migrations()}};
        ASSERT_TRUE(storage::Migrate(*db_, sets));
        tenancy_ = std::make_unique<tenancy::TenancyService>(*db_, clock_);
        identity_ = std::make_unique<IdentityService>(
            *db_, clock_,
            IdentityOptions{.session_idle = 30min,
                            .session_max = 8h,
                            .password_cost = PasswordCost::Minimum()});
        tenant_a_ = tenancy_->CreateTenant({.slug = "alpha", .name = "Alpha"})->id;
        tenant_b_ = tenancy_->CreateTenant({.slug = "beta", .name = "Beta"})->id;
    }
    Agent MakeAgent(const std::string& tenant, const std::string& email,
                    std::vector<Role> roles = {Role::kReception}) {
        auto a =
            identity_->CreateAgent(tenant, {email, "Agent " + email, kPassword, roles, {}}, kCli);
        EXPECT_TRUE(a) << (a ? "" : a.error().message);
        return *a;
    }
    Result<LoginResult> Login(const std::string& tenant, const std::string& email,
                              const std::string& password, const std::string& ip = "127.0.0.1") {
        return identity_->Login({tenant, email, password, ip, "test", ""});
    }
    // The error code of a login, or "ok".
    std::string Outcome(const std::string& email, const std::string& password,
                        const std::string& ip) {
        auto r = Login(tenant_a_, email, password, ip);
        return r ? "ok" : ErrorCodeName(r.error().code);
    }
    int64_t AuditCount(const std::string& action) {
        auto n = db_->Read<int64_t>([&](storage::Connection& c) -> Result<int64_t> {
            GUICHET_TRY(row,
                        c.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = $1", {action}));
            return row->Int(0);
        });
        return n ? *n : -1;
    }

    FakeClock clock_{FromUnixMillis(1'790'000'000'000)};
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<tenancy::TenancyService> tenancy_;
    std::unique_ptr<IdentityService> identity_;
    std::string tenant_a_, tenant_b_;
};

TEST_P(IdentityTest, AgentsAreScopedByTenant) {
    Agent a = MakeAgent(tenant_a_, "Camille@Alpha.example");
    EXPECT_EQ(a.email, "camille@alpha.example");
    MakeAgent(tenant_b_, "camille@alpha.example");  // Same e-mail, other tenant: allowed.
    EXPECT_EQ(identity_->GetAgent(tenant_b_, a.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(identity_->ListAgents(tenant_a_)->size(), 1u);
    auto dup = identity_->CreateAgent(
        tenant_a_, {"camille@alpha.example", "X", kPassword, {Role::kManager}, {}}, kCli);
    EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
}

// Two administrators edit the same agent from version 1: the second is refused (stale-version)
// and nothing of their change is stored. A service must be the tenant's own.
TEST_P(IdentityTest, AgentChangesNeedTheCurrentVersion) {
    Agent a = MakeAgent(tenant_a_, "dominique@alpha.example");
    EXPECT_EQ(a.version, 1);
    auto service = tenancy_->CreateService(tenant_a_, {.name = "Voirie"});
    auto other = tenancy_->CreateService(tenant_b_, {.name = "Voirie"});
    ASSERT_TRUE(service && other);
    AgentChanges first{.roles = std::vector<Role>{Role::kManager},
                       .service_id = std::optional<std::string>(service->id)};
    auto changed = identity_->UpdateAgent(tenant_a_, a.id, first, 1, kCli);
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(changed->version, 2);
    EXPECT_EQ(changed->service_id, service->id);
    AgentChanges second{.display_name = "Écrasé", .roles = std::vector<Role>{Role::kReception}};
    auto stale = identity_->UpdateAgent(tenant_a_, a.id, second, 1, kCli);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().type, "stale-version");
    auto read = identity_->GetAgent(tenant_a_, a.id);
    EXPECT_EQ(read->version, 2);
    EXPECT_EQ(read->roles, std::vector<Role>{Role::kManager});
    EXPECT_NE(read->display_name, "Écrasé");
    AgentChanges foreign{.service_id = std::optional<std::string>(other->id)};
    EXPECT_EQ(identity_->UpdateAgent(tenant_a_, a.id, foreign, 2, kCli).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(identity_->UpdateAgent(tenant_b_, a.id, first, 2, kCli).error().code,
              ErrorCode::kNotFound);
    AgentChanges none{.service_id = std::optional<std::string>()};
    EXPECT_EQ(identity_->UpdateAgent(tenant_a_, a.id, none, 2, kCli)->service_id, std::nullopt);
}

TEST_P(IdentityTest, RefusesWeakPasswordsAndBadInput) {
    auto weak = identity_->CreateAgent(tenant_a_,
                                       {"a@b.example", "A", "court", {Role::kReception}, {}}, kCli);
    ASSERT_FALSE(weak);
    EXPECT_NE(weak.error().message.find("12 caractères"), std::string::npos);
    EXPECT_FALSE(identity_->CreateAgent(
        tenant_a_, {"pas-une-adresse", "A", kPassword, {Role::kReception}, {}}, kCli));
    EXPECT_FALSE(identity_->CreateAgent(tenant_a_, {"a@b.example", "A", kPassword, {}, {}}, kCli));
    EXPECT_TRUE(identity_->ListAgents(tenant_a_)->empty());
}

TEST_P(IdentityTest, LoginCreatesASessionThatAuthenticates) {
    Agent a = MakeAgent(tenant_a_, "camille@alpha.example");
    auto login = Login(tenant_a_, "CAMILLE@alpha.example ", kPassword);
    ASSERT_TRUE(login) << login.error().detail;
    auto session = identity_->Authenticate(login->token);
    ASSERT_TRUE(session);
    EXPECT_EQ(session->agent.id, a.id);
    EXPECT_EQ(session->csrf_token, login->session.csrf_token);
    // The agent of another tenant cannot log in to this one.
    EXPECT_EQ(Login(tenant_b_, "camille@alpha.example", kPassword).error().code,
              ErrorCode::kUnauthenticated);
}

TEST_P(IdentityTest, WrongPasswordAndUnknownEmailLookTheSame) {
    MakeAgent(tenant_a_, "camille@alpha.example");
    auto wrong = Login(tenant_a_, "camille@alpha.example", "not the password");
    auto unknown = Login(tenant_a_, "nobody@alpha.example", "not the password");
    ASSERT_FALSE(wrong);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_P(IdentityTest, RepeatedFailuresLockWithGrowingBackoff) {
    MakeAgent(tenant_a_, "camille@alpha.example");
    for (int i = 0; i < IdentityService::kFailuresBeforeLock; ++i) {
        EXPECT_EQ(Login(tenant_a_, "camille@alpha.example", "wrong wrong wrong").error().code,
                  ErrorCode::kUnauthenticated);
    }
    auto locked = Login(tenant_a_, "camille@alpha.example", kPassword);
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.error().code, ErrorCode::kResourceExhausted);
    EXPECT_EQ(locked.error().retry_after_seconds, 1);
    clock_.Advance(1100ms);
    EXPECT_EQ(Login(tenant_a_, "camille@alpha.example", "still wrong!!").error().code,
              ErrorCode::kUnauthenticated);
    EXPECT_EQ(Login(tenant_a_, "camille@alpha.example", kPassword).error().retry_after_seconds, 2);
    clock_.Advance(2100ms);
    ASSERT_TRUE(Login(tenant_a_, "camille@alpha.example", kPassword));
    // Success resets the counter.
    EXPECT_EQ(Login(tenant_a_, "camille@alpha.example", "wrong again!").error().code,
              ErrorCode::kUnauthenticated);
}

TEST_P(IdentityTest, AnotherAddressCannotLockAnAgentOutOfTheirUsualNetwork) {
    MakeAgent(tenant_a_, "camille@alpha.example");
    ASSERT_TRUE(Login(tenant_a_, "camille@alpha.example", kPassword, "10.1.2.7"));  // The office.
    // Someone elsewhere fails on Camille's address: locked out of that address only.
    for (int i = 0; i < IdentityService::kFailuresBeforeLock; ++i)
        EXPECT_EQ(Outcome("camille@alpha.example", "guess guess guess", "203.0.113.9"),
                  "unauthenticated");
    EXPECT_EQ(Outcome("camille@alpha.example", "guess guess guess", "203.0.113.9"),
              "resource_exhausted");
    // Many addresses (a botnet): the account's own lock, past 50 attempts, for unusual networks.
    int refused = 0;
    for (int i = 0; i < 60; ++i) {
        const std::string ip = "198.51." + std::to_string(i) + ".1";
        if (Outcome("camille@alpha.example", "guess guess guess", ip) == "resource_exhausted")
            ++refused;
    }
    EXPECT_EQ(refused, 60 - 45);  // 5 attempts counted above, 45 here, then the lock.
    EXPECT_EQ(Outcome("camille@alpha.example", kPassword, "192.0.2.50"), "resource_exhausted");
    // The office, even from another machine of its /24, is not locked.
    EXPECT_EQ(Outcome("camille@alpha.example", kPassword, "10.1.2.8"), "ok");
    EXPECT_EQ(Outcome("camille@alpha.example", kPassword, "10.1.2.7"), "ok");
}

TEST_P(IdentityTest, SprayingManyAccountsFromOneAddressLocksTheAddress) {
    MakeAgent(tenant_a_, "camille@alpha.example");
    MakeAgent(tenant_a_, "dominique@alpha.example");
    std::vector<std::string> outcomes;
    for (int i = 0; i < 30; ++i) {
        const std::string email =
            i == 3 ? "camille@alpha.example" : "agent" + std::to_string(i) + "@alpha.example";
        outcomes.push_back(Outcome(email, "Printemps2026!", "198.51.100.4"));
    }
    EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), "unauthenticated"), 20);
    EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), "resource_exhausted"), 10);
    EXPECT_EQ(outcomes.back(), "resource_exhausted");
    // The right password of an agent who never logged in from there is refused too…
    EXPECT_EQ(Outcome("dominique@alpha.example", kPassword, "198.51.100.4"), "resource_exhausted");
    // …not from elsewhere; and an IPv6 address is throttled by its /64.
    EXPECT_EQ(Outcome("dominique@alpha.example", kPassword, "192.0.2.1"), "ok");
    for (int i = 0; i < 20; ++i)
        (void)Outcome("agent" + std::to_string(i) + "@alpha.example", "x-x-x-x-x-x",
                      "2001:db8:1:2::" + std::to_string(i + 1));
    EXPECT_EQ(Outcome("someone@alpha.example", "x-x-x-x-x-x", "2001:db8:1:2:ffff::9"),
              "resource_exhausted");
    // The address lock expires.
    clock_.Advance(61s);
    EXPECT_EQ(Outcome("dominique@alpha.example", kPassword, "198.51.100.4"), "ok");
}

TEST_P(IdentityTest, ParallelWrongPasswordsCheckAtMostTheThreshold) {
    MakeAgent(tenant_a_, "camille@alpha.example");
    std::atomic<int> unauthenticated = 0, exhausted = 0;
    std::vector<std::thread> threads;
    for (int i = 0; i < 50; ++i) {
        threads.emplace_back([&, i] {
            auto r = Login(tenant_a_, "camille@alpha.example",
                           "wrong " + std::to_string(i) + " wrong wrong");
            if (!r && r.error().code == ErrorCode::kUnauthenticated) ++unauthenticated;
            if (!r && r.error().code == ErrorCode::kResourceExhausted) {
                ++exhausted;
                EXPECT_GE(r.error().retry_after_seconds, 1);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(unauthenticated.load(), IdentityService::kFailuresBeforeLock);
    EXPECT_EQ(exhausted.load(), 50 - IdentityService::kFailuresBeforeLock);
    // Each checked password left one audit row: exactly the threshold's number.
    EXPECT_EQ(AuditCount("auth.login_failed"), IdentityService::kFailuresBeforeLock);
}

TEST_P(IdentityTest, SuccessClearsTheCounterAndGivesItsAttemptBack) {
    MakeAgent(tenant_a_, "camille@alpha.example");
    MakeAgent(tenant_a_, "dominique@alpha.example");
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < IdentityService::kFailuresBeforeLock - 1; ++i)
            EXPECT_EQ(Outcome("camille@alpha.example", "typo typo typo", "192.0.2.7"),
                      "unauthenticated");
        EXPECT_EQ(Outcome("camille@alpha.example", kPassword, "192.0.2.7"), "ok");
    }
    // Successful logins do not count towards the address's lock: 19 failures, 25 successes of
    // an agent who is new at this address each time (another tenant's), then the 20th failure
    // is still checked.
    for (int i = 0; i < 19; ++i)
        EXPECT_EQ(Outcome("x" + std::to_string(i) + "@alpha.example", "nope nope", "192.0.2.99"),
                  "unauthenticated");
    for (int i = 0; i < 25; ++i) {
        const std::string email = "b" + std::to_string(i) + "@beta.example";
        MakeAgent(tenant_b_, email);
        ASSERT_TRUE(Login(tenant_b_, email, kPassword, "192.0.2.99"));
    }
    EXPECT_EQ(Outcome("dominique@alpha.example", "nope nope", "192.0.2.99"), "unauthenticated");
    EXPECT_EQ(Outcome("dominique@alpha.example", kPassword, "192.0.2.99"), "resource_exhausted");
}

TEST(LoginThrottleTest, NetworksOfAddresses) {
    EXPECT_EQ(NetworkOf("192.0.2.77"), "192.0.2.0/24");
    EXPECT_EQ(NetworkOf("::ffff:192.0.2.77"), "192.0.2.0/24");
    EXPECT_EQ(NetworkOf("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
    EXPECT_EQ(NetworkOf(""), "");
    EXPECT_EQ(AddressKeyOf("192.0.2.77"), "192.0.2.77");
    EXPECT_EQ(AddressKeyOf("::ffff:192.0.2.77"), "192.0.2.77");
    EXPECT_EQ(AddressKeyOf("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
}

TEST_P(IdentityTest, SessionsExpireWhenIdleAndAtTheirMaximum) {
    MakeAgent(tenant_a_, "camille@alpha.example");
    auto login = Login(tenant_a_, "camille@alpha.example", kPassword);
    ASSERT_TRUE(login);
    clock_.Advance(29min);
    ASSERT_TRUE(identity_->Authenticate(login->token));  // Slides the idle window.
    clock_.Advance(29min);
    ASSERT_TRUE(identity_->Authenticate(login->token));
    clock_.Advance(31min);
    EXPECT_EQ(identity_->Authenticate(login->token).error().code, ErrorCode::kUnauthenticated);

    auto second = Login(tenant_a_, "camille@alpha.example", kPassword);
    ASSERT_TRUE(second);
    for (int i = 0; i < 17; ++i) {
        clock_.Advance(29min);
        (void)identity_->Authenticate(second->token);
    }
    EXPECT_FALSE(identity_->Authenticate(second->token));  // 8 h maximum passed.
}

TEST_P(IdentityTest, LoginRotatesAndLogoutEndsTheSession) {
    MakeAgent(tenant_a_, "camille@alpha.example");
    auto first = Login(tenant_a_, "camille@alpha.example", kPassword);
    ASSERT_TRUE(first);
    auto second =
        identity_->Login({tenant_a_, "camille@alpha.example", kPassword, "", "", first->token});
    ASSERT_TRUE(second);
    EXPECT_NE(first->token, second->token);
    EXPECT_FALSE(identity_->Authenticate(first->token));
    ASSERT_TRUE(identity_->Logout(second->token, kCli));
    EXPECT_FALSE(identity_->Authenticate(second->token));
    EXPECT_FALSE(identity_->Authenticate(""));
}

TEST_P(IdentityTest, PasswordChangeEndsSessions) {
    MakeAgent(tenant_a_, "camille@alpha.example");
    auto login = Login(tenant_a_, "camille@alpha.example", kPassword);
    ASSERT_TRUE(identity_->SetPassword(tenant_a_, "camille@alpha.example",
                                       "un nouveau mot de passe", kCli));
    EXPECT_FALSE(identity_->Authenticate(login->token));
    EXPECT_FALSE(Login(tenant_a_, "camille@alpha.example", kPassword));
    EXPECT_TRUE(Login(tenant_a_, "camille@alpha.example", "un nouveau mot de passe"));
}

TEST_P(IdentityTest, ApiKeysAreShownOnceAndStoredHashed) {
    auto key = identity_->CreateApiKey(tenant_a_, "Standard téléphonique", kCli);
    ASSERT_TRUE(key);
    EXPECT_EQ(key->secret.rfind("gch_", 0), 0u);
    auto found = identity_->AuthenticateApiKey(key->secret);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->tenant_id, tenant_a_);
    std::string tampered = key->secret;
    tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
    EXPECT_FALSE(identity_->AuthenticateApiKey(tampered));
    EXPECT_FALSE(identity_->AuthenticateApiKey("gch_short"));
    auto stored = db_->Read<int64_t>([&](storage::Connection& c) -> Result<int64_t> {
        GUICHET_TRY(
            row, c.QueryOne("SELECT COUNT(*) FROM api_keys WHERE secret_hash = $1", {key->secret}));
        return row->Int(0);
    });
    EXPECT_EQ(*stored, 0);
    EXPECT_EQ(identity_->ListApiKeys(tenant_b_)->size(), 0u);
}

TEST_P(IdentityTest, AuditLogRecordsActionsPerTenantNewestFirst) {
    MakeAgent(tenant_a_, "camille@alpha.example");
    (void)Login(tenant_a_, "camille@alpha.example", "wrong password!");
    clock_.Advance(10ms);
    ASSERT_TRUE(Login(tenant_a_, "camille@alpha.example", kPassword));
    auto entries = identity_->ListAudit(tenant_a_, 2, "");
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ((*entries)[0].action, "auth.login");
    EXPECT_EQ((*entries)[1].action, "auth.login_failed");
    auto rest = identity_->ListAudit(tenant_a_, 10, (*entries)[1].id);
    ASSERT_EQ(rest->size(), 1u);
    EXPECT_EQ((*rest)[0].action, "agent.create");
    EXPECT_TRUE(identity_->ListAudit(tenant_b_, 10, "")->empty());
}

TEST(Roles, ParseAndPermissions) {
    auto roles = ParseRoles("reception, manager");
    ASSERT_TRUE(roles);
    EXPECT_EQ(JoinRoles(*roles), "reception,manager");
    EXPECT_FALSE(ParseRoles("reception,chef"));
    EXPECT_FALSE(ParseRoles(""));
    EXPECT_TRUE(Allows({Role::kReception}, Permission::kPresenceRead));
    EXPECT_FALSE(Allows({Role::kReception}, Permission::kAgentsManage));
    EXPECT_TRUE(Allows({Role::kReception, Role::kTenantAdmin}, Permission::kAgentsManage));
    EXPECT_TRUE(AllowsNamed({Role::kManager}, "audit.read"));
    EXPECT_FALSE(AllowsNamed({Role::kManager}, "no.such.permission"));
}

INSTANTIATE_TEST_SUITE_P(Drivers, IdentityTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::identity
