// `guichet hours` and `guichet version`: commands that need neither configuration nor database.
#include <iostream>
#include <memory>
#include <string>

#include <boost/json/serialize.hpp>

#include "app/cli/command.hpp"
#include "calendar/hours_query.hpp"
#include "core/clock.hpp"
#include "core/json.hpp"

namespace guichet::app::cli {
namespace {

struct HoursOptions {
    calendar::HoursQuery query;
    bool batch = false;
    double lat = 0;
    double lon = 0;
    CLI::Option* lat_option = nullptr;
    CLI::Option* lon_option = nullptr;
};

// One answer, or one answer per input line with --batch. Exit code 2 when a value does not parse
// or a line is wrong (the other lines are still answered).
int Hours(HoursOptions& options) {
    calendar::HoursQuery& single = options.query;
    if (options.lat_option->count() > 0) single.lat = options.lat;
    if (options.lon_option->count() > 0) single.lon = options.lon;
    // A local tool: longer windows and answers than the public route, same value bounds.
    calendar::HoursEvaluator evaluator(calendar::HoursLimits::Local());
    SystemClock clock;
    if (!options.batch) {
        if (single.value.empty()) {
            std::cerr << "guichet : indiquez la valeur avec --value (ou utilisez --batch).\n";
            return kExitUsage;
        }
        auto answer = evaluator.Evaluate(single, clock.Now());
        if (!answer) {
            std::cerr << "guichet : " << answer.error().message << "\n";
            return kExitUsage;
        }
        std::cout << boost::json::serialize(answer->json) << "\n";
        return answer->parse_failed ? kExitUsage : kExitSuccess;
    }
    int exit_code = kExitSuccess;
    std::string line;
    for (int number = 1; std::getline(std::cin, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto object = json::ParseObject(line);
        auto query = object ? calendar::HoursQueryFromJson(*object)
                            : Result<calendar::HoursQuery>(tl::unexpected(object.error()));
        auto answer = query ? evaluator.Evaluate(*query, clock.Now())
                            : Result<calendar::HoursAnswer>(tl::unexpected(query.error()));
        if (!answer) {
            exit_code = kExitUsage;
            boost::json::object error{{"line", number},
                                      {"error",
                                       {{"message", "ligne " + std::to_string(number) + " : " +
                                                        answer.error().message}}}};
            std::cout << boost::json::serialize(error) << "\n";
            continue;
        }
        if (answer->parse_failed) exit_code = kExitUsage;
        std::cout << boost::json::serialize(answer->json) << "\n";
    }
    return exit_code;
}

}  // namespace

void RegisterHoursCommand(CommandTable& table) {
    auto* hours = table.cli().add_subcommand(
        "hours",
        "Évalue une valeur opening_hours (OpenStreetMap) : état, plages, prochain changement");
    table.AddCommon(hours);
    auto o = std::make_shared<HoursOptions>();
    calendar::HoursQuery& q = o->query;
    hours->add_option("--value", q.value, "La valeur, par exemple « Mo-Fr 08:30-12:00 »");
    hours->add_option("--from", q.from,
                      "Début de la période (2026-12-06T09:00 ; défaut : maintenant)");
    hours->add_option("--to", q.to, "Fin de la période (défaut : début + 7 jours)");
    hours->add_option("--at", q.at, "Instant de l'état demandé (défaut : début)");
    hours->add_option("--zone", q.zone, "Zone des jours fériés (défaut : metropole)");
    hours->add_option("--department", q.department, "Département (57, 67, 68 : Alsace-Moselle)");
    hours->add_option("--school-zone", q.school_zone, "Zone de vacances scolaires (A, B, C…)");
    o->lat_option = hours->add_option("--lat", o->lat, "Latitude, pour sunrise/sunset");
    o->lon_option = hours->add_option("--lon", o->lon, "Longitude, pour sunrise/sunset");
    hours->add_flag(
        "--batch", o->batch,
        "Lit un objet JSON par ligne sur l'entrée standard et écrit une réponse par ligne");
    table.Add(hours, Opens::kNothing, [o](const Invocation&) { return Hours(*o); });
}

void RegisterVersionCommand(CommandTable& table) {
    auto* version = table.cli().add_subcommand("version", "Affiche la version");
    table.Add(version, Opens::kNothing, [](const Invocation&) {
        std::cout << "guichet " << kVersion << "\n";
        return kExitSuccess;
    });
}

}  // namespace guichet::app::cli
