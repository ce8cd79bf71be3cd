#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/application.hpp"
#include "app/demo.hpp"
#include "storage/testing.hpp"

namespace guichet::app {
namespace {

std::unique_ptr<Application> OpenTestApp() {
    auto db = storage::testing::AllTestDatabases().front().open();
    Config config;
    config.data_dir.clear();  // No data directory: the search index lives in memory.
    auto app = Application::OpenWith(config, std::move(db), identity::PasswordCost::Minimum());
    EXPECT_TRUE(app) << (app ? "" : app.error().detail);
    return app ? std::move(*app) : nullptr;
}

// "get /api/v1/agents/{id}" for each operation under `paths:` in docs/openapi.yaml.
std::set<std::string> DocumentedOperations() {
    std::ifstream in(std::string(GUICHET_SOURCE_DIR) + "/docs/openapi.yaml");
    EXPECT_TRUE(in) << "docs/openapi.yaml is missing";
    std::set<std::string> out;
    std::string line, current_path;
    bool in_paths = false;
    const std::regex path_re(R"(^  (/[^:]*):\s*$)");
    const std::regex op_re(R"(^    (get|post|put|patch|delete):\s*$)");
    std::smatch m;
    while (std::getline(in, line)) {
        if (line.rfind("paths:", 0) == 0) {
            in_paths = true;
            continue;
        }
        if (in_paths && !line.empty() && line[0] != ' ' && line[0] != '#') in_paths = false;
        if (!in_paths) continue;
        if (std::regex_match(line, m, path_re))
            current_path = m[1];
        else if (std::regex_match(line, m, op_re) && !current_path.empty())
            out.insert(std::string(m[1]) + " " + current_path);
    }
    return out;
}

TEST(OpenApi, EveryRouteIsDescribedAndNothingElse) {
    auto app = OpenTestApp();
    ASSERT_NE(app, nullptr);
    http::Router router;
    http::Metrics metrics;
    app->RegisterRoutes(router, metrics);
    std::set<std::string> served;
    for (const auto& route : router.routes()) {
        std::string method(http::MethodName(route.method));
        for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        served.insert(method + " " + route.pattern);
    }
    served.insert("get /api/v1/ws");  // The WebSocket upgrade is served outside the router.
    std::set<std::string> documented = DocumentedOperations();
    for (const auto& op : served)
        EXPECT_TRUE(documented.contains(op)) << "not in docs/openapi.yaml: " << op;
    for (const auto& op : documented)
        EXPECT_TRUE(served.contains(op)) << "documented but not served: " << op;
}

TEST(Demo, LoadsOnceThenReportsItIsThere) {
    auto app = OpenTestApp();
    ASSERT_NE(app, nullptr);
    std::ostringstream first;
    ASSERT_TRUE(LoadDemo(*app, {"Un-mot-de-passe-de-demo"}, first));
    EXPECT_NE(first.str().find("accueil@villebelle.example"), std::string::npos);
    auto tenant = app->tenancy().FindBySlug(kDemoSlug);
    ASSERT_TRUE(tenant);
    EXPECT_EQ(app->identity().ListAgents(tenant->id)->size(), 4u);
    EXPECT_GE(app->tenancy().ListServices(tenant->id)->size(), 8u);
    auto login = app->identity().Login(
        {tenant->id, "admin@villebelle.example", "Un-mot-de-passe-de-demo", "", "", ""});
    EXPECT_TRUE(login);

    std::ostringstream second;
    ASSERT_TRUE(LoadDemo(*app, {}, second));
    EXPECT_NE(second.str().find("déjà chargée"), std::string::npos);
    EXPECT_EQ(app->identity().ListAgents(tenant->id)->size(), 4u);
}

TEST(Demo, GeneratesPasswordsWhenNoneIsGiven) {
    auto app = OpenTestApp();
    ASSERT_NE(app, nullptr);
    std::ostringstream out;
    ASSERT_TRUE(LoadDemo(*app, {}, out));
    std::smatch m;
    std::string text = out.str();
    ASSERT_TRUE(std::regex_search(
        text, m, std::regex(R"(accueil@villebelle\.example\s+.*\s(\S{4}-\S{4}-\S{4}-\S{4})\n)")))
        << text;
    auto tenant = app->tenancy().FindBySlug(kDemoSlug);
    EXPECT_TRUE(
        app->identity().Login({tenant->id, "accueil@villebelle.example", m[1], "", "", ""}));
}

// The server's periodic jobs, each run once on an application with content: none borrows a
// second connection while it holds one (that fails at once with kInternal), none fails.
TEST(ScheduledJobs, EachRunsOnceWithoutError) {
    auto app = OpenTestApp();
    ASSERT_NE(app, nullptr);
    std::ostringstream out;
    ASSERT_TRUE(LoadDemo(*app, {}, out));
    Scheduler scheduler;
    app->ScheduleJobs(scheduler);
    for (std::string_view name : Application::kJobNames) {
        auto ran = scheduler.RunNow(name);
        EXPECT_TRUE(ran) << name << ": " << (ran ? "" : ran.error().detail);
    }
    EXPECT_FALSE(scheduler.RunNow("no-such-job"));
}

}  // namespace
}  // namespace guichet::app
