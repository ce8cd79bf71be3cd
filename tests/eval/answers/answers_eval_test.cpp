// Evaluation of the answer engine on the fictional commune of $GUICHET_SHARED_DATA/commune (its
// services, places and agenda) and the knowledge base of $GUICHET_SHARED_DATA/kb: French
// questions written for this test, each asked at a fixed instant, with the intent, the place,
// the open state and the next change a receptionist would give. The expected answers were
// worked out by hand from the places' opening_hours, the French public holidays and the
// zone C school holidays (see the commune's README). Prints a table; fails on any wrong field.
// Skips, saying so, when the shared data is absent.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <span>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "app/application.hpp"
#include "knowledge/service_import.hpp"
#include "storage/testing.hpp"

namespace guichet {
namespace {

namespace fs = std::filesystem;

struct Case {
    const char* question;
    const char* at;  // ISO 8601 with offset.
    const char* intent;
    std::optional<const char*> place = std::nullopt;        // Expected place id (external).
    std::optional<bool> open = std::nullopt;                // Expected open state.
    std::optional<const char*> next_change = std::nullopt;  // Expected next change.
    std::size_t min_candidates = 0;                         // Ambiguity said, with candidates.
    std::optional<const char*> service = std::nullopt;      // Expected service id.
    std::optional<const char*> first_article = std::nullopt;
    std::optional<const char*> event_title = std::nullopt;  // A word of the first event's title.
};

// Saturday 5 December 2026, 10:00 in Paris, unless a case says otherwise.
constexpr const char* kSat = "2026-12-05T10:00:00+01:00";

const Case kCases[] = {
    {"La piscine des Tilleuls est-elle ouverte dimanche à 11h ?", kSat, "place_hours",
     "piscine-tilleuls", true, "2026-12-06T13:00:00+01:00"},
    {"la piscine est ouverte ?", kSat, "place_hours", std::nullopt, std::nullopt, std::nullopt, 2},
    {"à quelle heure ferme la mairie ce soir ?", "2026-12-10T17:00:00+01:00", "place_hours",
     "hotel-de-ville", true, "2026-12-10T19:00:00+01:00"},
    {"médiathèque Louise-Michel demain matin", kSat, "place_hours", "mediatheque-louise-michel",
     false, "2026-12-08T14:00:00+01:00"},
    {"le cinéma est-il ouvert samedi soir ?", kSat, "place_hours", "cinema-trianon", true,
     "2026-12-06T00:30:00+01:00"},
    {"la decheterie est ouverte dimanche ?", kSat, "place_hours", "decheterie-pres-hauts", true,
     "2026-12-06T12:00:00+01:00"},
    {"l'hôtel de ville est-il ouvert le 25 décembre ?", kSat, "place_hours", "hotel-de-ville",
     false, "2026-12-26T09:00:00+01:00"},
    {"mairie annexe de la gare maintenant", kSat, "place_hours", "mairie-annexe-gare", true,
     "2026-12-05T12:30:00+01:00"},
    {"le centre aquatique est ouvert le 1er janvier ?", kSat, "place_hours",
     "centre-aquatique-orge", false, "2027-01-02T09:00:00+01:00"},
    {"la police municipale est ouverte ?", kSat, "place_hours", "police-municipale", true,
     "2026-12-05T12:00:00+01:00"},
    {"gymnase coubertin dimanche à 10h", kSat, "place_hours", "gymnase-coubertin", true,
     "2026-12-06T13:00:00+01:00"},
    {"le stade des sablons samedi à 20h", kSat, "place_hours", "stade-sablons", false,
     "2026-12-06T09:00:00+01:00"},
    {"le parc des coudrays est ouvert à 18h ?", kSat, "place_hours", "parc-coudrays", false,
     "2026-12-06T08:00:00+01:00"},
    {"à quelle heure ouvre la médiathèque Jules-Verne mardi ?", kSat, "place_hours",
     "mediatheque-jules-verne", false, "2026-12-08T15:00:00+01:00"},
    {"cinéma dimanche 28 mars à 23h", kSat, "place_hours", "cinema-trianon", false,
     "2027-03-29T14:00:00+02:00"},
    {"la mairie est-elle ouverte le 24 décembre après-midi ?", kSat, "place_hours",
     "hotel-de-ville", false, "2026-12-26T09:00:00+01:00"},
    {"le marché des aulnes vendredi à 16h", kSat, "place_hours", "marche-aulnes", true,
     "2026-12-11T19:30:00+01:00"},
    {"france services lundi à 14h", kSat, "place_hours", "france-services", true,
     "2026-12-07T17:00:00+01:00"},
    {"que faire ce week-end ?", kSat, "events"},
    {"prochain conseil municipal", kSat, "events", std::nullopt, std::nullopt, std::nullopt, 0,
     std::nullopt, std::nullopt, "Conseil"},
    {"quand a lieu le marché de Noël ?", kSat, "events", std::nullopt, std::nullopt, std::nullopt,
     0, std::nullopt, std::nullopt, "Noël"},
    {"comment obtenir un acte de naissance", kSat, "article", std::nullopt, std::nullopt,
     std::nullopt, 0, std::nullopt, "sp:F1427"},
    {"mon voisin fait du bruit tous les soirs", kSat, "orientation", std::nullopt, std::nullopt,
     std::nullopt, 0, "police-municipale"},
    {"il y a un nid de poule dans ma rue", kSat, "orientation", std::nullopt, std::nullopt,
     std::nullopt, 0, "voirie-proprete"},
    {"comment me débarrasser de mes encombrants", kSat, "orientation", std::nullopt, std::nullopt,
     std::nullopt, 0, "dechets-environnement"},
};

std::optional<fs::path> SharedData() {
    const char* root = std::getenv("GUICHET_SHARED_DATA");
    if (root == nullptr) return std::nullopt;
    fs::path dir(root);
    if (!fs::exists(dir / "commune" / "places.json") || !fs::exists(dir / "kb" / "documents.jsonl"))
        return std::nullopt;
    return dir;
}

std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string Text(const boost::json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
}

// The application with the commune and the knowledge base imported into one tenant.
struct Commune {
    std::unique_ptr<app::Application> app;
    std::string tenant_id;
};

void OpenCommune(const fs::path& data, Commune& out) {
    Config config;
    config.data_dir.clear();
    auto app =
        app::Application::OpenWith(config, storage::testing::AllTestDatabases().front().open(),
                                   identity::PasswordCost::Minimum());
    ASSERT_TRUE(app) << app.error().detail;
    auto& a = **app;
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
    out.app = std::move(*app);
}

TimePoint At(const char* iso) {
    std::istringstream at_text(iso);
    date::sys_seconds at;
    at_text >> date::parse("%FT%T%Ez", at);
    EXPECT_FALSE(at_text.fail()) << iso;
    return TimePoint(at);
}

TEST(AnswersEval, FictionalCommune) {
    auto data = SharedData();
    if (!data) GTEST_SKIP() << "no $GUICHET_SHARED_DATA/commune and kb: evaluation skipped";
    Commune commune;
    OpenCommune(*data, commune);
    if (HasFatalFailure()) return;
    auto& a = *commune.app;
    const auto* tenant = &commune;

    std::size_t passed = 0;
    std::ostringstream table;
    table << "\nAnswer engine on the fictional commune (" << std::size(kCases) << " questions)\n";
    for (const Case& c : kCases) {
        auto answer =
            a.answers().Answer(tenant->tenant_id, {.question = c.question, .at = At(c.at)});
        ASSERT_TRUE(answer) << c.question << ": " << answer.error().message;
        const boost::json::object& o = *answer;
        std::vector<std::string> wrong;
        auto check = [&](const char* field, const std::string& got, const std::string& expected) {
            if (got != expected)
                wrong.push_back(std::string(field) + "=" + got + " (attendu " + expected + ")");
        };
        check("intent", Text(o.at("intent")), c.intent);
        if (c.place) {
            const auto& place = o.at("place");
            check("place", place.is_object() ? Text(place.at("id")) : "null", *c.place);
        }
        if (c.open) check("open", Text(o.at("open")), *c.open ? "true" : "false");
        if (c.next_change) check("next_change", Text(o.at("next_change")), *c.next_change);
        if (c.min_candidates > 0 && o.at("candidates").as_array().size() < c.min_candidates)
            wrong.push_back("candidates=" + std::to_string(o.at("candidates").as_array().size()));
        if (c.service) {
            const auto& service = o.at("service");
            check("service", service.is_object() ? Text(service.at("id")) : "null", *c.service);
        }
        if (c.first_article) {
            const auto& list = o.at("articles").as_array();
            check("article", list.empty() ? "none" : Text(list.front().at("id")), *c.first_article);
        }
        if (c.event_title) {
            const auto& list = o.at("events").as_array();
            const std::string title = list.empty() ? "none" : Text(list.front().at("title"));
            if (title.find(*c.event_title) == std::string::npos) wrong.push_back("event=" + title);
        }
        if (std::string(c.intent) == "events" && o.at("events").as_array().empty())
            wrong.push_back("no event");
        const bool ok = wrong.empty();
        passed += ok;
        table << (ok ? "  ok   " : "  FAIL ") << c.question << "\n         → " << Text(o.at("text"))
              << "\n";
        for (const auto& w : wrong) table << "         ! " << w << "\n";
        EXPECT_TRUE(ok) << c.question;
    }
    table << "passed " << passed << "/" << std::size(kCases) << "\n";
    std::cout << table.str();
}

// ---- Intents combined with the knowledge base (issue 11, item 4) -----------------------------
// A place or agenda question may also be answered by an article: the best one is shown beside
// the hours or the agenda when it scores well (AnswerService's kBesideScore), and answers on its
// own when the agenda finds nothing (kArticleScore). Two folds of questions written together,
// before the rule was run on either: the held-in fold was looked at while writing the rule, the
// held-out fold only measured. Articles are the shared kb (service-public.fr fiches).
struct CombinedCase {
    const char* question;
    const char* intent;                  // Expected intent.
    std::optional<const char*> place;    // Expected place id, when the answer has one.
    std::optional<const char*> article;  // Expected article beside (or answering), or
                                         // several equally good ones ("a|b"); nullopt: none.
    bool events = false;                 // The agenda lists events.
};

const CombinedCase kHeldIn[] = {
    {"la mairie est-elle ouverte samedi pour un acte de naissance ?", "place_hours",
     "hotel-de-ville", "sp:F1427|sp:R1406"},
    {"l'hôtel de ville est-il ouvert samedi pour un mariage ?", "place_hours", "hotel-de-ville",
     "sp:F930"},
    {"la mairie annexe de la gare est-elle ouverte pour le recensement citoyen ?", "place_hours",
     "mairie-annexe-gare", "sp:F870|sp:R2054"},
    {"quand a lieu la journée défense et citoyenneté ?", "article", std::nullopt, "sp:F871"},
    {"la piscine des Tilleuls est-elle ouverte dimanche à 11h ?", "place_hours", "piscine-tilleuls",
     std::nullopt},
    {"prochain conseil municipal", "events", std::nullopt, std::nullopt, true},
    {"quand a lieu le marché de Noël ?", "events", std::nullopt, std::nullopt, true},
    {"que faire ce week-end ?", "events", std::nullopt, std::nullopt, true},
};

const CombinedCase kHeldOut[] = {
    {"la mairie est-elle ouverte le samedi pour se pacser ?", "place_hours", "hotel-de-ville",
     "sp:F1618"},
    {"la mairie annexe des Aulnes est ouverte pour un vote par procuration ?", "place_hours",
     "mairie-annexe-aulnes", "sp:F1604"},
    {"france services lundi à 14h pour le coût de la carte grise", "place_hours", "france-services",
     "sp:F19211"},
    {"prochaine cérémonie de mariage", "article", std::nullopt, "sp:F930"},
    {"à quelle heure ferme la médiathèque Louise-Michel samedi ?", "place_hours",
     "mediatheque-louise-michel", std::nullopt},
    {"le cinéma est-il ouvert samedi soir ?", "place_hours", "cinema-trianon", std::nullopt},
    {"quand a lieu la collecte de sang ?", "events", std::nullopt, std::nullopt, true},
    {"y a-t-il un concert de Noël ?", "events", std::nullopt, std::nullopt, true},
};

std::size_t RunFold(app::Application& a, const std::string& tenant_id, const char* name,
                    std::span<const CombinedCase> cases, std::ostringstream& table) {
    std::size_t passed = 0;
    table << "\n" << name << " (" << cases.size() << " questions)\n";
    for (const CombinedCase& c : cases) {
        auto answer = a.answers().Answer(tenant_id, {.question = c.question, .at = At(kSat)});
        EXPECT_TRUE(answer) << c.question;
        if (!answer) continue;
        const boost::json::object& o = *answer;
        std::vector<std::string> wrong;
        if (Text(o.at("intent")) != c.intent)
            wrong.push_back("intent=" + Text(o.at("intent")) + " (attendu " + c.intent + ")");
        if (c.place) {
            const auto& place = o.at("place");
            const std::string got = place.is_object() ? Text(place.at("id")) : "null";
            if (got != *c.place) wrong.push_back("place=" + got);
        }
        const auto& list = o.at("articles").as_array();
        const std::string first = list.empty() ? "none" : Text(list.front().at("id"));
        const bool answered_by_article = Text(o.at("intent")) == "article";
        if (!c.article && !list.empty() && !answered_by_article)
            wrong.push_back("article beside=" + first + " (attendu aucun)");
        if (c.article &&
            ("|" + std::string(*c.article) + "|").find("|" + first + "|") == std::string::npos)
            wrong.push_back("article=" + first + " (attendu " + *c.article + ")");
        if (c.events && o.at("events").as_array().empty()) wrong.push_back("no event");
        if (Text(o.at("text")).find("aucun événement") != std::string::npos && c.article)
            wrong.push_back("« aucun événement » while an article answers");
        passed += wrong.empty();
        table << (wrong.empty() ? "  ok   " : "  FAIL ") << c.question << "\n         → "
              << Text(o.at("text")) << "\n";
        for (const auto& w : wrong) table << "         ! " << w << "\n";
    }
    table << name << ": passed " << passed << "/" << cases.size() << "\n";
    return passed;
}

TEST(AnswersEval, IntentsCombinedWithArticles) {
    auto data = SharedData();
    if (!data) GTEST_SKIP() << "no $GUICHET_SHARED_DATA/commune and kb: evaluation skipped";
    Commune commune;
    OpenCommune(*data, commune);
    if (HasFatalFailure()) return;
    std::ostringstream table;
    const std::size_t held_in =
        RunFold(*commune.app, commune.tenant_id, "held-in fold", kHeldIn, table);
    const std::size_t held_out =
        RunFold(*commune.app, commune.tenant_id, "held-out fold", kHeldOut, table);
    std::cout << table.str();
    // The held-in fold is the rule's specification; the held-out fold measures it, with a floor
    // so that a regression shows.
    EXPECT_EQ(held_in, std::size(kHeldIn));
    EXPECT_GE(held_out * 4, std::size(kHeldOut) * 3) << "held-out below 75 %";
}

}  // namespace
}  // namespace guichet
