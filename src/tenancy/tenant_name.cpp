// The tenant's name in sentences: its article and its form after "de" (declared in tenant.hpp).
#include <algorithm>
#include <array>

#include "tenancy/tenant.hpp"

namespace guichet::tenancy {
namespace {

// The first word of `name`, up to a space or an apostrophe.
std::string_view FirstWord(std::string_view name) {
    const auto end = name.find_first_of(" '\xe2");  // "\xe2": the first byte of "’".
    return name.substr(0, end);
}

bool StartsWithVowelSound(std::string_view name) {
    if (name.empty()) return false;
    static constexpr std::array<std::string_view, 10> kAccented = {"É", "È", "Ê", "À", "Â",
                                                                   "Î", "Ô", "Û", "Œ", "Ë"};
    for (auto a : kAccented)
        if (name.rfind(a, 0) == 0) return true;
    return std::string_view("AEIOUYHaeiouyh").find(name.front()) != std::string_view::npos;
}

}  // namespace

std::string NameArticle(const Tenant& tenant) {
    if (tenant.name_article) return *tenant.name_article;
    const std::string_view word = FirstWord(tenant.name);
    // The bodies French administrations name themselves after; anything else is taken as a
    // place name ("Villebelle"), which has no article.
    static constexpr std::array<std::string_view, 14> kFeminine = {
        "Mairie",        "Ville",          "Commune", "Communauté", "Métropole", "Préfecture",
        "Région",        "Collectivité",   "Maison",  "Direction",  "Agence",    "Intercommunalité",
        "Agglomération", "Sous-préfecture"};
    static constexpr std::array<std::string_view, 8> kMasculine = {
        "Département", "Conseil", "Centre", "Syndicat", "Établissement", "Espace", "Pôle", "Point"};
    static constexpr std::array<std::string_view, 2> kPlural = {"Services", "Communes"};
    std::string article;
    if (std::find(kFeminine.begin(), kFeminine.end(), word) != kFeminine.end())
        article = "la";
    else if (std::find(kMasculine.begin(), kMasculine.end(), word) != kMasculine.end())
        article = "le";
    else if (std::find(kPlural.begin(), kPlural.end(), word) != kPlural.end())
        article = "les";
    else
        return "";
    return StartsWithVowelSound(tenant.name) ? "l'" : article;
}

std::string NameAfterDe(const Tenant& tenant) {
    const std::string article = NameArticle(tenant);
    if (article == "le") return "du " + tenant.name;
    if (article == "les") return "des " + tenant.name;
    if (article == "l'") return "de l'" + tenant.name;
    if (article == "la") return "de la " + tenant.name;
    return StartsWithVowelSound(tenant.name) ? "d'" + tenant.name : "de " + tenant.name;
}

}  // namespace guichet::tenancy
