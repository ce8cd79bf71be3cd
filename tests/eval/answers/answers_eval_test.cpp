// Evaluation of the answer engine on two communes, with French questions written for this test
// as citizens write them (casual, misspelt, without accents), each asked at a fixed instant:
//   - the demo commune Villebelle (src/app/demo, loaded as `guichet demo` loads it): always runs;
//   - the reference commune of $GUICHET_SHARED_DATA/commune with the knowledge base of
//     $GUICHET_SHARED_DATA/kb: skips, saying so, when the shared data is absent.
// The cases are in villebelle.jsonl and reference.jsonl (format: answer_cases.hpp). Their
// expected values were worked out by hand from the data (opening_hours, the French public
// holidays, the zone C school holidays, the agenda's rules), never from the answer engine.
// Prints a table per kind (cases, right, accuracy, wrong dates) with every failing case, writes
// the table to answers_eval_<commune>.md in the build directory, and fails when an answer is on
// a wrong date or when the accuracy is below $GUICHET_ANSWERS_GOAL (default kFloor).
// Issue 13's goal is 90 %; the engine is not there yet (79 % and 84 % when this floor was set):
// the default is a floor under today's figures, so that no change makes answers worse, and it is
// raised as the engine improves, never lowered to let a change in. The table prints both.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include <date/date.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "answers/answer_cases.hpp"
#include "app/application.hpp"
#include "app/demo.hpp"
#include "knowledge/service_import.hpp"
#include "storage/testing.hpp"

namespace guichet {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> SharedData() {
    const char* root = std::getenv("GUICHET_SHARED_DATA");
    if (root == nullptr) return std::nullopt;
    fs::path dir(root);
    if (!fs::exists(dir / "commune" / "places.json") || !fs::exists(dir / "kb" / "documents.jsonl"))
        return std::nullopt;
    return dir;
}

constexpr double kFloor = 0.78;  // See the header: raise it with the engine, never lower it.
constexpr double kIssueGoal = 0.90;

double Goal() {
    const char* goal = std::getenv("GUICHET_ANSWERS_GOAL");
    if (goal == nullptr || *goal == '\0') return kFloor;
    return std::strtod(goal, nullptr);
}

std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TimePoint At(const std::string& iso) {
    std::istringstream at_text(iso);
    date::sys_seconds at;
    at_text >> date::parse("%FT%T%Ez", at);
    EXPECT_FALSE(at_text.fail()) << iso;
    return TimePoint(at);
}

struct Commune {
    std::unique_ptr<app::Application> app;
    std::string tenant_id;
};

std::unique_ptr<app::Application> OpenApplication() {
    Config config;
    config.data_dir.clear();
    auto app =
        app::Application::OpenWith(config, storage::testing::AllTestDatabases().front().open(),
                                   identity::PasswordCost::Minimum());
    EXPECT_TRUE(app) << app.error().detail;
    return app ? std::move(*app) : nullptr;
}

// Villebelle, loaded as `guichet demo` loads it (services, places, agenda, articles, request
// types).
void OpenDemo(Commune& out) {
    auto app = OpenApplication();
    ASSERT_TRUE(app);
    std::ostringstream log;
    auto loaded = app::LoadDemo(*app, {}, log);
    ASSERT_TRUE(loaded) << loaded.error().message << " " << loaded.error().detail;
    auto tenant = app->tenancy().FindBySlug(app::kDemoSlug);
    ASSERT_TRUE(tenant) << tenant.error().message;
    out.tenant_id = tenant->id;
    out.app = std::move(app);
}

// The reference commune and the shared knowledge base imported into one tenant.
void OpenReference(const fs::path& data, Commune& out) {
    auto app = OpenApplication();
    ASSERT_TRUE(app);
    auto& a = *app;
    auto tenant = a.tenancy().CreateTenant({.slug = "vso",
                                            .name = "Villeneuve-sur-Orge",
                                            .department = std::string("91"),
                                            .school_zone = std::string("C")});
    ASSERT_TRUE(tenant) << tenant.error().message;
    auto imported = [&](const Result<knowledge::ImportReport>& report) {
        ASSERT_TRUE(report) << report.error().message;
        EXPECT_TRUE(report->errors.empty()) << report->errors.front().message;
    };
    imported(knowledge::ImportServices(a.tenancy(), tenant->id,
                                       Read(data / "commune" / "services.json")));
    imported(a.places().Import(tenant->id, Read(data / "commune" / "places.json")));
    imported(a.events().Import(tenant->id, Read(data / "commune" / "events.json")));
    auto articles = a.articles().ImportJsonLines(tenant->id, Read(data / "kb" / "documents.jsonl"),
                                                 {std::nullopt, "eval"});
    ASSERT_TRUE(articles) << articles.error().message;
    out.tenant_id = tenant->id;
    out.app = std::move(app);
}

// Asks every case of `file`, prints and writes the table, checks the wrong dates and the goal.
void Evaluate(Commune& commune, const std::string& name, const std::string& file) {
    const auto cases = eval::LoadCases(std::string(ANSWERS_EVAL_CASES) + "/" + file);
    ASSERT_FALSE(cases.empty()) << file;
    eval::Tally tally;
    std::ostringstream failures;
    for (const auto& c : cases) {
        auto answer = commune.app->answers().Answer(commune.tenant_id,
                                                    {.question = c.question, .at = At(c.at)});
        // An error is a wrong answer (the contract answers every question), not a wrong date.
        eval::Verdict verdict;
        if (answer) {
            verdict = eval::Judge(c, *answer);
        } else {
            verdict.wrong.push_back("erreur=" + answer.error().message);
        }
        tally.Add(c.kind, verdict);
        if (verdict.right) continue;
        const boost::json::value* text = answer ? answer->if_contains("text") : nullptr;
        failures << "- " << c.id << (verdict.wrong_date ? " **WRONG DATE**" : "") << " (" << c.kind
                 << ", " << c.at << ") « " << c.question << " »\n    → "
                 << (text && text->is_string() ? std::string(text->as_string()) : "") << "\n";
        for (const auto& w : verdict.wrong) failures << "    ! " << w << "\n";
    }
    const std::string table = tally.Table("Answer engine on " + name);
    std::cout << table << "\naccuracy " << tally.Accuracy() * 100 << " %; checked floor "
              << Goal() * 100 << " %; goal of issue 13: " << kIssueGoal * 100 << " %\n"
              << "\nFailing cases:\n"
              << failures.str();
    std::ofstream(std::string(ANSWERS_EVAL_REPORT_DIR) + "/answers_eval_" +
                  file.substr(0, file.find('.')) + ".md")
        << table << "\n## Failing cases\n\n"
        << failures.str();
    EXPECT_EQ(tally.total.wrong_dates, 0) << name << ": answers on a wrong date";
    EXPECT_GE(tally.Accuracy(), Goal()) << name << ": accuracy below GUICHET_ANSWERS_GOAL";
}

TEST(AnswersEval, DemoCommuneVillebelle) {
    Commune commune;
    OpenDemo(commune);
    if (HasFatalFailure()) return;
    Evaluate(commune, "the demo commune Villebelle", "villebelle.jsonl");
}

TEST(AnswersEval, ReferenceCommune) {
    auto data = SharedData();
    if (!data)
        GTEST_SKIP() << "no $GUICHET_SHARED_DATA/commune and kb (../shared/data): the reference "
                        "commune's evaluation is skipped";
    Commune commune;
    OpenReference(*data, commune);
    if (HasFatalFailure()) return;
    Evaluate(commune, "the reference commune Villeneuve-sur-Orge", "reference.jsonl");
}

}  // namespace
}  // namespace guichet
