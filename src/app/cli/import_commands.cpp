// `guichet import KIND`, `guichet export articles` and `guichet reindex`: moving a tenant's
// content in and out, and rebuilding its search index. The dispatch on the kind is
// knowledge::Importer's (shared with POST /api/v1/import/{kind}); addresses are the addresses
// module's own streamed import.
#include <algorithm>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "app/cli/command.hpp"
#include "knowledge/importer.hpp"

namespace guichet::app::cli {
namespace {

struct ImportOptions {
    std::string kind;
    std::string tenant;
    std::string file;
    knowledge::NeighbourhoodImportOptions geojson;
    std::vector<std::string> communes;
};

// "12,5 Mio".
std::string Mebibytes(std::uint64_t bytes) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / (1 << 20);
    std::string text = s.str();
    std::replace(text.begin(), text.end(), '.', ',');
    return text + " Mio";
}

// `guichet import addresses --tenant T FILE`: the BAN's CSV (plain or .gz), streamed, with
// progress on the terminal; exit 0 when every line was imported, 2 when bad lines were skipped
// (each named with its line on stderr), 1 when the file was refused and nothing changed.
int ImportAddresses(Application& app, const ImportOptions& o) {
    auto tenant = TenantBySlug(app, o.tenant);
    if (!tenant) return Report(tenant.error());
    const bool tty = isatty(2) != 0;
    int last_percent = -1;
    addresses::AddressImportOptions options;
    options.communes = o.communes;
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
        if (total == 0) return;
        const int percent = static_cast<int>(std::min<std::uint64_t>(100, done * 100 / total));
        if (tty) {
            std::cerr << "\rImport des adresses : " << std::setw(3) << percent << " % ("
                      << Mebibytes(done) << " lus sur " << Mebibytes(total) << ")" << std::flush;
            if (done >= total) std::cerr << "\n";
        } else if (percent / 10 != last_percent / 10 || done >= total) {
            std::cerr << "Import des adresses : " << percent << " %\n";
        }
        last_percent = percent;
    };
    std::cerr << "Lecture de « " << o.file << " »…\n";
    auto report = app.addresses().ImportFile(tenant->id, o.file, options);
    if (!report) return Report(report.error());
    for (const auto& e : report->errors)
        std::cerr << o.file << ", ligne " << e.line << " (ignorée) : " << e.message << "\n";
    if (report->refused > report->errors.size())
        std::cerr << "… et " << report->refused - report->errors.size()
                  << " autres lignes ignorées.\n";
    std::cout << report->imported << " adresse(s) et " << report->streets << " voie(s) importées, "
              << report->refused << " ligne(s) ignorée(s)";
    if (!o.communes.empty())
        std::cout << ", " << report->filtered << " ligne(s) d'autres communes laissées de côté";
    std::cout << ". Elles remplacent les adresses précédentes.\n";
    return report->refused == 0 ? kExitSuccess : kExitUsage;
}

// `guichet import KIND --tenant T FILE`: exit 0 when every row was imported, 2 when some were
// refused (each named with its line on stderr), 1 when nothing could be done.
int ImportContent(Application& app, const ImportOptions& o) {
    auto tenant = TenantBySlug(app, o.tenant);
    if (!tenant) return Report(tenant.error());
    auto text = ReadFile(o.file);
    if (!text) return Report(text.error());
    ProgressBar bar("Import des articles");
    knowledge::Importer importer(app.tenancy(), app.articles(), app.places(), app.events(),
                                 app.neighbourhoods());
    auto report = importer.Import(
        o.kind, tenant->id, *text,
        {.author = {std::nullopt, "import"}, .geojson = o.geojson, .progress = std::ref(bar)});
    if (!report) return Report(report.error());
    std::stable_sort(report->errors.begin(), report->errors.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
    // GeoJSON features are named by their index in `features`, the other rows by their line.
    auto where = [](const knowledge::ImportError& e) {
        return e.feature ? ", features[" + std::to_string(*e.feature) + "]"
                         : ", ligne " + std::to_string(e.line);
    };
    for (const auto& e : report->errors)
        std::cerr << o.file << where(e) << " : " << e.message << "\n";
    for (const auto& w : report->warnings)
        std::cerr << o.file << where(w) << " (avertissement) : " << w.message << "\n";
    std::cout << report->created << " créé(s), " << report->updated << " mis à jour, "
              << report->errors.size() << " refusé(s).\n";
    return report->errors.empty() ? kExitSuccess : kExitUsage;
}

int Import(Application& app, const ImportOptions& o) {
    if (o.kind == "addresses") return ImportAddresses(app, o);
    const int code = ImportContent(app, o);
    if (app.search_index_detached() && code != kExitFailure)
        std::cerr << "Un serveur est en cours d'exécution : il mettra sa recherche à jour "
                     "d'ici une minute.\n";
    return code;
}

int ExportArticles(Application& app, const std::string& tenant_slug) {
    auto t = TenantBySlug(app, tenant_slug);
    if (!t) return Report(t.error());
    auto lines = app.articles().ExportJsonLines(t->id);
    if (!lines) return Report(lines.error());
    std::cout << *lines;
    return kExitSuccess;
}

// Every tenant's index, or only `tenant_slug`'s; refused while a server holds the index.
int Reindex(Application& app, const std::string& tenant_slug) {
    if (app.search_index_detached()) {
        return Report(Error{ErrorCode::kFailedPrecondition,
                            "Un serveur utilise l'index de recherche : il le tient à jour "
                            "lui-même. Arrêtez-le pour reconstruire l'index à la main.",
                            "", "", 0});
    }
    auto tenants = app.tenancy().ListTenants();
    if (!tenants) return Report(tenants.error());
    for (const auto& t : *tenants) {
        if (!tenant_slug.empty() && t.slug != tenant_slug) continue;
        ProgressBar bar("Réindexation de " + t.slug);
        auto count = app.articles().Reindex(t.id, std::ref(bar));
        if (!count) return Report(count.error());
        std::cout << t.slug << " : " << *count << " article(s) indexé(s).\n";
    }
    return kExitSuccess;
}

}  // namespace

void RegisterImportCommands(CommandTable& table) {
    CLI::App& cli = table.cli();
    auto* import = cli.add_subcommand(
        "import",
        "Importe des services, lieux, événements (JSON), articles (JSON lines), quartiers "
        "(GeoJSON) ou adresses (CSV de la Base Adresse Nationale, .csv ou .csv.gz)");
    table.AddCommon(import);
    auto o = std::make_shared<ImportOptions>();
    import
        ->add_option("kind", o->kind,
                     "services, places, events, articles, neighbourhoods ou addresses")
        ->required()
        ->check(CLI::IsMember(
            {"services", "places", "events", "articles", "neighbourhoods", "addresses"}));
    import->add_option("--tenant", o->tenant, "Identifiant de la collectivité")->required();
    import->add_option("file", o->file, "Fichier à importer")->required();
    import->add_option("--name-property", o->geojson.name_property,
                       "Quartiers : propriété qui donne le nom (défaut : name, nom, l_qu…)");
    import->add_option("--id-property", o->geojson.id_property,
                       "Quartiers : propriété qui donne l'identifiant (défaut : id de l'entité, "
                       "id, code, c_qu…, sinon le nom)");
    import
        ->add_option("--communes", o->communes,
                     "Adresses : ne garder que ces communes (codes INSEE ou codes postaux, "
                     "séparés par des virgules)")
        ->delimiter(',');
    table.Add(import, Opens::kDatabase, [o](const Invocation& in) { return Import(*in.app, *o); });

    auto* export_command =
        cli.add_subcommand("export", "Exporte les articles en JSON lines (sur la sortie standard)");
    table.AddCommon(export_command);
    // Both are written by the parser: they live as long as the command.
    struct ExportOptions {
        std::string kind;
        std::string tenant;
    };
    auto e = std::make_shared<ExportOptions>();
    export_command->add_option("kind", e->kind, "articles")
        ->required()
        ->check(CLI::IsMember({"articles"}));
    export_command->add_option("--tenant", e->tenant, "Identifiant de la collectivité")->required();
    table.Add(export_command, Opens::kDatabase,
              [e](const Invocation& in) { return ExportArticles(*in.app, e->tenant); });

    auto* reindex = cli.add_subcommand("reindex", "Reconstruit l'index de recherche des articles");
    table.AddCommon(reindex);
    auto reindex_tenant = std::make_shared<std::string>();
    reindex->add_option("--tenant", *reindex_tenant,
                        "Identifiant de la collectivité (défaut : toutes)");
    table.Add(reindex, Opens::kDatabase,
              [reindex_tenant](const Invocation& in) { return Reindex(*in.app, *reindex_tenant); });
}

}  // namespace guichet::app::cli
